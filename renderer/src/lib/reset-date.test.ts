import { describe, expect, test } from 'vitest';
import { formatResetMoment } from './reset-date';

describe('the moment an account reset is allowed', () => {
  test.each([
    // A week after 29 November 2026, 14:05 UTC, as Telegram's 2FA_CONFIRM_WAIT_604800 says.
    [Date.UTC(2026, 11, 6, 14, 5), 'UTC', '6 December 2026, 14:05'],
    [Date.UTC(2026, 11, 6, 14, 5), 'Europe/Berlin', '6 December 2026, 15:05'],
    [Date.UTC(2026, 11, 6, 14, 5), 'America/New_York', '6 December 2026, 09:05'],
    // The local day can differ from the UTC day.
    [Date.UTC(2026, 11, 6, 23, 30), 'Asia/Tokyo', '7 December 2026, 08:30'],
    // Midnight is 00, never 24; the year turns in the local zone.
    [Date.UTC(2026, 11, 31, 23, 0), 'Europe/Paris', '1 January 2027, 00:00'],
    // Summer time is applied.
    [Date.UTC(2027, 6, 1, 12, 0), 'Europe/London', '1 July 2027, 13:00'],
  ])('%i in %s is "%s"', (epochMs, timeZone, words) => {
    expect(formatResetMoment(epochMs, timeZone)).toBe(words);
  });

  test('without a time zone it uses the local one', () => {
    const epochMs = Date.UTC(2026, 11, 6, 14, 5);
    const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(formatResetMoment(epochMs)).toBe(formatResetMoment(epochMs, local));
  });
});
