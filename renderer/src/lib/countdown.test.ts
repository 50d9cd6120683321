import { describe, expect, it } from 'vitest';
import { formatClock, readCountdown, retryAtFrom, secondsUntil } from './countdown';

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

  it("measures a new deadline against a fresh reading, not the last countdown's last tick", () => {
    let now = 0;
    const clock = () => now;
    // The resend clock ended at 0 s; the user waited 13 s, then a 5 s wait began.
    let reading = readCountdown({ until: null, now: 0 }, null, clock);
    now = 13_000;
    const until = now + 5_000;
    reading = readCountdown(reading, until, clock);
    expect(secondsUntil(until, reading.now)).toBe(5);
    // Renders within the same second keep the reading; ticks take a new one only per second.
    now = 13_400;
    expect(readCountdown(reading, until, clock)).toBe(reading);
    expect(readCountdown(reading, until, clock, true)).toBe(reading);
    now = 14_100;
    reading = readCountdown(reading, until, clock, true);
    expect(secondsUntil(until, reading.now)).toBe(4);
    now = 18_000;
    reading = readCountdown(reading, until, clock, true);
    expect(secondsUntil(until, reading.now)).toBe(0);
  });
});
