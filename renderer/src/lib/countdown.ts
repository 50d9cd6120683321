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
