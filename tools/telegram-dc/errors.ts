/** An RPC error as Telegram sends it in rpc_error: a numeric class and an UPPER_SNAKE message. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    readonly errorMessage: string,
  ) {
    super(`${code} ${errorMessage}`);
  }
}

/**
 * Builds an {@link RpcError} with the error class Telegram uses for that message, so callers
 * (and `control.queueError`) only name the error.
 */
export function rpcError(message: string, code?: number): RpcError {
  return new RpcError(code ?? errorCodeFor(message), message);
}

/** Telegram's error class for a message. */
export function errorCodeFor(message: string): number {
  if (/^FLOOD_WAIT_\d+$/.test(message) || message === 'FLOOD_PREMIUM_WAIT') return 420;
  if (/_MIGRATE_\d+$/.test(message)) return 303;
  if (
    [
      'AUTH_KEY_UNREGISTERED',
      'SESSION_REVOKED',
      'SESSION_EXPIRED',
      'SESSION_PASSWORD_NEEDED',
      'USER_DEACTIVATED',
      'AUTH_KEY_INVALID',
    ].includes(message)
  )
    return 401;
  if (['PHONE_NUMBER_FLOOD', 'SEND_CODE_UNAVAILABLE', 'AUTH_KEY_DUPLICATED'].includes(message))
    return 406;
  if (message === 'INTERNAL' || message === 'RPC_CALL_FAIL') return 500;
  return 400;
}
