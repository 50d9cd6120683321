/**
 * One keep-alive for every client of a gateway, in place of GramJS's loop per client (issue 17).
 *
 * GramJS 2.26's `_updateLoop` pings each client every 9 s. Because it compares the 9 s since the
 * last pong with its 5 s "woke from sleep" threshold, every ping after the first takes the
 * wake-up branch: one try with a 3 s timeout, a `disconnected` state when the pong takes over
 * 1 s, then `connected`. With 10,000 accounts that is 1,100 pings a second, and on a busy machine
 * a slow pong becomes a disconnect that the account's supervisor answers with a reconnect and a
 * catch-up. It also asks the server to drop the connection after 60,000 s of silence, where the
 * API takes seconds (it meant 60).
 *
 * Here, Telegram Desktop's cadence: a `ping_delay_disconnect` every 30 s per connection with a
 * 60 s disconnect delay, so the server closes a connection whose client went silent; a ping still
 * unanswered when the next one is due means the link is dead, and the connection reconnects. One
 * timer ticks every 20 ms and visits one slot of clients, so pings spread evenly over the
 * interval whatever order the clients connected in (a ping round trip costs this process about
 * 0.75 ms in GramJS: with 10,000 clients, a tick a second held the loop ~30 ms for its 333
 * pings, a tick every 20 ms ~5 ms for its 7), and a client's pending acknowledgements leave
 * within 10 s even when it sends nothing else. Like GramJS's loop, a connection that made no
 * request for 30 minutes asks for `updates.getState`, or Telegram stops sending it updates.
 */
import type { Clock } from '../core/ports';

/** Runs `task` every `ms` until the returned function is called. */
export type Repeat = (task: () => void, ms: number) => () => void;

/** Node's interval, unref'd: a keep-alive alone never keeps the process (tests, web host) alive. */
const nodeRepeat: Repeat = (task, ms) => {
  const handle = setInterval(task, ms);
  handle.unref();
  return () => {
    clearInterval(handle);
  };
};

/** One connection, as the keep-alive drives it (the GramJS side is in gramjs-client.ts). */
export interface KeepAliveTarget {
  /** Connected, and neither reconnecting nor moving to another DC: a ping can go now. */
  isReady(): boolean;
  /** Sends `ping_delay_disconnect`; settles with the pong. */
  ping(disconnectDelaySeconds: number): Promise<unknown>;
  /** Drops the connection and dials again (the session and its pending requests stay). */
  reconnect(): void;
  /** Sends the acknowledgements waiting for the next request, if there are any. */
  flushAcks(): void;
  /** When the connection last made a request of its own (ms, the clock's time). */
  lastRequestAt(): number;
  /** Asks for `updates.getState`; its errors are the target's to swallow. */
  requestState(): Promise<unknown>;
}

export interface KeepAliveOptions {
  /** The wheel's timer (default Node's) and clock (default `Date.now`, GramJS's own). */
  repeat?: Repeat;
  clock?: Clock;
  /** A ping per connection every this many ms (default 30 s). */
  intervalMs?: number;
  /** The wheel's tick (default 20 ms); the interval is a whole number of ticks. */
  tickMs?: number;
  /** Pending acknowledgements leave at least this often (default 10 s). */
  ackEveryMs?: number;
  /** The server drops a connection that sends no ping for this long (default 60 s). */
  disconnectDelaySeconds?: number;
  /** A connection idle this long asks for the update state (default 30 minutes). */
  stateEveryMs?: number;
}

/** A tick this late means this process was stalled: socket reads may be waiting behind it. */
const STALL_MS = 1_000;

interface Watched {
  readonly target: KeepAliveTarget;
  readonly slot: number;
  /** The ping in flight: when it left, or null. */
  pending: { sentAt: number } | null;
}

export class KeepAlive {
  readonly #repeat: Repeat;
  readonly #clock: Clock;
  readonly #tickMs: number;
  readonly #ackSlots: number;
  readonly #intervalMs: number;
  readonly #disconnectDelaySeconds: number;
  readonly #stateEveryMs: number;
  /** Clients by the tick, within the interval, at which they are pinged. */
  readonly #slots: Set<Watched>[];
  #cursor = 0;
  #size = 0;
  /** No slot holds fewer connections than this. */
  #minFill = 0;
  /** Where the search for the least-filled slot starts. */
  #nextFill = 0;
  #stop: (() => void) | null = null;
  /** When the next tick is due; a tick a second late means this process stalled, not the links. */
  #tickDueAt = 0;

