/** Small helpers shared by the reliability tests. */
import type { AccountsState } from '../../../electron/shared/dto';

/** Collects unhandled rejections while installed (Vitest would also fail the run on them). */
export function collectUnhandledRejections(): { reasons: unknown[]; dispose(): void } {
  const reasons: unknown[] = [];
  const onRejection = (reason: unknown) => {
    reasons.push(reason);
  };
  process.on('unhandledRejection', onRejection);
  return {
    reasons,
    dispose: () => {
      process.off('unhandledRejection', onRejection);
    },
  };
}

export const countByStatus = (state: AccountsState): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const a of state.accounts) counts[a.status.kind] = (counts[a.status.kind] ?? 0) + 1;
  return counts;
};

export const isEveryOnline = (state: AccountsState, ids: readonly string[]): boolean =>
  ids.every((id) => state.accounts.find((a) => a.id === id)?.status.kind === 'online');

/** Smallest gap between consecutive times, or Infinity with fewer than two. */
export function smallestGap(times: readonly number[]): number {
  let gap = Infinity;
  const sorted = [...times].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++)
    gap = Math.min(gap, (sorted[i] ?? 0) - (sorted[i - 1] ?? 0));
  return gap;
}
