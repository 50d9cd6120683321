/** Locks the vault after the user's chosen idle time. */
import type { Clock, Logger, Timers } from '../ports';

/** How often the timer re-reads the idle setting while nothing else wakes it. */
const POLL_MS = 60_000;

export interface AutoLockOptions {
  timers: Timers;
  clock: Clock;
  logger: Logger;
  /** The user's idle time before the app locks itself, read whenever the timer fires. */
  getMinutes: () => number | null;
  /** Whether there is anything to lock: unlocked, with a passcode, not closed. */
  isActive: () => boolean;
  lock: () => void;
}

export class AutoLock {
  readonly #options: AutoLockOptions;
  #cancel: (() => void) | null = null;
  #lastActivity = 0;

  constructor(options: AutoLockOptions) {
    this.#options = options;
  }

  /** Marks user activity. */
  touch(): void {
    this.#lastActivity = this.#options.clock.now();
  }

  /** (Re)starts the timer; locks at once when the idle time has already passed. */
  arm(): void {
    this.stop();
    const { timers, clock, logger, getMinutes, isActive, lock } = this.#options;
    if (!isActive()) return;
    let wait = POLL_MS;
    const minutes = getMinutes();
    if (minutes !== null && minutes > 0) {
      const remaining = this.#lastActivity + minutes * 60_000 - clock.now();
      if (remaining <= 0) {
        logger.log('info', 'Locking after inactivity', { minutes });
        lock();
        return;
      }
      wait = Math.min(wait, remaining);
    }
    this.#cancel = timers.schedule(() => {
      this.#cancel = null;
      this.arm();
    }, wait);
  }

  stop(): void {
    this.#cancel?.();
    this.#cancel = null;
  }
}
