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

/** "45 seconds", "1 minute", "3 minutes", "about 2 hours": for sentences read aloud. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.ceil(totalSeconds));
  if (s < 60) return s === 1 ? '1 second' : `${s} seconds`;
  const minutes = Math.ceil(s / 60);
  if (minutes < 60) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours === 1 ? 'about 1 hour' : `about ${hours} hours`;
}

/** Epoch ms when a `retryAfter` (seconds) received at `now` ends. */
export function retryAtFrom(retryAfter: number | undefined, now: number): number | null {
  if (retryAfter === undefined || retryAfter <= 0) return null;
  return now + retryAfter * 1000;
}
