import { Api } from 'telegram';
import { rpcError } from '../errors';
import type {
  ChannelRecord,
  DialogEntry,
  EntityRecord,
  EntityType,
  MediaRecord,
  ServiceAction,
} from '../messaging';
import { solidPng, strippedThumb } from '../photo';
import type { AccountStore, MessageRecord, PeerRef, UserRecord } from '../store';
import { fromLong, toLong } from '../tl';
import { chatToTl, userToTl } from './builders';

/**
 * Messages, channels, dialogs and entities as TL (issue 16), as `viewer` sees them: the same
 * channel message is `out` for its author only.
 */

const ENTITY_CLASSES = {
  bold: Api.MessageEntityBold,
  italic: Api.MessageEntityItalic,
  underline: Api.MessageEntityUnderline,
  strike: Api.MessageEntityStrike,
  code: Api.MessageEntityCode,
  pre: Api.MessageEntityPre,
  textUrl: Api.MessageEntityTextUrl,
  url: Api.MessageEntityUrl,
  mention: Api.MessageEntityMention,
  mentionName: Api.MessageEntityMentionName,
  hashtag: Api.MessageEntityHashtag,
  email: Api.MessageEntityEmail,
  spoiler: Api.MessageEntitySpoiler,
  blockquote: Api.MessageEntityBlockquote,
} as const satisfies Record<EntityType, unknown>;

/** TL entity → record; entities the sandbox does not keep are dropped. */
export function entityFromTl(e: Api.TypeMessageEntity): EntityRecord | undefined {
  const base = { offset: e.offset, length: e.length };
  if (e instanceof Api.InputMessageEntityMentionName) {
    const u = e.userId;
    const id =
      u instanceof Api.InputUser
        ? fromLong(u.userId)
        : u instanceof Api.InputUserSelf
          ? -1n
          : undefined;
    return id === undefined ? undefined : { type: 'mentionName', ...base, userId: id.toString() };
  }
  if (e instanceof Api.MessageEntityMentionName)
    return { type: 'mentionName', ...base, userId: fromLong(e.userId).toString() };
  if (e instanceof Api.MessageEntityTextUrl) return { type: 'textUrl', ...base, url: e.url };
  if (e instanceof Api.MessageEntityPre)
    return { type: 'pre', ...base, ...(e.language ? { language: e.language } : {}) };
  for (const [type, cls] of Object.entries(ENTITY_CLASSES))
    if (e instanceof cls) return { type: type as EntityType, ...base };
  return undefined;
}

/** Entities of a request, with InputUserSelf mention-names resolved to `self`. */
export function entitiesFromTl(
  list: Api.TypeMessageEntity[] | undefined,
  self: UserRecord,
): EntityRecord[] | undefined {
  if (!list) return undefined;
  const out: EntityRecord[] = [];
  for (const e of list) {
    const r = entityFromTl(e);
    if (!r) continue;
    if (r.userId === '-1') r.userId = self.id.toString();
    out.push(r);
  }
  return out;
}

export function entityToTl(e: EntityRecord): Api.TypeMessageEntity {
  const base = { offset: e.offset, length: e.length };
  switch (e.type) {
    case 'mentionName':
      return new Api.MessageEntityMentionName({ ...base, userId: toLong(BigInt(e.userId ?? '0')) });
    case 'textUrl':
      return new Api.MessageEntityTextUrl({ ...base, url: e.url ?? '' });
    case 'pre':
      return new Api.MessageEntityPre({ ...base, language: e.language ?? '' });
    default:
      return new ENTITY_CLASSES[e.type](base);
  }
}

/** TL peer, channels included. */
export function peerTl(p: PeerRef): Api.TypePeer {
  if (p.kind === 'user') return new Api.PeerUser({ userId: toLong(p.id) });
  if (p.kind === 'chat') return new Api.PeerChat({ chatId: toLong(p.id) });
  return new Api.PeerChannel({ channelId: toLong(p.id) });
}

