import { Api } from 'telegram';
import { rpcError } from '../errors';
import {
  deleteMessages,
  dialogSettings,
  editMessage,
  listDialogs,
  peerMessages,
  readHistory,
  sendMessage,
  strangerWritesTo,
  type DialogEntry,
} from '../messaging';
import { pushOutcome, updatesFor, deliveryUpdate } from '../push';
import {
  SERVICE_USER_ID,
  peerKey,
  unixNow,
  type AccountStore,
  type MessageRecord,
  type PeerRef,
  type UserRecord,
} from '../store';
import { fromLong, toLong } from '../tl';
import { stateOf } from './builders';
import { expectRequest, requireUser, type HandlerTable } from './context';
import {
  dialogTl,
  entitiesFromTl,
  entityToTl,
  messageTl,
  peersFor,
  resolveInputPeer,
} from './message-tl';

/** Incoming message from a user peer (found or created by first name), pushed as updateShortMessage. */
export function deliverIncomingMessage(
  store: AccountStore,
  owner: UserRecord,
  fromName: string,
  text: string,
): void {
  const peer = store.addPeer({ kind: 'user', firstName: fromName }, owner.dcId);
  pushOutcome(store, strangerWritesTo(store, owner, peer.id, { text }));
}

/** A message from Telegram's service account (777000), pushed as Updates{updateNewMessage}. */
export function deliverServiceMessage(store: AccountStore, owner: UserRecord, text: string): void {
  const outcome = strangerWritesTo(store, owner, SERVICE_USER_ID, { text });
  const u = deliveryUpdate(store, { user: owner, kind: 'new', message: outcome.message });
  store.pushToUser(owner.id, updatesFor(store, owner, [u.update], u.messages));
}

/** Messages and their peers as messages.Messages, or a slice with `count` when more exist. */
export function messagesAnswer(
  store: AccountStore,
  user: UserRecord,
  list: MessageRecord[],
  count: number,
  peer?: PeerRef,
): Api.messages.TypeMessages {
  const { users, chats } = peersFor(store, user, list);
  const messages = list.map((m) => messageTl(store, m, user));
  if (peer?.kind === 'channel') {
    const channel = store.channels.get(peer.id);
    return new Api.messages.ChannelMessages({
      pts: channel?.pts ?? 1,
      count,
      messages,
      chats,
      users,
      topics: [],
    });
  }
  if (count > list.length) return new Api.messages.MessagesSlice({ count, messages, chats, users });
  return new Api.messages.Messages({ messages, chats, users });
}

/** The position of the dialog `offset` names (date, id, peer), for paging past it. */
function afterOffset(
  list: DialogEntry[],
  offsetDate: number,
  offsetId: number,
  offsetPeer: PeerRef | undefined,
): DialogEntry[] {
  if (offsetPeer) {
    const key = peerKey(offsetPeer);
    const at = list.findIndex((d) => peerKey(d.peer) === key);
    if (at >= 0) return list.slice(at + 1);
  }
  if (offsetDate === 0 && offsetId === 0) return list;
  return list.filter(
    (d) =>
      d.top.date < offsetDate ||
      (d.top.date === offsetDate && (offsetId === 0 || d.top.id < offsetId)),
  );
}

function dialogsAnswer(
  store: AccountStore,
  user: UserRecord,
  page: DialogEntry[],
  count?: number,
): {
  dialogs: Api.Dialog[];
  messages: Api.TypeMessage[];
  chats: Api.TypeChat[];
  users: Api.TypeUser[];
  count?: number;
} {
  const tops = page.map((d) => d.top);
  const { users, chats } = peersFor(
    store,
    user,
    tops,
    page.map((d) => d.peer),
  );
  return {
    dialogs: page.map((d) => dialogTl(store, user, d)),
    messages: tops.map((m) => messageTl(store, m, user)),
    chats,
    users,
    count,
  };
}

function inputPeerOrNone(user: UserRecord, p: unknown): PeerRef | undefined {
  if (p === undefined || p instanceof Api.InputPeerEmpty) return undefined;
  return resolveInputPeer(user, p);
}

