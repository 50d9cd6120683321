/**
 * How many saved accounts a restore connects at once (issue 17): it adapts to how fast
 * connections come up instead of a fixed 8. Decisions are taken per window of finished connects
 * (as many as the limit, at least `minWindow`):
 *
 * - a connect that failed for the network, timed out or was refused (FLOOD_WAIT and the like)
 *   halves the limit at once (multiplicative decrease), and growth waits for a clean window;
 * - a clean window whose median connect time stays within `slowdownFactor` of the fastest median
 *   seen so far, with the main loop's lag under its budget, grows the limit by a quarter (at
 *   least 2);
 * - a clean window that got slower than that, or lag over budget, takes a quarter off;
 *
 * always between `min` and `max`.
 */
import type { Clock } from '../ports';

/** How one connect ended, as far as the pace cares. */
export type ConnectOutcome = 'online' | 'refused' | 'unreachable' | 'other';

export interface RestorePaceOptions {
  clock: Clock;
  /** First limit (default 8). */
  initial?: number;
  /** Bounds (defaults 2 and 64). */
  min?: number;
  max?: number;
  /** Main-loop lag above this (ms) stops growth and shrinks the limit (default 30). */
  lagBudgetMs?: number;
  /** A window slower than this times the fastest median seen shrinks the limit (default 1.5). */
  slowdownFactor?: number;
  /** Fewest finished connects per decision (default 4). */
  minWindow?: number;
}

export interface RestorePace {
  /** How many connects may run at once now. */
  readonly limit: number;
  /** A connect starts; call the returned function with its outcome once it ended. */
  start(): (outcome: ConnectOutcome) => void;
  /** The main loop's lag measured now (ms). */
  lag(ms: number): void;
}

export function createRestorePace(options: RestorePaceOptions): RestorePace {
  const { clock } = options;
  const min = Math.max(1, options.min ?? 2);
  const max = Math.max(min, options.max ?? 64);
  const lagBudgetMs = options.lagBudgetMs ?? 30;
  const slowdownFactor = options.slowdownFactor ?? 1.5;
  const minWindow = Math.max(1, options.minWindow ?? 4);
  let limit = clamp(options.initial ?? 8);
  let window: number[] = [];
  let worstLag = 0;
  let fastestMedian = Infinity;

  function clamp(n: number): number {
    return Math.min(max, Math.max(min, Math.round(n)));
  }

  function decide(): void {
    const median = medianOf(window);
    window = [];
    const isLagging = worstLag > lagBudgetMs;
    worstLag = 0;
    if (isLagging || median > fastestMedian * slowdownFactor) {
      limit = clamp(limit - Math.max(1, limit / 4));
    } else {
      limit = clamp(limit + Math.max(2, limit / 4));
    }
    fastestMedian = Math.min(fastestMedian, median);
  }

  return {
    get limit() {
      return limit;
    },
    start() {
      const startedAt = clock.now();
      let isDone = false;
      return (outcome) => {
        if (isDone) return;
        isDone = true;
        if (outcome === 'refused' || outcome === 'unreachable') {
          limit = clamp(limit / 2);
          window = [];
          worstLag = 0;
          return;
        }
        // A session the server dropped, or a local failure, says nothing about the load.
        if (outcome === 'other') return;
        window.push(clock.now() - startedAt);
        if (window.length >= Math.max(minWindow, limit)) decide();
      };
    },
    lag(ms) {
      worstLag = Math.max(worstLag, ms);
    },
  };
}

function medianOf(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
