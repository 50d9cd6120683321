/** Pure parts of the GramJS adapter: DC routing, RSA keys, error mapping, TL mapping. */
import { describe, expect, test } from 'vitest';
import { Api, errors } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { _serverKeys } from 'telegram/crypto/RSA';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { PromisedNetSockets } from 'telegram/extensions';
import { ConnectionTCPFull } from 'telegram/network';
import {
  connectionClassFor,
  resolveServers,
  trustRsaKeys,
} from '../../../electron/telegram/servers';
import { redact, toAppFailure, withTimeout } from '../../../electron/telegram/errors';
import { base64Url, mapSentCode, mapUser } from '../../../electron/telegram/map';
import { AppFailure } from '../../../electron/shared/errors';
import { toGramProxy } from '../../../electron/telegram/gramjs-client';
import { PushedConnectionTCPFull } from '../../../electron/telegram/pushed-transport';

/** What GramJS passes a connection it makes for DC 2 (to a port nobody listens on). */
const localParams = () => ({
  ip: '127.0.0.1',
  port: 1,
  dcId: 2,
  loggers: new Logger(LogLevel.NONE),
  socket: PromisedNetSockets,
  testServers: false,
});

describe('servers', () => {
  test('the connection class dials the profile address of each DC id', () => {
    const dcs = new Map([
      [1, { id: 1, host: '127.0.0.5', port: 20001 }],
      [2, { id: 2, host: '127.0.0.6', port: 20002 }],
    ]);
    const Conn = connectionClassFor(ConnectionTCPFull, dcs, { isClosed: () => false });
    const make = (dcId: number) =>
      new Conn({
        ip: '149.154.167.50',
        port: 443,
        dcId,
        loggers: new Logger(LogLevel.NONE),
        socket: PromisedNetSockets,
        testServers: false,
      });
    expect([make(2)._ip, make(2)._port]).toEqual(['127.0.0.6', 20002]);
    expect([make(1)._ip, make(1)._port]).toEqual(['127.0.0.5', 20001]);
    expect([make(9)._ip, make(9)._port]).toEqual(['149.154.167.50', 443]);
  });

  test("GramJS already trusts the key of Telegram's test servers", () => {
    expect(_serverKeys.has('-5595554452916591101')).toBe(true);
  });

  test('a closed guard refuses to connect', async () => {
    const Conn = connectionClassFor(ConnectionTCPFull, null, { isClosed: () => true });
    const conn = new Conn(localParams());
    await expect(conn.connect()).rejects.toThrow(/destroyed/);
  });

  test("only a transport read by GramJS's loops gets their memory fixes", async () => {
    const params = localParams();
    const guard = { isClosed: () => false };
    const slab = Buffer.from('a packet and the rest of its slab');
    const pulled = new (connectionClassFor(ConnectionTCPFull, null, guard))(params);
    (pulled as unknown as { _codec: unknown })._codec = {
      readPacket: () => Promise.resolve(slab.subarray(0, 8)),
    };
    const packet = (await pulled._recv()) as Buffer;
    expect(packet.toString()).toBe('a packet');
    expect(packet.buffer).not.toBe(slab.buffer);
    expect(Object.hasOwn(pulled.socket, 'read')).toBe(true);

    const pushed = new (connectionClassFor(PushedConnectionTCPFull, null, guard))(params);
    expect(pushed).toBeInstanceOf(PushedConnectionTCPFull);
    expect(Object.hasOwn(pushed.socket, 'read')).toBe(false);
  });

  test('profiles resolve to their DC maps', () => {
    expect(resolveServers({ kind: 'production' }).dcs).toBeNull();
    expect(resolveServers({ kind: 'test' }).dcs?.get(2)?.host).toBe('149.154.167.40');
  });

  test('trusted RSA keys land in GramJS key map by fingerprint', () => {
    trustRsaKeys([{ fingerprint: '-123456789', n: 'c0ffee', e: 65537 }]);
    const key = _serverKeys.get('-123456789');
    expect(key?.e).toBe(65537);
    expect(key?.n.toString(16)).toBe('c0ffee');
  });
});

