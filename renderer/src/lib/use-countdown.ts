import { useEffect, useState } from 'react';
import { secondsUntil } from './countdown';

/**
 * Seconds left until `until` (epoch ms). Re-renders only when the whole-second value changes and
 * stops ticking at zero. `null` means no countdown (0).
 */
export function useCountdown(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return undefined;
    const timer = window.setInterval(() => {
      const current = Date.now();
      setNow((previous) =>
        secondsUntil(until, previous) === secondsUntil(until, current) ? previous : current,
      );
      if (current >= until) window.clearInterval(timer);
    }, 200);
    return () => {
      window.clearInterval(timer);
    };
  }, [until]);
  return secondsUntil(until, now);
}
