import type { ChatFolder, ChatListItem, ChatsChange } from '../../../../electron/shared/chat-dto';

/**
 * Pinned chats first, in the order they came (Telegram's pin order), then newest first. Stable,
 * so chats with the same time keep their place.
 */
export function sortChats(chats: readonly ChatListItem[]): ChatListItem[] {
  return chats
    .map((chat, index) => ({ chat, index }))
    .sort((a, b) => {
      if (a.chat.isPinned !== b.chat.isPinned) return a.chat.isPinned ? -1 : 1;
      if (a.chat.isPinned) return a.index - b.index;
      return (b.chat.lastMessageAt ?? 0) - (a.chat.lastMessageAt ?? 0) || a.index - b.index;
    })
    .map((x) => x.chat);
}

/** Adds a page at the end; a chat already listed (moved up by an update meanwhile) is kept once. */
export function appendPage(
  list: readonly ChatListItem[],
  page: readonly ChatListItem[],
): ChatListItem[] {
  const seen = new Set(list.map((c) => c.id));
  return [...list, ...page.filter((c) => !seen.has(c.id))];
}

/**
 * Applies a `chats:changed` push to the list of one folder: changed chats of this folder are
 * replaced or added, chats that moved to the other folder or are gone leave, and it re-sorts.
 */
export function applyChatsChange(
  list: readonly ChatListItem[],
  change: Pick<ChatsChange, 'chats' | 'removed'>,
  folder: ChatFolder,
): ChatListItem[] {
  const changed = new Map(change.chats.map((c) => [c.id, c]));
  const removed = new Set(change.removed);
  const next: ChatListItem[] = [];
  for (const chat of list) {
    if (removed.has(chat.id)) continue;
    const update = changed.get(chat.id);
    if (update === undefined) next.push(chat);
    else {
      changed.delete(chat.id);
      if (update.folder === folder) next.push(update);
    }
  }
  for (const chat of changed.values()) if (chat.folder === folder) next.push(chat);
  return sortChats(next);
}

/** Search results follow changes to the chats they show, without adding or re-sorting. */
export function applyToResults(
  list: readonly ChatListItem[],
  change: Pick<ChatsChange, 'chats' | 'removed'>,
): ChatListItem[] {
  const changed = new Map(change.chats.map((c) => [c.id, c]));
  const removed = new Set(change.removed);
  return list.filter((c) => !removed.has(c.id)).map((c) => changed.get(c.id) ?? c);
}

/** What a screen reader hears for one row. */
export function chatRowLabel(chat: ChatListItem): string {
  const parts = [chat.title];
  if (chat.isPinned) parts.push('pinned');
  if (chat.isMuted) parts.push('muted');
  if (chat.unreadCount > 0) {
    parts.push(
      `${String(chat.unreadCount)} unread ${chat.unreadCount === 1 ? 'message' : 'messages'}`,
    );
  } else if (chat.isMarkedUnread) parts.push('marked unread');
  if (chat.unreadMentionsCount > 0) parts.push('you were mentioned');
  if (chat.lastMessage !== null) {
    parts.push(
      chat.lastMessageSender === null
        ? `last message: ${chat.lastMessage}`
        : `last message from ${chat.lastMessageSender}: ${chat.lastMessage}`,
    );
  }
  return parts.join(', ');
}

/**
 * Chats seen in lists, pushes and the inbox, by account and chat id, so a conversation opened by
 * ids alone can show its title. Bounded: the oldest entries go first.
 */
const known = new Map<string, ChatListItem>();
const KNOWN_LIMIT = 5000;

export function rememberChats(accountId: string, chats: readonly ChatListItem[]): void {
  for (const chat of chats) {
    const key = `${accountId}:${chat.id}`;
    known.delete(key);
    known.set(key, chat);
  }
  while (known.size > KNOWN_LIMIT) {
    const oldest = known.keys().next().value;
    if (oldest === undefined) break;
    known.delete(oldest);
  }
}

export function knownChat(accountId: string, chatId: string): ChatListItem | null {
  return known.get(`${accountId}:${chatId}`) ?? null;
}
