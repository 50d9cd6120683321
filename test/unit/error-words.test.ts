import { describe, expect, test } from 'vitest';
import { errorMessages, failure, formatWait } from '../../electron/shared/error-words';

describe('error words', () => {
  test('waits are said in words', () => {
    expect(formatWait(1)).toBe('1 second');
    expect(formatWait(45)).toBe('45 seconds');
    expect(formatWait(61)).toBe('2 minutes');
    expect(formatWait(3600)).toBe('1 hour');
    expect(formatWait(3900)).toBe('1 hour 5 minutes');
    expect(formatWait(86_400 * 2 + 3600)).toBe('2 days 1 hour');
  });

  test('every login error has its own message', () => {
    for (const code of [
      'CODE_EMPTY',
      'PHONE_CODE_EXPIRED',
      'PHONE_CODE_HASH_EMPTY',
      'PHONE_NUMBER_INVALID',
      'SEND_CODE_UNAVAILABLE',
      'PHONE_CODE_INVALID',
      'PHONE_CODE_EMPTY',
      'PASSWORD_HASH_INVALID',
      'CODE_INVALID',
      'PASSWORD_RECOVERY_NA',
      'PASSWORD_RECOVERY_EXPIRED',
      'ACCOUNT_RESET_WAIT',
      'FLOOD_WAIT',
      'PHONE_NUMBER_FLOOD',
      'NETWORK',
      'TIMEOUT',
    ] as const) {
      expect(errorMessages[code], code).toBeDefined();
    }
    const messages = Object.values(errorMessages).map((m) => (typeof m === 'function' ? m(10) : m));
    expect(new Set(messages).size).toBe(messages.length);
  });

  test('failure() carries the table message, or the given one, with retryAfter and field', () => {
    const wait = failure('FLOOD_WAIT', { retryAfter: 120 });
    expect(wait.toAppError()).toEqual({
      code: 'FLOOD_WAIT',
      message: 'Telegram asks you to wait before trying again. Try again in 2 minutes.',
      retryAfter: 120,
    });
    expect(failure('UNAVAILABLE', { message: 'The vault is closed.' }).toAppError()).toEqual({
      code: 'UNAVAILABLE',
      message: 'The vault is closed.',
    });
    expect(failure('VALIDATION', { field: 'phone' }).toAppError()).toEqual({
      code: 'VALIDATION',
      message: 'Something went wrong.',
      field: 'phone',
    });
  });
});
