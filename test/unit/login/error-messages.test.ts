import { describe, expect, test } from 'vitest';
import {
  failureFromTelegramError,
  formatWait,
  loginErrorMessages,
} from '../../../electron/core/login/error-messages';
import { parsePhone } from '../../../electron/core/login/phone';
import type { ServerProfile } from '../../../electron/shared/server-profile';

describe('Telegram error table', () => {
  test.each([
    ['FLOOD_WAIT_120', 'FLOOD_WAIT', 120],
    ['FLOOD_PREMIUM_WAIT_5', 'FLOOD_WAIT', 5],
    ['PHONE_NUMBER_FLOOD', 'PHONE_NUMBER_FLOOD', undefined],
    ['PHONE_PASSWORD_FLOOD', 'PHONE_PASSWORD_FLOOD', undefined],
    ['PHONE_CODE_EXPIRED', 'PHONE_CODE_EXPIRED', undefined],
    ['PHONE_CODE_HASH_EMPTY', 'PHONE_CODE_HASH_EMPTY', undefined],
    ['SEND_CODE_UNAVAILABLE', 'SEND_CODE_UNAVAILABLE', undefined],
    ['PASSWORD_RECOVERY_NA', 'PASSWORD_RECOVERY_NA', undefined],
    ['AUTH_KEY_UNREGISTERED', 'LOGGED_OUT', undefined],
    ['SESSION_REVOKED', 'LOGGED_OUT', undefined],
    ['AUTH_KEY_DUPLICATED', 'AUTH_KEY_DUPLICATED', undefined],
    ['AUTH_TOKEN_EXPIRED', 'QR_TOKEN_EXPIRED', undefined],
    ['SOMETHING_NEW', 'TELEGRAM_ERROR', undefined],
  ] as const)('%s → %s', (name, code, retryAfter) => {
    const failure = failureFromTelegramError(name);
    expect(failure.code).toBe(code);
    expect(failure.retryAfter).toBe(retryAfter);
    expect(failure.message.length).toBeGreaterThan(10);
  });

  test('flood waits say how long, in words', () => {
    expect(failureFromTelegramError('FLOOD_WAIT_120').message).toContain('Try again in 2 minutes.');
    expect(formatWait(1)).toBe('1 second');
    expect(formatWait(45)).toBe('45 seconds');
    expect(formatWait(61)).toBe('2 minutes');
    expect(formatWait(3600)).toBe('1 hour');
    expect(formatWait(3900)).toBe('1 hour 5 minutes');
    expect(formatWait(86_400 * 2 + 3600)).toBe('2 days 1 hour');
  });

  test('every login error the issue lists has its own message', () => {
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
      'FLOOD_WAIT',
      'PHONE_NUMBER_FLOOD',
      'NETWORK',
      'TIMEOUT',
    ] as const) {
      expect(loginErrorMessages[code], code).toBeDefined();
    }
    const messages = Object.values(loginErrorMessages).map((m) =>
      typeof m === 'function' ? m(10) : m,
    );
    expect(new Set(messages).size).toBe(messages.length);
  });

  test('unknown names are not echoed when they look odd', () => {
    expect(failureFromTelegramError('<script>').message).not.toContain('<script>');
  });
});

describe('phone parsing', () => {
  const sandbox: ServerProfile = {
    kind: 'custom',
    label: 'x',
    isSandbox: true,
    defaultDcId: 2,
    dcs: [{ id: 2, host: '127.0.0.1', port: 1 }],
    rsaKeys: [{ fingerprint: '1', n: 'ab', e: 65537 }],
  };
  test('test numbers only where test numbers exist', () => {
    expect(parsePhone('9996620001', { kind: 'test' }).digits).toBe('9996620001');
    expect(parsePhone('+999 66 2 0001', sandbox).display).toBe('+99966 2 0001');
    expect(() => parsePhone('9996620001', { kind: 'production' })).toThrow(/test numbers/);
  });
  test('international numbers', () => {
    expect(parsePhone('+44 7700 900123', { kind: 'production' })).toEqual({
      digits: '447700900123',
      display: '+44 7700 900123',
    });
    expect(() => parsePhone('+1 234', { kind: 'production' })).toThrow();
  });
});
