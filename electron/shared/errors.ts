/**
 * Error codes that cross IPC. Every failure the renderer can see has one of these codes and a
 * message written for people. Telegram's RPC errors are mapped to them in the main process.
 */
export const appErrorCodes = [
  // Transport and contract
  'VALIDATION',
  'UNKNOWN_CHANNEL',
  'FORBIDDEN_SENDER',
  'INTERNAL',
  'NOT_FOUND',
  'UNAVAILABLE',
  // Login: phone and code
  'PHONE_NUMBER_INVALID',
  'PHONE_NUMBER_BANNED',
  'PHONE_CODE_EMPTY',
  'PHONE_CODE_INVALID',
  'PHONE_CODE_EXPIRED',
  'PHONE_CODE_HASH_EMPTY',
  'SEND_CODE_UNAVAILABLE',
  'SIGN_UP_REQUIRED',
  'FIRSTNAME_INVALID',
  'LASTNAME_INVALID',
  'ACCOUNT_ALREADY_ADDED',
  'API_ID_INVALID',
  // Login: 2FA password and recovery
  'PASSWORD_HASH_INVALID',
  'PASSWORD_EMPTY',
  'CODE_EMPTY',
  'CODE_INVALID',
  'PASSWORD_RECOVERY_NA',
  'PASSWORD_RECOVERY_EXPIRED',
  'NEW_SETTINGS_INVALID',
  'ACCOUNT_RESET_WAIT',
  'QR_TOKEN_EXPIRED',
  // Limits
  'FLOOD_WAIT',
  'PHONE_NUMBER_FLOOD',
  'PHONE_PASSWORD_FLOOD',
  // Sessions and connectivity
  'LOGGED_OUT',
  'AUTH_KEY_DUPLICATED',
  'NETWORK',
  'PROXY_REFUSED',
  'PROXY_TIMEOUT',
  'PROXY_AUTH_FAILED',
  'PROXY_SECRET_INVALID',
  'PROXY_UNREACHABLE',
  'TIMEOUT',
  'TELEGRAM_ERROR',
  // Vault and app lock
  'LOCKED',
  'STORAGE_NOT_SECURE',
  'INCORRECT_CODE',
  'TOO_MANY_REQUESTS',
  'PASSCODE_NOT_SET',
  'PASSCODE_ALREADY_SET',
  'STORAGE_CORRUPT',
  // Local storage
  'DISK_FULL',
  // Updates
  'UPDATE_ERROR',
  // Two-step verification of an added account (issue 15)
  'EMAIL_INVALID',
  'EMAIL_UNCONFIRMED',
  'EMAIL_HASH_EXPIRED',
  'NEW_SALT_INVALID',
  'TWO_STEP_ALREADY_ON',
  'TWO_STEP_OFF',
] as const;

export type AppErrorCode = (typeof appErrorCodes)[number];

/** A failure as it crosses IPC: plain data, never an `Error` object and never a stack. */
export interface AppError {
  code: AppErrorCode;
  message: string;
  /** Seconds until the action may be tried again (flood waits, rate limits). */
  retryAfter?: number;
  /** The input field the error concerns, for showing it next to that field. */
  field?: string;
  /** The account the error concerns (ACCOUNT_ALREADY_ADDED: the one that is already there). */
  accountId?: string;
}

/** The result envelope of every IPC call. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: AppError };

/**
 * Thrown by main-process code to fail a call with a typed error. The router turns it into an
 * envelope; any other exception becomes `INTERNAL` without its details.
 */
export class AppFailure extends Error {
  readonly code: AppErrorCode;
  readonly retryAfter: number | undefined;
  readonly field: string | undefined;
  readonly accountId: string | undefined;

  constructor(
    code: AppErrorCode,
    message: string,
    options?: { retryAfter?: number; field?: string; accountId?: string },
  ) {
    super(message);
    this.name = 'AppFailure';
    this.code = code;
    this.retryAfter = options?.retryAfter;
    this.field = options?.field;
    this.accountId = options?.accountId;
  }

  toAppError(): AppError {
    const error: AppError = { code: this.code, message: this.message };
    if (this.retryAfter !== undefined) error.retryAfter = this.retryAfter;
    if (this.field !== undefined) error.field = this.field;
    if (this.accountId !== undefined) error.accountId = this.accountId;
    return error;
  }
}

export function isAppFailure(value: unknown): value is AppFailure {
  return value instanceof AppFailure;
}
