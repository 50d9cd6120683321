/** Whole seconds from `now` until `until` (epoch ms), never negative. */
export function secondsUntil(until: number | null, now: number): number {
  if (until === null) return 0;
  return Math.max(0, Math.ceil((until - now) / 1000));
}

/** "0:09", "4:05", "1:02:03": a compact clock for countdowns. */
export function formatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.ceil(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const ss = String(seconds).padStart(2, '0');
  if (hours > 0) return `${hours}:${String(minutes).padStart(2, '0')}:${ss}`;
  return `${minutes}:${ss}`;
}

/** Epoch ms when a `retryAfter` (seconds) received at `now` ends. */
export function retryAtFrom(retryAfter: number | undefined, now: number): number | null {
  if (retryAfter === undefined || retryAfter <= 0) return null;
  return now + retryAfter * 1000;
}

/** The clock reading a countdown renders with, and the deadline it was taken for. */
export interface CountdownReading {
  until: number | null;
  now: number;
}

/**
 * The reading to render `until` with: a fresh one when the deadline changed (a reading taken for
 * an earlier deadline would show that countdown's last second, e.g. 18 s for a new 5 s wait);
 * on a tick, a fresh one only when the whole-second value changed; otherwise `previous` itself.
 */
export function readCountdown(
  previous: CountdownReading,
  until: number | null,
  clock: () => number,
  isTick = false,
): CountdownReading {
  if (previous.until !== until) return { until, now: clock() };
  if (!isTick) return previous;
  const now = clock();
  return secondsUntil(until, previous.now) === secondsUntil(until, now) ? previous : { until, now };
}
