/**
 * GramJS 2.26's MTProtoSender loops, driven by events instead (pushed-transport.ts says why):
 * nothing of a sender waits between two packets.
 *
 * **Receiving.** The packets a `PushedConnectionTCPFull` hands on are decrypted and processed as
 * they come, one after the other; those that arrive meanwhile wait their turn, and a close that
 * comes meanwhile is handled after them. What GramJS's `_recvLoop` does with each is kept, case
 * by case:
 * - an unknown constructor or a security error drops that packet;
 * - an invalid buffer stops receiving: -404 (the server forgot the key) resets the key,
 *   anything else reconnects;
 * - any other error reaching the packet stops receiving, is reported to the client's error
 *   handler, and reconnects;
 * - a processing error is reported (or, for AUTH_KEY_UNREGISTERED and SESSION_REVOKED, resets
 *   the key of a sender that is not the main one);
 * - when the connection closes, the sender reconnects unless the user disconnected it, or gives
 *   up once its reconnect retries are spent.
 *
 * **Sending.** GramJS's `_sendLoop` waits on its queue (`MessagePacker.wait`) and, once woken,
 * packs what is queued with the acks due, encrypts it and hands it to the connection. The same
 * steps run when the queue is told it is ready (`setReady`, which every append calls), until it
 * is empty; the packing is message-packer.ts's, in one buffer. As in GramJS, the sending stops
 * when the sender disconnects or starts reconnecting, or when the connection refuses a packet
 * (then it reconnects), and the next connect starts it again, sending first what was waiting for
 * an answer.
 */
import { Api } from 'telegram';
import { InvalidBufferError, RPCError, SecurityError, TypeNotFoundError } from 'telegram/errors';
import type { Logger as GramLogger } from 'telegram/extensions/Logger';
import { RequestState } from 'telegram/network/RequestState';
import { packNext, type PackedQueue } from './message-packer';
import { asError, PushedConnectionTCPFull, type PacketReceiver } from './pushed-transport';

/** What this file uses of GramJS's MTProtoSender (private there). */
interface SenderInternals {
  _connection?: unknown;
  _userConnected: boolean;
  isReconnecting: boolean;
  _sendLoop(): Promise<void>;
  _sendLoopHandle?: Promise<void> | null;
  _sendQueue: PackerInternals;
  _pendingAck: Set<Api.MsgsAck['msgIds'][number]>;
  _lastAcks: { push(ack: RequestState): number; shift(): unknown; length: number };
  _recvLoop(): Promise<void>;
  _recvLoopHandle?: Promise<void> | null;
  _currentRetries: number;
  _reconnectRetries: number;
  userDisconnected: boolean;
  _dcId: number;
  _log: GramLogger;
  _client: { _errorHandler?: (error: Error) => Promise<void> };
  _pendingState: {
    values(): RequestState[];
    set(msgId: RequestState['msgId'], state: RequestState): void;
    clear(): void;
  };
  _state: {
    decryptMessageData(body: Buffer): Promise<unknown>;
    encryptMessageData(data: Buffer): Promise<Buffer>;
  };
  _processMessage(message: unknown): Promise<void>;
  _handleBadAuthKey(shouldSkipForMain?: boolean): void;
  reconnect(): void;
}

/** One connection's packets, read for one sender in the order they came. */
class SenderInbox implements PacketReceiver {
  readonly #sender: SenderInternals;
  readonly #connection: PushedConnectionTCPFull;
  readonly #done: () => void;
  #waiting: Buffer[] = [];
  #isBusy = false;
  #isStopped = false;
  #isClosed = false;

  constructor(sender: SenderInternals, connection: PushedConnectionTCPFull, done: () => void) {
    this.#sender = sender;
    this.#connection = connection;
    this.#done = done;
  }

