import { Api } from 'telegram';
import { rpcError } from '../errors';
import {
  SERVICE_USER_ID,
  peerKey,
  unixNow,
  type AccountStore,
  type PeerRef,
  type UserRecord,
} from '../store';
import { fromLong, toLong } from '../tl';
import { entitiesFor, messageToTl, peerToTl, unreadCount, userToTl } from './builders';
import { expectRequest, requireUser, type HandlerTable, type RpcContext } from './context';

/** Incoming message from a user peer (found or created by first name), pushed as updateShortMessage. */
export function deliverIncomingMessage(
  store: AccountStore,
  owner: UserRecord,
  fromName: string,
  text: string,
): void {
  const peer = store.addPeer({ kind: 'user', firstName: fromName }, owner.dcId);
  const m = store.appendMessage(owner, {
    peer,
    fromId: peer.id,
    isOutgoing: false,
    text,
    date: unixNow(),
  });
  store.pushToUser(
    owner.id,
    new Api.UpdateShortMessage({
      id: m.id,
      userId: toLong(peer.id),
      message: text,
      pts: m.pts,
      ptsCount: 1,
      date: m.date,
    }),
  );
}

/** A message from Telegram's service account (777000), pushed as Updates{updateNewMessage}. */
export function deliverServiceMessage(store: AccountStore, owner: UserRecord, text: string): void {
  const peer: PeerRef = { kind: 'user', id: SERVICE_USER_ID };
  const m = store.appendMessage(owner, {
    peer,
    fromId: SERVICE_USER_ID,
    isOutgoing: false,
    text,
    date: unixNow(),
  });
  const service = store.users.get(SERVICE_USER_ID);
  store.pushToUser(
    owner.id,
    new Api.Updates({
      updates: [new Api.UpdateNewMessage({ message: messageToTl(m), pts: m.pts, ptsCount: 1 })],
      users: service ? [userToTl(service, owner)] : [],
      chats: [],
      date: m.date,
      seq: 0,
    }),
  );
}

function resolvePeer(ctx: RpcContext, self: UserRecord, input: unknown): PeerRef {
  if (input instanceof Api.InputPeerSelf) return { kind: 'user', id: self.id };
  if (input instanceof Api.InputPeerUser) return { kind: 'user', id: fromLong(input.userId) };
  if (input instanceof Api.InputPeerChat) return { kind: 'chat', id: fromLong(input.chatId) };
  throw rpcError('PEER_ID_INVALID');
}

/** messages.* — dialogs with unread counts, history, read marks. */
export const messagesHandlers: HandlerTable = {
  'messages.getDialogs': (req, ctx) => {
    const r = expectRequest(req, Api.messages.GetDialogs);
    const user = requireUser(ctx);
    const top = new Map<string, (typeof user.box.messages)[number]>();
    for (const m of user.box.messages) top.set(peerKey(m.peer), m);
    let tops = [...top.values()].sort((a, b) => b.date - a.date || b.id - a.id);
    if (r.offsetDate > 0) tops = tops.filter((m) => m.date < r.offsetDate);
    tops = tops.slice(0, r.limit > 0 ? r.limit : 100);
    const dialogs = tops.map((m) => {
      const readOut = Math.max(
        0,
        ...user.box.messages
          .filter((x) => peerKey(x.peer) === peerKey(m.peer) && x.isOutgoing)
          .map((x) => x.id),
      );
      return new Api.Dialog({
        peer: peerToTl(m.peer),
        topMessage: m.id,
        readInboxMaxId: user.box.readInboxMaxId.get(peerKey(m.peer)) ?? 0,
        readOutboxMaxId: readOut,
        unreadCount: unreadCount(user, m.peer),
        unreadMentionsCount: 0,
        unreadReactionsCount: 0,
        notifySettings: new Api.PeerNotifySettings({}),
      });
    });
    const { users, chats } = entitiesFor(ctx.rt.store, user, tops);
    return new Api.messages.Dialogs({
      dialogs,
      messages: tops.map((m) => messageToTl(m)),
      chats,
      users,
    });
  },

  'messages.getHistory': (req, ctx) => {
    const r = expectRequest(req, Api.messages.GetHistory);
    const user = requireUser(ctx);
    const peer = resolvePeer(ctx, user, r.peer);
    let list = user.box.messages
      .filter((m) => peerKey(m.peer) === peerKey(peer))
      .sort((a, b) => b.id - a.id);
    if (r.offsetId > 0) list = list.filter((m) => m.id < r.offsetId);
    list = list.slice(
      Math.max(0, r.addOffset),
      Math.max(0, r.addOffset) + (r.limit > 0 ? r.limit : 100),
    );
    const { users, chats } = entitiesFor(ctx.rt.store, user, list);
    return new Api.messages.Messages({ messages: list.map((m) => messageToTl(m)), chats, users });
  },

  'messages.readHistory': (req, ctx) => {
    const r = expectRequest(req, Api.messages.ReadHistory);
    const user = requireUser(ctx);
    const peer = resolvePeer(ctx, user, r.peer);
    const last = Math.max(
      0,
      ...user.box.messages.filter((m) => peerKey(m.peer) === peerKey(peer)).map((m) => m.id),
    );
    const maxId = r.maxId > 0 ? Math.min(r.maxId, last) : last;
    user.box.readInboxMaxId.set(
      peerKey(peer),
      Math.max(maxId, user.box.readInboxMaxId.get(peerKey(peer)) ?? 0),
    );
    user.box.pts += 1;
    return new Api.messages.AffectedMessages({ pts: user.box.pts, ptsCount: 1 });
  },
};
