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
 * took its own reference when it loaded, so the TL objects' longs keep GramJS's path.
 *
 * Through the same exports the sender reads the auth key id of every packet it receives
 * (`readBigIntFromBuffer` of 8 bytes, now native like the reads above) and draws a new sender's
 * session id and every message's padding (`generateRandomLong`, `generateRandomBytes`, now cut
 * from `random-pool.ts`): a profile of a 10,000-account restore had 6 % of its CPU under them.
 */
import { createRequire } from 'node:module';
import { Api } from 'telegram';
import { BinaryReader } from 'telegram/extensions';
import { returnBigInt } from 'telegram/Helpers';
import { randomBytesOf } from './random-pool';

/** GramJS's BigInteger (big-integer, which only GramJS imports). */
type BigInteger = ReturnType<typeof returnBigInt>;
type ReadLargeInt = (reader: BinaryReader, bits: number, signed: boolean) => BigInteger;
type GetBytes = (ack: Api.MsgsAck) => Buffer;
type LittleBuffer = (value: LongValue, bytes?: number) => Buffer;
type ReadFromBuffer = (buffer: Buffer, little?: boolean, signed?: boolean) => BigInteger;
/** What GramJS hands its long writer: a BigInteger (mostly), a number or a bigint. */
type LongValue = BigInteger | number | bigint;

/** GramJS's own methods, once replaced. */
let gramjsRead: ReadLargeInt | null = null;
let gramjsAckBytes: GetBytes | null = null;
let gramjsLittleBuffer: LittleBuffer | null = null;
let gramjsFromBuffer: ReadFromBuffer | null = null;

/** GramJS's Helpers module itself (an `import` would give a copy of its exports). */
const helpers = createRequire(import.meta.url)('telegram/Helpers') as {
  toSignedLittleBuffer: LittleBuffer;
  readBigIntFromBuffer: ReadFromBuffer;
  generateRandomLong: (signed?: boolean) => BigInteger;
  generateRandomBytes: (count: number) => Buffer;
};

/** The TL id of `Vector<T>`. */
const VECTOR_ID = 0x1cb5c415;

/** A BigInteger (or a number) as the signed 64-bit value TL writes. */
function int64Of(value: LongValue): bigint {
  // big-integer wraps a native bigint where the runtime has one (every Node GramJS runs on).
  const native = typeof value === 'object' ? (value as { value?: unknown }).value : value;
  return BigInt.asIntN(
    64,
    typeof native === 'bigint'
      ? native
      : BigInt(typeof value === 'number' ? value : value.toString()),
  );
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
  helpers.generateRandomLong = (signed = true) =>
    returnBigInt(readInt64(randomBytesOf(8), true, signed));
  helpers.generateRandomBytes = (count) => randomBytesOf(count);
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
    gramjsLittleBuffer !== null &&
    gramjsFromBuffer !== null
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
