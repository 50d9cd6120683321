import { randomLong } from './crypto';
import { rpcError } from './errors';
import {
  peerKey,
  unixNow,
  type AccountStore,
  type AuthKeyRecord,
  type MessageRecord,
  type PeerRef,
  type UserRecord,
} from './store';

/**
 * Messaging between accounts (issue 16): what sending, editing, deleting and reading do to the
 * message boxes of every account involved, and to channels. Each account keeps its own copy of
 * a private or basic-group message (its own id and pts, as in Telegram); a channel keeps one
 * list with its own ids and pts. This module changes state only and reports what happened; the
 * RPC handlers (`rpc/messages.ts`, `rpc/channels.ts`, `rpc/updates.ts`) and `push.ts` turn that
 * into answers and pushed updates.
 */

/** A message entity, JSON-safe (kept in the state file). */
export interface EntityRecord {
  type: EntityType;
  offset: number;
  length: number;
  url?: string;
  /** mentionName: the user id (decimal). */
  userId?: string;
  language?: string;
}

export type EntityType =
  | 'bold'
  | 'italic'
  | 'underline'
  | 'strike'
  | 'code'
  | 'pre'
  | 'textUrl'
  | 'url'
  | 'mention'
  | 'mentionName'
  | 'hashtag'
  | 'email'
  | 'spoiler'
  | 'blockquote';

/** A photo or a document attached to a message (ids decimal). */
export type MediaRecord =
  | { kind: 'photo'; id: string; accessHash: string; color: string; date: number }
  | {
      kind: 'document';
      id: string;
      accessHash: string;
      name: string;
      size: number;
      mime: string;
      date: number;
    };

/** What a service message says happened. */
export type ServiceAction =
  | { kind: 'chat-create'; title: string; userIds: string[] }
  | { kind: 'chat-add-user'; userIds: string[] }
  | { kind: 'channel-create'; title: string };

/** Everything a message holds beyond plain text. */
export interface MessageExtra {
  entities?: EntityRecord[];
  /** Id (in the same box or channel) of the message this one answers. */
  replyTo?: number;
  fwd?: { fromName?: string; fromUserId?: string; date: number };
  media?: MediaRecord;
  action?: ServiceAction;
  /** The box's owner is mentioned (by @username or mention-name). */
  isMentioned?: boolean;
  editDate?: number;
  /** Links the copies of one message in the boxes of its sender and recipients. */
  gid?: number;
}

/** Per account and peer: what the chat list shows beyond messages. */
export interface DialogSettings {
  /** Order among pinned dialogs (smaller first); absent: not pinned. */
  pinnedOrder?: number;
  /** Unix seconds until which the chat is muted (notify_settings.mute_until). */
  muteUntil?: number;
  /** 1 = archive. */
  folderId?: number;
  isUnreadMarked?: boolean;
  /** Highest own message the other side has read. */
  readOutboxMaxId?: number;
}

/** An update other than a new message that took pts in a box. */
export type BoxEvent = { pts: number; ptsCount: number; date: number } & (
  | { kind: 'edit'; id: number }
  | { kind: 'delete'; ids: number[] }
  | { kind: 'read-inbox'; peer: PeerRef; maxId: number }
  | { kind: 'read-outbox'; peer: PeerRef; maxId: number }
);

/** An update other than a new message that took pts in a channel. */
export type ChannelEvent = { pts: number; ptsCount: number; date: number } & (
  { kind: 'edit'; id: number } | { kind: 'delete'; ids: number[] }
);

/** A channel or supergroup: one message list with its own ids and pts. */
export interface ChannelRecord {
  id: bigint;
  accessHash: bigint;
  title: string;
  username?: string;
  isMegagroup: boolean;
  date: number;
  creatorId: bigint;
  members: bigint[];
  messages: MessageRecord[];
  nextId: number;
  pts: number;
  events: ChannelEvent[];
  /** Highest message id each author has seen read (read outbox per member). */
  readOutboxMaxId: Map<bigint, number>;
}

/** What a message is made of when it is sent. */
export interface MessageContent {
  text: string;
  entities?: EntityRecord[];
  replyTo?: number;
  fwd?: MessageExtra['fwd'];
  media?: MediaRecord;
  action?: ServiceAction;
  /** Defaults to now. */
  date?: number;
}

