/**
 * The unified inbox's data (issue 16): the state from `unread:list`, changes from
 * `unread:changed` folded in, the tag filter, and the words a row and a screen reader get.
 * Plain functions, so they are tested without a page.
 */
import type { InboxChange, InboxItem, InboxState } from '../../../../electron/shared/chat-dto';
import type { TagsState } from '../../../../electron/shared/bulk-dto';

export const emptyInbox: InboxState = { items: [], pending: [] };

/** Newest first; ties keep a stable order by key so rows do not jump between renders. */
function byNewest(a: InboxItem, b: InboxItem): number {
  const at = a.chat.lastMessageAt ?? 0;
  const bt = b.chat.lastMessageAt ?? 0;
  if (at !== bt) return bt - at;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Sorts a freshly loaded inbox newest first (the core already does; this keeps it true). */
export function sortedInbox(state: InboxState): InboxState {
  return { items: [...state.items].sort(byNewest), pending: state.pending };
}

/**
 * Folds one `unread:changed` into the inbox: replaced and new items, removed keys, pending. The
 * list stays sorted: changed items are inserted where they belong rather than re-sorting all.
 */
export function applyInboxChange(state: InboxState, change: InboxChange): InboxState {
  const gone = new Set(change.removed);
  for (const item of change.items) gone.add(item.key);
  const items = gone.size === 0 ? [...state.items] : state.items.filter((i) => !gone.has(i.key));
  const removed = new Set(change.removed);
  for (const item of change.items) {
    if (removed.has(item.key)) continue;
    let low = 0;
    let high = items.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      const there = items[mid];
      if (there !== undefined && byNewest(there, item) <= 0) low = mid + 1;
      else high = mid;
    }
    items.splice(low, 0, item);
  }
  return { items, pending: withPendingChanges(state.pending, change.pending) };
}

/** The accounts still loading or failed, after the changes of one push. */
function withPendingChanges(
  pending: InboxState['pending'],
  changes: InboxChange['pending'],
): InboxState['pending'] {
  if (changes.length === 0) return pending;
  const states = new Map(pending.map((p) => [p.accountId, p.state]));
  for (const { accountId, state } of changes) {
    if (state === null) states.delete(accountId);
    else states.set(accountId, state);
  }
  return [...states].map(([accountId, state]) => ({ accountId, state }));
}

/** The items of accounts that carry at least one of `tagIds` (all items when none is chosen). */
export function filterByTags(
  items: readonly InboxItem[],
  tagIds: readonly string[],
  tags: TagsState,
): readonly InboxItem[] {
  if (tagIds.length === 0) return items;
  const wanted = new Set(tagIds);
  const accepted = new Map<string, boolean>();
  return items.filter((item) => {
    let isIn = accepted.get(item.accountId);
    if (isIn === undefined) {
      isIn = (tags.accountTags[item.accountId] ?? []).some((id) => wanted.has(id));
      accepted.set(item.accountId, isIn);
    }
    return isIn;
  });
}

/** Unread messages over every inbox chat (a chat marked unread counts as one). */
export function totalUnread(items: readonly InboxItem[]): number {
  let total = 0;
  for (const item of items)
    total += Math.max(item.chat.unreadCount, item.chat.isMarkedUnread ? 1 : 0);
  return total;
}

/** Where the focus goes for a key in the list, or null when the key does not move it. */
export function movedIndex(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'j':
    case 'J':
    case 'ArrowDown':
      return Math.min(count - 1, index + 1);
    case 'k':
    case 'K':
    case 'ArrowUp':
      return Math.max(0, index - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    case 'PageDown':
      return Math.min(count - 1, index + 10);
    case 'PageUp':
      return Math.max(0, index - 10);
    default:
      return null;
  }
}

/**
 * The row to focus after the list changed: the same chat if it is still listed, else the one now
 * at its old position (the chat after it, once it was read), else the last one.
 */
export function keptFocus(
  items: readonly InboxItem[],
  focusedKey: string | null,
  oldIndex: number,
): number {
  if (items.length === 0) return 0;
  if (focusedKey !== null) {
    const index = items.findIndex((item) => item.key === focusedKey);
    if (index >= 0) return index;
  }
  return Math.min(Math.max(0, oldIndex), items.length - 1);
}

const plural = (n: number, one: string, many: string): string =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** "3 unread messages, 1 mention" (or "Marked unread"). */
export function unreadWords(item: InboxItem): string {
  const { unreadCount, unreadMentionsCount, isMarkedUnread } = item.chat;
  const parts: string[] = [];
  if (unreadCount > 0) parts.push(plural(unreadCount, 'unread message', 'unread messages'));
  else if (isMarkedUnread) parts.push('Marked unread');
  if (unreadMentionsCount > 0) parts.push(plural(unreadMentionsCount, 'mention', 'mentions'));
  return parts.join(', ');
}

// Formatters are built once: building one per row costs more than the rest of the row.
const hourFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short' });
const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

/** The last message's time: the hour today, the day this week, else the date. */
export function shortTime(at: number | null, now: number): string {
  if (at === null) return '';
  const date = new Date(at);
  if (date.toDateString() === new Date(now).toDateString()) return hourFormat.format(date);
  if (now - at < 6 * 24 * 3600_000 && at < now) return dayFormat.format(date);
  return dateFormat.format(date);
}

/** The preview line: "Bob: hello" in groups, the text alone elsewhere. */
export function previewText(item: InboxItem): string {
  const { lastMessage, lastMessageSender } = item.chat;
  if (lastMessage === null) return '';
  return lastMessageSender === null ? lastMessage : `${lastMessageSender}: ${lastMessage}`;
}

/** What a screen reader says for a row: the chat, the account, the counts, the preview, the time. */
export function rowLabel(item: InboxItem, accountName: string, now: number): string {
  return [
    item.chat.title,
    `in ${accountName}`,
    unreadWords(item),
    item.chat.isMuted ? 'muted' : '',
    previewText(item),
    shortTime(item.chat.lastMessageAt, now),
  ]
    .filter((part) => part !== '')
    .join(', ');
}

/** "Still loading: A, B. Could not load: C." for the accounts the inbox cannot list yet. */
export function pendingWords(
  pending: InboxState['pending'],
  nameOf: (accountId: string) => string,
): string {
  const loading = pending.filter((p) => p.state === 'loading').map((p) => nameOf(p.accountId));
  const failed = pending.filter((p) => p.state === 'failed').map((p) => nameOf(p.accountId));
  const parts: string[] = [];
  if (loading.length > 0) parts.push(`Still loading the chats of ${listWords(loading)}.`);
  if (failed.length > 0) parts.push(`Could not load the chats of ${listWords(failed)}.`);
  return parts.join(' ');
}

function listWords(names: string[]): string {
  const shown = names.slice(0, 5);
  const more = names.length - shown.length;
  const head = shown.join(', ');
  return more > 0 ? `${head} and ${plural(more, 'more account', 'more accounts')}` : head;
}
