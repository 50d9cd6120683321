/**
 * GramJS 2.26 reads every 64-bit TL field (msg ids, user and chat ids, access hashes, random
 * ids) through `readBigIntFromBuffer`: it copies and reverses the 8 bytes, writes them as a hex
 * string, parses that string digit by digit, and, for a signed read, writes the result out again
 * in base 2 to see whether the top bit is set. It writes them back byte by byte, each byte a
 * BigInteger shift and mask. A profile of 200 idle accounts receiving 200,000 messages put a
 * quarter of the process's CPU in those reads (`divModAny`, `parseBase`, `toBaseString`), and an
 * allocation profile of 300 accounts receiving 300,000 put 57 % of every byte the process
 * allocated under them, and 13 % under the `msgs_ack` that acknowledges each message.
 *
 * Node reads and writes the same two's-complement (or unsigned) little-endian integers in one
 * call. A read is wrapped the way GramJS wraps any native bigint (`returnBigInt`), so callers
 * get the BigInteger they got before, of the same value. Reads of other widths (the handshake's
 * 128- and 256-bit nonces) keep GramJS's own path. Of the writes, `msgs_ack` is replaced (an
 * acknowledgement is the one object a connection writes once per message received), and so is
 * `Helpers.toSignedLittleBuffer` for 8 bytes: GramJS's sender calls it through the module's
 * exports on every message it sends (the msg id, the salt, the session id), where a profile of
 * 10,000 idle accounts had it as the largest share of GramJS's own CPU. GramJS's TL serializer
 * took its own reference when it loaded, so the TL objects' longs keep GramJS's function; the
 * BigInteger shifts and masks it runs on them are native (see `installNativeBitOperations`): a
 * `messages.getPeerDialogs` of one user serialized with 36 KB of garbage in 144 µs, now 7 KB in
 * 41 µs.
 *
 * Through the same exports the sender reads the auth key id of every packet it receives
 * (`readBigIntFromBuffer` of 8 bytes, now native like the reads above) and draws a new sender's
 * session id and every message's padding (`generateRandomLong`, `generateRandomBytes`, now cut
 * from `random-pool.ts`): a profile of a 10,000-account restore had 6 % of its CPU under them.
 *
 * And for every message it sends, the sender writes its auth key id (`readBufferFromBigInt` of 8
 * bytes, through a base-16 string of the BigInteger) and makes a msg id (`_getNewMsgId`, four
 * BigInteger shifts and an `or`, each through base conversions): an allocation profile of a
 * 3,000-account restore put 23 KB per account under them, of 274 KB. Both are native now, with
 * the same values; negative and oversized values keep GramJS's path and its errors.
 */
import { createRequire } from 'node:module';
import { Api } from 'telegram';
import { BinaryReader } from 'telegram/extensions';
import { MTProtoState } from 'telegram/network/MTProtoState';
import { returnBigInt } from 'telegram/Helpers';
import { randomBytesOf } from './random-pool';

/** GramJS's BigInteger (big-integer, which only GramJS imports). */
type BigInteger = ReturnType<typeof returnBigInt>;
type ReadLargeInt = (reader: BinaryReader, bits: number, signed: boolean) => BigInteger;
type GetBytes = (ack: Api.MsgsAck) => Buffer;
type LittleBuffer = (value: LongValue, bytes?: number) => Buffer;
type ReadFromBuffer = (buffer: Buffer, little?: boolean, signed?: boolean) => BigInteger;
type ToBuffer = (value: LongValue, bytes: number, little?: boolean, signed?: boolean) => Buffer;
/** What `_getNewMsgId` reads and writes of GramJS's MTProtoState (private there). */
interface MsgIdState {
  timeOffset: number;
  _lastMsgId: BigInteger;
  _getNewMsgId(): BigInteger;
}
/** What GramJS hands its long writer: a BigInteger (mostly), a number or a bigint. */
export type LongValue = BigInteger | number | bigint;

/** GramJS's own methods, once replaced. */
let gramjsRead: ReadLargeInt | null = null;
let gramjsAckBytes: GetBytes | null = null;
let gramjsPingBytes: ((ping: Api.PingDelayDisconnect) => Buffer) | null = null;
let gramjsLittleBuffer: LittleBuffer | null = null;
let gramjsFromBuffer: ReadFromBuffer | null = null;
let gramjsToBuffer: ToBuffer | null = null;
let gramjsNewMsgId: ((state: MsgIdState) => BigInteger) | null = null;

