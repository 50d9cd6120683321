/**
 * What GramJS 2.26's MTProtoSender keeps of its traffic, cut to what it uses (figure 14: an idle
 * account's memory after its chats received 1,000 messages).
 *
 * - `_lastAcks`: every `msgs_ack` it sends is pushed there (the last nine), to resend one the
 *   server answers with `bad_server_salt` or `bad_msg_notification`. Its lookup (`_popStates`)
 *   compares the ack's msg id with `===`, and both are BigInteger objects made apart, so it never
 *   finds one: the list is only written. An idle connection sends little else, so the ack of a
 *   burst of updates (one id per message) stayed referenced for minutes. Nothing is kept now;
 *   a lost ack costs at most a resend, whose copy the update sequence drops.
 * - `_state.msgIds`: the last 501 msg ids received, as decimal strings (about 48 bytes each), to
 *   refuse a repeated one. The same check runs on 64-bit integers (8 bytes each), in an array
 *   that grows with use up to 512.
 *
 * And what its transport keeps between packets (issue 17: RSS per idle online account). Node
 * cuts small buffers out of shared 8 KB slabs, and a slice keeps its whole slab: the last packet
 * (held by the receive loops until the next one), the socket's empty rest of it, and the
 * session's 256-byte key each kept a slab per idle account. They get buffers of their own.
 */

/** What this file changes of GramJS's MTProtoSender and MTProtoState (private there). */
interface SenderInternals {
  _lastAcks: unknown;
  _state: StateInternals;
}
interface StateInternals {
  msgIds: unknown;
  reset(): void;
}

/** An array that keeps nothing (GramJS pushes, shifts and iterates it). */
class NoAcks extends Array<unknown> {
  override push(): number {
    return 0;
  }
}

/**
 * The msg ids a connection received last, oldest first, with the part of an array's interface
 * MTProtoState uses on its `msgIds` (`includes`, `push`, `shift`, `length`), ids given as strings.
 */
export class ReceivedMsgIds {
  #ids = new BigInt64Array(16);
  #start = 0;
  #count = 0;

  get length(): number {
    return this.#count;
  }

  includes(id: string): boolean {
    const value = BigInt.asIntN(64, BigInt(id));
    const size = this.#ids.length;
    for (let i = 0; i < this.#count; i++) {
      if (this.#ids[(this.#start + i) % size] === value) return true;
    }
    return false;
  }

  push(id: string): number {
    if (this.#count === this.#ids.length) this.#grow();
    this.#ids[(this.#start + this.#count) % this.#ids.length] = BigInt.asIntN(64, BigInt(id));
    this.#count++;
    return this.#count;
  }

  shift(): string | undefined {
    if (this.#count === 0) return undefined;
    const oldest = this.#ids[this.#start];
    this.#start = (this.#start + 1) % this.#ids.length;
    this.#count--;
    return oldest?.toString();
  }

  #grow(): void {
    const next = new BigInt64Array(this.#ids.length * 2);
    for (let i = 0; i < this.#count; i++)
      next[i] = this.#ids[(this.#start + i) % this.#ids.length] ?? 0n;
    this.#ids = next;
    this.#start = 0;
  }
}

/** Cuts one sender's memory of its traffic (see above); again after each state reset. */
export function trimSenderMemory(sender: unknown): void {
  const internals = sender as SenderInternals;
  internals._lastAcks = new NoAcks();
  const state = internals._state;
  const reset = state.reset.bind(state);
  state.reset = () => {
    reset();
    state.msgIds = new ReceivedMsgIds();
  };
  state.msgIds = new ReceivedMsgIds();
}

/** `buffer`'s bytes in memory of their own (not a slice of one of Node's shared slabs). */
export function ownBuffer(buffer: Buffer): Buffer {
  const own = Buffer.allocUnsafeSlow(buffer.length);
  buffer.copy(own);
  return own;
}

const EMPTY = Buffer.allocUnsafeSlow(0);

/** What this file changes of GramJS's PromisedNetSockets (private there). */
interface SocketInternals {
  stream?: Buffer;
  read?: (count: number) => Promise<Buffer>;
}

/**
 * Once GramJS's socket has handed out all it received, its `stream` is an empty slice of the
 * last chunk, which keeps that chunk: an empty buffer of its own takes its place.
 */
export function releaseReadChunks(socket: unknown): void {
  const internals = socket as SocketInternals;
  const read = internals.read?.bind(socket);
  if (!read) return;
  internals.read = async (count) => {
    const chunk = await read(count);
    if (internals.stream?.length === 0) internals.stream = EMPTY;
    return chunk;
  };
}
