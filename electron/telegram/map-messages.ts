/**
 * GramJS messages and dialogs → the chat DTOs of shared/chat-dto.ts (issue 16). Names come from
 * the connection's `PeerBook`, which must have seen the users and chats of the same result.
 */
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { strippedPhotoToJpg } from 'telegram/Utils';
import type {
  ChatFolder,
  ChatListItem,
  ChatMessage,
  EntityKind,
  MessageEntity,
  MessageMedia,
} from '../shared/chat-dto';
import { peerKeyOf, type PeerBook } from './peers';
import { colorIndexOf, initialsOf } from '../shared/avatar-art';

/** A message as Telegram sends it, before mapping. */
export type RawMessage = Api.Message | Api.MessageService;

export function isRawMessage(message: Api.TypeMessage | undefined): message is RawMessage {
  return message instanceof Api.Message || message instanceof Api.MessageService;
}

export function messageChatKey(message: RawMessage): string {
  return peerKeyOf(message.peerId);
}

// Entities -------------------------------------------------------------------------------------

const entityKinds: [new (...args: never[]) => Api.TypeMessageEntity, EntityKind][] = [
  [Api.MessageEntityBold, 'bold'],
  [Api.MessageEntityItalic, 'italic'],
  [Api.MessageEntityUnderline, 'underline'],
  [Api.MessageEntityStrike, 'strike'],
  [Api.MessageEntitySpoiler, 'spoiler'],
  [Api.MessageEntityCode, 'code'],
  [Api.MessageEntityPre, 'pre'],
  [Api.MessageEntityBlockquote, 'blockquote'],
  [Api.MessageEntityUrl, 'url'],
  [Api.MessageEntityTextUrl, 'text-url'],
  [Api.MessageEntityEmail, 'email'],
  [Api.MessageEntityPhone, 'phone'],
  [Api.MessageEntityMention, 'mention'],
  [Api.MessageEntityMentionName, 'mention-name'],
  [Api.InputMessageEntityMentionName, 'mention-name'],
  [Api.MessageEntityHashtag, 'hashtag'],
  [Api.MessageEntityCashtag, 'cashtag'],
  [Api.MessageEntityBotCommand, 'bot-command'],
];