describe('errors', () => {
  test('RPC errors map through the table', () => {
    const flood = new errors.FloodWaitError({ request: undefined, capture: 42 });
    expect(toAppFailure(flood)).toMatchObject({ code: 'FLOOD_WAIT', retryAfter: 42 });
    const rpc = new errors.RPCError('PHONE_CODE_INVALID', undefined as never, 400);
    expect(toAppFailure(rpc).code).toBe('PHONE_CODE_INVALID');
    expect(toAppFailure(new Error('socket hang up')).code).toBe('NETWORK');
    const own = new AppFailure('TIMEOUT', 'x');
    expect(toAppFailure(own)).toBe(own);
  });

  test('withTimeout turns a hang into TIMEOUT', async () => {
    await expect(withTimeout(new Promise(() => undefined), 10)).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
    await expect(withTimeout(Promise.resolve(5), 10)).resolves.toBe(5);
  });

  test('redact hides long tokens', () => {
    expect(redact('key 1BVtsOKABu2Y3h6hrnkwGkwWUnSFPS9FF8 end')).toBe('key [redacted] end');
  });
});

describe('mapping', () => {
  test('sent codes', () => {
    const sent = new Api.auth.SentCode({
      type: new Api.auth.SentCodeTypeMissedCall({ prefix: '+44 20', length: 4 }),
      phoneCodeHash: 'h',
      nextType: new Api.auth.CodeTypeSms(),
      timeout: 60,
    });
    expect(mapSentCode(sent)).toEqual({
      type: 'missed-call',
      nextType: 'sms',
      length: 4,
      prefix: '+44 20',
      pattern: null,
      beginning: null,
      url: null,
      timeout: 60,
      emailPattern: null,
    });
  });

  test.each([
    [new Api.auth.SentCodeTypeApp({ length: 5 }), { type: 'app', length: 5 }],
    [new Api.auth.SentCodeTypeSms({ length: 6 }), { type: 'sms', length: 6 }],
    [new Api.auth.SentCodeTypeCall({ length: 5 }), { type: 'call', length: 5 }],
    [
      new Api.auth.SentCodeTypeFlashCall({ pattern: '999772*****' }),
      { type: 'flash-call', pattern: '999772*****', prefix: null, length: null },
    ],
    [
      new Api.auth.SentCodeTypeEmailCode({ emailPattern: 'e***@example.com', length: 6 }),
      { type: 'email', emailPattern: 'e***@example.com', length: 6 },
    ],
    [new Api.auth.SentCodeTypeSetUpEmailRequired({}), { type: 'setup-email-required' }],
    [
      new Api.auth.SentCodeTypeFragmentSms({
        url: 'https://fragment.com/number/888/code',
        length: 5,
      }),
      { type: 'fragment-sms', url: 'https://fragment.com/number/888/code', length: 5 },
    ],
    [
      new Api.auth.SentCodeTypeFragmentSms({ url: 'javascript:alert(1)', length: 5 }),
      { type: 'fragment-sms', url: null },
    ],
    [new Api.auth.SentCodeTypeFirebaseSms({ length: 6 }), { type: 'firebase-sms', length: 6 }],
    [
      new Api.auth.SentCodeTypeSmsWord({ beginning: 'w' }),
      { type: 'sms-word', beginning: 'w', length: null },
    ],
    [new Api.auth.SentCodeTypeSmsPhrase({}), { type: 'sms-phrase', beginning: null }],
  ] as const)('maps %o', (type, expected) => {
    const sent = new Api.auth.SentCode({ type, phoneCodeHash: 'h' });
    expect(mapSentCode(sent)).toMatchObject({ nextType: null, timeout: null, ...expected });
  });

  test('users and tokens', () => {
    const user = new Api.User({
      id: returnBigInt(777),
      firstName: 'Ann',
      phone: '123',
      premium: true,
    });
    expect(mapUser(user)).toMatchObject({
      id: '777',
      firstName: 'Ann',
      isPremium: true,
      phone: '123',
    });
    expect(base64Url(Buffer.from([0xfb, 0xff]))).toBe('-_8');
  });
});

describe('proxies', () => {
  test('SOCKS5 and MTProxy map to GramJS options', () => {
    expect(toGramProxy(null)).toBeUndefined();
    expect(
      toGramProxy({ type: 'socks5', host: '10.0.0.1', port: 1080, username: 'u', password: 'p' }),
    ).toEqual({
      ip: '10.0.0.1',
      port: 1080,
      socksType: 5,
      timeout: 10,
      username: 'u',
      password: 'p',
    });
    expect(
      toGramProxy({
        type: 'mtproxy',
        host: 'proxy.example',
        port: 443,
        secret: 'ee' + 'a'.repeat(32),
      }),
    ).toEqual({
      ip: 'proxy.example',
      port: 443,
      secret: 'ee' + 'a'.repeat(32),
      MTProxy: true,
      timeout: 10,
    });
  });
});
