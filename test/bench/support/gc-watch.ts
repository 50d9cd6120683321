/**
 * The garbage collector's pauses over a window, by kind, from Node's `gc` performance entries:
 * where a window's main-loop lag comes from when it is not the app's own code (figure 16).
 */
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

/** One kind of collection over a window. */
export interface GcKindSummary {
  count: number;
  totalMs: number;
  maxMs: number;
  /** Pauses of 10 ms or more: each one shows in the lag's p99 at 10,000 samples a minute. */
  atLeast10Ms: number;
}

export type GcKind = 'minor' | 'major' | 'incremental' | 'weak callbacks';

export type GcSummary = Record<GcKind, GcKindSummary>;

const kindOf = (flag: number): GcKind | null => {
  if (flag === constants.NODE_PERFORMANCE_GC_MINOR) return 'minor';
  if (flag === constants.NODE_PERFORMANCE_GC_MAJOR) return 'major';
  if (flag === constants.NODE_PERFORMANCE_GC_INCREMENTAL) return 'incremental';
  if (flag === constants.NODE_PERFORMANCE_GC_WEAKCB) return 'weak callbacks';
  return null;
};

const empty = (): GcKindSummary => ({ count: 0, totalMs: 0, maxMs: 0, atLeast10Ms: 0 });

/** Starts counting; the returned function stops and gives the pauses since. */
export function watchGc(): () => Promise<GcSummary> {
  const summary: GcSummary = {
    minor: empty(),
    major: empty(),
    incremental: empty(),
    'weak callbacks': empty(),
  };
  const count = (entries: PerformanceEntry[]) => {
    for (const entry of entries) {
      const { detail } = entry as PerformanceEntry & { detail?: { kind?: number } };
      const kind = kindOf(detail?.kind ?? -1);
      if (!kind) continue;
      const s = summary[kind];
      s.count++;
      s.totalMs += entry.duration;
      s.maxMs = Math.max(s.maxMs, entry.duration);
      if (entry.duration >= 10) s.atLeast10Ms++;
    }
  };
  const observer = new PerformanceObserver((list) => {
    count(list.getEntries());
  });
  observer.observe({ entryTypes: ['gc'] });
  return async () => {
    // Entries are queued after the collection that made them: let the last ones arrive.
    await new Promise((resolve) => setImmediate(resolve));
    count(observer.takeRecords());
    observer.disconnect();
    return summary;
  };
}