/** One pushed consequence of a change: `update` for `user`'s sessions (except `exceptKey`). */
export type Delivery =
  | { user: UserRecord; kind: 'new'; message: MessageRecord }
  | { user: UserRecord; kind: 'edit'; message: MessageRecord; pts: number }
  | { user: UserRecord; kind: 'delete'; ids: number[]; pts: number; ptsCount: number }
  | {
      user: UserRecord;
      kind: 'read-inbox';
      peer: PeerRef;
      maxId: number;
      stillUnread: number;
      pts: number;
    }
  | { user: UserRecord; kind: 'read-outbox'; peer: PeerRef; maxId: number; pts: number }
  | { user: UserRecord; kind: 'channel-new'; channel: ChannelRecord; message: MessageRecord }
  | { user: UserRecord; kind: 'channel-edit'; channel: ChannelRecord; message: MessageRecord }
  | {
      user: UserRecord;
      kind: 'channel-delete';
      channel: ChannelRecord;
      ids: number[];
      pts: number;
      ptsCount: number;
    }
  | {
      user: UserRecord;
      kind: 'channel-read-inbox';
      channel: ChannelRecord;
      maxId: number;
      stillUnread: number;
    }
  | { user: UserRecord; kind: 'channel-read-outbox'; channel: ChannelRecord; maxId: number };

/** A change and the pushes it causes; `exceptKey` (the caller) gets the answer instead. */
export interface Outcome {
  deliveries: Delivery[];
  exceptKey?: AuthKeyRecord;
}

/** The result of a send. */
export interface SendResult extends Outcome {
  /** The sender's message (in its box, or the channel's). */
  message: MessageRecord;
  channel?: ChannelRecord;
  /** False when the random_id was seen before: nothing was created. */
  isNew: boolean;
}

function settings(user: UserRecord, peer: PeerRef): DialogSettings {
  const key = peerKey(peer);
  let s = user.box.dialogs.get(key);
  if (!s) {
    s = {};
    user.box.dialogs.set(key, s);
  }
  return s;
}

/** The dialog settings of `user` for `peer` (created empty on first use). */
export function dialogSettings(user: UserRecord, peer: PeerRef): DialogSettings {
  return settings(user, peer);
}

/** Whether `text`/`entities` mention `user` (an @username entity or a mention-name). */
export function mentions(user: UserRecord, text: string, entities: EntityRecord[] = []): boolean {
  for (const e of entities) {
    if (e.type === 'mentionName' && e.userId === user.id.toString()) return true;
    if (
      e.type === 'mention' &&
      user.username &&
      text.slice(e.offset, e.offset + e.length).toLowerCase() === `@${user.username.toLowerCase()}`
    )
      return true;
  }
  return false;
}

function extraOf(c: MessageContent, gid: number | undefined): MessageExtra | undefined {
  const extra: MessageExtra = {};
  if (c.entities && c.entities.length > 0) extra.entities = c.entities.map((e) => ({ ...e }));
  if (c.replyTo) extra.replyTo = c.replyTo;
  if (c.fwd) extra.fwd = { ...c.fwd };
  if (c.media) extra.media = { ...c.media };
  if (c.action) extra.action = c.action;
  if (gid !== undefined) extra.gid = gid;
  return Object.keys(extra).length > 0 ? extra : undefined;
}

/** The members of a basic group (scenario chats without members: the account itself). */
export function chatMembers(store: AccountStore, chatId: bigint): bigint[] {
  return store.chats.get(chatId)?.members ?? [];
}

/** The channel, or CHANNEL_INVALID. */
export function channelOf(store: AccountStore, id: bigint): ChannelRecord {
  const c = store.channels.get(id);
  if (!c) throw rpcError('CHANNEL_INVALID');
  return c;
}

/** The message in `user`'s box with this gid, if it has a copy. */
function copyIn(user: UserRecord, gid: number | undefined): MessageRecord | undefined {
  if (gid === undefined) return undefined;
  return user.box.messages.find((m) => m.extra?.gid === gid);
}

function boxMessage(user: UserRecord, id: number): MessageRecord | undefined {
  return user.box.messages.find((m) => m.id === id);
}