  packet(body: Buffer): void {
    if (this.#isStopped) return;
    if (this.#isBusy) {
      this.#waiting.push(body);
      return;
    }
    this.#isBusy = true;
    void this.#drain(body);
  }

  closed(): void {
    this.#isClosed = true;
    if (!this.#isBusy) this.#finish();
  }

  async #drain(first: Buffer): Promise<void> {
    try {
      for (let body: Buffer | undefined = first; body && !this.#isStopped;) {
        await this.#read(body);
        body = this.#waiting.shift();
      }
    } catch (error) {
      // `#read` handles what GramJS's loop handled; anything else would have ended that loop.
      this.#stop();
      await report(this.#sender, 'receiving', error);
      this.#sender.reconnect();
    }
    this.#isBusy = false;
    if (this.#isClosed) this.#finish();
  }

  async #read(body: Buffer): Promise<void> {
    const sender = this.#sender;
    let message: unknown;
    try {
      message = await sender._state.decryptMessageData(body);
    } catch (error) {
      await this.#unreadable(error);
      return;
    }
    try {
      await sender._processMessage(message);
    } catch (error) {
      if (error instanceof RPCError) {
        if (error.message === 'AUTH_KEY_UNREGISTERED' || error.message === 'SESSION_REVOKED') {
          // Skipped for the main sender, where it means "not logged in yet".
          sender._handleBadAuthKey(true);
        }
      } else {
        await report(sender, 'receiving', error);
      }
    }
    sender._currentRetries = 0;
  }

  async #unreadable(error: unknown): Promise<void> {
    const sender = this.#sender;
    if (error instanceof TypeNotFoundError) {
      sender._log.info(`Type ${error.invalidConstructorId} not found, remaining data`);
      return;
    }
    if (error instanceof SecurityError) {
      sender._log.warn(`Security error while unpacking a received message: ${error.message}`);
      return;
    }
    this.#stop();
    if (error instanceof InvalidBufferError) {
      if (error.code === 404) {
        sender._handleBadAuthKey();
      } else {
        sender._log.warn(`Invalid buffer ${String(error.code)} for dc ${sender._dcId}`);
        sender.reconnect();
      }
      return;
    }
    await report(sender, 'receiving', error);
    sender.reconnect();
  }

  /** Receives nothing more from this connection (GramJS's loop returned). */
  #stop(): void {
    if (this.#isStopped) return;
    this.#isStopped = true;
    this.#waiting = [];
    this.#connection.receiveWith(null);
    this.#done();
  }

  /** The connection closed: what GramJS's loop did when `recv()` threw. */
  #finish(): void {
    if (this.#isStopped) return;
    this.#stop();
    const sender = this.#sender;
    if (sender._currentRetries > sender._reconnectRetries) {
      for (const state of sender._pendingState.values()) {
        state.reject('Maximum reconnection retries reached. Aborting!');
      }
      sender.userDisconnected = true;
    } else if (!sender.userDisconnected) {
      sender._log.warn('Connection closed while receiving data');
      sender.reconnect();
    }
  }
}

/** What this file uses of GramJS's MessagePacker (private there). */
interface PackerInternals extends PackedQueue {
  setReady?: ((isReady: boolean) => void) | undefined;
  values(): unknown[];
  append(state: RequestState): void;
  prepend(states: RequestState[]): void;
}

/** A sender's sending: GramJS's send loop, run when its queue is ready (see above). */
class SenderOutbox {
  readonly #sender: SenderInternals;
  readonly #done: () => void;
  #isScheduled = false;
  #isFlushing = false;
  #isWokenWhileFlushing = false;
  #isStopped = false;

  constructor(sender: SenderInternals, done: () => void) {
    this.#sender = sender;
    this.#done = done;
  }

