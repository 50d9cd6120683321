import { useEffect, useState } from 'react';
import { type CountdownReading, readCountdown, secondsUntil } from './countdown';

/**
 * Seconds left until `until` (epoch ms). Re-renders only when the whole-second value changes and
 * stops ticking at zero. `null` means no countdown (0). A new `until` is measured against a fresh
 * clock reading in the same render, so neither the clock nor an announcement ever shows a value
 * computed from the previous countdown's last tick. `clock` is injectable for tests.
 */
export function useCountdown(until: number | null, clock: () => number = Date.now): number {
  const [reading, setReading] = useState<CountdownReading>(() => ({ until, now: clock() }));
  const current = readCountdown(reading, until, clock);
  if (current !== reading) setReading(current);
  useEffect(() => {
    if (until === null) return undefined;
    const timer = window.setInterval(() => {
      const now = clock();
      setReading((previous) => readCountdown(previous, until, () => now, true));
      if (now >= until) window.clearInterval(timer);
    }, 200);
    return () => {
      window.clearInterval(timer);
    };
  }, [until, clock]);
  return secondsUntil(until, current.now);
}
