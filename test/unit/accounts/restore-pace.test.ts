/**
 * The restore's adaptive concurrency (issue 17), driven by an injected clock: it grows while
 * connects stay fast and the main loop keeps up, and backs off on failures, slow connects and lag,
 * within its bounds.
 */
import { expect, test } from 'vitest';
import {
  createRestorePace,
  type ConnectOutcome,
  type RestorePace,
} from '../../../electron/core/accounts/restore-pace';

function paced(options: { min?: number; max?: number; initial?: number } = {}) {
  let now = 0;
  const pace = createRestorePace({ clock: { now: () => now }, ...options });
  /** A full window of `pace.limit` connects at once, each taking `ms`, ending as `outcome`. */
  const window = (ms: number, outcome: ConnectOutcome = 'online') => {
    const ends = Array.from({ length: pace.limit }, () => pace.start());
    now += ms;
    for (const end of ends) end(outcome);
    return pace.limit;
  };
  return { pace, window };
}

function limits(pace: RestorePace, steps: (() => number)[]): number[] {
  return [pace.limit, ...steps.map((step) => step())];
}

test('grows while connects stay as fast as the fastest seen, up to its maximum', () => {
  const { pace, window } = paced({ max: 40 });
  expect(
    limits(
      pace,
      Array.from({ length: 6 }, () => () => window(50)),
    ),
  ).toEqual([8, 10, 13, 16, 20, 25, 31]);
  for (let i = 0; i < 10; i++) window(50);
  expect(pace.limit).toBe(40);
});

test('takes a quarter off when connects get slower than 1.5 times the fastest window', () => {
  const { pace, window } = paced();
  window(40);
  window(40);
  expect(pace.limit).toBe(13);
  expect(window(100)).toBe(10);
  // Slower than the best but within 1.5 times: growth resumes.
  expect(window(55)).toBe(13);
});

test('halves at once on a refused or unreachable connect, never below its minimum', () => {
  const { pace, window } = paced({ min: 3 });
  window(40);
  expect(pace.limit).toBe(10);
  const end = pace.start();
  end('refused');
  expect(pace.limit).toBe(5);
  pace.start()('unreachable');
  expect(pace.limit).toBe(3);
  pace.start()('unreachable');
  expect(pace.limit).toBe(3);
});

test('main-loop lag over its budget stops growth and shrinks the limit', () => {
  const { pace, window } = paced();
  window(40);
  expect(pace.limit).toBe(10);
  pace.lag(80);
  expect(window(40)).toBe(8);
  pace.lag(10);
  expect(window(40)).toBe(10);
});

test('a logged-out or local failure says nothing about the load', () => {
  const { window } = paced();
  expect(window(40, 'other')).toBe(8);
  expect(window(40, 'other')).toBe(8);
});

test('a fixed pace (min = max) never moves', () => {
  const { pace, window } = paced({ initial: 8, min: 8, max: 8 });
  window(10);
  pace.start()('refused');
  window(500);
  expect(pace.limit).toBe(8);
});
