import type { Timers } from '../../electron/core/ports';

/** A clock that moves only when the test moves it. */
export class TestClock {
  time = 1_800_000_000_000;
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

/** Timers that fire only when the test says so. */
export class ManualTimers implements Timers {
  timers = new Map<number, { at: number; callback: () => void }>();
  #next = 1;
  constructor(private readonly clock: TestClock) {}
  schedule(callback: () => void, ms: number): () => void {
    const id = this.#next++;
    this.timers.set(id, { at: this.clock.now() + ms, callback });
    return () => {
      this.timers.delete(id);
    };
  }
  /** Advances the clock, firing due timers in order. */
  advance(ms: number): void {
    const end = this.clock.now() + ms;
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, timer]) => timer.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.clock.time = Math.max(this.clock.time, due[1].at);
      due[1].callback();
    }
    this.clock.time = end;
  }
}

/**
 * Waits in real time. Only for what a test cannot drive with a `TestClock`: another process, a
 * socket, or a protocol timeout of the test DC.
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
