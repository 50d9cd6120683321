/**
 * The adapter's native 64-bit reads give GramJS’s TL reader the same values its own path gave
 * (every id, access hash and msg id a message carries goes through them), and its `msgs_ack`
 * writer the same bytes (every message received is acknowledged through it); the sender's key id
 * check and random longs, and its random padding from the pool, are what GramJS's helpers gave.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { Api } from 'telegram';
import { BinaryReader, BinaryWriter } from 'telegram/extensions';
import { returnBigInt } from 'telegram/Helpers';
import { MTProtoState } from 'telegram/network/MTProtoState';
import {
  ackBytesThroughGramjs,
  bitsThroughBigInteger,
  fromBufferThroughGramjs,
  hasNativeLongs,
  installNativeLongs,
  littleBufferThroughGramjs,
  msgIdThroughGramjs,
  pingBytesThroughGramjs,
  readThroughGramjs,
  toBufferThroughGramjs,
} from '../../../electron/telegram/native-longs';

installNativeLongs();

const EDGES = [
  '0000000000000000',
  '0100000000000000',
  'ffffffffffffffff',
  '0000000000000080',
  'ffffffffffffff7f',
  'ff00000000000000',
  '00000000000000ff',
  '0000000000010000',
];

function bothReads(bytes: Buffer, signed: boolean): [string, string] {
  const native = new BinaryReader(bytes).readLong(signed);
  const gramjs = readThroughGramjs(new BinaryReader(bytes), 64, signed);
  return [native.toString(), gramjs.toString()];
}

describe('native 64-bit reads', () => {
  test('read every edge and 5,000 random longs, signed and unsigned, as GramJS does', () => {
    expect(hasNativeLongs()).toBe(true);
    const samples = EDGES.map((hex) => Buffer.from(hex, 'hex'));
    for (let i = 0; i < 5_000; i++) samples.push(randomBytes(8));
    for (const bytes of samples) {
      for (const signed of [true, false]) {
        const [native, gramjs] = bothReads(bytes, signed);
        expect(native, `${bytes.toString('hex')} signed=${String(signed)}`).toBe(gramjs);
      }
    }
    expect(bothReads(Buffer.from('ffffffffffffffff', 'hex'), true)).toEqual(['-1', '-1']);
    expect(bothReads(Buffer.from('0000000000000080', 'hex'), true)[0]).toBe('-9223372036854775808');
  });

  test('the values work as GramJS’s BigIntegers: compared, added, written back', () => {
    const reader = new BinaryReader(Buffer.from('2a00000000000000', 'hex'));
    const value = reader.readLong();
    expect(value.equals(returnBigInt(42))).toBe(true);
    expect(value.add(1).toJSNumber()).toBe(43);
    expect(reader.tellPosition()).toBe(8);
  });

  test('a TL object with long fields reads back as it was written', () => {
    const user = new Api.PeerUser({ userId: returnBigInt('-5000000000123') });
    const channel = new Api.InputPeerChannel({
      channelId: returnBigInt('1234567890123'),
      accessHash: returnBigInt('-8070450532247928832'),
    });
    const writer = new BinaryWriter(Buffer.alloc(0));
    writer.write(user.getBytes());
    writer.write(channel.getBytes());
    const reader = new BinaryReader(writer.getValue());
    const readUser = reader.tgReadObject() as Api.PeerUser;
    const readChannel = reader.tgReadObject() as Api.InputPeerChannel;
    expect(readUser.userId.toString()).toBe('-5000000000123');
    expect(readChannel.channelId.toString()).toBe('1234567890123');
    expect(readChannel.accessHash.toString()).toBe('-8070450532247928832');
  });

  test('a read past the end still fails as GramJS’s reader fails', () => {
    expect(() => new BinaryReader(Buffer.alloc(5)).readLong()).toThrow(/No more data left to read/);
  });

  test('other widths keep GramJS’s path (the handshake’s 128-bit nonces)', () => {
    const bytes = randomBytes(16);
    const read = new BinaryReader(bytes).readLargeInt(128, false);
    expect(read.toString()).toBe(readThroughGramjs(new BinaryReader(bytes), 128, false).toString());
  });

  test('an ack is written as GramJS writes it, and reads back with the same ids', () => {
    const ids = [
      ...EDGES.map((hex) => new BinaryReader(Buffer.from(hex, 'hex')).readLong()),
      ...Array.from({ length: 500 }, () => new BinaryReader(randomBytes(8)).readLong()),
    ];
    for (const msgIds of [[], ids.slice(0, 1), ids]) {
      const ack = new Api.MsgsAck({ msgIds });
      const bytes = ack.getBytes();
      expect(bytes.equals(ackBytesThroughGramjs(ack))).toBe(true);
      const back = new BinaryReader(bytes).tgReadObject() as Api.MsgsAck;
      expect(back.msgIds.map(String)).toEqual(msgIds.map(String));
    }
  });
});

describe('the keep-alive’s ping', () => {
  test('is written as GramJS writes it, for every edge and 5,000 random ids', () => {
    const samples = EDGES.map((hex) => Buffer.from(hex, 'hex'));
    for (let i = 0; i < 5_000; i++) samples.push(randomBytes(8));
    for (const [i, bytes] of samples.entries()) {
      const ping = new Api.PingDelayDisconnect({
        pingId: returnBigInt(bytes.readBigInt64LE(0)),
        disconnectDelay: i % 2 ? 60 : 75,
      });
      expect(ping.getBytes().toString('hex')).toBe(pingBytesThroughGramjs(ping).toString('hex'));
    }
  });
});

describe('native 64-bit writes of the sender', () => {
  // What MTProtoState writes for every message it sends: the msg id, the salt, the session id.
  const sent = createRequire(import.meta.url)('telegram/Helpers') as {
    toSignedLittleBuffer: (value: unknown, bytes?: number) => Buffer;
  };

  test('every edge and 5,000 random longs, as BigIntegers, bigints and numbers, as GramJS writes them', () => {
    const samples = EDGES.map((hex) => Buffer.from(hex, 'hex'));
    for (let i = 0; i < 5_000; i++) samples.push(randomBytes(8));
    for (const bytes of samples) {
      for (const value of [
        returnBigInt(bytes.readBigInt64LE(0)),
        returnBigInt(bytes.readBigUInt64LE(0)),
        bytes.readBigInt64LE(0),
      ]) {
        const native = sent.toSignedLittleBuffer(value, 8);
        expect(native.toString('hex'), value.toString()).toBe(
          littleBufferThroughGramjs(value, 8).toString('hex'),
        );
        expect(native.toString('hex')).toBe(bytes.toString('hex'));
      }
    }
    for (const n of [0, 1, -1, 2 ** 40, -(2 ** 52)])
      expect(sent.toSignedLittleBuffer(n).toString('hex')).toBe(
        littleBufferThroughGramjs(n, 8).toString('hex'),
      );
  });

  test('other widths keep GramJS’s path (the handshake’s 256-bit nonce)', () => {
    const nonce = returnBigInt(randomBytes(32).readBigUInt64LE(0)).shiftLeft(190);
    expect(sent.toSignedLittleBuffer(nonce, 32).toString('hex')).toBe(
      littleBufferThroughGramjs(nonce, 32).toString('hex'),
    );
    expect(sent.toSignedLittleBuffer(nonce, 32)).toHaveLength(32);
  });
});

describe('the sender’s helpers for received key ids and random longs', () => {
  const helpers = createRequire(import.meta.url)('telegram/Helpers') as {
    readBigIntFromBuffer: (buffer: Buffer, little?: boolean, signed?: boolean) => BigInteger;
    generateRandomLong: (signed?: boolean) => BigInteger;
    generateRandomBytes: (count: number) => Buffer;
  };
  type BigInteger = ReturnType<typeof returnBigInt>;

  test('8 bytes read as GramJS reads them, either byte order, signed and unsigned', () => {
    const samples = EDGES.map((hex) => Buffer.from(hex, 'hex'));
    for (let i = 0; i < 5_000; i++) samples.push(randomBytes(8));
    for (const bytes of samples)
      for (const little of [true, false])
        for (const signed of [true, false])
          expect(helpers.readBigIntFromBuffer(bytes, little, signed).toString()).toBe(
            fromBufferThroughGramjs(bytes, little, signed).toString(),
          );
    // GramJS's defaults: little-endian, unsigned (the received auth key id).
    const top = Buffer.from('ffffffffffffffff', 'hex');
    expect(helpers.readBigIntFromBuffer(top).toString()).toBe('18446744073709551615');
    // Other widths keep GramJS's path (the handshake's nonces).
    const nonce = randomBytes(16);
    expect(helpers.readBigIntFromBuffer(nonce, false, true).toString()).toBe(
      fromBufferThroughGramjs(nonce, false, true).toString(),
    );
  });

  test('random longs are fresh 64-bit values of the asked sign', () => {
    const signed = Array.from({ length: 2_000 }, () => helpers.generateRandomLong());
    const unsigned = Array.from({ length: 2_000 }, () => helpers.generateRandomLong(false));
    expect(new Set(signed.map(String)).size).toBe(2_000);
    expect(signed.some((n) => n.isNegative())).toBe(true);
    expect(unsigned.every((n) => !n.isNegative())).toBe(true);
    const limit = returnBigInt(2n ** 64n);
    expect(unsigned.every((n) => n.lesser(limit))).toBe(true);
    expect(unsigned.some((n) => n.greater(returnBigInt(2n ** 63n)))).toBe(true);
  });

  test('random bytes from the pool: the length asked, never handed out twice, not biased', () => {
    const sizes = Array.from({ length: 5_000 }, (_, i) => 12 + (i % 16));
    const chunks = sizes.map((n) => helpers.generateRandomBytes(n));
    expect(chunks.map((c) => c.length)).toEqual(sizes);
    // 5,000 chunks of 12–27 bytes cross the 4 KB pool's refill 20-odd times: all distinct.
    expect(new Set(chunks.map((c) => c.toString('hex'))).size).toBe(5_000);
    // Each caller owns its bytes: changing one leaves the next unchanged.
    const [first, second] = [helpers.generateRandomBytes(16), helpers.generateRandomBytes(16)];
    const copy = Buffer.from(second);
    first.fill(0);
    expect(second.equals(copy)).toBe(true);
    // Bytes spread over 0–255 with the mean a uniform source gives (≈ 127.5 over ~100,000).
    const all = Buffer.concat(chunks);
    const mean = all.reduce((sum, b) => sum + b, 0) / all.length;
    expect(mean).toBeGreaterThan(125);
    expect(mean).toBeLessThan(130);
    expect(new Set(all).size).toBe(256);
    // A large request (none on the sender's paths) is served too.
    expect(helpers.generateRandomBytes(4_096)).toHaveLength(4_096);
  });
});

describe('the sender’s auth key id and msg ids', () => {
  const helpers = createRequire(import.meta.url)('telegram/Helpers') as {
    readBufferFromBigInt: (
      value: unknown,
      bytes: number,
      little?: boolean,
      signed?: boolean,
    ) => Buffer;
  };
  type BigInteger = ReturnType<typeof returnBigInt>;
  type State = { timeOffset: number; _lastMsgId: BigInteger; _getNewMsgId(): BigInteger };
  const newState = () => new MTProtoState(undefined, undefined) as unknown as State;

  afterEach(() => {
    vi.useRealTimers();
  });

  test('8 bytes written as GramJS writes them, either byte order; other values keep its errors', () => {
    const samples = EDGES.map((hex) => Buffer.from(hex, 'hex'));
    for (let i = 0; i < 5_000; i++) samples.push(randomBytes(8));
    for (const bytes of samples) {
      const value = returnBigInt(bytes.readBigUInt64LE(0));
      for (const little of [true, false])
        for (const signed of [true, false])
          expect(helpers.readBufferFromBigInt(value, 8, little, signed).toString('hex')).toBe(
            toBufferThroughGramjs(value, 8, little, signed).toString('hex'),
          );
      // GramJS's defaults, as the sender calls it: little-endian.
      expect(helpers.readBufferFromBigInt(value, 8).equals(bytes)).toBe(true);
    }
    // Negative values go GramJS's way: written as two's complement when signed, refused if not.
    const negative = returnBigInt(-5n);
    expect(helpers.readBufferFromBigInt(negative, 8, true, true).toString('hex')).toBe(
      toBufferThroughGramjs(negative, 8, true, true).toString('hex'),
    );
    expect(() => helpers.readBufferFromBigInt(negative, 8)).toThrow('Cannot convert to unsigned');
    expect(() => helpers.readBufferFromBigInt(returnBigInt(2n ** 64n), 8)).toThrow('OverflowError');
    // Other widths keep GramJS's path (the handshake's nonces).
    const nonce = returnBigInt(2n ** 100n + 7n);
    expect(helpers.readBufferFromBigInt(nonce, 16).toString('hex')).toBe(
      toBufferThroughGramjs(nonce, 16, true, false).toString('hex'),
    );
  });

  test('msg ids are GramJS’s for the same clock, offset and last id, and always rise by 4 at least', () => {
    vi.useFakeTimers();
    for (const [time, offset] of [
      [1_764_500_000_123, 0],
      [1_764_500_000_999, -3],
      [1_800_000_000_000, 17],
      [1_764_500_000_000, 0.25],
    ] as const) {
      vi.setSystemTime(time);
      const [ours, theirs] = [newState(), newState()];
      ours.timeOffset = theirs.timeOffset = offset;
      // Three in the same millisecond: the second and third come from the last id plus 4.
      for (let i = 0; i < 3; i++) {
        const id = ours._getNewMsgId();
        expect(id.toString()).toBe(msgIdThroughGramjs(theirs).toString());
        expect(id.mod(4).toJSNumber()).toBe(0);
      }
      // A last id ahead of the clock (after a time correction) is still exceeded.
      const ahead = returnBigInt((BigInt(Math.floor(time / 1000)) + 60n) << 32n);
      ours._lastMsgId = theirs._lastMsgId = ahead;
      expect(ours._getNewMsgId().toString()).toBe(msgIdThroughGramjs(theirs).toString());
      expect(ours._lastMsgId.minus(ahead).toJSNumber()).toBe(4);
    }
  });
});

describe('bit operations of GramJS’s BigIntegers', () => {
  // What GramJS's TL serializer does for every long of every request (toSignedLittleBuffer).
  const wide = fc.bigInt({ min: -(1n << 300n), max: 1n << 300n });
  const long = fc.bigInt({ min: -(1n << 63n), max: (1n << 64n) - 1n });
  const value = fc.oneof(long, wide, fc.constantFrom(0n, 1n, -1n, 255n, -256n));

  test('shifts, and, or, xor and not give big-integer’s own results', () => {
    fc.assert(
      fc.property(value, value, fc.integer({ min: -300, max: 300 }), (a, b, shift) => {
        const x = returnBigInt(a);
        for (const operation of ['shiftLeft', 'shiftRight'] as const) {
          expect(x[operation](shift).toString()).toBe(
            bitsThroughBigInteger(x, operation, shift).toString(),
          );
        }
        for (const operation of ['and', 'or', 'xor'] as const) {
          for (const other of [
            b,
            returnBigInt(b),
            ...(Number.isSafeInteger(Number(b)) ? [Number(b)] : []),
          ]) {
            expect(x[operation](other).toString()).toBe(
              bitsThroughBigInteger(x, operation, other).toString(),
            );
          }
        }
        expect(x.not().toString()).toBe(bitsThroughBigInteger(x, 'not').toString());
      }),
      { numRuns: 2_000 },
    );
  });

  test('what big-integer refuses, it still refuses', () => {
    const x = returnBigInt(5n);
    expect(() => x.shiftLeft(1e8)).toThrow(/too large/);
    expect(() => x.shiftRight(2.5)).toThrow(/not an integer/);
  });

  test('a TL request’s longs are written as before, every edge and 2,000 random ones', () => {
    const ids = EDGES.map((hex) => Buffer.from(hex, 'hex').readBigInt64LE(0));
    for (let i = 0; i < 2_000; i++) ids.push(randomBytes(8).readBigInt64LE(0));
    for (const id of ids) {
      const peer = new Api.InputPeerUser({
        userId: returnBigInt(id),
        accessHash: returnBigInt(-id - 1n),
      });
      const bytes = peer.getBytes();
      expect(bytes.readBigInt64LE(4)).toBe(id);
      expect(bytes.readBigInt64LE(12)).toBe(-id - 1n);
    }
  });
});
