import type { ChatMessage } from '../../../../electron/shared/chat-dto';

/** One row of the conversation's list. */
export type TimelineRow =
  | { kind: 'date'; key: string; label: string }
  | { kind: 'unread'; key: string }
  | { kind: 'message'; key: string; message: ChatMessage };

/** Whether the message is still on its way (or failed): it has a local id, not Telegram's. */
export function isLocal(message: ChatMessage): boolean {
  return message.state !== 'sent' || message.id < 0;
}

/** Sent messages by id, then the ones still sending or failed, in the order they were written. */
export function compareMessages(a: ChatMessage, b: ChatMessage): number {
  const aLocal = isLocal(a);
  const bLocal = isLocal(b);
  if (aLocal !== bLocal) return aLocal ? 1 : -1;
  if (aLocal) return a.date - b.date || b.id - a.id;
  return a.id - b.id;
}

/** The row key of a message: stable while it is sending, sent or failed. */
export function messageKey(message: ChatMessage): string {
  return message.localId !== null ? `l${message.localId}` : `m${String(message.id)}`;
}

/**
 * Merges messages into a sorted list: a message replaces the one with its id or its local id
 * (the send that became this message). A sent message also replaces the local one it came from
 * when the local id is still on it.
 */
export function upsertMessages(
  list: readonly ChatMessage[],
  incoming: readonly ChatMessage[],
): ChatMessage[] {
  if (incoming.length === 0) return [...list];
  const ids = new Set<number>();
  const localIds = new Set<string>();
  for (const m of incoming) {
    ids.add(m.id);
    if (m.localId !== null) localIds.add(m.localId);
  }
  const kept = list.filter(
    (m) => !ids.has(m.id) && (m.localId === null || !localIds.has(m.localId)),
  );
  const byKey = new Map<string, ChatMessage>();
  for (const m of incoming) byKey.set(`${String(m.id)}|${m.localId ?? ''}`, m);
  return [...kept, ...byKey.values()].sort(compareMessages);
}

export function removeMessages(
  list: readonly ChatMessage[],
  ids: readonly number[],
): ChatMessage[] {
  const gone = new Set(ids);
  return list.filter((m) => !gone.has(m.id));
}

/** Drops the local message with this local id (discarded). */
export function removeLocal(list: readonly ChatMessage[], localId: string): ChatMessage[] {
  return list.filter((m) => m.localId !== localId);
}

function dayKey(epochMs: number): string {
  const d = new Date(epochMs);
  return `${String(d.getFullYear())}-${String(d.getMonth() + 1)}-${String(d.getDate())}`;
}

/** "Today", "Yesterday", "Monday 23 November" this year, else "23 November 2025". */
export function dayLabel(epochMs: number, now: number, locale?: string): string {
  const date = new Date(epochMs);
  const today = new Date(now);
  if (dayKey(epochMs) === dayKey(now)) return 'Today';
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  if (dayKey(epochMs) === dayKey(yesterday.getTime())) return 'Yesterday';
  if (date.getFullYear() === today.getFullYear()) {
    return date.toLocaleDateString(locale, { weekday: 'long', day: 'numeric', month: 'long' });
  }
  return date.toLocaleDateString(locale, { day: 'numeric', month: 'long', year: 'numeric' });
}

/**
 * The id of the first unread incoming message: the one the view opens at, with the "Unread
 * messages" separator above it. Null when everything loaded is read.
 */
export function firstUnreadId(
  messages: readonly ChatMessage[],
  readInboxMaxId: number,
): number | null {
  for (const m of messages) {
    if (!isLocal(m) && !m.isOutgoing && m.service === null && m.id > readInboxMaxId) return m.id;
  }
  return null;
}

/** Rows for the list: a date separator at each new day, the unread separator, the messages. */
export function buildRows(
  messages: readonly ChatMessage[],
  unreadFromId: number | null,
  now: number,
  locale?: string,
): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let lastDay: string | null = null;
  for (const message of messages) {
    const day = dayKey(message.date);
    if (day !== lastDay) {
      rows.push({ kind: 'date', key: `d${day}`, label: dayLabel(message.date, now, locale) });
      lastDay = day;
    }
    if (unreadFromId !== null && message.id === unreadFromId && !isLocal(message)) {
      rows.push({ kind: 'unread', key: 'unread' });
    }
    rows.push({ kind: 'message', key: messageKey(message), message });
  }
  return rows;
}

/** "512 bytes", "1.5 KB", "12 MB", "1.2 GB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${String(bytes)} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value < 10 ? 1 : 0;
  return `${value.toFixed(digits).replace(/\.0$/, '')} ${units[unit] ?? 'TB'}`;
}

/** "0:07", "3:25", "1:02:03". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${String(h)}:${String(m).padStart(2, '0')}:${rest}` : `${String(m)}:${rest}`;
}

/** The newest sent message id (incoming or outgoing) among these, or null. */
export function newestSentId(messages: readonly ChatMessage[]): number | null {
  let max: number | null = null;
  for (const m of messages) {
    if (!isLocal(m) && (max === null || m.id > max)) max = m.id;
  }
  return max;
}
