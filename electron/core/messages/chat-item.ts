/**
 * Pure updates of one chat-list item from a message or a read (issue 16): what a new message
 * does to the preview and the unread counts, whether two items differ, and a send failure in
 * words. Message text never reaches a log line from here or anywhere in the messages service.
 */
import type { ChatListItem, ChatMessage } from '../../shared/chat-dto';
import { isAppFailure } from '../../shared/errors';
import { formatWait } from '../../shared/error-words';
import { mediaWord } from './notifications';

/** The preview of a message in the chat list: the service event, the text, or a media word. */
export function previewOf(message: ChatMessage): string {
  const text = message.service ?? (message.text.trim() || mediaWord(message));
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/**
 * The chat after `message` arrived. A message at or below the chat's last one changes nothing
 * (an update echoing a message already counted, such as one's own sent message).
 */
export function withNewMessage(chat: ChatListItem, message: ChatMessage): ChatListItem {
  if (chat.lastMessageId !== null && message.id <= chat.lastMessageId) return chat;
  const isGroup = chat.kind === 'group' || chat.kind === 'channel';
  const counts = !message.isOutgoing && message.id > chat.readInboxMaxId;
  return {
    ...chat,
    lastMessage: previewOf(message),
    lastMessageSender: isGroup
      ? message.isOutgoing
        ? 'You'
        : (message.sender?.name ?? null)
      : null,
    lastMessageAt: message.date,
    lastMessageId: message.id,
    unreadCount: chat.unreadCount + (counts ? 1 : 0),
    unreadMentionsCount: chat.unreadMentionsCount + (counts && message.isMention ? 1 : 0),
  };
}

/** The chat after an edit: only the preview of its last message can change. */
export function withEditedMessage(chat: ChatListItem, message: ChatMessage): ChatListItem {
  if (chat.lastMessageId !== message.id) return chat;
  return { ...chat, lastMessage: previewOf(message) };
}

/**
 * The chat after the user read up to `maxId`. Reading up to the last message clears the
 * counts; a partial read is exact only when `incomingAfter` (the incoming messages above
 * `maxId`, from the cache) is known; otherwise the caller asks Telegram for the dialog.
 */
export function withReadInbox(
  chat: ChatListItem,
  maxId: number,
  incomingAfter: number | null,
): { chat: ChatListItem; isExact: boolean } {
  if (maxId <= chat.readInboxMaxId && !chat.isMarkedUnread) return { chat, isExact: true };
  const readInboxMaxId = Math.max(chat.readInboxMaxId, maxId);
  if (chat.lastMessageId === null || readInboxMaxId >= chat.lastMessageId) {
    return {
      chat: {
        ...chat,
        readInboxMaxId,
        unreadCount: 0,
        unreadMentionsCount: 0,
        isMarkedUnread: false,
      },
      isExact: true,
    };
  }
  if (incomingAfter === null) return { chat: { ...chat, readInboxMaxId }, isExact: false };
  return {
    chat: {
      ...chat,
      readInboxMaxId,
      unreadCount: Math.min(chat.unreadCount, incomingAfter),
      isMarkedUnread: false,
    },
    isExact: true,
  };
}

export function sameChat(a: ChatListItem, b: ChatListItem): boolean {
  return (Object.keys(a) as (keyof ChatListItem)[]).every((key) => a[key] === b[key]);
}

/** Why a send failed, in words the composer shows beside the message. */
export function sendFailureWords(error: unknown): string {
  if (!isAppFailure(error)) return 'The message was not sent. Try again.';
  switch (error.code) {
    case 'FLOOD_WAIT':
      return error.retryAfter
        ? `Telegram asks to wait ${formatWait(error.retryAfter)} before sending more.`
        : 'Telegram asks to wait before sending more.';
    case 'NETWORK':
    case 'TIMEOUT':
    case 'PROXY_REFUSED':
    case 'PROXY_TIMEOUT':
    case 'PROXY_UNREACHABLE':
      return 'The message was not sent: there is no connection to Telegram. Try again.';
    case 'LOGGED_OUT':
    case 'AUTH_KEY_DUPLICATED':
      return 'The message was not sent: this account is logged out.';
    case 'LOCKED':
      return 'The message was not sent: Gramdeck is locked.';
    case 'INTERNAL':
      return 'The message was not sent. Try again.';
    default:
      // An RPC error the adapter has no words for names itself in brackets.
      return writeForbidden.test(error.message) ? "You can't write in this chat." : error.message;
  }
}

/** Telegram's refusals that mean the account may not write in the chat. */
const writeForbidden =
  /\((CHAT_WRITE_FORBIDDEN|CHAT_ADMIN_REQUIRED|CHAT_RESTRICTED|CHAT_SEND_PLAIN_FORBIDDEN|USER_BANNED_IN_CHANNEL|USER_IS_BLOCKED|YOU_BLOCKED_USER|CHANNEL_PRIVATE)\)/;