/** GramJS's Helpers module itself (an `import` would give a copy of its exports). */
const helpers = createRequire(import.meta.url)('telegram/Helpers') as {
  toSignedLittleBuffer: LittleBuffer;
  readBigIntFromBuffer: ReadFromBuffer;
  readBufferFromBigInt: ToBuffer;
  generateRandomLong: (signed?: boolean) => BigInteger;
  generateRandomBytes: (count: number) => Buffer;
};

/** The TL id of `Vector<T>`. */
const VECTOR_ID = 0x1cb5c415;

/** A BigInteger, a number or a bigint as the exact bigint it stands for. */
function exactOf(value: LongValue): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(value);
  const native = (value as { value?: unknown }).value;
  return typeof native === 'bigint' ? native : BigInt(value.toString());
}

const TWO_TO_64 = 1n << 64n;

/** A BigInteger (or a number) as the signed 64-bit value TL writes. */
function int64Of(value: LongValue): bigint {
  return BigInt.asIntN(64, exactOf(value));
}

/** Writes `value` at `offset` as TL writes a long (8 bytes, little-endian, two's complement). */
export function writeLong(out: Buffer, value: LongValue, offset: number): void {
  out.writeBigInt64LE(int64Of(value), offset);
}

/**
 * Makes GramJS's 64-bit reads, its `msgs_ack` and the sender's helpers native (once per process;
 * later calls do nothing).
 */
export function installNativeLongs(): void {
  if (gramjsRead) return;
  const reader = BinaryReader.prototype;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- only ever called with a reader
  const ownRead = reader.readLargeInt;
  const read: ReadLargeInt = (self, bits, signed) => ownRead.call(self, bits, signed);
  gramjsRead = read;
  reader.readLargeInt = function (this: BinaryReader, bits: number, signed = true) {
    if (bits !== 64) return read(this, bits, signed);
    const bytes = this.read(8);
    return returnBigInt(signed ? bytes.readBigInt64LE(0) : bytes.readBigUInt64LE(0));
  };

  const ack = Api.MsgsAck.prototype;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- only ever called with an ack
  const ownAckBytes = ack.getBytes;
  gramjsAckBytes = (self) => ownAckBytes.call(self);
  ack.getBytes = function (this: Api.MsgsAck) {
    const ids = this.msgIds;
    const bytes = Buffer.allocUnsafe(12 + 8 * ids.length);
    bytes.writeUInt32LE(Api.MsgsAck.CONSTRUCTOR_ID, 0);
    bytes.writeUInt32LE(VECTOR_ID, 4);
    bytes.writeInt32LE(ids.length, 8);
    ids.forEach((id, i) => bytes.writeBigInt64LE(int64Of(id), 12 + 8 * i));
    return bytes;
  };

  // The keep-alive's ping, once per connection every 30 s: its id went through the serializer's
  // own BigInteger path (a fifth of all a 10,000-account idle app allocated).
  const ping = Api.PingDelayDisconnect.prototype;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- only ever called with a ping
  const ownPingBytes = ping.getBytes;
  gramjsPingBytes = (self) => ownPingBytes.call(self);
  ping.getBytes = function (this: Api.PingDelayDisconnect) {
    const bytes = Buffer.allocUnsafe(16);
    bytes.writeUInt32LE(Api.PingDelayDisconnect.CONSTRUCTOR_ID, 0);
    bytes.writeBigInt64LE(int64Of(this.pingId), 4);
    bytes.writeInt32LE(this.disconnectDelay, 12);
    return bytes;
  };

  const ownLittleBuffer = helpers.toSignedLittleBuffer;
  gramjsLittleBuffer = ownLittleBuffer;
  helpers.toSignedLittleBuffer = (value, bytes = 8) => {
    if (bytes !== 8) return ownLittleBuffer(value, bytes);
    const out = Buffer.allocUnsafe(8);
    out.writeBigInt64LE(int64Of(value), 0);
    return out;
  };

  const ownFromBuffer = helpers.readBigIntFromBuffer;
  gramjsFromBuffer = ownFromBuffer;
  helpers.readBigIntFromBuffer = (buffer, little = true, signed = false) => {
    if (buffer.length !== 8) return ownFromBuffer(buffer, little, signed);
    return returnBigInt(readInt64(buffer, little, signed));
  };
  // The sender writes its auth key id (unsigned) into every message it sends.
  const ownToBuffer = helpers.readBufferFromBigInt;
  gramjsToBuffer = ownToBuffer;
  helpers.readBufferFromBigInt = (value, bytes, little = true, signed = false) => {
    const exact = exactOf(value);
    // Negative values and overflows keep GramJS's path, with its errors.
    if (bytes !== 8 || exact < 0n || exact >= TWO_TO_64)
      return ownToBuffer(value, bytes, little, signed);
    const out = Buffer.allocUnsafe(8);
    if (little) out.writeBigUInt64LE(exact, 0);
    else out.writeBigUInt64BE(exact, 0);
    return out;
  };

  // Every message sent gets a msg id: seconds << 32 | nanoseconds << 2, always above the last.
  const state = MTProtoState.prototype as unknown as MsgIdState;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- only ever called with a state
  const ownNewMsgId = state._getNewMsgId;
  gramjsNewMsgId = (self) => ownNewMsgId.call(self);
  state._getNewMsgId = function (this: MsgIdState) {
    const now = Date.now() / 1000 + this.timeOffset;
    const seconds = Math.floor(now);
    const nanoseconds = Math.floor((now - seconds) * 1e9);
    let id = (BigInt(seconds) << 32n) | (BigInt(nanoseconds) << 2n);
    const last = exactOf(this._lastMsgId);
    if (last >= id) id = last + 4n;
    const msgId = returnBigInt(id);
    this._lastMsgId = msgId;
    return msgId;
  };

  installNativeBitOperations();

  helpers.generateRandomLong = (signed = true) =>
    returnBigInt(readInt64(randomBytesOf(8), true, signed));
  helpers.generateRandomBytes = (count) => randomBytesOf(count);
}

