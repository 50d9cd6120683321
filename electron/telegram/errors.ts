/**
 * Turns whatever GramJS throws into an `AppFailure` with a typed code. RPC errors go through the
 * table of Telegram RPC error names below (onto the codes and words of shared/error-words);
 * transport trouble becomes NETWORK; our own call guards become TIMEOUT. Nothing from the
 * original error (which may quote a request) is kept in the message the renderer sees.
 */
import { errors } from 'telegram';
import { failure } from '../shared/error-words';
import { isAppFailure, type AppErrorCode, type AppFailure } from '../shared/errors';

/** Telegram RPC error names that map one-to-one or many-to-one onto app codes. */
const telegramToApp: Record<string, AppErrorCode> = {
  PHONE_NUMBER_INVALID: 'PHONE_NUMBER_INVALID',
  PHONE_NUMBER_BANNED: 'PHONE_NUMBER_BANNED',
  PHONE_NUMBER_UNOCCUPIED: 'SIGN_UP_REQUIRED',
  PHONE_CODE_EMPTY: 'PHONE_CODE_EMPTY',
  PHONE_CODE_INVALID: 'PHONE_CODE_INVALID',
  PHONE_CODE_EXPIRED: 'PHONE_CODE_EXPIRED',
  PHONE_CODE_HASH_EMPTY: 'PHONE_CODE_HASH_EMPTY',
  SEND_CODE_UNAVAILABLE: 'SEND_CODE_UNAVAILABLE',
  FIRSTNAME_INVALID: 'FIRSTNAME_INVALID',
  LASTNAME_INVALID: 'LASTNAME_INVALID',
  API_ID_INVALID: 'API_ID_INVALID',
  API_ID_PUBLISHED_FLOOD: 'API_ID_INVALID',
  PASSWORD_HASH_INVALID: 'PASSWORD_HASH_INVALID',
  PASSWORD_EMPTY: 'PASSWORD_EMPTY',
  CODE_EMPTY: 'CODE_EMPTY',
  CODE_INVALID: 'CODE_INVALID',
  PASSWORD_RECOVERY_NA: 'PASSWORD_RECOVERY_NA',
  PASSWORD_RECOVERY_EXPIRED: 'PASSWORD_RECOVERY_EXPIRED',
  NEW_SETTINGS_INVALID: 'NEW_SETTINGS_INVALID',
  AUTH_TOKEN_EXPIRED: 'QR_TOKEN_EXPIRED',
  AUTH_TOKEN_INVALID: 'QR_TOKEN_EXPIRED',
  AUTH_TOKEN_ALREADY_ACCEPTED: 'QR_TOKEN_EXPIRED',
  PHONE_NUMBER_FLOOD: 'PHONE_NUMBER_FLOOD',
  PHONE_PASSWORD_FLOOD: 'PHONE_PASSWORD_FLOOD',
  AUTH_KEY_UNREGISTERED: 'LOGGED_OUT',
  AUTH_KEY_INVALID: 'LOGGED_OUT',
  SESSION_REVOKED: 'LOGGED_OUT',
  SESSION_EXPIRED: 'LOGGED_OUT',
  USER_DEACTIVATED: 'LOGGED_OUT',
  USER_DEACTIVATED_BAN: 'LOGGED_OUT',
  AUTH_KEY_DUPLICATED: 'AUTH_KEY_DUPLICATED',
  // Two-step verification of an added account (issue 15)
  EMAIL_INVALID: 'EMAIL_INVALID',
  EMAIL_UNCONFIRMED: 'EMAIL_UNCONFIRMED',
  EMAIL_HASH_EXPIRED: 'EMAIL_HASH_EXPIRED',
  NEW_SALT_INVALID: 'NEW_SALT_INVALID',
  NEW_SETTINGS_EMPTY: 'TWO_STEP_OFF',
};

