/**
 * The unified inbox (issue 16, item 5): the unread chats (unread > 0 or marked unread; muted ones
 * included, the item says so) of every account whose chat list is loaded, keyed
 * `<accountId>:<chatId>`. It is fed by the chat lists (`setChat` for every chat that changed,
 * `setPending` for accounts whose first page is loading or failed) and pushes small changes,
 * coalesced over `coalesceMs`: the chats and the accounts whose loading state changed since the
 * last push, never the whole inbox (a restore of 10,000 accounts sets each one loading). `list` sorts once per call (20,000 items sort in milliseconds);
 * keeping the items in a map makes every live change O(1).
 */
import type { ChatListItem, InboxChange, InboxItem, InboxState } from '../../shared/chat-dto';
import type { Timers } from '../ports';

export interface UnifiedInbox {
  /** The chat changed (or is new): it enters, stays in or leaves the inbox. */
  setChat(accountId: string, chat: ChatListItem): void;
  removeChat(accountId: string, chatId: string): void;
  setPending(accountId: string, state: 'loading' | 'failed' | null): void;
  dropAccount(accountId: string): void;
  /** The inbox now: accounts matching `accepts` only, newest first. */
  list(accepts: (accountId: string) => boolean): InboxState;
  clear(): void;
  onChange(listener: (change: InboxChange) => void): () => void;
}

export const isUnread = (chat: ChatListItem): boolean =>
  chat.unreadCount > 0 || chat.isMarkedUnread;

export function createUnifiedInbox(options: { timers: Timers; coalesceMs?: number }): UnifiedInbox {
  const coalesceMs = options.coalesceMs ?? 50;
  const items = new Map<string, InboxItem>();
  const pending = new Map<string, 'loading' | 'failed'>();
  const listeners = new Set<(change: InboxChange) => void>();
  const changed = new Map<string, InboxItem>();
  const removed = new Set<string>();
  /** Accounts whose loading state changed since the last push; null: no longer pending. */
  const pendingChanged = new Map<string, 'loading' | 'failed' | null>();
  let cancelFlush: (() => void) | null = null;

  function pendingList(accepts: (accountId: string) => boolean): InboxState['pending'] {
    const list: InboxState['pending'] = [];
    for (const [accountId, state] of pending)
      if (accepts(accountId)) list.push({ accountId, state });
    return list;
  }

  function notePending(accountId: string, state: 'loading' | 'failed' | null): void {
    pendingChanged.set(accountId, state);
    schedule();
  }

  function flush(): void {
    cancelFlush = null;
    if (changed.size === 0 && removed.size === 0 && pendingChanged.size === 0) return;
    const change: InboxChange = {
      items: [...changed.values()],
      removed: [...removed],
      pending: [...pendingChanged].map(([accountId, state]) => ({ accountId, state })),
    };
    changed.clear();
    removed.clear();
    pendingChanged.clear();
    for (const listener of [...listeners]) listener(change);
  }

  function schedule(): void {
    cancelFlush ??= options.timers.schedule(flush, coalesceMs);
  }

  function drop(key: string): void {
    if (!items.delete(key)) return;
    changed.delete(key);
    removed.add(key);
    schedule();
  }

  return {
    setChat(accountId, chat) {
      const key = `${accountId}:${chat.id}`;
      if (!isUnread(chat)) {
        drop(key);
        return;
      }
      const item: InboxItem = { key, accountId, chat };
      items.set(key, item);
      changed.set(key, item);
      removed.delete(key);
      schedule();
    },
    removeChat(accountId, chatId) {
      drop(`${accountId}:${chatId}`);
    },
    setPending(accountId, state) {
      if ((pending.get(accountId) ?? null) === state) return;
      if (state === null) pending.delete(accountId);
      else pending.set(accountId, state);
      notePending(accountId, state);
    },
    dropAccount(accountId) {
      const prefix = `${accountId}:`;
      for (const key of [...items.keys()]) if (key.startsWith(prefix)) drop(key);
      if (pending.delete(accountId)) notePending(accountId, null);
    },
    list(accepts) {
      const selected: InboxItem[] = [];
      for (const item of items.values()) if (accepts(item.accountId)) selected.push(item);
      selected.sort((a, b) => (b.chat.lastMessageAt ?? 0) - (a.chat.lastMessageAt ?? 0));
      return { items: selected, pending: pendingList(accepts) };
    },
    clear() {
      cancelFlush?.();
      cancelFlush = null;
      items.clear();
      pending.clear();
      changed.clear();
      removed.clear();
      pendingChanged.clear();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
