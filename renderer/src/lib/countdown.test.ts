import { describe, expect, it } from 'vitest';
import { formatClock, retryAtFrom, secondsUntil } from './countdown';

describe('countdown formatting', () => {
  it.each([
    [0, '0:00'],
    [9, '0:09'],
    [59.2, '1:00'],
    [245, '4:05'],
    [3723, '1:02:03'],
    [-5, '0:00'],
  ])('formatClock(%d) is %s', (seconds, expected) => {
    expect(formatClock(seconds)).toBe(expected);
  });

  it('rounds the remaining time up and never goes below zero', () => {
    expect(secondsUntil(10_500, 10_000)).toBe(1);
    expect(secondsUntil(10_000, 12_000)).toBe(0);
    expect(secondsUntil(null, 0)).toBe(0);
  });

  it('turns retryAfter seconds into a deadline', () => {
    expect(retryAtFrom(30, 1_000)).toBe(31_000);
    expect(retryAtFrom(undefined, 1_000)).toBeNull();
    expect(retryAtFrom(0, 1_000)).toBeNull();
  });
});
