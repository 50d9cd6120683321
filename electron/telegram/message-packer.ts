/**
 * What a pushed sender sends next, packed into one buffer (issue 17, figure 16).
 *
 * GramJS 2.26's `MessagePacker.get` writes each message through `MTProtoState.writeDataAsMessage`:
 * two zero-filled 4-byte buffers of their own (not from Node's pool), the msg id, a concatenation
 * of the three, a `BinaryWriter` whose parts are concatenated again, and, for a container, all of
 * it once more. It also builds a debug line with each msg id in decimal, logged or not. An
 * allocation profile of 3,000 idle accounts put about 8 KB per ping under it.
 *
 * `packNext` does the same with the same queue and state, synchronously: the same order of msg
 * ids and seq nos, the same `invokeAfterMsg` wrapping, the same limits (101 messages, about 1 MB a
 * container) and the same refusal of a request too large to send, written once into a buffer of
 * the packet's size. (GramJS's refusal called `reject` on the request's promise, which has none,
 * and threw; here the request's own `reject` is called.) The tests compare its bytes with GramJS's
 * for the same msg ids.
 */
import { Api } from 'telegram';
import type { RequestState } from 'telegram/network/RequestState';
import { MessageContainer, TLMessage } from 'telegram/tl/core';
import { writeLong, type LongValue } from './native-longs';

/** What this file reads of GramJS's MTProtoState (private there). */
interface StateInternals {
  _getNewMsgId(): LongValue;
  _getSeqNo(contentRelated: boolean): number;
}

/** What this file reads and changes of GramJS's MessagePacker (private there). */
export interface PackedQueue {
  _queue: (RequestState | undefined)[];
  _state: unknown;
  _log: { warn(message: string): void };
}

/** What a sender sends next: the requests in it, and the plaintext of its one message. */
export interface Packed {
  batch: RequestState[];
  data: Buffer;
}

/** msg_id, seq_no and length before each message's body. */
const MESSAGE_HEADER = 16;
/** A container's constructor and count. */
const CONTAINER_HEADER = 8;

interface Entry {
  msgId: LongValue;
  seqNo: number;
  body: Buffer;
}

/**
 * A request's body, wrapped to wait for `afterId` if there is one. (GramJS then offers bodies over
 * 512 bytes to `GZIPPacked.gzipIfSmaller`, but 2.26's `gzip` returns its input, commented-out
 * deflate and all, so that never gzips: it only copied the body twice to find that out.)
 */
function bodyOf(data: Buffer, afterId: LongValue | undefined): Buffer {
  if (afterId === undefined) return data;
  const body = Buffer.allocUnsafe(12 + data.length);
  body.writeUInt32LE(Api.InvokeAfterMsg.CONSTRUCTOR_ID, 0);
  writeLong(body, afterId, 4);
  data.copy(body, 12);
  return body;
}

function writeMessage(out: Buffer, at: number, entry: Entry): number {
  writeLong(out, entry.msgId, at);
  out.writeInt32LE(entry.seqNo, at + 8);
  out.writeInt32LE(entry.body.length, at + 12);
  entry.body.copy(out, at + MESSAGE_HEADER);
  return at + MESSAGE_HEADER + entry.body.length;
}

/**
 * GramJS's `MessagePacker.get`: undefined when the queue's last entry is empty (it drops the empty
 * ones), null when nothing could be packed, else the batch sent and its plaintext.
 */
export function packNext(packer: PackedQueue): Packed | null | undefined {
  if (!packer._queue[packer._queue.length - 1]) {
    packer._queue = packer._queue.filter(Boolean);
    return undefined;
  }
  const state = packer._state as StateInternals;
  const batch: RequestState[] = [];
  const entries: Entry[] = [];
  let size = 0;
  while (packer._queue.length && batch.length <= MessageContainer.MAXIMUM_LENGTH) {
    const next = packer._queue.shift();
    if (!next) continue;
    size += next.data.length + TLMessage.SIZE_OVERHEAD;
    if (size <= MessageContainer.MAXIMUM_SIZE) {
      const isContentRelated = (next.request as { classType?: string }).classType === 'request';
      const msgId = state._getNewMsgId();
      const seqNo = state._getSeqNo(isContentRelated);
      const afterId = (next.after as { msgId?: LongValue } | undefined)?.msgId;
      entries.push({ msgId, seqNo, body: bodyOf(next.data, afterId) });
      next.msgId = msgId as RequestState['msgId'];
      batch.push(next);
      continue;
    }
    if (batch.length) {
      packer._queue.unshift(next);
      break;
    }
    const name = (next.request as { className?: string }).className ?? 'a request';
    packer._log.warn(
      `Message payload for ${name} is too long ${String(next.data.length)} and cannot be sent`,
    );
    next.reject('Request Payload is too big');
    size = 0;
  }
  const [only] = entries;
  if (!only) return null;
  if (entries.length === 1) {
    const data = Buffer.allocUnsafe(MESSAGE_HEADER + only.body.length);
    writeMessage(data, 0, only);
    return { batch, data };
  }
  let inner = CONTAINER_HEADER;
  for (const entry of entries) inner += MESSAGE_HEADER + entry.body.length;
  const containerId = state._getNewMsgId();
  const data = Buffer.allocUnsafe(MESSAGE_HEADER + inner);
  writeLong(data, containerId, 0);
  data.writeInt32LE(state._getSeqNo(false), 8);
  data.writeInt32LE(inner, 12);
  data.writeUInt32LE(MessageContainer.CONSTRUCTOR_ID, MESSAGE_HEADER);
  data.writeInt32LE(entries.length, MESSAGE_HEADER + 4);
  let at = MESSAGE_HEADER + CONTAINER_HEADER;
  for (const entry of entries) at = writeMessage(data, at, entry);
  for (const sent of batch) sent.containerId = containerId as RequestState['containerId'];
  return { batch, data };
}
