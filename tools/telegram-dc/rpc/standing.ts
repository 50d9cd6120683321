/**
 * Account health (issue 15): what a restricted, frozen or deactivated account's calls get.
 *
 * - A deactivated account's session answers USER_DEACTIVATED (deleted) or USER_DEACTIVATED_BAN
 *   (banned) to every call but `help.*` and `auth.*`, as Telegram does for a session whose
 *   account went away.
 * - A frozen account reads but does not write: every method that is not a `get…` read (and not
 *   `help.*`, `updates.*`, `upload.*` or `auth.*`) answers 420 FROZEN_METHOD_INVALID, and
 *   `help.getAppConfig` carries `freeze_since_date`, `freeze_until_date` and `freeze_appeal_url`.
 * - A restricted account is told so by its own `user` (`restricted`, `restriction_reason`), in
 *   `rpc/builders.ts`.
 */
import { Api } from 'telegram';
import { rpcError } from '../errors';
import type { UserRecord } from '../store';
import type { RpcContext } from './context';

/** The account signed in on this call's key, if any (no error when there is none). */
function signedInUser(ctx: RpcContext): UserRecord | undefined {
  if (ctx.key.state !== 'active' || ctx.key.userId === undefined) return undefined;
  return ctx.rt.store.users.get(ctx.key.userId);
}

const alwaysAllowed = ['help.', 'auth.'];
const readDomains = ['help.', 'updates.', 'upload.', 'auth.'];

/** Whether a frozen account may call `method`: reads, and the domains that only read or sign in. */
export function isAllowedWhileFrozen(method: string): boolean {
  if (readDomains.some((d) => method.startsWith(d))) return true;
  const tail = method.slice(method.lastIndexOf('.') + 1);
  return tail.startsWith('get');
}

/** Throws what Telegram answers `method` for a deactivated or frozen account. */
export function refuseByStanding(method: string, ctx: RpcContext): void {
  const user = signedInUser(ctx);
  if (!user) return;
  if (user.deactivated && !alwaysAllowed.some((d) => method.startsWith(d))) {
    throw user.deactivated === 'banned'
      ? rpcError('USER_DEACTIVATED_BAN', 401)
      : rpcError('USER_DEACTIVATED', 401);
  }
  if (user.freeze && !isAllowedWhileFrozen(method)) throw rpcError('FROZEN_METHOD_INVALID', 420);
}

/** `help.getAppConfig`: a few plain keys, and the freeze of a frozen account. */
export function appConfigFor(ctx: RpcContext): Api.help.AppConfig {
  const entry = (key: string, value: Api.TypeJSONValue) => new Api.JsonObjectValue({ key, value });
  const values: Api.JsonObjectValue[] = [
    entry('test', new Api.JsonNumber({ value: 1 })),
    entry('premium_purchase_blocked', new Api.JsonBool({ value: true })),
  ];
  const freeze = signedInUser(ctx)?.freeze;
  if (freeze) {
    values.push(
      entry('freeze_since_date', new Api.JsonNumber({ value: freeze.since })),
      entry('freeze_until_date', new Api.JsonNumber({ value: freeze.until })),
      entry('freeze_appeal_url', new Api.JsonString({ value: freeze.appealUrl })),
    );
  }
  return new Api.help.AppConfig({ hash: 1, config: new Api.JsonObject({ value: values }) });
}