/**
 * `sender` writes to `to` (as the sender sees it). Private and basic-group messages land in the
 * sender's box (out) and in every recipient account's box (in, its own id and pts); a channel
 * message lands once in the channel. A repeated `randomId` answers the first message.
 */
export function sendMessage(
  store: AccountStore,
  sender: UserRecord,
  to: PeerRef,
  content: MessageContent,
  opts: { randomId?: bigint; exceptKey?: AuthKeyRecord } = {},
): SendResult {
  const dedupeKey = opts.randomId === undefined ? undefined : `${peerKey(to)}|${opts.randomId}`;
  const seen = dedupeKey === undefined ? undefined : sender.box.randomIds.get(dedupeKey);
  if (to.kind === 'channel') {
    const channel = channelOf(store, to.id);
    if (seen !== undefined) {
      const first = channel.messages.find((m) => m.id === seen);
      if (first) return { message: first, channel, isNew: false, deliveries: [] };
    }
    if (!channel.members.includes(sender.id)) throw rpcError('CHANNEL_PRIVATE');
    if (!channel.isMegagroup && channel.creatorId !== sender.id)
      throw rpcError('CHAT_WRITE_FORBIDDEN');
    const message = postToChannel(store, channel, sender.id, content);
    if (dedupeKey !== undefined) sender.box.randomIds.set(dedupeKey, message.id);
    return {
      message,
      channel,
      isNew: true,
      exceptKey: opts.exceptKey,
      deliveries: channelDeliveries(store, channel, message),
    };
  }
  if (seen !== undefined) {
    const first = boxMessage(sender, seen);
    if (first) return { message: first, isNew: false, deliveries: [] };
  }
  let recipients: UserRecord[] = [];
  if (to.kind === 'user') {
    const other = store.users.get(to.id);
    if (!other) throw rpcError('PEER_ID_INVALID');
    if (other.isAccount && other.id !== sender.id) recipients = [other];
  } else {
    const chat = store.chats.get(to.id);
    if (!chat) throw rpcError('PEER_ID_INVALID');
    const members = chat.members;
    if (members && !members.includes(sender.id)) throw rpcError('CHAT_WRITE_FORBIDDEN');
    recipients = (members ?? [])
      .filter((id) => id !== sender.id)
      .map((id) => store.users.get(id))
      .filter((u): u is UserRecord => u?.isAccount === true);
  }
  const gid = store.nextGid++;
  const date = content.date ?? unixNow();
  const message = store.appendMessage(sender, {
    peer: to,
    fromId: sender.id,
    isOutgoing: true,
    text: content.text,
    date,
    extra: extraOf(content, gid),
  });
  if (dedupeKey !== undefined) sender.box.randomIds.set(dedupeKey, message.id);
  const repliedGid =
    content.replyTo === undefined ? undefined : boxMessage(sender, content.replyTo)?.extra?.gid;
  const deliveries: Delivery[] = [{ user: sender, kind: 'new', message }];
  for (const r of recipients) {
    const copy = store.appendMessage(r, {
      peer: to.kind === 'user' ? { kind: 'user', id: sender.id } : to,
      fromId: sender.id,
      isOutgoing: false,
      text: content.text,
      date,
      extra: extraOf({ ...content, replyTo: copyIn(r, repliedGid)?.id }, gid),
    });
    if (mentions(r, content.text, content.entities))
      copy.extra = { ...copy.extra, isMentioned: true };
    deliveries.push({ user: r, kind: 'new', message: copy });
  }
  return { message, isNew: true, exceptKey: opts.exceptKey, deliveries };
}

/** A message a user who is not an account (a stranger) writes into a group, or to `owner`. */
export function strangerWrites(
  store: AccountStore,
  from: bigint,
  to: PeerRef,
  content: MessageContent,
): Outcome {
  if (to.kind === 'channel') {
    const channel = channelOf(store, to.id);
    const message = postToChannel(store, channel, from, content);
    return { deliveries: channelDeliveries(store, channel, message) };
  }
  const owners =
    to.kind === 'chat'
      ? chatMembers(store, to.id)
          .map((id) => store.users.get(id))
          .filter((u): u is UserRecord => u?.isAccount === true)
      : [];
  const gid = store.nextGid++;
  const date = content.date ?? unixNow();
  const deliveries: Delivery[] = [];
  for (const owner of owners) {
    const m = store.appendMessage(owner, {
      peer: to,
      fromId: from,
      isOutgoing: false,
      text: content.text,
      date,
      extra: extraOf(content, gid),
    });
    if (mentions(owner, content.text, content.entities))
      m.extra = { ...m.extra, isMentioned: true };
    deliveries.push({ user: owner, kind: 'new', message: m });
  }
  return { deliveries };
}

