import type { DcConnection } from '../connection';
import { rpcError } from '../errors';
import type { DcRuntime } from '../runtime';
import type { AuthKeyRecord, UserRecord } from '../store';
import type { RpcValue } from '../tl';

/** What an RPC handler sees about its call. */
export interface RpcContext {
  rt: DcRuntime;
  key: AuthKeyRecord;
  connection: DcConnection;
  sessionId: bigint;
  msgId: bigint;
}

/** An RPC handler: gets the GramJS request object, answers a TL value or throws RpcError. */
export type RpcHandler = (req: unknown, ctx: RpcContext) => RpcValue | Promise<RpcValue>;

/** Handlers keyed by GramJS class name, e.g. "auth.SendCode". */
export type HandlerTable = Record<string, RpcHandler>;

/** Narrows `req` to class `C` or fails like Telegram does for malformed input. */
export function expectRequest<T>(req: unknown, cls: abstract new (...args: never[]) => T): T {
  if (!(req instanceof cls)) throw rpcError('INPUT_REQUEST_INVALID');
  return req;
}

/**
 * The signed-in user of this key, or the error Telegram gives: AUTH_KEY_UNREGISTERED for keys
 * never signed in or logged out, SESSION_REVOKED for keys ended from another session.
 */
export function requireUser(ctx: RpcContext): UserRecord {
  const k = ctx.key;
  if (k.state === 'revoked') throw rpcError('SESSION_REVOKED');
  if (k.state === 'logged-out' || k.userId === undefined) throw rpcError('AUTH_KEY_UNREGISTERED');
  const user = ctx.rt.store.users.get(k.userId);
  if (!user) throw rpcError('AUTH_KEY_UNREGISTERED');
  return user;
}
