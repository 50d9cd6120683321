/**
 * Rate limiting of passcode and recovery-code attempts, persisted so that restarting the app does
 * not reset the delay. Each attempt is counted as a failure *before* the secret is checked and
 * cleared only on success, so killing the app mid-check cannot be used to skip the count.
 *
 * The stored counter carries an HMAC (counter-seal.ts). A counter that is damaged, forged, or
 * missing while a passcode exists reads as `PENALTY`: the free attempts are used up, so the next
 * wrong attempt is already delayed.
 */
import { failure, formatWait } from '../../shared/error-words';
import type { Clock, KeyValueStore } from '../ports';
import { openCounter, sealCounter } from './counter-seal';

const STATE_KEY = 'attempts';

/** Failures allowed before any delay applies. */
export const FREE_ATTEMPTS = 3;
/** The first delay, doubled with every further failure. */
export const FIRST_DELAY_MS = 5_000;
/** Delays stop growing at one hour. */
export const MAX_DELAY_MS = 60 * 60 * 1000;

export interface AttemptState {
  failures: number;
  /** Epoch ms before which attempts are refused, or null. */
  retryAt: number | null;
}

/** The delay that applies after `failures` consecutive failures, in milliseconds. */
export function delayAfter(failures: number): number {
  if (failures <= FREE_ATTEMPTS) return 0;
  const exponent = Math.min(failures - FREE_ATTEMPTS - 1, 30);
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** exponent);
}

const ZERO: Readonly<AttemptState> = Object.freeze({ failures: 0, retryAt: null });

/** What a missing or untrustworthy counter reads as: the free attempts already used. */
export const PENALTY: Readonly<AttemptState> = Object.freeze({
  failures: FREE_ATTEMPTS,
  retryAt: null,
});

export interface AttemptLimiterOptions {
  /** The HMAC key of the stored counter. */
  macKey: Uint8Array;
  /** True while a passcode exists: then a missing counter is a penalty, not a clean slate. */
  requiresCounter: () => boolean;
}

export class AttemptLimiter {
  readonly #store: KeyValueStore;
  readonly #clock: Clock;
  readonly #macKey: Uint8Array;
  readonly #requiresCounter: () => boolean;

  constructor(store: KeyValueStore, clock: Clock, options: AttemptLimiterOptions) {
    this.#store = store;
    this.#clock = clock;
    this.#macKey = options.macKey;
    this.#requiresCounter = options.requiresCounter;
  }

  state(): AttemptState {
    const value = this.#store.get(STATE_KEY);
    if (value === undefined) return this.#requiresCounter() ? { ...PENALTY } : ZERO;
    // A damaged or forged entry counts as the free attempts used up, never as a clean slate.
    return openCounter(this.#macKey, value) ?? { ...PENALTY };
  }

  /** Epoch ms until which attempts are refused, or null when an attempt may be made now. */
  retryAt(): number | null {
    const { retryAt } = this.state();
    return retryAt !== null && retryAt > this.#clock.now() ? retryAt : null;
  }

  /** Throws `TOO_MANY_REQUESTS` while a delay applies; otherwise counts the attempt as failed. */
  begin(): void {
    const state = this.state();
    const now = this.#clock.now();
    if (state.retryAt !== null && state.retryAt > now) {
      const seconds = Math.max(1, Math.ceil((state.retryAt - now) / 1000));
      throw failure('TOO_MANY_REQUESTS', {
        message: `Too many incorrect attempts. Try again in ${formatWait(seconds)}.`,
        retryAfter: seconds,
      });
    }
    const failures = state.failures + 1;
    const delay = delayAfter(failures);
    this.#save({ failures, retryAt: delay > 0 ? now + delay : null });
  }

  /** Seconds until the next attempt is allowed after the attempt just failed, if any. */
  failed(): number | undefined {
    const retryAt = this.retryAt();
    return retryAt === null
      ? undefined
      : Math.max(1, Math.ceil((retryAt - this.#clock.now()) / 1000));
  }

  /** Clears the count: after a correct secret, and when a passcode is first set. */
  succeeded(): void {
    this.#save(ZERO);
  }

  #save(state: AttemptState): void {
    this.#store.set(STATE_KEY, sealCounter(this.#macKey, state));
  }
}