/** A stranger writes privately to `owner`. */
export function strangerWritesTo(
  store: AccountStore,
  owner: UserRecord,
  from: bigint,
  content: MessageContent,
): Outcome & { message: MessageRecord } {
  const m = store.appendMessage(owner, {
    peer: { kind: 'user', id: from },
    fromId: from,
    isOutgoing: false,
    text: content.text,
    date: content.date ?? unixNow(),
    extra: extraOf(content, undefined),
  });
  if (mentions(owner, content.text, content.entities)) m.extra = { ...m.extra, isMentioned: true };
  return { message: m, deliveries: [{ user: owner, kind: 'new', message: m }] };
}

function postToChannel(
  store: AccountStore,
  channel: ChannelRecord,
  from: bigint,
  content: MessageContent,
): MessageRecord {
  channel.pts += 1;
  const message: MessageRecord = {
    id: channel.nextId++,
    peer: { kind: 'channel', id: channel.id },
    fromId: from,
    isOutgoing: false,
    text: content.text,
    date: content.date ?? unixNow(),
    pts: channel.pts,
    extra: extraOf(content, undefined),
  };
  channel.messages.push(message);
  return message;
}

function memberAccounts(store: AccountStore, channel: ChannelRecord): UserRecord[] {
  return channel.members
    .map((id) => store.users.get(id))
    .filter((u): u is UserRecord => u?.isAccount === true);
}

function channelDeliveries(
  store: AccountStore,
  channel: ChannelRecord,
  message: MessageRecord,
): Delivery[] {
  return memberAccounts(store, channel).map((user) => ({
    user,
    kind: 'channel-new',
    channel,
    message,
  }));
}

/** Creates a channel (broadcast) or supergroup with a "created" service message. */
export function createChannel(
  store: AccountStore,
  o: { title: string; isMegagroup: boolean; creator: UserRecord; members: bigint[]; date?: number },
): ChannelRecord {
  const id = store.nextChannelId++;
  const date = o.date ?? unixNow();
  const channel: ChannelRecord = {
    id,
    accessHash: randomLong(),
    title: o.title,
    isMegagroup: o.isMegagroup,
    date,
    creatorId: o.creator.id,
    members: [...new Set([o.creator.id, ...o.members])],
    messages: [],
    nextId: 1,
    pts: 1,
    events: [],
    readOutboxMaxId: new Map(),
  };
  store.channels.set(id, channel);
  postToChannel(store, channel, o.creator.id, {
    text: '',
    action: { kind: 'channel-create', title: o.title },
    date,
  });
  return channel;
}

/** Creates a basic group whose members each get "created" and "joined" service messages. */
export function createGroup(
  store: AccountStore,
  o: { title: string; creator: UserRecord; members: bigint[]; date?: number },
): bigint {
  const id = store.nextChatId++;
  const members = [...new Set([o.creator.id, ...o.members])];
  const date = o.date ?? unixNow();
  store.chats.set(id, { id, title: o.title, participants: members.length, date, members });
  const others = members.filter((m) => m !== o.creator.id).map((m) => m.toString());
  sendMessage(
    store,
    o.creator,
    { kind: 'chat', id },
    {
      text: '',
      action: { kind: 'chat-create', title: o.title, userIds: others },
      date,
    },
  );
  return id;
}

/** Adds a user to a basic group, with a "joined" service message from the creator's side. */
export function addToGroup(
  store: AccountStore,
  chatId: bigint,
  by: UserRecord,
  userId: bigint,
): Outcome {
  const chat = store.chats.get(chatId);
  if (!chat?.members) throw rpcError('PEER_ID_INVALID');
  if (chat.members.includes(userId)) throw rpcError('USER_ALREADY_PARTICIPANT');
  chat.members.push(userId);
  chat.participants = chat.members.length;
  return sendMessage(
    store,
    by,
    { kind: 'chat', id: chatId },
    {
      text: '',
      action: { kind: 'chat-add-user', userIds: [userId.toString()] },
    },
  );
}