  constructor(options: KeepAliveOptions = {}) {
    this.#repeat = options.repeat ?? nodeRepeat;
    this.#clock = options.clock ?? { now: () => Date.now() };
    this.#tickMs = options.tickMs ?? 20;
    const slots = Math.max(1, Math.round((options.intervalMs ?? 30_000) / this.#tickMs));
    this.#intervalMs = slots * this.#tickMs;
    this.#ackSlots = Math.max(1, Math.round((options.ackEveryMs ?? 10_000) / this.#tickMs));
    this.#disconnectDelaySeconds = options.disconnectDelaySeconds ?? 60;
    this.#stateEveryMs = options.stateEveryMs ?? 30 * 60_000;
    this.#slots = Array.from({ length: slots }, () => new Set<Watched>());
  }

  /** How many connections it keeps alive. */
  get size(): number {
    return this.#size;
  }

  /** Keeps `target` alive until the returned function is called. */
  watch(target: KeepAliveTarget): () => void {
    const slot = this.#leastFilled();
    const watched: Watched = { target, slot, pending: null };
    this.#slotOf(slot).add(watched);
    this.#size++;
    if (!this.#stop) {
      this.#tickDueAt = this.#clock.now() + this.#tickMs;
      this.#stop = this.#repeat(() => {
        this.#tick();
      }, this.#tickMs);
    }
    let isWatched = true;
    return () => {
      if (!isWatched) return;
      isWatched = false;
      const clients = this.#slotOf(watched.slot);
      clients.delete(watched);
      this.#minFill = Math.min(this.#minFill, clients.size);
      this.#size--;
      if (this.#size === 0) this.stop();
    };
  }

  /** Stops the wheel (the gateway is disposed); `watch` starts it again. */
  stop(): void {
    this.#stop?.();
    this.#stop = null;
  }

  /**
   * A slot holding the fewest connections, in O(1) while connections only arrive (a restore adds
   * thousands): slots fill in turn from `#nextFill`, and none holds fewer than `#minFill`.
   */
  #leastFilled(): number {
    const count = this.#slots.length;
    for (;;) {
      for (let k = 0; k < count; k++) {
        const slot = (this.#nextFill + k) % count;
        if (this.#slotOf(slot).size <= this.#minFill) {
          this.#nextFill = (slot + 1) % count;
          return slot;
        }
      }
      this.#minFill++;
    }
  }

  #slotOf(slot: number): Set<Watched> {
    const clients = this.#slots[slot];
    if (!clients) throw new Error(`keep-alive slot ${slot} out of range`);
    return clients;
  }

  #tick(): void {
    const now = this.#clock.now();
    const isOnTime = now - this.#tickDueAt < Math.max(this.#tickMs, STALL_MS);
    this.#tickDueAt = now + this.#tickMs;
    const cursor = this.#cursor;
    this.#cursor = (cursor + 1) % this.#slots.length;
    for (let slot = cursor % this.#ackSlots; slot < this.#slots.length; slot += this.#ackSlots) {
      const isPingDue = slot === cursor;
      for (const watched of this.#slotOf(slot)) {
        if (isPingDue) this.#visit(watched, now, isOnTime);
        else if (watched.target.isReady()) watched.target.flushAcks();
      }
    }
  }

  #visit(watched: Watched, now: number, isOnTime: boolean): void {
    const { target } = watched;
    if (!target.isReady()) {
      // GramJS resends what was pending once it is back: no verdict on a ping it will resend.
      watched.pending = null;
      return;
    }
    if (watched.pending) {
      // Unanswered for a whole interval: the link is dead. A late tick means this process was
      // stalled and the pong may be unread in the socket: the verdict waits for the next visit.
      if (isOnTime && now - watched.pending.sentAt >= this.#intervalMs) {
        watched.pending = null;
        target.reconnect();
      }
      return;
    }
    const pending = { sentAt: now };
    watched.pending = pending;
    target.ping(this.#disconnectDelaySeconds).then(
      () => {
        if (watched.pending !== pending) return;
        watched.pending = null;
        if (this.#clock.now() - target.lastRequestAt() > this.#stateEveryMs) {
          void target.requestState();
        }
      },
      () => {
        // The sender gave up on it (a reconnect, or the client is going): the next visit decides.
        if (watched.pending === pending) watched.pending = null;
      },
    );
  }
}
