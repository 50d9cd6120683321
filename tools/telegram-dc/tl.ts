import { returnBigInt } from 'telegram/Helpers';
import { BinaryReader } from 'telegram/extensions/BinaryReader';
import { serializeBytes } from 'telegram/tl';

/** GramJS's long type (big-integer), named without importing that transitive package. */
export type BigInteger = ReturnType<typeof returnBigInt>;

/**
 * Thin glue around GramJS's TL runtime, which the DC reuses for (de)serialisation instead of a TL
 * implementation of its own. Only the few wire shapes GramJS has no writer for (rpc_result,
 * msg_container, gzip_packed, Bool, Vector results) are assembled here.
 */

/** A GramJS TL object: anything with `getBytes()`. */
export interface TlObject {
  getBytes(): Buffer;
  className?: string;
}

/** What an RPC handler may answer: a TL object, a Bool, or a Vector of those. */
export type RpcValue = TlObject | boolean | readonly RpcValue[] | RawTl;

/** Pre-serialised TL bytes (for shapes GramJS cannot write itself). */
export class RawTl {
  constructor(readonly bytes: Buffer) {}
}

const BOOL_TRUE = 0x997275b5;
const BOOL_FALSE = 0xbc799737;
const VECTOR = 0x1cb5c415;
/** rpc_result#f35c6d01 req_msg_id:long result:Object */
export const RPC_RESULT_ID = 0xf35c6d01;
/** msg_container#73f1f8dc messages:vector<%Message> */
export const MSG_CONTAINER_ID = 0x73f1f8dc;
/** gzip_packed#3072cfa1 packed_data:bytes */
export const GZIP_PACKED_ID = 0x3072cfa1;

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0, 0);
  return b;
}

/** Serialises a handler's answer. */
export function serializeValue(value: RpcValue): Buffer {
  if (typeof value === 'boolean') return u32(value ? BOOL_TRUE : BOOL_FALSE);
  if (value instanceof RawTl) return value.bytes;
  if (Array.isArray(value)) {
    const items = (value as readonly RpcValue[]).map(serializeValue);
    const n = Buffer.alloc(4);
    n.writeInt32LE(items.length, 0);
    return Buffer.concat([u32(VECTOR), n, ...items]);
  }
  return (value as TlObject).getBytes();
}

/** Builds rpc_result for `reqMsgId` around already serialised result bytes. */
export function rpcResult(reqMsgId: bigint, body: Buffer): Buffer {
  const id = Buffer.alloc(8);
  id.writeBigInt64LE(reqMsgId, 0);
  return Buffer.concat([u32(RPC_RESULT_ID), id, body]);
}

/** Builds gzip_packed around `gzipped` (already compressed) data. */
export function gzipPacked(gzipped: Buffer): Buffer {
  return Buffer.concat([u32(GZIP_PACKED_ID), serializeBytes(gzipped)]);
}

/** One message inside msg_container. */
export interface ContainerItem {
  msgId: bigint;
  seqNo: number;
  body: Buffer;
}

/** Builds msg_container from inner messages. */
export function msgContainer(items: readonly ContainerItem[]): Buffer {
  const parts: Buffer[] = [u32(MSG_CONTAINER_ID)];
  const n = Buffer.alloc(4);
  n.writeInt32LE(items.length, 0);
  parts.push(n);
  for (const it of items) {
    const h = Buffer.alloc(16);
    h.writeBigInt64LE(it.msgId, 0);
    h.writeInt32LE(it.seqNo, 8);
    h.writeInt32LE(it.body.length, 12);
    parts.push(h, it.body);
  }
  return Buffer.concat(parts);
}

/** Reads TL `bytes` at `offset` (the length prefix included). */
export function readTlBytes(data: Buffer, offset: number): Buffer {
  const first = data[offset];
  if (first === undefined) throw new RangeError('TL bytes expected');
  const long = first === 254;
  const len = long ? data.readUIntLE(offset + 1, 3) : first;
  const start = offset + (long ? 4 : 1);
  if (start + len > data.length) throw new RangeError('TL bytes end early');
  return data.subarray(start, start + len);
}

/** Reads one boxed TL object with GramJS's reader (core types such as gzip come back as promises). */
export async function readObject(data: Buffer): Promise<unknown> {
  const reader = new BinaryReader(data);
  return await (reader.tgReadObject() as unknown);
}

/** A GramJS long (big-integer) from a native bigint. */
export function toLong(n: bigint | number): BigInteger {
  return returnBigInt(n);
}

/** A native bigint from a GramJS long. */
export function fromLong(n: BigInteger | bigint | number): bigint {
  return typeof n === 'bigint' ? n : BigInt(n.toString());
}

/** Name of a TL object, e.g. "auth.SendCode", or "unknown". */
export function classNameOf(obj: unknown): string {
  if (typeof obj === 'object' && obj !== null && 'className' in obj) {
    const name = obj.className;
    if (typeof name === 'string') return name;
  }
  return 'unknown';
}

/** The CONSTRUCTOR_ID of a TL object, or undefined. */
export function constructorIdOf(obj: unknown): number | undefined {
  if (typeof obj === 'object' && obj !== null && 'CONSTRUCTOR_ID' in obj) {
    const id = obj.CONSTRUCTOR_ID;
    if (typeof id === 'number') return id;
  }
  return undefined;
}