/** Link targets a text link may carry; any other scheme (javascript:, file:, …) is dropped. */
export function safeLinkOrNull(value: string): string | null {
  try {
    const url = new URL(value);
    return ['http:', 'https:', 'tg:', 'mailto:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

export function mapEntities(entities: readonly Api.TypeMessageEntity[] | undefined) {
  const out: MessageEntity[] = [];
  for (const entity of entities ?? []) {
    const kind = entityKinds.find(([type]) => entity instanceof type)?.[1];
    if (!kind) continue;
    const span: MessageEntity = { kind, offset: entity.offset, length: entity.length };
    if (entity instanceof Api.MessageEntityTextUrl) {
      const url = safeLinkOrNull(entity.url);
      if (!url) continue;
      span.url = url;
    }
    if (entity instanceof Api.MessageEntityPre && entity.language) span.language = entity.language;
    if (entity instanceof Api.MessageEntityMentionName) span.userId = entity.userId.toString();
    out.push(span);
  }
  return out;
}

// Media ----------------------------------------------------------------------------------------

function photoMedia(photo: Api.TypePhoto | undefined): MessageMedia {
  if (!(photo instanceof Api.Photo)) return { kind: 'other', label: 'Photo' };
  let width = 0;
  let height = 0;
  let stripped: string | null = null;
  let hasThumbnail = false;
  for (const size of photo.sizes) {
    if (size instanceof Api.PhotoStrippedSize) {
      const jpeg = strippedPhotoToJpg(Buffer.from(size.bytes));
      stripped = `data:image/jpeg;base64,${jpeg.toString('base64')}`;
    } else if (
      size instanceof Api.PhotoSize ||
      size instanceof Api.PhotoSizeProgressive ||
      size instanceof Api.PhotoCachedSize
    ) {
      hasThumbnail = true;
      if (size.w * size.h > width * height) {
        width = size.w;
        height = size.h;
      }
    }
  }
  return { kind: 'photo', width, height, stripped, hasThumbnail };
}

const documentWords: Record<Exclude<MessageMedia['kind'], 'photo' | 'other'>, string> = {
  file: 'File',
  video: 'Video',
  audio: 'Audio',
  voice: 'Voice message',
  sticker: 'Sticker',
  gif: 'GIF',
  'video-note': 'Video message',
};

function documentMedia(document: Api.TypeDocument | undefined): MessageMedia {
  if (!(document instanceof Api.Document)) return { kind: 'other', label: 'File' };
  let kind: keyof typeof documentWords = 'file';
  let name: string | null = null;
  let duration: number | null = null;
  const attributes = document.attributes;
  const isAnimated = attributes.some((a) => a instanceof Api.DocumentAttributeAnimated);
  for (const attribute of attributes) {
    if (attribute instanceof Api.DocumentAttributeFilename) name = attribute.fileName;
    if (attribute instanceof Api.DocumentAttributeSticker) kind = 'sticker';
    if (attribute instanceof Api.DocumentAttributeVideo && kind !== 'sticker') {
      duration = Math.round(attribute.duration);
      kind = attribute.roundMessage ? 'video-note' : isAnimated ? 'gif' : 'video';
    }
    if (attribute instanceof Api.DocumentAttributeAudio) {
      duration = attribute.duration;
      kind = attribute.voice ? 'voice' : 'audio';
    }
  }
  if (isAnimated && kind === 'file') kind = 'gif';
  return {
    kind,
    name: name ?? documentWords[kind],
    size: Number(document.size.toString()),
    mimeType: document.mimeType,
    duration,
  };
}

export function mapMedia(media: Api.TypeMessageMedia | undefined): MessageMedia | null {
  if (!media || media instanceof Api.MessageMediaEmpty) return null;
  // A link preview belongs to the text, which carries the link itself.
  if (media instanceof Api.MessageMediaWebPage) return null;
  if (media instanceof Api.MessageMediaPhoto) return photoMedia(media.photo);
  if (media instanceof Api.MessageMediaDocument) return documentMedia(media.document);
  if (media instanceof Api.MessageMediaGeo || media instanceof Api.MessageMediaVenue)
    return { kind: 'other', label: 'Location' };
  if (media instanceof Api.MessageMediaGeoLive) return { kind: 'other', label: 'Live location' };
  if (media instanceof Api.MessageMediaContact) return { kind: 'other', label: 'Contact' };
  if (media instanceof Api.MessageMediaPoll) return { kind: 'other', label: 'Poll' };
  if (media instanceof Api.MessageMediaDice) return { kind: 'other', label: media.emoticon };
  if (media instanceof Api.MessageMediaGame) return { kind: 'other', label: 'Game' };
  if (media instanceof Api.MessageMediaInvoice) return { kind: 'other', label: 'Invoice' };
  if (media instanceof Api.MessageMediaStory) return { kind: 'other', label: 'Story' };
  return { kind: 'other', label: 'Unsupported message' };
}

/** A word for a message's media in previews ("Photo", "report.pdf", "Voice message"). */
export function mediaWord(media: MessageMedia): string {
  if (media.kind === 'photo') return 'Photo';
  if (media.kind === 'other') return media.label;
  if (media.kind === 'file' || media.kind === 'audio') return media.name;
  return documentWords[media.kind];
}

// Service messages -----------------------------------------------------------------------------

function names(ids: readonly { toString(): string }[], peers: PeerBook): string {
  const list = ids.map((id) => peers.title(`u${id.toString()}`) ?? 'someone');
  return list.length <= 2
    ? list.join(' and ')
    : `${list.slice(0, -1).join(', ')} and ${list.at(-1) ?? ''}`;
}

/** A service message's event in words, with who did it. */
export function serviceWords(action: Api.TypeMessageAction, actor: string, peers: PeerBook) {
  const actorId = (id: { toString(): string }) => peers.title(`u${id.toString()}`);
  if (action instanceof Api.MessageActionChatCreate)
    return `${actor} created the group “${action.title}”`;
  if (action instanceof Api.MessageActionChannelCreate)
    return `The channel “${action.title}” was created`;
  if (action instanceof Api.MessageActionChatEditTitle)
    return `${actor} changed the name to “${action.title}”`;
  if (action instanceof Api.MessageActionChatEditPhoto) return `${actor} changed the photo`;
  if (action instanceof Api.MessageActionChatDeletePhoto) return `${actor} removed the photo`;
  if (action instanceof Api.MessageActionChatAddUser) {
    const [only] = action.users;
    if (action.users.length === 1 && only !== undefined && actorId(only) === actor)
      return `${actor} joined the group`;
    return `${actor} added ${names(action.users, peers)}`;
  }
  if (action instanceof Api.MessageActionChatDeleteUser) {
    const left = actorId(action.userId);
    return left === actor || left === null ? `${actor} left the group` : `${actor} removed ${left}`;
  }
  if (
    action instanceof Api.MessageActionChatJoinedByLink ||
    action instanceof Api.MessageActionChatJoinedByRequest
  )
    return `${actor} joined the group by invite link`;
  if (action instanceof Api.MessageActionPinMessage) return `${actor} pinned a message`;
  if (
    action instanceof Api.MessageActionChatMigrateTo ||
    action instanceof Api.MessageActionChannelMigrateFrom
  )
    return 'The group was upgraded to a supergroup';
  if (action instanceof Api.MessageActionHistoryClear) return 'The history was cleared';
  if (action instanceof Api.MessageActionPhoneCall)
    return action.reason instanceof Api.PhoneCallDiscardReasonMissed ? 'Missed call' : 'Call';
  if (action instanceof Api.MessageActionScreenshotTaken) return `${actor} took a screenshot`;
  if (action instanceof Api.MessageActionContactSignUp) return `${actor} joined Telegram`;
  if (action instanceof Api.MessageActionGroupCall) return 'Video chat';
  if (action instanceof Api.MessageActionSetMessagesTTL)
    return action.period > 0 ? `${actor} turned on auto-delete` : `${actor} turned off auto-delete`;
  if (action instanceof Api.MessageActionCustomAction) return action.message;
  return 'Service message';
}

// Messages -------------------------------------------------------------------------------------

/** Who wrote a message: a user, a channel posting as itself, or (private chats) the peer. */
function senderKey(message: RawMessage): string {
  return message.fromId ? peerKeyOf(message.fromId) : peerKeyOf(message.peerId);
}

/** The one-line preview of a message (lists and reply quotes). */
export function previewOf(message: RawMessage, peers: PeerBook): string {
  if (message instanceof Api.MessageService) {
    const actor = message.out ? 'You' : (peers.title(senderKey(message)) ?? 'Someone');
    return serviceWords(message.action, actor, peers);
  }
  const text = message.message.replace(/\s+/g, ' ').trim().slice(0, 200);
  const media = mapMedia(message.media);
  if (!media) return text;
  return text ? `${mediaWord(media)}, ${text}` : mediaWord(media);
}

function isPrivate(message: RawMessage): boolean {
  return message.peerId instanceof Api.PeerUser;
}

/** The sender shown on an incoming message in a group or channel; null otherwise. */
function senderOf(message: RawMessage, peers: PeerBook): ChatMessage['sender'] {
  if (message.out || isPrivate(message)) return null;
  const key = senderKey(message);
  return { id: key, name: peers.title(key) ?? 'Unknown' };
}

function forwardOf(header: Api.TypeMessageFwdHeader | undefined, peers: PeerBook) {
  if (!header) return null;
  const name =
    header.fromName ??
    (header.fromId ? peers.title(peerKeyOf(header.fromId)) : null) ??
    'Hidden sender';
  return { name, date: header.date * 1000 };
}

/** Replied-to messages by id, from the same result or one batched fetch. */
export type ReplyLookup = ReadonlyMap<number, RawMessage>;

function replyOf(message: RawMessage, peers: PeerBook, replies: ReplyLookup | undefined) {
  const header = message.replyTo;
  if (!(header instanceof Api.MessageReplyHeader) || header.replyToMsgId === undefined) return null;
  const replied = replies?.get(header.replyToMsgId);
  if (!replied) return { messageId: header.replyToMsgId, sender: null, preview: null };
  const sender = replied.out ? 'You' : (peers.title(senderKey(replied)) ?? null);
  return {
    messageId: header.replyToMsgId,
    sender,
    preview: previewOf(replied, peers).slice(0, 100),
  };
}

/** The id of the message a message answers, if it is in the same chat. */
export function replyIdOf(message: RawMessage): number | null {
  const header = message.replyTo;
  if (!(header instanceof Api.MessageReplyHeader) || header.replyToPeerId) return null;
  return header.replyToMsgId ?? null;
}

export function mapMessage(
  message: RawMessage,
  peers: PeerBook,
  replies?: ReplyLookup,
): ChatMessage {
  const base = {
    id: message.id,
    chatId: messageChatKey(message),
    date: message.date * 1000,
    isOutgoing: message.out === true,
    sender: senderOf(message, peers),
    replyTo: replyOf(message, peers, replies),
    isMention: message.mentioned === true,
    state: 'sent' as const,
    localId: null,
    error: null,
  };
  if (message instanceof Api.MessageService) {
    const actor = message.out ? 'You' : (peers.title(senderKey(message)) ?? 'Someone');
    return {
      ...base,
      editedAt: null,
      text: '',
      entities: [],
      service: serviceWords(message.action, actor, peers),
      media: null,
      forwardedFrom: null,
    };
  }
  return {
    ...base,
    editedAt: message.editDate && !message.editHide ? message.editDate * 1000 : null,
    text: message.message,
    entities: mapEntities(message.entities),
    service: null,
    media: mapMedia(message.media),
    forwardedFrom: forwardOf(message.fwdFrom, peers),
  };
}

/** The short updates Telegram sends for private chats and basic groups, as full messages. */
export function messageOfShort(
  update: Api.UpdateShortMessage | Api.UpdateShortChatMessage,
  selfId: string | null,
): Api.Message {
  const fields = {
    id: update.id,
    out: update.out === true,
    mentioned: update.mentioned === true,
    message: update.message,
    date: update.date,
    fwdFrom: update.fwdFrom,
    replyTo: update.replyTo,
    entities: update.entities,
  };
  if (update instanceof Api.UpdateShortMessage) {
    const other = new Api.PeerUser({ userId: update.userId });
    const self = selfId ? new Api.PeerUser({ userId: returnBigInt(selfId) }) : undefined;
    return new Api.Message({ ...fields, peerId: other, fromId: update.out ? self : other });
  }
  return new Api.Message({
    ...fields,
    peerId: new Api.PeerChat({ chatId: update.chatId }),
    fromId: new Api.PeerUser({ userId: update.fromId }),
  });
}

// Dialogs --------------------------------------------------------------------------------------

export interface DialogContext {
  peers: PeerBook;
  /** The top messages of the same result, by `chatKey:id`. */
  messages: ReadonlyMap<string, RawMessage>;
  now: number;
}

export function topMessagesOf(messages: readonly Api.TypeMessage[]) {
  const byKey = new Map<string, RawMessage>();
  for (const message of messages) {
    if (isRawMessage(message)) byKey.set(`${messageChatKey(message)}:${message.id}`, message);
  }
  return byKey;
}

export function mapDialog(dialog: Api.Dialog, context: DialogContext): ChatListItem {
  const { peers } = context;
  const id = peerKeyOf(dialog.peer);
  const title = peers.title(id) ?? 'Unknown chat';
  const kind = peers.kind(id) ?? (id.startsWith('u') ? 'user' : 'group');
  const message = context.messages.get(`${id}:${dialog.topMessage}`);
  const muteUntil =
    dialog.notifySettings instanceof Api.PeerNotifySettings
      ? (dialog.notifySettings.muteUntil ?? 0)
      : 0;
  let lastMessageSender: string | null = null;
  if (message && (kind === 'group' || kind === 'channel') && !isPrivate(message)) {
    lastMessageSender = message.out
      ? 'You'
      : message.fromId
        ? peers.shortName(peerKeyOf(message.fromId))
        : null;
  }
  const folder: ChatFolder = dialog.folderId === 1 ? 'archive' : 'main';
  return {
    id,
    title,
    kind,
    initials: initialsOf(title),
    colorIndex: colorIndexOf(id.slice(1)),
    unreadCount: dialog.unreadCount,
    unreadMentionsCount: dialog.unreadMentionsCount,
    isMarkedUnread: dialog.unreadMark === true,
    lastMessage: message ? previewOf(message, peers) : null,
    lastMessageSender: message instanceof Api.MessageService ? null : lastMessageSender,
    lastMessageAt: message ? message.date * 1000 : null,
    lastMessageId: message ? message.id : null,
    isPinned: dialog.pinned === true,
    isMuted: muteUntil * 1000 > context.now,
    folder,
    readInboxMaxId: dialog.readInboxMaxId,
    readOutboxMaxId: dialog.readOutboxMaxId,
  };
}
