import { Api } from 'telegram';
import { rpcError } from '../errors';
import type { RpcValue } from '../tl';
import { classNameOf } from '../tl';
import { accountHandlers } from './account';
import { channelsHandlers } from './channels';
import { authHandlers } from './auth';
import type { HandlerTable, RpcContext } from './context';
import { helpHandlers } from './help';
import { messagesHandlers } from './messages';
import { passwordSettingsHandlers } from './password-settings';
import { updatesHandlers } from './updates';
import { uploadHandlers } from './upload';
import { usersHandlers } from './users';
import { refuseByStanding } from './standing';

const handlers: HandlerTable = {
  ...authHandlers,
  ...accountHandlers,
  ...helpHandlers,
  ...usersHandlers,
  ...messagesHandlers,
  ...updatesHandlers,
  ...uploadHandlers,
  // Two-step verification of a signed-in account (issue 15)
  ...passwordSettingsHandlers,
  // Chats and messages (issue 16)
  ...channelsHandlers,
};

/** "auth.SendCode" (GramJS class name) → "auth.sendCode" (TL method name). */
export function tlMethodName(className: string): string {
  const dot = className.lastIndexOf('.');
  const head = className.slice(0, dot + 1);
  const tail = className.slice(dot + 1);
  return head + tail.charAt(0).toLowerCase() + tail.slice(1);
}

/** TL names of every method the sandbox implements. */
export function supportedMethods(): string[] {
  return Object.keys(handlers).sort();
}

/** The method inside invokeWithLayer / initConnection / invokeWithoutUpdates / invokeAfterMsg(s). */
export function innermostQuery(obj: unknown): unknown {
  let q = obj;
  while (
    q instanceof Api.InvokeWithLayer ||
    q instanceof Api.InitConnection ||
    q instanceof Api.InvokeWithoutUpdates ||
    q instanceof Api.InvokeAfterMsg ||
    q instanceof Api.InvokeAfterMsgs
  )
    q = q.query;
  return q;
}

/**
 * Unwraps invokeWithLayer / initConnection / invokeWithoutUpdates / invokeAfterMsg(s), records
 * the layer and client info on the auth key, applies injected faults, and runs the handler.
 * Unknown methods answer 400 INPUT_METHOD_INVALID (what Telegram answers for methods it lacks)
 * rather than hanging the client.
 */
export async function dispatchRpc(obj: unknown, ctx: RpcContext): Promise<RpcValue> {
  let q = obj;
  for (;;) {
    if (q instanceof Api.InvokeWithLayer) {
      ctx.key.layer = q.layer;
      q = q.query;
    } else if (q instanceof Api.InitConnection) {
      ctx.key.client = {
        apiId: q.apiId,
        deviceModel: q.deviceModel,
        systemVersion: q.systemVersion,
        appVersion: q.appVersion,
        langCode: q.langCode,
      };
      q = q.query;
    } else if (
      q instanceof Api.InvokeWithoutUpdates ||
      q instanceof Api.InvokeAfterMsg ||
      q instanceof Api.InvokeAfterMsgs
    ) {
      q = q.query;
    } else {
      break;
    }
  }
  const method = tlMethodName(classNameOf(q));
  await ctx.rt.control.beforeCall(method);
  // Account health (issue 15): deactivated and frozen accounts.
  refuseByStanding(method, ctx);
  const handler = handlers[method];
  if (!handler) {
    ctx.rt.log(`dc${ctx.rt.id}: unsupported method ${method}`);
    throw rpcError('INPUT_METHOD_INVALID');
  }
  return handler(q, ctx);
}