/** An input peer → the peer it names (self resolved). */
export function resolveInputPeer(self: UserRecord, input: unknown): PeerRef {
  if (input instanceof Api.InputPeerSelf) return { kind: 'user', id: self.id };
  if (input instanceof Api.InputPeerUser) return { kind: 'user', id: fromLong(input.userId) };
  if (input instanceof Api.InputPeerChat) return { kind: 'chat', id: fromLong(input.chatId) };
  if (input instanceof Api.InputPeerChannel)
    return { kind: 'channel', id: fromLong(input.channelId) };
  if (input instanceof Api.InputChannel) return { kind: 'channel', id: fromLong(input.channelId) };
  if (input instanceof Api.InputDialogPeer) return resolveInputPeer(self, input.peer);
  throw rpcError('PEER_ID_INVALID');
}

/** A channel as `viewer` sees it. */
export function channelTl(c: ChannelRecord, viewer: UserRecord): Api.Channel {
  const isMember = c.members.includes(viewer.id);
  return new Api.Channel({
    id: toLong(c.id),
    accessHash: toLong(c.accessHash),
    title: c.title,
    username: c.username,
    photo: new Api.ChatPhotoEmpty(),
    date: c.date,
    creator: c.creatorId === viewer.id || undefined,
    left: !isMember || undefined,
    broadcast: !c.isMegagroup || undefined,
    megagroup: c.isMegagroup || undefined,
    participantsCount: c.members.length,
  });
}

/** The photo of a photo message: a stripped thumbnail (`i`) and a small size (`m`). */
export function photoTl(p: Extract<MediaRecord, { kind: 'photo' }>): Api.Photo {
  return new Api.Photo({
    id: toLong(BigInt(p.id)),
    accessHash: toLong(BigInt(p.accessHash)),
    fileReference: Buffer.from(p.id),
    date: p.date,
    sizes: [
      new Api.PhotoStrippedSize({ type: 'i', bytes: strippedThumb(p.color) }),
      new Api.PhotoSize({ type: 'm', w: PHOTO_M_SIDE, h: PHOTO_M_SIDE, size: PHOTO_M_BYTES(p) }),
    ],
    dcId: 2,
  });
}

/** Side of the `m` size the sandbox serves (a solid PNG of the photo's colour). */
export const PHOTO_M_SIDE = 64;
const PHOTO_M_BYTES = (p: { color: string }): number => photoBytes(p.color).length;
const photoCache = new Map<string, Buffer>();
/** The `m` size's bytes. */
export function photoBytes(color: string): Buffer {
  let b = photoCache.get(color);
  if (!b) {
    b = solidPng(color, PHOTO_M_SIDE);
    photoCache.set(color, b);
  }
  return b;
}

function mediaTl(m: MediaRecord): Api.TypeMessageMedia {
  if (m.kind === 'photo') return new Api.MessageMediaPhoto({ photo: photoTl(m) });
  return new Api.MessageMediaDocument({
    document: new Api.Document({
      id: toLong(BigInt(m.id)),
      accessHash: toLong(BigInt(m.accessHash)),
      fileReference: Buffer.from(m.id),
      date: m.date,
      mimeType: m.mime,
      size: toLong(BigInt(m.size)),
      dcId: 2,
      attributes: [new Api.DocumentAttributeFilename({ fileName: m.name })],
    }),
  });
}

function actionTl(a: ServiceAction): Api.TypeMessageAction {
  switch (a.kind) {
    case 'chat-create':
      return new Api.MessageActionChatCreate({
        title: a.title,
        users: a.userIds.map((id) => toLong(BigInt(id))),
      });
    case 'chat-add-user':
      return new Api.MessageActionChatAddUser({ users: a.userIds.map((id) => toLong(BigInt(id))) });
    case 'channel-create':
      return new Api.MessageActionChannelCreate({ title: a.title });
  }
}

