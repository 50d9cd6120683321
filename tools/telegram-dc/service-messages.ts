/**
 * MTProto's rules for service messages (https://core.telegram.org/mtproto/service_messages and
 * https://core.telegram.org/mtproto/description, "Message Sequence Number"), kept apart from the
 * connection so each rule is one readable table. Everything here works on raw bytes: service
 * messages are the same in every API layer, and an RPC query is only decoded once its layer is known.
 */

/** Constructor ids of the messages the DC handles at the MTProto level. */
export const MT = {
  msgContainer: 0x73f1f8dc,
  gzipPacked: 0x3072cfa1,
  msgsAck: 0x62d6b459,
  ping: 0x7abe77ec,
  pingDelayDisconnect: 0xf3427b8c,
  pong: 0x347773c5,
  msgsStateReq: 0xda69fb52,
  msgsStateInfo: 0x04deb57d,
  msgsAllInfo: 0x8cc0d131,
  msgResendReq: 0x7d861a08,
  msgResendAnsReq: 0x8610baeb,
  msgDetailedInfo: 0x276d3ec6,
  msgNewDetailedInfo: 0x809db6df,
  getFutureSalts: 0xb921bd04,
  futureSalts: 0xae500895,
  destroySession: 0xe7512126,
  destroySessionOk: 0xe22045fc,
  destroySessionNone: 0x62d350c9,
  httpWait: 0x9299359f,
  rpcDropAnswer: 0x58e4a740,
  rpcAnswerUnknown: 0x5e2ad36e,
  newSessionCreated: 0x9ec20908,
  badMsgNotification: 0xa7eff811,
  badServerSalt: 0xedab447b,
  invokeWithLayer: 0xda9b0d0d,
} as const;

/**
 * Whether a client message must carry an odd seq_no (content-related) or may carry either.
 *
 * The description calls content-related "virtually all [messages] with the exception of containers
 * and acknowledgments", but clients disagree on service messages and Telegram accepts them all:
 * mtcute, for one, numbers its msgs_ack, pings and msgs_state_req as content-related (odd), GramJS
 * and TDLib number acks even. So the DC insists only where no client differs, that an RPC query
 * is content-related (code 35 otherwise), and takes any parity on service messages, inside or
 * outside a container. A container's own seq_no is defined by its contents ("greater than or
 * equal to the sequence numbers of the messages contained in it"), so it is not checked either.
 */
export type SeqParity = 'odd' | 'any';

/** Service messages a client may send, with either seq_no parity. */
const SERVICE = new Set<number>([
  MT.msgContainer,
  MT.msgsAck,
  MT.ping,
  MT.pingDelayDisconnect,
  MT.msgsStateReq,
  MT.msgsStateInfo,
  MT.msgsAllInfo,
  MT.msgResendReq,
  MT.msgResendAnsReq,
  MT.msgDetailedInfo,
  MT.msgNewDetailedInfo,
  MT.getFutureSalts,
  MT.destroySession,
  MT.httpWait,
]);

/** The seq_no parity a client message with constructor `id` must have. */
export function expectedParity(id: number): SeqParity {
  return SERVICE.has(id) ? 'any' : 'odd';
}

/** Whether the DC's own message with constructor `id` is content-related (odd seq_no). */
export function isContentRelatedOutgoing(id: number): boolean {
  return !NOT_CONTENT_OUT.has(id);
}

const NOT_CONTENT_OUT = new Set<number>([
  MT.msgContainer,
  MT.msgsAck,
  MT.msgsStateInfo,
  MT.msgsAllInfo,
  MT.pong,
  MT.futureSalts,
  MT.badMsgNotification,
  MT.badServerSalt,
]);

/** bad_msg_notification error codes, with the reason the DC logs for each. */
export const BAD_MSG = {
  msgIdTooLow: { code: 16, reason: 'msg_id too low (client clock behind, or an old message)' },
  msgIdTooHigh: { code: 17, reason: 'msg_id too high (client clock ahead)' },
  msgIdNotMod4: { code: 18, reason: 'msg_id of a client message must be divisible by 4' },
  oddExpected: {
    code: 35,
    reason: 'odd seq_no expected (the message is content-related) but even received',
  },
  badContainer: { code: 64, reason: 'invalid container' },
} as const;

/** One entry of {@link BAD_MSG}. */
export type BadMsgReason = (typeof BAD_MSG)[keyof typeof BAD_MSG];

/** One message inside msg_container, still as bytes. */
export interface RawInner {
  msgId: bigint;
  seqNo: number;
  body: Buffer;
}

