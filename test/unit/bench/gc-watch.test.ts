/** Figure 16's GC pauses by kind (support/gc-watch.ts): what it counts is what V8 did. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, test } from 'vitest';
import { watchGc } from '../../bench/support/gc-watch';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

test('counts the young and full collections of a window, and nothing after it', async () => {
  const stop = watchGc();
  // Short-lived garbage that escapes (V8 cannot elide it): young-generation collections.
  const ring: number[][] = new Array<number[]>(64);
  for (let i = 0; i < 200_000; i++) ring[i % 64] = new Array<number>(32).fill(i);
  expect(ring[0]?.[0]).toBe(199_936);
  gc();
  const summary = await stop();
  expect(summary.minor.count).toBeGreaterThan(0);
  expect(summary.major.count).toBeGreaterThanOrEqual(1);
  for (const kind of [summary.minor, summary.major]) {
    expect(kind.totalMs).toBeGreaterThan(0);
    expect(kind.maxMs).toBeLessThanOrEqual(kind.totalMs);
    expect(kind.atLeast10Ms).toBeLessThanOrEqual(kind.count);
  }
  const major = summary.major.count;
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  expect(summary.major.count).toBe(major);
});