/** What GramJS's BigIntegers (big-integer's wrapper of a native bigint) do bit by bit. */
interface BitOperations {
  shiftLeft: (this: BitOperations, count: unknown) => BigInteger;
  shiftRight: (this: BitOperations, count: unknown) => BigInteger;
  and: (this: BitOperations, other: unknown) => BigInteger;
  or: (this: BitOperations, other: unknown) => BigInteger;
  xor: (this: BitOperations, other: unknown) => BigInteger;
  not: (this: BitOperations, other?: unknown) => BigInteger;
}

/** big-integer's own, once replaced. */
let bigIntegerBits: BitOperations | null = null;

/** big-integer's limit on a shift's count (its `BASE`). */
const MAX_SHIFT = 1e7;

/**
 * A shift's count (a number, bigint or BigInteger), or null for anything else and for what
 * big-integer would refuse: those go to its own path, with its error.
 */
function shiftCountOf(count: unknown): number | null {
  const exact = operandOf(count);
  if (exact === null || exact > MAX_SHIFT || exact < -MAX_SHIFT) return null;
  return Number(exact);
}

/** The other operand of a bit operation as an exact bigint, or null where big-integer decides. */
function operandOf(value: unknown): bigint | null {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : null;
  if (typeof value === 'object' && value !== null) {
    const native = (value as { value?: unknown }).value;
    if (typeof native === 'bigint') return native;
  }
  return null;
}

/**
 * big-integer runs its shifts and `and`/`or`/`xor`/`not` through its arbitrary-precision
 * division even when it wraps a native bigint: GramJS's TL serializer writes every long of every
 * request through them (eight shifts and eight `and`s a long, through its own reference to
 * `toSignedLittleBuffer`, which the replacement above cannot reach), and an allocation profile of
 * 3,000 accounts receiving messages put 12 KB per message under them. A native bigint's are the
 * same two's-complement operations, with floor for right shifts, as big-integer's.
 */
