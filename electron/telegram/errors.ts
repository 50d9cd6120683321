/**
 * Turns whatever GramJS throws into an `AppFailure` with a typed code. RPC errors go through the
 * shared table in core/login/error-messages; transport trouble becomes NETWORK; our own call
 * guards become TIMEOUT. Nothing from the original error (which may quote a request) is kept in
 * the message the renderer sees.
 */
import { errors } from 'telegram';
import { isAppFailure, type AppFailure } from '../shared/errors';
import { failure, failureFromTelegramError } from '../core/login/error-messages';

export function toAppFailure(error: unknown): AppFailure {
  if (isAppFailure(error)) return error;
  if (error instanceof errors.FloodWaitError || error instanceof errors.FloodTestPhoneWaitError) {
    return failure('FLOOD_WAIT', { retryAfter: error.seconds });
  }
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
