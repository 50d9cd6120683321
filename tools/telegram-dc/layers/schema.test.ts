import {
  TlBinaryReader,
  TlBinaryWriter,
  __tlReaderMap,
  __tlWriterMap,
} from '@mtcute/core/utils.js';
import { Api } from 'telegram';
import { describe, expect, test } from 'vitest';
import { readObject, toLong } from '../tl';
import { NATIVE_LAYER, codecFor, knownLayers } from './index';
import { UnknownConstructorError } from './schema';

/**
 * Layer transcoding, checked against an independent TL implementation: what the DC writes for
 * layer 227 is read back with mtcute's own layer-227 reader, and what mtcute writes is read by
 * GramJS after the DC brought it to layer 198.
 */

const MTCUTE_LAYER = 227;

describe('layers', () => {
  test('the DC knows GramJS’s layer natively and mtcute’s from its schema file', () => {
    expect(NATIVE_LAYER).toBe(198);
    expect(knownLayers()).toEqual([198, MTCUTE_LAYER]);
  });

  test('a native answer reaches a layer-227 client in its own User constructor', () => {
    const native = new Api.auth.Authorization({
      user: new Api.User({
        id: toLong(100000001n),
        self: true,
        premium: true,
        accessHash: toLong(42n),
        firstName: 'Alice',
        phone: '9996620001',
        status: new Api.UserStatusOffline({ wasOnline: 1700000000 }),
      }),
    }).getBytes();
    const bytes = codecFor(MTCUTE_LAYER).resultFromNative(native, 'auth.signIn');
    const read = TlBinaryReader.deserializeObject<{
      _: string;
      user: { _: string; id: number; self: boolean; premium: boolean; firstName: string };
    }>(__tlReaderMap, bytes);
    expect(read._).toBe('auth.authorization');
    expect(read.user).toMatchObject({
      _: 'user',
      id: 100000001,
      self: true,
      premium: true,
      firstName: 'Alice',
    });
  });

  test('a layer-227 query reaches the handlers as GramJS’s layer-198 request', async () => {
    const request = {
      _: 'invokeWithLayer',
      layer: MTCUTE_LAYER,
      query: {
        _: 'auth.sendCode',
        phoneNumber: '9996620001',
        apiId: 7,
        apiHash: 'hash',
        settings: { _: 'codeSettings', allowFlashcall: true, currentNumber: true },
      },
    };
    const query = TlBinaryWriter.serializeObject(__tlWriterMap, request);
    const native = await readObject(codecFor(MTCUTE_LAYER).queryToNative(Buffer.from(query)));
    expect(native).toBeInstanceOf(Api.InvokeWithLayer);
    const inner = (native as Api.InvokeWithLayer).query;
    expect(inner).toBeInstanceOf(Api.auth.SendCode);
    expect(inner).toMatchObject({ phoneNumber: '9996620001', apiId: 7, apiHash: 'hash' });
    expect((inner as Api.auth.SendCode).settings).toMatchObject({
      allowFlashcall: true,
      currentNumber: true,
    });
  });

  test('GramJS’s layer passes through untouched; a layer the DC lacks gets the closest one below', () => {
    const bytes = new Api.help.GetNearestDc().getBytes();
    expect(codecFor(NATIVE_LAYER).queryToNative(bytes)).toBe(bytes);
    expect(codecFor(MTCUTE_LAYER - 1).layer).toBe(NATIVE_LAYER);
    expect(codecFor(MTCUTE_LAYER + 5).layer).toBe(MTCUTE_LAYER);
  });

  test('a constructor the client’s layer does not have is reported, not guessed', () => {
    const bytes = Buffer.alloc(8);
    bytes.writeUInt32LE(0x0badc0de, 0);
    expect(() => codecFor(MTCUTE_LAYER).queryToNative(bytes)).toThrow(UnknownConstructorError);
  });
});