/** Splits msg_container's bytes (constructor id included); throws on a malformed container. */
export function parseContainer(data: Buffer): RawInner[] {
  if (data.length < 8 || data.readUInt32LE(0) !== MT.msgContainer) throw new Error('no container');
  const count = data.readInt32LE(4);
  if (count < 0 || count > 1024) throw new Error(`container of ${count} messages`);
  const out: RawInner[] = [];
  let pos = 8;
  for (let i = 0; i < count; i++) {
    if (pos + 16 > data.length) throw new Error('container ends early');
    const msgId = data.readBigInt64LE(pos);
    const seqNo = data.readInt32LE(pos + 8);
    const len = data.readInt32LE(pos + 12);
    pos += 16;
    if (len < 4 || len % 4 !== 0 || pos + len > data.length) throw new Error('bad inner length');
    out.push({ msgId, seqNo, body: Buffer.from(data.subarray(pos, pos + len)) });
    pos += len;
  }
  return out;
}

/** Reads a boxed Vector<long> at `offset` (as in msgs_ack, msgs_state_req, msg_resend_req). */
export function readLongVector(data: Buffer, offset: number): bigint[] {
  if (data.length < offset + 8 || data.readUInt32LE(offset) !== 0x1cb5c415)
    throw new Error('Vector<long> expected');
  const n = data.readInt32LE(offset + 4);
  if (n < 0 || data.length < offset + 8 + n * 8) throw new Error('Vector<long> ends early');
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) out.push(data.readBigInt64LE(offset + 8 + i * 8));
  return out;
}

/** What the DC remembers of a session's traffic, enough to answer msgs_state_req. */
export interface MessageLog {
  /** msg_ids received from the client (bounded). */
  received: Set<bigint>;
  /** Highest client msg_id received. */
  maxReceived: bigint;
}

/**
 * The state byte of msgs_state_info for one client msg_id:
 * 1 nothing known (older than what the DC keeps), 2 not received (within the kept range),
 * 3 not received (newer than anything received), 4 received, +16 when no acknowledgment is needed.
 */
export function messageState(log: MessageLog, msgId: bigint): number {
  if (log.received.has(msgId)) return 4;
  if (msgId > log.maxReceived) return 3;
  let oldest: bigint | undefined;
  for (const id of log.received) if (oldest === undefined || id < oldest) oldest = id;
  return oldest !== undefined && msgId >= oldest ? 2 : 1;
}

/** msgs_state_info#04deb57d req_msg_id:long info:string */
export function msgsStateInfo(reqMsgId: bigint, states: readonly number[]): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt32LE(MT.msgsStateInfo, 0);
  head.writeBigInt64LE(reqMsgId, 4);
  return Buffer.concat([head, tlBytes(Buffer.from(states))]);
}

/** pong#347773c5 msg_id:long ping_id:long */
export function pong(msgId: bigint, pingId: bigint): Buffer {
  const b = Buffer.alloc(20);
  b.writeUInt32LE(MT.pong, 0);
  b.writeBigInt64LE(msgId, 4);
  b.writeBigInt64LE(pingId, 12);
  return b;
}

/** destroy_session_ok / destroy_session_none for `sessionId`. */
export function destroySessionResult(sessionId: bigint, existed: boolean): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt32LE(existed ? MT.destroySessionOk : MT.destroySessionNone, 0);
  b.writeBigInt64LE(sessionId, 4);
  return b;
}

/** A salt and its validity window (unix seconds). */
export interface SaltWindow {
  salt: bigint;
  validSince: number;
  validUntil: number;
}

/** future_salts#ae500895 req_msg_id:long now:int salts:vector<future_salt> (a bare vector). */
export function futureSalts(reqMsgId: bigint, now: number, salts: readonly SaltWindow[]): Buffer {
  const head = Buffer.alloc(20);
  head.writeUInt32LE(MT.futureSalts, 0);
  head.writeBigInt64LE(reqMsgId, 4);
  head.writeInt32LE(now, 12);
  head.writeInt32LE(salts.length, 16);
  const parts = [head];
  for (const s of salts) {
    const e = Buffer.alloc(16);
    e.writeInt32LE(s.validSince, 0);
    e.writeInt32LE(s.validUntil, 4);
    e.writeBigInt64LE(s.salt, 8);
    parts.push(e);
  }
  return Buffer.concat(parts);
}

/** rpc_answer_unknown: the DC answers every query at once, so nothing is ever left to drop. */
export function rpcAnswerUnknown(): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(MT.rpcAnswerUnknown, 0);
  return b;
}

function tlBytes(data: Buffer): Buffer {
  const head = data.length < 254 ? Buffer.from([data.length]) : Buffer.alloc(4);
  if (data.length >= 254) {
    head[0] = 254;
    head.writeUIntLE(data.length, 1, 3);
  }
  const pad = (4 - ((head.length + data.length) % 4)) % 4;
  return Buffer.concat([head, data, Buffer.alloc(pad)]);
}

/** "0x62d6b459" */
export function hexId(id: number): string {
  return `0x${(id >>> 0).toString(16).padStart(8, '0')}`;
}
