/** Calls `fn` at most once per `intervalMs`; calls in between are dropped, not deferred. */
export function throttle(fn: () => void, intervalMs: number, now = () => Date.now()): () => void {
  let last = -Infinity;
  return () => {
    const t = now();
    if (t - last < intervalMs) return;
    last = t;
    fn();
  };
}
