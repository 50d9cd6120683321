import { useEffect } from 'react';
import { invoke } from '../lib/call';
import { throttle } from '../lib/throttle';

const TOUCH_INTERVAL_MS = 30_000;

/**
 * Tells main the user is active (at most every 30 s) so auto-lock measures real idleness. Runs
 * only while `isEnabled` (unlocked, with a passcode).
 */
export function useActivityTouch(isEnabled: boolean): void {
  useEffect(() => {
    if (!isEnabled) return undefined;
    const touch = throttle(() => {
      void invoke('vault:touch');
    }, TOUCH_INTERVAL_MS);
    const events = ['pointerdown', 'keydown', 'wheel'] as const;
    for (const name of events) window.addEventListener(name, touch, { passive: true });
    return () => {
      for (const name of events) window.removeEventListener(name, touch);
    };
  }, [isEnabled]);
}
