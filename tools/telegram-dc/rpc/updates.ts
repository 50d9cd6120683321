import { Api } from 'telegram';
import { entitiesFor, messageToTl, stateOf } from './builders';
import { expectRequest, requireUser, type HandlerTable } from './context';

/** updates.* — state and difference over the account's message box (pts counts messages). */
export const updatesHandlers: HandlerTable = {
  'updates.getState': (_req, ctx) => stateOf(requireUser(ctx)),

  'updates.getDifference': (req, ctx) => {
    const r = expectRequest(req, Api.updates.GetDifference);
    const user = requireUser(ctx);
    const date = Math.floor(Date.now() / 1000);
    if (r.pts >= user.box.pts) return new Api.updates.DifferenceEmpty({ date, seq: 0 });
    const fresh = user.box.messages.filter((m) => m.pts > r.pts);
    const { users, chats } = entitiesFor(ctx.rt.store, user, fresh);
    return new Api.updates.Difference({
      newMessages: fresh.map((m) => messageToTl(m)),
      newEncryptedMessages: [],
      otherUpdates: [],
      chats,
      users,
      state: stateOf(user),
    });
  },
};
