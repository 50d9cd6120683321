/**
 * The one table of Telegram errors: Telegram's RPC error name → app error code → the message a
 * person reads. The GramJS adapter maps every RPC error through {@link failureFromTelegramError};
 * core uses {@link failure} for the same codes when it refuses something locally (a flood wait
 * that is still running, a code of the wrong length).
 */
import { AppFailure, type AppErrorCode } from '../../shared/errors';

/** "2 minutes", "1 hour 5 minutes", "30 seconds". */
export function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (s < 60) return plural(s, 'second');
  const minutes = Math.ceil(s / 60);
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 24)
    return rest ? `${plural(hours, 'hour')} ${plural(rest, 'minute')}` : plural(hours, 'hour');
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  return restHours ? `${plural(days, 'day')} ${plural(restHours, 'hour')}` : plural(days, 'day');
}

type MessageOf = string | ((retryAfter: number | undefined) => string);

const tryAgain = (retryAfter: number | undefined) =>
  retryAfter === undefined ? 'Try again later.' : `Try again in ${formatWait(retryAfter)}.`;

/** The human message of every code a Telegram call can fail with. */
export const loginErrorMessages: Partial<Record<AppErrorCode, MessageOf>> = {
  PHONE_NUMBER_INVALID:
    'Telegram does not recognise this phone number. Check the country code and the digits.',
  PHONE_NUMBER_BANNED: 'Telegram has banned this phone number. Contact Telegram support.',
  PHONE_CODE_EMPTY: 'Enter the code Telegram sent you.',
  PHONE_CODE_INVALID: 'That code is not right. Check the code and enter it again.',
  PHONE_CODE_EXPIRED: 'This code has expired. Ask for a new code.',
  PHONE_CODE_HASH_EMPTY: 'This login attempt lost its code. Start again with your phone number.',
  SEND_CODE_UNAVAILABLE:
    'Telegram has used every way it has to send you a code for now. Enter the code you received, or start again later.',
  SIGN_UP_REQUIRED: 'This phone number has no Telegram account yet. Sign up to create one.',
  FIRSTNAME_INVALID: 'Telegram did not accept this first name. Use letters, 1–64 characters.',
  LASTNAME_INVALID: 'Telegram did not accept this last name.',
  ACCOUNT_ALREADY_ADDED: 'This account is already in Gramdeck.',
  API_ID_INVALID:
    'Telegram rejected the api_id and api_hash. Check them at my.telegram.org and enter them again in Settings.',
  PASSWORD_HASH_INVALID: 'That password is not right. Check it and try again.',
  PASSWORD_EMPTY: 'Enter your two-step verification password.',
  CODE_EMPTY: 'Enter the recovery code from the email.',
  CODE_INVALID: 'That recovery code is not right. Check the email and enter it again.',
  PASSWORD_RECOVERY_NA:
    'This account has no recovery email, so the password cannot be reset by email. ' +
    'If you cannot remember it, Telegram lets you reset the account after a waiting period (about a week): ' +
    'the account and its number stay, but you lose all chats and contacts. Start the reset from an official Telegram app.',
  PASSWORD_RECOVERY_EXPIRED: 'The recovery code has expired. Ask for a new recovery email.',
  NEW_SETTINGS_INVALID: 'Telegram did not accept the new password settings. Try another password.',
  QR_TOKEN_EXPIRED: 'The QR code expired. A new one is shown.',
  FLOOD_WAIT: (retryAfter) =>
    `Telegram asks you to wait before trying again. ${tryAgain(retryAfter)}`,
  PHONE_NUMBER_FLOOD:
    'Telegram has limited login attempts for this phone number because of too many tries. Try again in a day or so.',
  PHONE_PASSWORD_FLOOD: (retryAfter) =>
    `Too many wrong passwords. Telegram has paused password attempts for this account. ${tryAgain(retryAfter)}`,
  LOGGED_OUT: 'This session has ended (logged out or revoked). Sign in again.',
  AUTH_KEY_DUPLICATED:
    'Telegram saw this session used from two places at once and ended it. Sign in again.',
  NETWORK:
    'Gramdeck cannot reach Telegram. Check the internet connection or the proxy, then try again.',
  TIMEOUT: 'Telegram did not answer in time. Check the connection and try again.',
  TELEGRAM_ERROR: 'Telegram refused the request.',
};

/** An `AppFailure` with the table's message for `code`. */
export function failure(
  code: AppErrorCode,
  options?: { retryAfter?: number; field?: string; message?: string },
): AppFailure {
  const entry = loginErrorMessages[code];
  const message =
    options?.message ??
    (typeof entry === 'function' ? entry(options?.retryAfter) : entry) ??
    'Something went wrong.';
  const extra: { retryAfter?: number; field?: string } = {};
  if (options?.retryAfter !== undefined) extra.retryAfter = options.retryAfter;
  if (options?.field !== undefined) extra.field = options.field;
  return new AppFailure(code, message, extra);
}

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
};

/** Specific messages for Telegram errors that share the generic TELEGRAM_ERROR code. */
const telegramSpecificMessages: Record<string, string> = {
  FRESH_RESET_AUTHORISATION_FORBIDDEN:
    'Telegram does not let a session that signed in less than 24 hours ago end other sessions. Try again tomorrow.',
  HASH_INVALID: 'That session no longer exists. Refresh the list.',
  USER_DEACTIVATED_BAN: 'Telegram has banned this account. Sign in is not possible.',
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
  const code = telegramToApp[name];
  const specific = telegramSpecificMessages[name];
  if (code) return failure(code, specific ? { message: specific } : undefined);
  if (specific) return failure('TELEGRAM_ERROR', { message: specific });
  const safeName = /^[A-Z0-9_]{1,64}$/.test(name) ? name : 'an unknown error';
  return failure('TELEGRAM_ERROR', { message: `Telegram refused the request (${safeName}).` });
}
