import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../../electron/shared/chat-dto';
import {
  buildRows,
  firstUnreadId,
  formatDuration,
  formatSize,
  removeMessages,
  upsertMessages,
} from './timeline';

const day = (d: number, h = 12) => new Date(2026, 10, d, h).getTime();

function message(id: number, over: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id,
    chatId: 'u1',
    date: day(20),
    editedAt: null,
    isOutgoing: false,
    sender: null,
    text: `message ${String(id)}`,
    entities: [],
    service: null,
    media: null,
    replyTo: null,
    forwardedFrom: null,
    isMention: false,
    state: 'sent',
    localId: null,
    error: null,
    ...over,
  };
}

describe('the conversation timeline', () => {
  it('puts a date separator at each new day and the unread separator before the first unread', () => {
    const messages = [
      message(1, { date: day(20) }),
      message(2, { date: day(20, 13) }),
      message(3, { date: day(21) }),
      message(4, { date: day(21, 14) }),
    ];
    const unread = firstUnreadId(messages, 2);
    expect(unread).toBe(3);
    const rows = buildRows(messages, unread, day(21, 18), 'en-GB');
    expect(rows.map((r) => (r.kind === 'message' ? r.message.id : r.kind))).toEqual([
      'date',
      1,
      2,
      'date',
      'unread',
      3,
      4,
    ]);
    expect(rows[0]).toMatchObject({ label: 'Yesterday' });
    expect(rows[3]).toMatchObject({ label: 'Today' });
  });

  it('does not count the user’s own messages or service messages as unread', () => {
    const messages = [
      message(5, { isOutgoing: true }),
      message(6, { service: 'Bob joined the group' }),
      message(7),
    ];
    expect(firstUnreadId(messages, 4)).toBe(7);
    expect(firstUnreadId(messages, 7)).toBeNull();
  });

  it('merges pages and pushes by id, keeping sends in progress last', () => {
    const sending = message(-1, {
      isOutgoing: true,
      state: 'sending',
      localId: '77',
      date: day(20, 9),
    });
    let list = upsertMessages([], [message(10), message(12), sending]);
    list = upsertMessages(list, [message(11), message(12, { text: 'edited', editedAt: day(20) })]);
    expect(list.map((m) => m.id)).toEqual([10, 11, 12, -1]);
    expect(list[2]?.text).toBe('edited');
    // The send failed, then succeeded with a retry: its local id replaces it, once.
    list = upsertMessages(list, [{ ...sending, state: 'failed', error: 'No connection.' }]);
    expect(list.filter((m) => m.localId === '77')).toHaveLength(1);
    list = upsertMessages(list, [message(13, { isOutgoing: true, localId: '77' })]);
    expect(list.map((m) => m.id)).toEqual([10, 11, 12, 13]);
    expect(removeMessages(list, [11, 99]).map((m) => m.id)).toEqual([10, 12, 13]);
  });

  it('formats sizes and durations for file placeholders', () => {
    expect(formatSize(1)).toBe('1 byte');
    expect(formatSize(512)).toBe('512 bytes');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(12 * 1024 * 1024)).toBe('12 MB');
    expect(formatSize(1024 ** 3 * 1.25)).toBe('1.3 GB');
    expect(formatDuration(7)).toBe('0:07');
    expect(formatDuration(205)).toBe('3:25');
    expect(formatDuration(3723)).toBe('1:02:03');
  });
});
