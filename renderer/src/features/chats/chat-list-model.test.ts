import { describe, expect, it } from 'vitest';
import type { ChatListItem } from '../../../../electron/shared/chat-dto';
import {
  appendPage,
  applyChatsChange,
  applyToResults,
  chatRowLabel,
  sortChats,
} from './chat-list-model';

function chat(id: string, at: number, over: Partial<ChatListItem> = {}): ChatListItem {
  return {
    id,
    title: `Chat ${id}`,
    kind: 'user',
    initials: 'C',
    colorIndex: 0,
    unreadCount: 0,
    unreadMentionsCount: 0,
    isMarkedUnread: false,
    lastMessage: 'hello',
    lastMessageSender: null,
    lastMessageAt: at,
    lastMessageId: at,
    isPinned: false,
    isMuted: false,
    folder: 'main',
    readInboxMaxId: 0,
    readOutboxMaxId: 0,
    ...over,
  };
}

describe('the chat list', () => {
  it('shows pinned chats first in their pin order, then the newest first', () => {
    const list = sortChats([
      chat('u1', 10),
      chat('u2', 5, { isPinned: true }),
      chat('u3', 30),
      chat('u4', 50, { isPinned: true }),
    ]);
    expect(list.map((c) => c.id)).toEqual(['u2', 'u4', 'u3', 'u1']);
  });

  it('moves a chat with a new message up, and drops chats archived or gone', () => {
    const list = [chat('u1', 30), chat('u2', 20), chat('u3', 10), chat('u4', 5)];
    const next = applyChatsChange(
      list,
      {
        chats: [
          chat('u3', 40, { unreadCount: 1 }),
          chat('u2', 20, { folder: 'archive' }),
          chat('u9', 1),
        ],
        removed: ['u4'],
      },
      'main',
    );
    expect(next.map((c) => c.id)).toEqual(['u3', 'u1', 'u9']);
    expect(next[0]?.unreadCount).toBe(1);
    // The archive gains the chat archived.
    expect(
      applyChatsChange(
        [],
        { chats: [chat('u2', 20, { folder: 'archive' })], removed: [] },
        'archive',
      ).map((c) => c.id),
    ).toEqual(['u2']);
  });

  it('keeps a chat once when a page repeats one that moved up meanwhile', () => {
    expect(
      appendPage([chat('u1', 9), chat('u2', 8)], [chat('u2', 8), chat('u3', 1)]).map((c) => c.id),
    ).toEqual(['u1', 'u2', 'u3']);
  });

  it('updates search results in place', () => {
    const results = [chat('u1', 1), chat('u2', 2)];
    const next = applyToResults(results, {
      chats: [chat('u2', 3, { isMuted: true }), chat('u7', 9)],
      removed: ['u1'],
    });
    expect(next.map((c) => [c.id, c.isMuted])).toEqual([['u2', true]]);
  });

  it('reads a row out in words: pinned, muted, unread, mention, last message', () => {
    expect(
      chatRowLabel(
        chat('c1', 1, {
          title: 'Team',
          isPinned: true,
          isMuted: true,
          unreadCount: 3,
          unreadMentionsCount: 1,
          lastMessageSender: 'Bob',
          lastMessage: 'hi all',
        }),
      ),
    ).toBe(
      'Team, pinned, muted, 3 unread messages, you were mentioned, last message from Bob: hi all',
    );
    expect(
      chatRowLabel(chat('u1', 1, { title: 'Ann', isMarkedUnread: true, lastMessage: null })),
    ).toBe('Ann, marked unread');
  });
});
