import { expect, test } from 'vitest';
import type { BulkChange, BulkJobView } from '../../../../electron/shared/bulk-dto';
import { mergeJob } from './bulk-jobs';

const counts = (done: number, running: number) => ({
  pending: 0,
  running,
  done,
  failed: 0,
  skipped: 0,
});

const whole: BulkJobView = {
  jobId: 'j1',
  action: 'reconnect',
  total: 2,
  counts: counts(0, 2),
  isFinished: false,
  isCancelled: false,
  version: 2,
  entries: [
    { accountId: 'a', state: 'running', version: 1 },
    { accountId: 'b', state: 'running', version: 2 },
  ],
};

test('a change replaces only the entries it carries', () => {
  const change: BulkChange = {
    ...whole,
    counts: counts(1, 1),
    version: 3,
    changed: [{ accountId: 'a', state: 'done', version: 3 }],
  };
  const merged = mergeJob(whole, change);
  expect(merged.counts).toEqual(counts(1, 1));
  expect(merged.entries.map((e) => e.state)).toEqual(['done', 'running']);
});

test('an older answer (bulk:list read before a push arrived) does not undo a newer push', () => {
  const pushed = mergeJob(whole, {
    ...whole,
    counts: counts(2, 0),
    isFinished: true,
    version: 4,
    changed: [
      { accountId: 'a', state: 'done', version: 3 },
      { accountId: 'b', state: 'done', version: 4 },
    ],
  });
  const merged = mergeJob(pushed, whole);
  expect(merged.isFinished).toBe(true);
  expect(merged.entries.map((e) => e.state)).toEqual(['done', 'done']);
});
