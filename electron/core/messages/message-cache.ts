/**
 * The message cache (issue 16, item 7): what keeps "open a chat" instant without letting 1,000
 * idle accounts grow with their chats' traffic.
 *
 * - A chat enters the cache only when the renderer reads its history (or sends to it). Traffic of
 *   a chat nobody opened updates the chat list (counts, preview) and is not cached at all.
 * - The `openChats` most recently used chats (over every account) are "open": each keeps the
 *   newest messages plus what the user scrolled back to, up to `maxPerOpenChat`.
 * - Every other cached chat keeps only its newest `tailPerChat` messages: enough to draw it at
 *   once when it opens again; new messages of such a chat push the oldest out.
 * - Per account at most `chatsPerAccount` chats are cached, least recently used evicted first;
 *   over every account at most `maxMessages` messages, again least recently used chats first.
 *
 * So the cache never holds more than `maxMessages` messages, whatever the traffic. Local
 * messages (sending, failed) live in the send queue, not here.
 */
import type { ChatMessage } from '../../shared/chat-dto';

export interface CacheLimits {
  openChats: number;
  maxPerOpenChat: number;
  tailPerChat: number;
  chatsPerAccount: number;
  maxMessages: number;
}

export const defaultCacheLimits: CacheLimits = {
  openChats: 4,
  maxPerOpenChat: 1_000,
  tailPerChat: 50,
  chatsPerAccount: 8,
  maxMessages: 12_000,
};

/** One chat's cached messages: a contiguous run of its history up to the newest, oldest first. */
export interface CachedChat {
  readonly accountId: string;
  readonly chatId: string;
  messages: ChatMessage[];
  /** False once the oldest message of the chat is cached. */
  hasOlder: boolean;
}

export interface MessageCache {
  get(accountId: string, chatId: string): CachedChat | undefined;
  /** Marks the chat as used now (the renderer opened it, scrolled it or wrote in it). */
  touch(accountId: string, chatId: string): CachedChat;
  /** Stores a page the server gave: the newest (`beforeId` null) or the one before `beforeId`. */
  storePage(
    accountId: string,
    chatId: string,
    beforeId: number | null,
    messages: readonly ChatMessage[],
    hasOlder: boolean,
  ): void;
  /** Adds or replaces a message of a cached chat; false when the chat is not cached. */
  upsert(accountId: string, message: ChatMessage): boolean;
  /** Removes messages; `chatId` null: of every private chat and basic group of the account. */
  remove(accountId: string, chatId: string | null, ids: readonly number[]): string[];
  dropAccount(accountId: string): void;
  clear(): void;
  /** How many messages are cached in all (for tests and the bench). */
  size(): number;
}

const keyOf = (accountId: string, chatId: string) => `${accountId}:${chatId}`;

export function createMessageCache(limits: CacheLimits = defaultCacheLimits): MessageCache {
  /** Insertion order is use order: the last entry is the most recently used chat. */
  const chats = new Map<string, CachedChat>();
  let total = 0;

  function isOpen(key: string): boolean {
    const keys = [...chats.keys()];
    return keys.indexOf(key) >= keys.length - limits.openChats;
  }

  function trim(key: string, chat: CachedChat): void {
    const max = isOpen(key) ? limits.maxPerOpenChat : limits.tailPerChat;
    const extra = chat.messages.length - max;
    if (extra <= 0) return;
    chat.messages = chat.messages.slice(extra);
    chat.hasOlder = true;
    total -= extra;
  }

  function evict(key: string): void {
    const chat = chats.get(key);
    if (!chat) return;
    total -= chat.messages.length;
    chats.delete(key);
  }

  /** Applies every limit, the chats used longest ago giving way first. */
  function enforce(): void {
    // The chat that just left the open set keeps only its tail.
    const keys = [...chats.keys()];
    const leaving = keys[keys.length - limits.openChats - 1];
    if (leaving !== undefined) {
      const chat = chats.get(leaving);
      if (chat) trim(leaving, chat);
    }
    const perAccount = new Map<string, number>();
    for (const chat of chats.values()) {
      perAccount.set(chat.accountId, (perAccount.get(chat.accountId) ?? 0) + 1);
    }
    for (const [key, chat] of chats) {
      const count = perAccount.get(chat.accountId) ?? 0;
      if (count <= limits.chatsPerAccount) continue;
      perAccount.set(chat.accountId, count - 1);
      evict(key);
    }
    for (const key of chats.keys()) {
      if (total <= limits.maxMessages || chats.size <= 1) break;
      evict(key);
    }
  }

  function touch(accountId: string, chatId: string): CachedChat {
    const key = keyOf(accountId, chatId);
    const chat = chats.get(key) ?? { accountId, chatId, messages: [], hasOlder: true };
    chats.delete(key);
    chats.set(key, chat);
    enforce();
    return chat;
  }

  return {
    get: (accountId, chatId) => chats.get(keyOf(accountId, chatId)),
    touch,

    storePage(accountId, chatId, beforeId, page, hasOlder) {
      const key = keyOf(accountId, chatId);
      const chat = chats.get(key) ?? touch(accountId, chatId);
      const oldest = chat.messages[0]?.id;
      if (beforeId !== null && (oldest === undefined || beforeId > oldest)) return;
      // The newest page replaces what it does not reach back to: the cache stays contiguous.
      const pageOldest = page[0]?.id ?? Number.POSITIVE_INFINITY;
      const kept =
        beforeId === null ? chat.messages.filter((m) => m.id >= pageOldest) : chat.messages;
      const byId = new Map(kept.map((m) => [m.id, m]));
      for (const message of page) if (!byId.has(message.id)) byId.set(message.id, message);
      const merged = [...byId.values()].sort((a, b) => a.id - b.id);
      total += merged.length - chat.messages.length;
      chat.messages = merged;
      chat.hasOlder = hasOlder;
      trim(key, chat);
      enforce();
    },

    upsert(accountId, message) {
      const key = keyOf(accountId, message.chatId);
      const chat = chats.get(key);
      if (!chat) return false;
      const at = chat.messages.findIndex((m) => m.id === message.id);
      if (at >= 0) {
        chat.messages[at] = message;
        return true;
      }
      const newest = chat.messages[chat.messages.length - 1];
      if (newest === undefined || message.id > newest.id) chat.messages.push(message);
      else {
        const before = chat.messages.findIndex((m) => m.id > message.id);
        if (before === 0 && chat.hasOlder) return true;
        chat.messages.splice(before, 0, message);
      }
      total++;
      trim(key, chat);
      enforce();
      return true;
    },

    remove(accountId, chatId, ids) {
      const gone = new Set(ids);
      const touched: string[] = [];
      for (const chat of chats.values()) {
        if (chat.accountId !== accountId) continue;
        if (chatId === null ? chat.chatId.startsWith('h') : chat.chatId !== chatId) continue;
        const kept = chat.messages.filter((m) => !gone.has(m.id));
        if (kept.length === chat.messages.length) continue;
        total -= chat.messages.length - kept.length;
        chat.messages = kept;
        touched.push(chat.chatId);
      }
      return touched;
    },

    dropAccount(accountId) {
      for (const [key, chat] of chats) if (chat.accountId === accountId) evict(key);
    },

    clear() {
      chats.clear();
      total = 0;
    },

    size: () => total,
  };
}