  /** Sends what is queued, from the next microtask on (what is queued until then goes along). */
  wake(): void {
    if (this.#isFlushing) {
      // The flush may have looked at the queue already: it looks again before it ends.
      this.#isWokenWhileFlushing = true;
      return;
    }
    if (this.#isScheduled || this.#isStopped) return;
    this.#isScheduled = true;
    queueMicrotask(() => {
      this.#isScheduled = false;
      void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    this.#isFlushing = true;
    try {
      while (await this.#sendNext());
    } catch (error) {
      // GramJS's loop died of it and sent nothing more; this sender reconnects instead.
      this.#stop();
      await report(this.#sender, 'sending', error);
      this.#sender.reconnect();
    } finally {
      this.#isFlushing = false;
    }
    // Woken between the last look at the queue and here (awaiting `#sendNext` takes a tick).
    if (this.#isWokenWhileFlushing) this.wake();
  }

  /** One turn of GramJS's send loop; false once the queue is empty or the sending stopped. */
  async #sendNext(): Promise<boolean> {
    const sender = this.#sender;
    this.#isWokenWhileFlushing = false;
    if (!sender._userConnected || sender.isReconnecting) {
      this.#stop();
      return false;
    }
    this.#appendAcks();
    if (sender._sendQueue.values().length === 0) return false;
    const packed = packNext(sender._sendQueue);
    if (!packed) return true;
    const data = await sender._state.encryptMessageData(packed.data);
    for (const state of packed.batch) {
      const request = state.request as { classType?: string };
      if (request.classType === 'request') sender._pendingState.set(state.msgId, state);
    }
    const connection = sender._connection as { send(data: Buffer): Promise<void> };
    try {
      await connection.send(data);
    } catch {
      // When the server disconnects us we want to reconnect (GramJS).
      if (!sender.userDisconnected) sender.reconnect();
      this.#stop();
      return false;
    }
    return true;
  }

  /** Queues one `msgs_ack` for what was received since the last (GramJS's `appendAcks`). */
  #appendAcks(): void {
    const sender = this.#sender;
    if (sender._pendingAck.size === 0) return;
    const ack = new RequestState(new Api.MsgsAck({ msgIds: [...sender._pendingAck] }));
    sender._sendQueue.append(ack);
    sender._lastAcks.push(ack);
    if (sender._lastAcks.length >= 10) sender._lastAcks.shift();
    sender._pendingAck.clear();
  }

  #stop(): void {
    this.#isStopped = true;
    this.#done();
  }
}

/** Reports an error GramJS does not expect to the client's error handler; never throws. */
async function report(
  sender: SenderInternals,
  doing: 'sending' | 'receiving',
  error: unknown,
): Promise<void> {
  sender._log.error(`Unhandled error while ${doing} data`);
  try {
    await sender._client._errorHandler?.(asError(error));
  } catch (failure) {
    sender._log.error(`The client's error handler failed: ${asError(failure).message}`);
  }
}

/**
 * Makes the sender send whenever its queue is ready, not from a loop that waits on it, and
 * receive a `PushedConnectionTCPFull` by its packets; any other connection (an MTProxy's) is read
 * by GramJS's loop as before.
 */
export function pushSender(sender: unknown): void {
  const internals = sender as SenderInternals;
  sendWhenReady(internals);
  receiveByPush(internals);
}

function sendWhenReady(internals: SenderInternals): void {
  const queue = internals._sendQueue;
  let outbox: SenderOutbox | null = null;
  // `setReady` is what the queue calls on every append (and the keep-alive, to flush acks).
  // GramJS's `wait()` would replace it with the resolver of the promise it waits on; only
  // GramJS's send loop calls `wait()`, and it no longer runs.
  queue.setReady = () => {
    outbox?.wake();
  };
  internals._sendLoop = () =>
    new Promise<void>((resolve) => {
      const current = new SenderOutbox(internals, () => {
        if (outbox === current) outbox = null;
        // GramJS starts a send loop on connect only while this is unset.
        internals._sendLoopHandle = undefined;
        resolve();
      });
      outbox = current;
      // Retry previous pending requests (GramJS): what was sent and not answered goes first.
      queue.prepend(internals._pendingState.values());
      internals._pendingState.clear();
      current.wake();
    });
}

function receiveByPush(internals: SenderInternals): void {
  const loop = internals._recvLoop.bind(internals);
  internals._recvLoop = () => {
    const connection = internals._connection;
    if (!(connection instanceof PushedConnectionTCPFull)) return loop();
    return new Promise<void>((resolve) => {
      const inbox = new SenderInbox(internals, connection, () => {
        // GramJS starts a receive loop on connect only while this is unset.
        internals._recvLoopHandle = undefined;
        resolve();
      });
      connection.receiveWith(inbox);
    });
  };
}