/** messages.* — dialogs, history, sending, editing, deleting and read marks. */
export const messagesHandlers: HandlerTable = {
  'messages.getDialogs': (req, ctx) => {
    const r = expectRequest(req, Api.messages.GetDialogs);
    const user = requireUser(ctx);
    const store = ctx.rt.store;
    const folder = r.folderId ?? 0;
    const all = listDialogs(store, user).filter((d) => (d.settings.folderId ?? 0) === folder);
    const isFirstPage =
      r.offsetDate === 0 && r.offsetId === 0 && inputPeerOrNone(user, r.offsetPeer) === undefined;
    const pinned = all.filter((d) => d.settings.pinnedOrder !== undefined);
    const rest = all.filter((d) => d.settings.pinnedOrder === undefined);
    const limit = r.limit > 0 ? Math.min(r.limit, 100) : 100;
    const head = isFirstPage && !r.excludePinned ? pinned : [];
    const tail = afterOffset(rest, r.offsetDate, r.offsetId, inputPeerOrNone(user, r.offsetPeer));
    const page = [...head, ...tail].slice(0, limit);
    const isWhole = isFirstPage && page.length === head.length + tail.length;
    if (isWhole) return new Api.messages.Dialogs(dialogsAnswer(store, user, page));
    return new Api.messages.DialogsSlice({
      ...dialogsAnswer(store, user, page),
      count: r.excludePinned ? rest.length : all.length,
    });
  },

  'messages.getPeerDialogs': (req, ctx) => {
    const r = expectRequest(req, Api.messages.GetPeerDialogs);
    const user = requireUser(ctx);
    const store = ctx.rt.store;
    const wanted = new Set(r.peers.map((p) => peerKey(resolveInputPeer(user, p))));
    const page = listDialogs(store, user).filter((d) => wanted.has(peerKey(d.peer)));
    const a = dialogsAnswer(store, user, page);
    return new Api.messages.PeerDialogs({
      dialogs: a.dialogs,
      messages: a.messages,
      chats: a.chats,
      users: a.users,
      state: stateOf(user),
    });
  },

  'messages.getHistory': (req, ctx) => {
    const r = expectRequest(req, Api.messages.GetHistory);
    const user = requireUser(ctx);
    const store = ctx.rt.store;
    const peer = resolveInputPeer(user, r.peer);
    const newestFirst = [...peerMessages(store, user, peer)].reverse();
    let start = 0;
    if (r.offsetId > 0) {
      start = newestFirst.findIndex((m) => m.id < r.offsetId);
      if (start < 0) start = newestFirst.length;
    } else if (r.offsetDate > 0) {
      start = newestFirst.findIndex((m) => m.date < r.offsetDate);
      if (start < 0) start = newestFirst.length;
    }
    start = Math.max(0, start + r.addOffset);
    const limit = r.limit > 0 ? Math.min(r.limit, 100) : 100;
    const page = newestFirst
      .slice(start, start + limit)
      .filter((m) => (r.maxId <= 0 || m.id < r.maxId) && (r.minId <= 0 || m.id > r.minId));
    return messagesAnswer(store, user, page, newestFirst.length, peer);
  },

  'messages.getMessages': (req, ctx) => {
    const r = expectRequest(req, Api.messages.GetMessages);
    const user = requireUser(ctx);
    const ids = r.id.map((i) => (i instanceof Api.InputMessageID ? i.id : 0));
    const list = user.box.messages.filter((m) => ids.includes(m.id));
    return messagesAnswer(ctx.rt.store, user, list, list.length);
  },

  'messages.sendMessage': (req, ctx) => {
    const r = expectRequest(req, Api.messages.SendMessage);
    const user = requireUser(ctx);
    const store = ctx.rt.store;
    const to = resolveInputPeer(user, r.peer);
    if (r.message.trim() === '') throw rpcError('MESSAGE_EMPTY');
    if (r.message.length > 4096) throw rpcError('MESSAGE_TOO_LONG');
    const replyTo =
      r.replyTo instanceof Api.InputReplyToMessage ? r.replyTo.replyToMsgId : undefined;
    const sent = sendMessage(
      store,
      user,
      to,
      { text: r.message, entities: entitiesFromTl(r.entities, user), replyTo },
      { randomId: r.randomId === undefined ? undefined : fromLong(r.randomId), exceptKey: ctx.key },
    );
    if (sent.isNew) pushOutcome(store, sent);
    const m = sent.message;
    if (to.kind === 'user' && !m.extra?.media) {
      return new Api.UpdateShortSentMessage({
        out: true,
        id: m.id,
        pts: m.pts,
        ptsCount: 1,
        date: m.date,
        entities: m.extra?.entities?.map(entityToTl),
      });
    }
    const own = deliveryUpdate(
      store,
      sent.channel
        ? { user, kind: 'channel-new', channel: sent.channel, message: m }
        : { user, kind: 'new', message: m },
    );
    return updatesFor(
      store,
      user,
      [new Api.UpdateMessageID({ id: m.id, randomId: r.randomId ?? toLong(0n) }), own.update],
      own.messages,
      own.channelIds,
    );
  },

  'messages.editMessage': (req, ctx) => {
    const r = expectRequest(req, Api.messages.EditMessage);
    const user = requireUser(ctx);
    const store = ctx.rt.store;
    const peer = resolveInputPeer(user, r.peer);
    const current = peerMessages(store, user, peer).find((m) => m.id === r.id);
    if (!current) throw rpcError('MESSAGE_ID_INVALID');
    const text = r.message ?? current.text;
    const entities = r.entities ? entitiesFromTl(r.entities, user) : current.extra?.entities;
    const edited = editMessage(store, user, peer, r.id, { text, entities }, ctx.key);
    pushOutcome(store, edited);
    const own = edited.deliveries.find((d) => d.user === user);
    if (!own) throw rpcError('MESSAGE_ID_INVALID');
    const u = deliveryUpdate(store, own);
    return updatesFor(store, user, [u.update], u.messages, u.channelIds);
  },

  'messages.deleteMessages': (req, ctx) => {
    const r = expectRequest(req, Api.messages.DeleteMessages);
    const user = requireUser(ctx);
    const done = deleteMessages(ctx.rt.store, user, r.id, r.revoke ?? false, ctx.key);
    pushOutcome(ctx.rt.store, done);
    return new Api.messages.AffectedMessages({ pts: done.pts, ptsCount: done.ptsCount });
  },

  'messages.readHistory': (req, ctx) => {
    const r = expectRequest(req, Api.messages.ReadHistory);
    const user = requireUser(ctx);
    const peer = resolveInputPeer(user, r.peer);
    if (peer.kind === 'channel') throw rpcError('PEER_ID_INVALID');
    const done = readHistory(ctx.rt.store, user, peer, r.maxId, ctx.key);
    pushOutcome(ctx.rt.store, done);
    return new Api.messages.AffectedMessages({ pts: done.pts, ptsCount: done.ptsCount });
  },

  'messages.markDialogUnread': (req, ctx) => {
    const r = expectRequest(req, Api.messages.MarkDialogUnread);
    const user = requireUser(ctx);
    const peer = resolveInputPeer(user, r.peer);
    dialogSettings(user, peer).isUnreadMarked = r.unread || undefined;
    return true;
  },

  'messages.toggleDialogPin': (req, ctx) => {
    const r = expectRequest(req, Api.messages.ToggleDialogPin);
    const user = requireUser(ctx);
    const s = dialogSettings(user, resolveInputPeer(user, r.peer));
    if (!r.pinned) s.pinnedOrder = undefined;
    else if (s.pinnedOrder === undefined) {
      let min = 0;
      for (const d of user.box.dialogs.values())
        if (d.pinnedOrder !== undefined) min = Math.min(min, d.pinnedOrder);
      s.pinnedOrder = min - 1;
    }
    return true;
  },

  // folders.editPeerFolders lives here: it moves dialogs between the chat list and the archive.
  'folders.editPeerFolders': (req, ctx) => {
    const r = expectRequest(req, Api.folders.EditPeerFolders);
    const user = requireUser(ctx);
    for (const fp of r.folderPeers) {
      const peer = resolveInputPeer(user, fp.peer);
      dialogSettings(user, peer).folderId = fp.folderId === 1 ? 1 : undefined;
    }
    return new Api.Updates({ updates: [], users: [], chats: [], date: unixNow(), seq: 0 });
  },
};
