import { describe, expect, it } from 'vitest';
import { isCodeComplete, normalizeCode } from './code-input';
import { throttle } from './throttle';

describe('code input', () => {
  it.each([
    ['12345', 5, '12345'],
    ['12 345', 5, '12345'],
    ['12-345', 5, '12345'],
    ['Code: 12345.', 5, '12345'],
    ['1234567', 5, '12345'],
    [' 98 76 ', null, '9876'],
  ])('normalizes pasted %j', (input, length, expected) => {
    expect(normalizeCode(input, length)).toBe(expected);
  });

  it('is complete only at the expected length', () => {
    expect(isCodeComplete('12345', 5)).toBe(true);
    expect(isCodeComplete('1234', 5)).toBe(false);
    expect(isCodeComplete('12345', null)).toBe(false);
  });
});

describe('throttle', () => {
  it('runs at most once per interval and drops the calls in between', () => {
    let now = 0;
    let calls = 0;
    const touch = throttle(
      () => {
        calls++;
      },
      30_000,
      () => now,
    );
    touch();
    now = 10_000;
    touch();
    now = 29_999;
    touch();
    expect(calls).toBe(1);
    now = 30_000;
    touch();
    expect(calls).toBe(2);
  });
});
