/**
 * The words of failures: app error code → the message a person reads, {@link failure} (the one way
 * main-process code raises a failure) and {@link formatWait}. Zod-free, so the renderer may import
 * it as values. Telegram's RPC error names are mapped onto these codes in `telegram/errors.ts`.
 */
import { AppFailure, type AppErrorCode } from './errors';

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

/** The default message of a code, for codes whose words do not depend on where they arise. */
export const errorMessages: Partial<Record<AppErrorCode, MessageOf>> = {
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
    'If you cannot remember it, you can reset the account, after a waiting period of up to a week: ' +
    'you keep the phone number, but you lose all chats and contacts.',
  PASSWORD_RECOVERY_EXPIRED: 'The recovery code has expired. Ask for a new recovery email.',
  NEW_SETTINGS_INVALID: 'Telegram did not accept the new password settings. Try another password.',
  ACCOUNT_RESET_WAIT: (retryAfter) =>
    'This account was used recently, so Telegram holds the reset back for a while. ' +
    (retryAfter === undefined
      ? 'Try the reset again later.'
      : `You can reset it in ${formatWait(retryAfter)}.`),
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
  PROXY_REFUSED:
    'The proxy refused the connection. Check its address and port, and that it is running.',
  PROXY_TIMEOUT: 'The proxy did not answer in time. Check its address, or try another proxy.',
  PROXY_AUTH_FAILED: 'The proxy did not accept the user name or password.',
  PROXY_SECRET_INVALID:
    'The MTProxy did not accept the secret. Check the secret (Gramdeck supports plain and dd secrets, not ee).',
  PROXY_UNREACHABLE:
    'The proxy could not reach Telegram, or its host name could not be found. Check the proxy.',
  TELEGRAM_ERROR: 'Telegram refused the request.',
  LOCKED: 'Gramdeck is locked. Enter your passcode to continue.',
  DISK_FULL: 'The disk is full. Free some space and try again.',
  // Two-step verification of an added account (issue 15)
  EMAIL_INVALID: 'Telegram did not accept this email address. Check it and try again.',
  EMAIL_UNCONFIRMED:
    'The new recovery email is not confirmed yet. Enter the code Telegram sent to it.',
  EMAIL_HASH_EXPIRED:
    'No recovery email is waiting for a code any more. Enter the email address again.',
  NEW_SALT_INVALID: 'Telegram did not accept the new password settings. Try again.',
  TWO_STEP_ALREADY_ON: 'Two-step verification is already on for this account.',
  TWO_STEP_OFF: 'Two-step verification is off for this account.',
};

/** The codes that say why a connection through a proxy failed. */
export const proxyErrorCodes = [
  'PROXY_REFUSED',
  'PROXY_TIMEOUT',
  'PROXY_AUTH_FAILED',
  'PROXY_SECRET_INVALID',
  'PROXY_UNREACHABLE',
] as const satisfies readonly AppErrorCode[];

export type ProxyErrorCode = (typeof proxyErrorCodes)[number];

export function isProxyErrorCode(code: AppErrorCode): code is ProxyErrorCode {
  return (proxyErrorCodes as readonly AppErrorCode[]).includes(code);
}

/**
 * An `AppFailure` with the table's message for `code`, or `message` where the words depend on
 * the case (a vault refusal, an update state).
 */
export function failure(
  code: AppErrorCode,
  options?: { retryAfter?: number; field?: string; message?: string; accountId?: string },
): AppFailure {
  const entry = errorMessages[code];
  const message =
    options?.message ??
    (typeof entry === 'function' ? entry(options?.retryAfter) : entry) ??
    'Something went wrong.';
  const extra: { retryAfter?: number; field?: string; accountId?: string } = {};
  if (options?.retryAfter !== undefined) extra.retryAfter = options.retryAfter;
  if (options?.field !== undefined) extra.field = options.field;
  if (options?.accountId !== undefined) extra.accountId = options.accountId;
  return new AppFailure(code, message, extra);
}
