/**
 * The DC's own time, for Telegram's rules: code and recovery-code expiry, resend timeouts, QR
 * token expiry, flood waits. Tests inject a clock or move it with `control.advance(seconds)`, so
 * none of them waits in real time.
 *
 * The transport keeps real time on purpose: msg_id freshness, server msg_ids, `server_time` in
 * the handshake and salt validity are checked against the client's own clock, and an advanced DC
 * clock must not make a live client's msg_ids "too old".
 */

/** A source of time in milliseconds since the epoch (real time: `{ now: () => Date.now() }`). */
export interface DcClock {
  now(): number;
}

/** The real clock. */
export const realClock: DcClock = { now: () => Date.now() };

/** The DC's time: the injected clock plus everything {@link DcTime.advance} added. */
export class DcTime {
  private advancedMs = 0;

  constructor(private readonly clock: DcClock = realClock) {}

  /** Milliseconds since the epoch. */
  nowMs(): number {
    return this.clock.now() + this.advancedMs;
  }

  /** Whole unix seconds. */
  nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  /** Moves DC time forward by `seconds` (fractions allowed); time never goes back. */
  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0)
      throw new Error(
        `the DC clock only moves forward, by a finite number of seconds, not ${seconds}`,
      );
    this.advancedMs += seconds * 1000;
  }
}