/** Edits `user`'s own message `id` in `peer` everywhere it has copies. */
export function editMessage(
  store: AccountStore,
  user: UserRecord,
  peer: PeerRef,
  id: number,
  content: { text: string; entities?: EntityRecord[] },
  exceptKey?: AuthKeyRecord,
): Outcome & { message: MessageRecord; channel?: ChannelRecord } {
  const date = unixNow();
  const apply = (m: MessageRecord, forUser?: UserRecord): void => {
    if (m.extra?.action) throw rpcError('MESSAGE_ID_INVALID');
    m.text = content.text;
    const extra: MessageExtra = { ...m.extra, editDate: date };
    if (content.entities && content.entities.length > 0)
      extra.entities = content.entities.map((e) => ({ ...e }));
    else delete extra.entities;
    if (forUser && mentions(forUser, content.text, content.entities)) extra.isMentioned = true;
    m.extra = extra;
  };
  const same = (m: MessageRecord): boolean =>
    m.text === content.text &&
    JSON.stringify(m.extra?.entities ?? []) === JSON.stringify(content.entities ?? []);
  if (peer.kind === 'channel') {
    const channel = channelOf(store, peer.id);
    const m = channel.messages.find((x) => x.id === id);
    if (!m) throw rpcError('MESSAGE_ID_INVALID');
    if (m.fromId !== user.id) throw rpcError('MESSAGE_AUTHOR_REQUIRED');
    if (same(m)) throw rpcError('MESSAGE_NOT_MODIFIED');
    apply(m);
    channel.pts += 1;
    channel.events.push({ kind: 'edit', id, pts: channel.pts, ptsCount: 1, date });
    return {
      message: m,
      channel,
      exceptKey,
      deliveries: memberAccounts(store, channel).map((u) => ({
        user: u,
        kind: 'channel-edit',
        channel,
        message: m,
      })),
    };
  }
  const own = boxMessage(user, id);
  if (!own || peerKey(own.peer) !== peerKey(peer)) throw rpcError('MESSAGE_ID_INVALID');
  if (!own.isOutgoing) throw rpcError('MESSAGE_AUTHOR_REQUIRED');
  if (same(own)) throw rpcError('MESSAGE_NOT_MODIFIED');
  const deliveries: Delivery[] = [];
  for (const owner of boxesWith(store, user, own)) {
    const m = owner === user ? own : copyIn(owner, own.extra?.gid);
    if (!m) continue;
    apply(m, owner === user ? undefined : owner);
    owner.box.pts += 1;
    owner.box.events.push({ kind: 'edit', id: m.id, pts: owner.box.pts, ptsCount: 1, date });
    deliveries.push({ user: owner, kind: 'edit', message: m, pts: owner.box.pts });
  }
  return { message: own, exceptKey, deliveries };
}

/** The accounts whose boxes may hold a copy of `m` (sender's side first). */
function boxesWith(store: AccountStore, user: UserRecord, m: MessageRecord): UserRecord[] {
  const ids =
    m.peer.kind === 'user'
      ? [m.peer.id]
      : m.peer.kind === 'chat'
        ? chatMembers(store, m.peer.id)
        : [];
  const others = ids
    .filter((id) => id !== user.id)
    .map((id) => store.users.get(id))
    .filter((u): u is UserRecord => u?.isAccount === true);
  return [user, ...others];
}

/** Deletes messages of `user`'s box; with `revoke`, the copies in the other boxes too. */
export function deleteMessages(
  store: AccountStore,
  user: UserRecord,
  ids: number[],
  revoke: boolean,
  exceptKey?: AuthKeyRecord,
): Outcome & { pts: number; ptsCount: number } {
  const own = user.box.messages.filter((m) => ids.includes(m.id));
  const perOwner = new Map<UserRecord, number[]>();
  for (const m of own) {
    const owners = revoke ? boxesWith(store, user, m) : [user];
    for (const o of owners) {
      const copy = o === user ? m : copyIn(o, m.extra?.gid);
      if (copy) perOwner.set(o, [...(perOwner.get(o) ?? []), copy.id]);
    }
  }
  const deliveries: Delivery[] = [];
  const date = unixNow();
  for (const [o, gone] of perOwner) {
    o.box.messages = o.box.messages.filter((m) => !gone.includes(m.id));
    o.box.pts += gone.length;
    o.box.events.push({ kind: 'delete', ids: gone, pts: o.box.pts, ptsCount: gone.length, date });
    deliveries.push({ user: o, kind: 'delete', ids: gone, pts: o.box.pts, ptsCount: gone.length });
  }
  const mine = perOwner.get(user)?.length ?? 0;
  return { pts: user.box.pts, ptsCount: mine, exceptKey, deliveries };
}

