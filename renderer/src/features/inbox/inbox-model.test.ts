import { describe, expect, it } from 'vitest';
import type { ChatListItem, InboxItem } from '../../../../electron/shared/chat-dto';
import {
  applyInboxChange,
  filterByTags,
  keptFocus,
  movedIndex,
  pendingWords,
  rowLabel,
  sortedInbox,
  totalUnread,
} from './inbox-model';

function item(
  accountId: string,
  chatId: string,
  at: number,
  chat: Partial<ChatListItem> = {},
): InboxItem {
  return {
    key: `${accountId}:${chatId}`,
    accountId,
    chat: {
      id: chatId,
      title: `Chat ${chatId}`,
      kind: 'user',
      initials: 'C',
      colorIndex: 1,
      unreadCount: 1,
      unreadMentionsCount: 0,
      isMarkedUnread: false,
      lastMessage: 'hello',
      lastMessageSender: null,
      lastMessageAt: at,
      lastMessageId: 1,
      isPinned: false,
      isMuted: false,
      folder: 'main',
      readInboxMaxId: 0,
      readOutboxMaxId: 0,
      ...chat,
    },
  };
}

const keys = (items: readonly InboxItem[]) => items.map((i) => i.key);

describe('the unified inbox', () => {
  it('lists unread chats of every account newest first', () => {
    const state = sortedInbox({
      items: [item('a', 'u1', 10), item('b', 'u2', 30), item('c', 'u3', 20)],
      pending: [],
    });
    expect(keys(state.items)).toEqual(['b:u2', 'c:u3', 'a:u1']);
  });

  it('moves a chat with a new message to the top and drops a chat once it is read', () => {
    const start = sortedInbox({ items: [item('a', 'u1', 10), item('b', 'u2', 30)], pending: [] });
    const newer = applyInboxChange(start, {
      items: [item('a', 'u1', 40, { unreadCount: 2 })],
      removed: [],
      pending: [],
    });
    expect(keys(newer.items)).toEqual(['a:u1', 'b:u2']);
    expect(newer.items[0]?.chat.unreadCount).toBe(2);
    const read = applyInboxChange(newer, {
      items: [],
      removed: ['a:u1'],
      pending: [{ accountId: 'c', state: 'loading' }],
    });
    expect(keys(read.items)).toEqual(['b:u2']);
    expect(read.pending).toEqual([{ accountId: 'c', state: 'loading' }]);
  });

  it('applies the loading states a change names and keeps the others', () => {
    const state = sortedInbox({
      items: [],
      pending: [
        { accountId: 'a', state: 'loading' },
        { accountId: 'b', state: 'loading' },
        { accountId: 'c', state: 'failed' },
      ],
    });
    const next = applyInboxChange(state, {
      items: [],
      removed: [],
      pending: [
        { accountId: 'a', state: null },
        { accountId: 'b', state: 'failed' },
        { accountId: 'd', state: 'loading' },
      ],
    });
    expect(next.pending).toEqual([
      { accountId: 'b', state: 'failed' },
      { accountId: 'c', state: 'failed' },
      { accountId: 'd', state: 'loading' },
    ]);
    // A change without loading states leaves them as they were.
    expect(applyInboxChange(next, { items: [], removed: [], pending: [] }).pending).toBe(
      next.pending,
    );
  });

  it('stays in newest-first order over many changes, as a fresh list would be', () => {
    let state = sortedInbox({ items: [], pending: [] });
    const live = new Map<string, InboxItem>();
    for (let step = 0; step < 300; step++) {
      const chat = `u${(step * 7) % 23}`;
      const account = `a${step % 3}`;
      const key = `${account}:${chat}`;
      if (step % 5 === 4) {
        state = applyInboxChange(state, { items: [], removed: [key], pending: [] });
        live.delete(key);
      } else {
        const next = item(account, chat, (step * 37) % 101);
        state = applyInboxChange(state, { items: [next], removed: [], pending: [] });
        live.set(key, next);
      }
      expect(keys(state.items)).toEqual(
        keys(sortedInbox({ items: [...live.values()], pending: [] }).items),
      );
    }
  });

  it('filters to the accounts that carry any chosen tag', () => {
    const items = [item('a', 'u1', 10), item('b', 'u2', 30), item('c', 'u3', 20)];
    const tags = {
      tags: [],
      accountTags: { a: ['work'], b: ['home'], c: ['work', 'home'] },
    };
    expect(keys(filterByTags(items, ['work'], tags))).toEqual(['a:u1', 'c:u3']);
    expect(keys(filterByTags(items, [], tags))).toHaveLength(3);
  });

  it('counts unread messages, a chat marked unread as one', () => {
    expect(
      totalUnread([
        item('a', 'u1', 1, { unreadCount: 3 }),
        item('b', 'u2', 2, { unreadCount: 0, isMarkedUnread: true }),
      ]),
    ).toBe(4);
  });

  it('moves with J/K and the arrows, and stays within the list', () => {
    expect(movedIndex('j', 0, 3)).toBe(1);
    expect(movedIndex('ArrowDown', 2, 3)).toBe(2);
    expect(movedIndex('k', 0, 3)).toBe(0);
    expect(movedIndex('ArrowUp', 2, 3)).toBe(1);
    expect(movedIndex('End', 0, 3)).toBe(2);
    expect(movedIndex('x', 0, 3)).toBeNull();
  });

  it('keeps the focus on the same chat, or on the one that took its place once it was read', () => {
    const items = [item('a', 'u1', 30), item('b', 'u2', 20), item('c', 'u3', 10)];
    expect(keptFocus(items, 'c:u3', 0)).toBe(2);
    expect(keptFocus(items, 'gone', 1)).toBe(1);
    expect(keptFocus(items, 'gone', 7)).toBe(2);
    expect(keptFocus([], 'gone', 3)).toBe(0);
  });

  it('names the account in every row for screen readers', () => {
    const label = rowLabel(
      item('a', 'c5', Date.UTC(2026, 0, 2, 9, 30), {
        title: 'Team',
        unreadCount: 2,
        unreadMentionsCount: 1,
        lastMessageSender: 'Bob',
        lastMessage: 'Lunch?',
      }),
      'Alice (work)',
      Date.UTC(2026, 5, 1),
    );
    expect(label).toBe(
      'Team, in Alice (work), 2 unread messages, 1 mention, Bob: Lunch?, 2 Jan 2026',
    );
  });

  it('names the accounts still loading or failed', () => {
    const names: Record<string, string> = { a: 'Alice', b: 'Bob', c: 'Carol' };
    expect(
      pendingWords(
        [
          { accountId: 'a', state: 'loading' },
          { accountId: 'b', state: 'failed' },
          { accountId: 'c', state: 'loading' },
        ],
        (id) => names[id] ?? id,
      ),
    ).toBe('Still loading the chats of Alice, Carol. Could not load the chats of Bob.');
  });
});