/** Specific messages for Telegram errors that share the generic TELEGRAM_ERROR code. */
const telegramSpecificMessages: Record<string, string> = {
  FRESH_RESET_AUTHORISATION_FORBIDDEN:
    'Telegram does not let a session that signed in less than 24 hours ago end other sessions. Try again tomorrow.',
  HASH_INVALID: 'That session no longer exists. Refresh the list.',
  '2FA_RECENT_CONFIRM':
    'A reset of this account was cancelled recently from one of its signed-in devices, so Telegram does not allow another one yet. Try again in a few days.',
  USER_DEACTIVATED_BAN: 'Telegram has banned this account. Sign in is not possible.',
  // Two-step verification of an added account (issue 15)
  RESET_REQUEST_MISSING: 'No password reset is waiting for this account.',
  SRP_PASSWORD_CHANGED:
    'The two-step verification password was changed elsewhere. Enter the new one.',
  // Account health (issue 15)
  FROZEN_METHOD_INVALID:
    'Telegram has frozen this account: it can read but not change anything. See the account’s health for how to appeal.',
};

/**
 * Maps a Telegram RPC error name (e.g. `FLOOD_WAIT_120`) to an `AppFailure`.
 * `seconds` is the wait GramJS parsed out of the name, when it did.
 */
export function failureFromTelegramError(name: string, seconds?: number): AppFailure {
  const wait = /^(?:FLOOD_WAIT|FLOOD_PREMIUM_WAIT|FLOOD_TEST_PHONE_WAIT|SLOWMODE_WAIT)_(\d+)$/.exec(
    name,
  );
  if (wait?.[1] !== undefined || name === 'FLOOD') {
    const retryAfter = wait?.[1] !== undefined ? Number(wait[1]) : (seconds ?? 60);
    return failure('FLOOD_WAIT', { retryAfter });
  }
  // account.deleteAccount without the password: the reset is allowed in X seconds.
  const resetWait = /^2FA_CONFIRM_WAIT_(\d+)$/.exec(name);
  if (resetWait?.[1] !== undefined) {
    return failure('ACCOUNT_RESET_WAIT', { retryAfter: Number(resetWait[1]) });
  }
  const code = telegramToApp[name];
  const specific = telegramSpecificMessages[name];
  if (code) return failure(code, specific ? { message: specific } : undefined);
  if (specific) return failure('TELEGRAM_ERROR', { message: specific });
  const safeName = /^[A-Z0-9_]{1,64}$/.test(name) ? name : 'an unknown error';
  return failure('TELEGRAM_ERROR', { message: `Telegram refused the request (${safeName}).` });
}

export function toAppFailure(error: unknown): AppFailure {
  if (isAppFailure(error)) return error;
  if (error instanceof errors.FloodWaitError || error instanceof errors.FloodTestPhoneWaitError) {
    return failure('FLOOD_WAIT', { retryAfter: error.seconds });
  }
  // EMAIL_UNCONFIRMED_X: GramJS keeps X (the code's length) and names the error BAD_REQUEST.
  if (error instanceof errors.EmailUnconfirmedError) return failure('EMAIL_UNCONFIRMED');
  if (error instanceof errors.RPCError) {
    return failureFromTelegramError(error.errorMessage);
  }
  return failure('NETWORK');
}

/** The RPC error name, if `error` is one (e.g. SESSION_PASSWORD_NEEDED). */
export function rpcErrorName(error: unknown): string | null {
  return error instanceof errors.RPCError ? error.errorMessage : null;
}

/** A short, secret-free description for log lines. */
export function describeForLog(error: unknown): string {
  if (isAppFailure(error)) return error.code;
  if (error instanceof errors.RPCError) return `rpc:${error.errorMessage}`;
  if (error instanceof Error) return `${error.name}: ${redact(error.message)}`.slice(0, 200);
  return 'unknown';
}

/** Removes long hex/base64 runs (keys, hashes, tokens) from a log line. */
export function redact(text: string): string {
  return text.replace(/[A-Za-z0-9+/=_-]{24,}/g, '[redacted]');
}

/** Rejects with TIMEOUT when `promise` takes longer than `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(failure('TIMEOUT'));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => {
    clearTimeout(timer);
  });
}
