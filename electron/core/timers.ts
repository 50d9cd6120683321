/** The system `Timers`, and a repeating task built on any `Timers`. */
import type { Timers } from './ports';

/** Node's timers, unref'd: a pending wait alone never keeps the process (tests, web host) alive. */
export const systemTimers: Timers = {
  schedule(task, ms) {
    const handle = setTimeout(task, ms);
    handle.unref();
    return () => {
      clearTimeout(handle);
    };
  },
};

/** Runs `task` every `ms` until the returned function is called. */
export function repeat(timers: Timers, task: () => void, ms: number): () => void {
  let cancel = timers.schedule(tick, ms);
  let isStopped = false;
  function tick(): void {
    if (isStopped) return;
    cancel = timers.schedule(tick, ms);
    task();
  }
  return () => {
    isStopped = true;
    cancel();
  };
}
