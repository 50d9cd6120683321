/**
 * Figure 16's traffic (issue 17): each account receives a message once per period on average,
 * from another account, spread evenly over the period; the elapsed time is handed in, so the
 * test moves it.
 */
import { describe, expect, test } from 'vitest';
import { updateSchedule } from '../../bench/support/update-schedule';

describe('updateSchedule', () => {
  test('within one period every account receives one message, from another account', () => {
    const schedule = updateSchedule(5, 60_000);
    const messages = schedule.due(59_999);
    expect(messages).toHaveLength(5);
    expect(messages.map((m) => m.to).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(messages.map((m) => m.from).sort()).toEqual([0, 1, 2, 3, 4]);
    for (const m of messages) expect(m.from).not.toBe(m.to);
  });

  test('messages are spread evenly: accounts / period a second, none handed out twice', () => {
    const schedule = updateSchedule(10_000, 60_000);
    let count = 0;
    const perSecond: number[] = [];
    for (let s = 1; s <= 60; s++) {
      let inSecond = 0;
      for (let ms = (s - 1) * 1000 + 10; ms <= s * 1000; ms += 10)
        inSecond += schedule.due(ms).length;
      perSecond.push(inSecond);
      count += inSecond;
    }
    // The first second also holds message 0, due at the start.
    expect(perSecond[0]).toBe(167);
    expect(Math.min(...perSecond.slice(1))).toBeGreaterThanOrEqual(166);
    expect(Math.max(...perSecond.slice(1))).toBeLessThanOrEqual(167);
    expect(count).toBe(10_001);
    expect(schedule.sent()).toBe(10_001);
  });

  test('a late tick catches up with every message that fell due meanwhile', () => {
    const schedule = updateSchedule(600, 60_000);
    expect(schedule.due(0)).toEqual([{ to: 0, from: 300 }]);
    expect(schedule.due(50)).toEqual([]);
    expect(schedule.due(1_000).map((m) => m.to)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  test('an account sends half a period after it receives, and the next period repeats the pairs', () => {
    const schedule = updateSchedule(4, 4_000);
    expect(schedule.due(7_999).map((m) => [m.from, m.to])).toEqual([
      [2, 0],
      [3, 1],
      [0, 2],
      [1, 3],
      [2, 0],
      [3, 1],
      [0, 2],
      [1, 3],
    ]);
  });

  test('refuses a schedule no account can take part in', () => {
    expect(() => updateSchedule(1, 60_000)).toThrow(/2 accounts/);
    expect(() => updateSchedule(10, 0)).toThrow(/positive/);
  });
});
