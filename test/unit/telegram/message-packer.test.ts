/**
 * What a pushed sender sends next is what GramJS's MessagePacker would have packed from the same
 * queue: the same bytes for the same msg ids, the same requests marked sent, the same refusals.
 */
import { describe, expect, test } from 'vitest';
import { Api } from 'telegram';
import { AuthKey } from 'telegram/crypto/AuthKey';
import { MessagePacker } from 'telegram/extensions';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { returnBigInt } from 'telegram/Helpers';
import { MTProtoState } from 'telegram/network/MTProtoState';
import { RequestState } from 'telegram/network/RequestState';
import { packNext, type Packed, type PackedQueue } from '../../../electron/telegram/message-packer';
import { installNativeLongs } from '../../../electron/telegram/native-longs';

installNativeLongs();

/** A packer whose state hands out msg ids 4, 8, 12, … from `first`. */
function packerWithIds(first: bigint): MessagePacker {
  const state = new MTProtoState(new AuthKey(), new Logger(LogLevel.NONE), false);
  let next = first;
  (state as unknown as { _getNewMsgId: () => unknown })._getNewMsgId = () => {
    next += 4n;
    return returnBigInt(next);
  };
  return new MessagePacker(state, new Logger(LogLevel.NONE));
}

type Make = () => Api.AnyRequest | Api.MsgsAck;

/** Packs the same requests with GramJS's `get` and with `packNext`, each from a fresh queue. */
async function bothPacked(makes: Make[], withAfter = false) {
  const results = [];
  for (const pack of ['gramjs', 'ours'] as const) {
    const packer = packerWithIds(1n << 60n);
    const states = makes.map((make) => new RequestState(make()));
    for (const state of states) packer.append(state, false);
    if (withAfter && states[0] && states[1]) {
      states[0].msgId = returnBigInt(777n);
      states[1].after = states[0];
      packer.values().shift();
    }
    const packed: Packed | null | undefined =
      pack === 'gramjs' ? await packer.get() : packNext(packer as unknown as PackedQueue);
    results.push({
      data: packed?.data.toString('hex'),
      ids: packed?.batch.flat().map((state) => String(state.msgId)),
      containers: packed?.batch.flat().map((state) => String(state.containerId)),
      left: packer.values().length,
    });
  }
  return results;
}

const ping = () => new Api.PingDelayDisconnect({ pingId: returnBigInt(42n), disconnectDelay: 75 });
const config = () => new Api.help.GetConfig();
const ack = () => new Api.MsgsAck({ msgIds: [returnBigInt(1n << 40n), returnBigInt(5n)] });
const longText = () =>
  new Api.messages.SendMessage({
    peer: new Api.InputPeerSelf(),
    message: 'a message long enough to be gzipped '.repeat(40),
    randomId: returnBigInt(99n),
  });

describe('packNext', () => {
  test('one request: its message alone, as GramJS writes it', async () => {
    const [gramjs, ours] = await bothPacked([ping]);
    expect(ours).toEqual(gramjs);
    expect(ours?.ids).toEqual([String((1n << 60n) + 4n)]);
  });

  test('several, content-related or not: one container, as GramJS writes it', async () => {
    const [gramjs, ours] = await bothPacked([ack, config, ping, config]);
    expect(ours).toEqual(gramjs);
    expect(new Set(ours?.containers)).toEqual(new Set([String((1n << 60n) + 20n)]));
  });

  test('a large request as it is, as GramJS 2.26 sends it (its gzip is a copy)', async () => {
    const [gramjs, ours] = await bothPacked([longText]);
    expect(ours).toEqual(gramjs);
    expect(Buffer.from(ours?.data ?? '', 'hex').readUInt32LE(16)).toBe(
      Api.messages.SendMessage.CONSTRUCTOR_ID,
    );
  });

  test('a request that waits for another is wrapped in invokeAfterMsg, as GramJS does', async () => {
    const [gramjs, ours] = await bothPacked([config, longText], true);
    expect(ours).toEqual(gramjs);
    const [plain] = await bothPacked([config, config], true);
    expect(Buffer.from(plain?.data ?? '', 'hex').readUInt32LE(16)).toBe(
      Api.InvokeAfterMsg.CONSTRUCTOR_ID,
    );
  });

  test('at most 101 messages in one container; the rest waits its turn', async () => {
    const makes = Array.from({ length: 150 }, () => config);
    const [gramjs, ours] = await bothPacked(makes);
    expect(ours).toEqual(gramjs);
    expect(ours?.ids).toHaveLength(101);
    expect(ours?.left).toBe(49);
  });

  test('a request too large to send is refused; the next one is sent', async () => {
    const packer = packerWithIds(1n << 60n);
    const huge = new RequestState(
      new Api.upload.SaveFilePart({
        fileId: returnBigInt(1n),
        filePart: 0,
        bytes: Buffer.alloc(1_100_000),
      }),
    );
    const next = new RequestState(config());
    packer.append(huge, false);
    packer.append(next, false);
    const refusal = huge.promise?.catch((error: unknown) => error);
    const packed = packNext(packer as unknown as PackedQueue);
    expect(await refusal).toBe('Request Payload is too big');
    expect(packed?.batch).toEqual([next]);
  });

  test('an empty queue gives null; an empty last entry, undefined and a cleaned queue', () => {
    const packer = packerWithIds(0n);
    expect(packNext(packer as unknown as PackedQueue)).toBeUndefined();
    packer.append(new RequestState(config()), false);
    packer.values().push(undefined);
    expect(packNext(packer as unknown as PackedQueue)).toBeUndefined();
    expect(packer.values()).toHaveLength(1);
  });
});