/** Deletes channel messages (their authors, or the channel's creator, may). */
export function deleteChannelMessages(
  store: AccountStore,
  user: UserRecord,
  channel: ChannelRecord,
  ids: number[],
  exceptKey?: AuthKeyRecord,
): Outcome & { pts: number; ptsCount: number } {
  const gone = channel.messages
    .filter((m) => ids.includes(m.id) && (m.fromId === user.id || channel.creatorId === user.id))
    .map((m) => m.id);
  if (gone.length === 0) return { pts: channel.pts, ptsCount: 0, deliveries: [] };
  channel.messages = channel.messages.filter((m) => !gone.includes(m.id));
  channel.pts += gone.length;
  channel.events.push({
    kind: 'delete',
    ids: gone,
    pts: channel.pts,
    ptsCount: gone.length,
    date: unixNow(),
  });
  return {
    pts: channel.pts,
    ptsCount: gone.length,
    exceptKey,
    deliveries: memberAccounts(store, channel).map((u) => ({
      user: u,
      kind: 'channel-delete',
      channel,
      ids: gone,
      pts: channel.pts,
      ptsCount: gone.length,
    })),
  };
}

/** Messages of one peer in `user`'s box (or the channel's), oldest first. */
export function peerMessages(
  store: AccountStore,
  user: UserRecord,
  peer: PeerRef,
): MessageRecord[] {
  if (peer.kind === 'channel') return channelOf(store, peer.id).messages;
  const key = peerKey(peer);
  return user.box.messages.filter((m) => peerKey(m.peer) === key);
}

/** Whether a message counts as unread incoming for `user`. */
function isIncoming(user: UserRecord, m: MessageRecord): boolean {
  return m.peer.kind === 'channel' ? m.fromId !== user.id : !m.isOutgoing;
}

/** Unread incoming messages and unread mentions of `user` in `peer`. */
export function unreadOf(
  store: AccountStore,
  user: UserRecord,
  peer: PeerRef,
  messages = peerMessages(store, user, peer),
): { count: number; mentions: number } {
  const readMax = user.box.readInboxMaxId.get(peerKey(peer)) ?? 0;
  let count = 0;
  let mentionsCount = 0;
  for (const m of messages) {
    if (m.id <= readMax || !isIncoming(user, m)) continue;
    count++;
    if (m.extra?.isMentioned) mentionsCount++;
  }
  return { count, mentions: mentionsCount };
}

/**
 * `user` reads `peer` up to `maxId` (0: everything). Its other sessions learn the new inbox mark;
 * the authors of the read messages learn their outbox mark.
 */
