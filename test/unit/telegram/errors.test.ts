import { describe, expect, test } from 'vitest';
import { errors } from 'telegram';
import { failureFromTelegramError, toAppFailure } from '../../../electron/telegram/errors';

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
    ['2FA_CONFIRM_WAIT_604800', 'ACCOUNT_RESET_WAIT', 604800],
    ['2FA_RECENT_CONFIRM', 'TELEGRAM_ERROR', undefined],
    ['SOMETHING_NEW', 'TELEGRAM_ERROR', undefined],
    // Two-step verification of an added account (issue 15)
    ['EMAIL_INVALID', 'EMAIL_INVALID', undefined],
    ['EMAIL_HASH_EXPIRED', 'EMAIL_HASH_EXPIRED', undefined],
    ['NEW_SALT_INVALID', 'NEW_SALT_INVALID', undefined],
    ['NEW_SETTINGS_INVALID', 'NEW_SETTINGS_INVALID', undefined],
    ['NEW_SETTINGS_EMPTY', 'TWO_STEP_OFF', undefined],
    ['RESET_REQUEST_MISSING', 'TELEGRAM_ERROR', undefined],
  ] as const)('%s → %s', (name, code, retryAfter) => {
    const failure = failureFromTelegramError(name);
    expect(failure.code).toBe(code);
    expect(failure.retryAfter).toBe(retryAfter);
    expect(failure.message.length).toBeGreaterThan(10);
  });

  test('a flood wait says how long, in words', () => {
    expect(failureFromTelegramError('FLOOD_WAIT_120').message).toContain('Try again in 2 minutes.');
  });

  test('an account reset held back says when, in words; a cancelled one says why', () => {
    expect(failureFromTelegramError('2FA_CONFIRM_WAIT_90000').message).toContain(
      'You can reset it in 1 day 1 hour.',
    );
    expect(failureFromTelegramError('2FA_RECENT_CONFIRM').message).toMatch(/cancelled recently/);
  });

  test('unknown names are not echoed when they look odd', () => {
    expect(failureFromTelegramError('<script>').message).not.toContain('<script>');
  });
});

test('EMAIL_UNCONFIRMED_X, which GramJS names BAD_REQUEST, is EMAIL_UNCONFIRMED in plain words', () => {
  const failure = toAppFailure(new errors.EmailUnconfirmedError({ capture: 6 }));
  expect(failure.code).toBe('EMAIL_UNCONFIRMED');
  expect(failure.message).toBe(
    'The new recovery email is not confirmed yet. Enter the code Telegram sent to it.',
  );
});