/** A message as `viewer` sees it (Message, or MessageService for an action). */
export function messageTl(
  store: AccountStore,
  m: MessageRecord,
  viewer: UserRecord,
): Api.Message | Api.MessageService {
  const x = m.extra ?? {};
  const channel = m.peer.kind === 'channel' ? store.channels.get(m.peer.id) : undefined;
  const isOut = channel ? m.fromId === viewer.id : m.isOutgoing;
  const isPost = channel !== undefined && !channel.isMegagroup;
  const fromId =
    isPost || (m.peer.kind === 'user' && !isOut)
      ? undefined
      : new Api.PeerUser({ userId: toLong(m.fromId) });
  const replyTo = x.replyTo ? new Api.MessageReplyHeader({ replyToMsgId: x.replyTo }) : undefined;
  if (x.action) {
    return new Api.MessageService({
      id: m.id,
      out: isOut || undefined,
      post: isPost || undefined,
      fromId,
      peerId: peerTl(m.peer),
      replyTo,
      date: m.date,
      action: actionTl(x.action),
    });
  }
  return new Api.Message({
    id: m.id,
    out: isOut || undefined,
    mentioned: x.isMentioned || undefined,
    mediaUnread: x.isMentioned || undefined,
    post: isPost || undefined,
    fromId,
    peerId: peerTl(m.peer),
    fwdFrom: x.fwd
      ? new Api.MessageFwdHeader({
          date: x.fwd.date,
          fromName: x.fwd.fromName,
          fromId: x.fwd.fromUserId
            ? new Api.PeerUser({ userId: toLong(BigInt(x.fwd.fromUserId)) })
            : undefined,
        })
      : undefined,
    replyTo,
    date: m.date,
    message: m.text,
    media: x.media ? mediaTl(x.media) : undefined,
    entities: x.entities?.map(entityToTl),
    editDate: x.editDate,
    views: isPost ? 1 : undefined,
    forwards: isPost ? 0 : undefined,
  });
}

/** Users and chats (channels included) that `messages` and `peers` refer to, for `viewer`. */
export function peersFor(
  store: AccountStore,
  viewer: UserRecord,
  messages: readonly MessageRecord[],
  peers: readonly PeerRef[] = [],
): { users: Api.TypeUser[]; chats: Api.TypeChat[] } {
  const userIds = new Set<bigint>([viewer.id]);
  const chatIds = new Set<bigint>();
  const channelIds = new Set<bigint>();
  const addPeer = (p: PeerRef): void => {
    if (p.kind === 'user') userIds.add(p.id);
    else if (p.kind === 'chat') chatIds.add(p.id);
    else channelIds.add(p.id);
  };
  for (const p of peers) addPeer(p);
  for (const m of messages) {
    userIds.add(m.fromId);
    addPeer(m.peer);
    const x = m.extra;
    if (x?.fwd?.fromUserId) userIds.add(BigInt(x.fwd.fromUserId));
    for (const e of x?.entities ?? []) if (e.userId) userIds.add(BigInt(e.userId));
    if (x?.action && 'userIds' in x.action)
      for (const id of x.action.userIds) userIds.add(BigInt(id));
  }
  const users: Api.TypeUser[] = [];
  for (const id of userIds) {
    const u = store.users.get(id);
    if (u) users.push(userToTl(u, viewer));
  }
  const chats: Api.TypeChat[] = [];
  for (const id of chatIds) {
    const c = store.chats.get(id);
    if (c) chats.push(chatToTl(c));
  }
  for (const id of channelIds) {
    const c = store.channels.get(id);
    if (c) chats.push(channelTl(c, viewer));
  }
  return { users, chats };
}

/** A dialog of the chat list. */
export function dialogTl(store: AccountStore, viewer: UserRecord, d: DialogEntry): Api.Dialog {
  const channel = d.peer.kind === 'channel' ? store.channels.get(d.peer.id) : undefined;
  let readOut = d.settings.readOutboxMaxId ?? 0;
  if (channel) readOut = channel.readOutboxMaxId.get(viewer.id) ?? 0;
  return new Api.Dialog({
    pinned: d.settings.pinnedOrder !== undefined || undefined,
    unreadMark: d.settings.isUnreadMarked || undefined,
    peer: peerTl(d.peer),
    topMessage: d.top.id,
    readInboxMaxId: viewer.box.readInboxMaxId.get(`${d.peer.kind}:${d.peer.id}`) ?? 0,
    readOutboxMaxId: readOut,
    unreadCount: d.unread.count,
    unreadMentionsCount: d.unread.mentions,
    unreadReactionsCount: 0,
    notifySettings: new Api.PeerNotifySettings({
      muteUntil: d.settings.muteUntil,
      showPreviews: true,
    }),
    pts: channel?.pts,
    folderId: d.settings.folderId || undefined,
  });
}