function installNativeBitOperations(): void {
  const native = Object.getPrototypeOf(returnBigInt(1n)) as BitOperations;
  const own: BitOperations = { ...native };
  bigIntegerBits = own;
  const valueOf = (self: BitOperations) => (self as unknown as { value: bigint }).value;
  native.shiftLeft = function (this: BitOperations, count: unknown) {
    const n = shiftCountOf(count);
    if (n === null) return own.shiftLeft.call(this, count);
    const value = valueOf(this);
    return returnBigInt(n >= 0 ? value << BigInt(n) : value >> BigInt(-n));
  };
  native.shiftRight = function (this: BitOperations, count: unknown) {
    const n = shiftCountOf(count);
    if (n === null) return own.shiftRight.call(this, count);
    const value = valueOf(this);
    return returnBigInt(n >= 0 ? value >> BigInt(n) : value << BigInt(-n));
  };
  const bitwise = (name: 'and' | 'or' | 'xor', apply: (a: bigint, b: bigint) => bigint) =>
    function (this: BitOperations, other: unknown) {
      const b = operandOf(other);
      return b === null ? own[name].call(this, other) : returnBigInt(apply(valueOf(this), b));
    };
  native.and = bitwise('and', (a, b) => a & b);
  native.or = bitwise('or', (a, b) => a | b);
  native.xor = bitwise('xor', (a, b) => a ^ b);
  native.not = function (this: BitOperations) {
    return returnBigInt(~valueOf(this));
  };
}

/** A bit operation by big-integer's own path, for a test that compares the two. */
export function bitsThroughBigInteger(
  value: BigInteger,
  operation: keyof BitOperations,
  other?: unknown,
): BigInteger {
  if (!bigIntegerBits) throw new Error('installNativeLongs() was not called.');
  return bigIntegerBits[operation].call(value as unknown as BitOperations, other);
}

/** Eight bytes as the 64-bit integer GramJS's `readBigIntFromBuffer` makes of them. */
function readInt64(bytes: Buffer, little: boolean, signed: boolean): bigint {
  if (little) return signed ? bytes.readBigInt64LE(0) : bytes.readBigUInt64LE(0);
  return signed ? bytes.readBigInt64BE(0) : bytes.readBigUInt64BE(0);
}

/** Whether GramJS now takes the native paths. */
export function hasNativeLongs(): boolean {
  return (
    gramjsRead !== null &&
    gramjsAckBytes !== null &&
    gramjsPingBytes !== null &&
    gramjsLittleBuffer !== null &&
    gramjsFromBuffer !== null &&
    gramjsToBuffer !== null &&
    gramjsNewMsgId !== null &&
    bigIntegerBits !== null
  );
}

/** `readBigIntFromBuffer` by GramJS's own path, for a test that compares the two. */
export function fromBufferThroughGramjs(
  buffer: Buffer,
  little: boolean,
  signed: boolean,
): BigInteger {
  return (gramjsFromBuffer ?? helpers.readBigIntFromBuffer)(buffer, little, signed);
}

/** `readBufferFromBigInt` by GramJS's own path, for a test that compares the two. */
export function toBufferThroughGramjs(
  value: LongValue,
  bytes: number,
  little: boolean,
  signed: boolean,
): Buffer {
  return (gramjsToBuffer ?? helpers.readBufferFromBigInt)(value, bytes, little, signed);
}

/** A new msg id by GramJS's own `_getNewMsgId`, for a test that compares the two. */
export function msgIdThroughGramjs(state: object): BigInteger {
  const own = state as MsgIdState;
  return gramjsNewMsgId ? gramjsNewMsgId(own) : own._getNewMsgId();
}

/** A ping's bytes by GramJS's own serializer, for a test that compares the two. */
export function pingBytesThroughGramjs(ping: Api.PingDelayDisconnect): Buffer {
  return gramjsPingBytes ? gramjsPingBytes(ping) : ping.getBytes();
}

/** A read through GramJS's own path, for a test that compares the two. */
export function readThroughGramjs(reader: BinaryReader, bits: number, signed: boolean): BigInteger {
  return gramjsRead ? gramjsRead(reader, bits, signed) : reader.readLargeInt(bits, signed);
}

/** `toSignedLittleBuffer` by GramJS's own path, for a test that compares the two. */
export function littleBufferThroughGramjs(value: LongValue, bytes: number): Buffer {
  return (gramjsLittleBuffer ?? helpers.toSignedLittleBuffer)(value, bytes);
}

/** An ack's bytes by GramJS's own serializer, for a test that compares the two. */
export function ackBytesThroughGramjs(ack: Api.MsgsAck): Buffer {
  return gramjsAckBytes ? gramjsAckBytes(ack) : ack.getBytes();
}