export function readHistory(
  store: AccountStore,
  user: UserRecord,
  peer: PeerRef,
  maxId: number,
  exceptKey?: AuthKeyRecord,
): Outcome & { pts: number; ptsCount: number } {
  const list = peerMessages(store, user, peer);
  const last = list.at(-1)?.id ?? 0;
  const key = peerKey(peer);
  const upTo = Math.max(
    maxId > 0 ? Math.min(maxId, last) : last,
    user.box.readInboxMaxId.get(key) ?? 0,
  );
  const s = settings(user, peer);
  s.isUnreadMarked = undefined;
  user.box.readInboxMaxId.set(key, upTo);
  const stillUnread = unreadOf(store, user, peer, list).count;
  const deliveries: Delivery[] = [];
  const date = unixNow();
  if (peer.kind === 'channel') {
    const channel = channelOf(store, peer.id);
    deliveries.push({ user, kind: 'channel-read-inbox', channel, maxId: upTo, stillUnread });
    const byAuthor = new Map<bigint, number>();
    for (const m of list)
      if (m.id <= upTo && m.fromId !== user.id)
        byAuthor.set(m.fromId, Math.max(m.id, byAuthor.get(m.fromId) ?? 0));
    for (const [authorId, maxRead] of byAuthor) {
      const author = store.users.get(authorId);
      if (!author?.isAccount || (channel.readOutboxMaxId.get(authorId) ?? 0) >= maxRead) continue;
      channel.readOutboxMaxId.set(authorId, maxRead);
      deliveries.push({ user: author, kind: 'channel-read-outbox', channel, maxId: maxRead });
    }
    return { pts: user.box.pts, ptsCount: 0, exceptKey, deliveries };
  }
  user.box.pts += 1;
  user.box.events.push({
    kind: 'read-inbox',
    peer,
    maxId: upTo,
    pts: user.box.pts,
    ptsCount: 1,
    date,
  });
  deliveries.push({ user, kind: 'read-inbox', peer, maxId: upTo, stillUnread, pts: user.box.pts });
  const readGids = new Set<number>();
  for (const m of list)
    if (m.id <= upTo && !m.isOutgoing && m.extra?.gid) readGids.add(m.extra.gid);
  const authors = peer.kind === 'user' ? [peer.id] : chatMembers(store, peer.id);
  for (const authorId of authors) {
    const author = store.users.get(authorId);
    if (!author?.isAccount || author === user) continue;
    const theirPeer: PeerRef = peer.kind === 'user' ? { kind: 'user', id: user.id } : peer;
    let outMax = 0;
    for (const m of author.box.messages)
      if (
        m.isOutgoing &&
        m.extra?.gid &&
        readGids.has(m.extra.gid) &&
        peerKey(m.peer) === peerKey(theirPeer)
      )
        outMax = Math.max(outMax, m.id);
    const theirs = settings(author, theirPeer);
    if (outMax <= (theirs.readOutboxMaxId ?? 0)) continue;
    theirs.readOutboxMaxId = outMax;
    author.box.pts += 1;
    author.box.events.push({
      kind: 'read-outbox',
      peer: theirPeer,
      maxId: outMax,
      pts: author.box.pts,
      ptsCount: 1,
      date,
    });
    deliveries.push({
      user: author,
      kind: 'read-outbox',
      peer: theirPeer,
      maxId: outMax,
      pts: author.box.pts,
    });
  }
  return { pts: user.box.pts, ptsCount: 1, exceptKey, deliveries };
}

/** A dialog as the chat list shows it. */
export interface DialogEntry {
  peer: PeerRef;
  top: MessageRecord;
  settings: DialogSettings;
  unread: { count: number; mentions: number };
}

/** Every dialog of `user` (every peer with a message, and its channels), newest first, pinned first. */
export function listDialogs(store: AccountStore, user: UserRecord): DialogEntry[] {
  const byPeer = new Map<string, { peer: PeerRef; messages: MessageRecord[] }>();
  for (const m of user.box.messages) {
    const key = peerKey(m.peer);
    const e = byPeer.get(key);
    if (e) e.messages.push(m);
    else byPeer.set(key, { peer: m.peer, messages: [m] });
  }
  for (const c of store.channels.values()) {
    if (!c.members.includes(user.id) || c.messages.length === 0) continue;
    byPeer.set(`channel:${c.id}`, { peer: { kind: 'channel', id: c.id }, messages: c.messages });
  }
  const out: DialogEntry[] = [];
  for (const [key, { peer, messages }] of byPeer) {
    const top = messages.at(-1);
    if (!top) continue;
    out.push({
      peer,
      top,
      settings: user.box.dialogs.get(key) ?? {},
      unread: unreadOf(store, user, peer, messages),
    });
  }
  return out.sort(compareDialogs);
}

/** Pinned first (by pin order), then newest top message first; ties by peer key. */
export function compareDialogs(a: DialogEntry, b: DialogEntry): number {
  const pa = a.settings.pinnedOrder;
  const pb = b.settings.pinnedOrder;
  if (pa !== undefined || pb !== undefined) {
    if (pa === undefined) return 1;
    if (pb === undefined) return -1;
    return pa - pb;
  }
  return (
    b.top.date - a.top.date ||
    b.top.id - a.top.id ||
    (peerKey(a.peer) < peerKey(b.peer) ? -1 : peerKey(a.peer) > peerKey(b.peer) ? 1 : 0)
  );
}
