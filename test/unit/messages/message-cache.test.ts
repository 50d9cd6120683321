/** The message cache's limits (issue 16, item 7): what stays, what is evicted, what never enters. */
import { expect, test } from 'vitest';
import { createMessageCache } from '../../../electron/core/messages/message-cache';
import { message } from './fixtures';

const limits = {
  openChats: 2,
  maxPerOpenChat: 100,
  tailPerChat: 10,
  chatsPerAccount: 3,
  maxMessages: 250,
};

const page = (chatId: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => message(chatId, from + i));

test('an open chat keeps what the user scrolled to, up to its limit', () => {
  const cache = createMessageCache(limits);
  cache.storePage('a', 'u1', null, page('u1', 151, 200), true);
  cache.storePage('a', 'u1', 151, page('u1', 101, 150), true);
  expect(cache.get('a', 'u1')?.messages.map((m) => m.id)).toEqual(
    page('u1', 101, 200).map((m) => m.id),
  );
  cache.storePage('a', 'u1', 101, page('u1', 51, 100), true);
  // 150 held, 100 allowed: the oldest go, and the chat has older messages again.
  const held = cache.get('a', 'u1');
  expect(held?.messages).toHaveLength(100);
  expect(held?.messages[0]?.id).toBe(101);
  expect(held?.hasOlder).toBe(true);
});

test('a chat that is no longer open keeps only its newest tail', () => {
  const cache = createMessageCache(limits);
  cache.storePage('a', 'u1', null, page('u1', 1, 50), false);
  cache.touch('a', 'u2');
  expect(cache.get('a', 'u1')?.messages).toHaveLength(50);
  cache.touch('a', 'u3');
  const held = cache.get('a', 'u1');
  expect(held?.messages.map((m) => m.id)).toEqual(page('u1', 41, 50).map((m) => m.id));
  expect(held?.hasOlder).toBe(true);
  // New messages of a chat that is not open push its oldest out.
  cache.upsert('a', message('u1', 51));
  expect(cache.get('a', 'u1')?.messages.map((m) => m.id)[0]).toBe(42);
  expect(cache.size()).toBe(10);
});

test('an account caches at most so many chats, the least recently used evicted', () => {
  const cache = createMessageCache(limits);
  for (const chatId of ['u1', 'u2', 'u3', 'u4'])
    cache.storePage('a', chatId, null, page(chatId, 1, 5), false);
  expect(cache.get('a', 'u1')).toBeUndefined();
  expect(cache.get('a', 'u4')?.messages).toHaveLength(5);
  // Another account has its own allowance.
  cache.storePage('b', 'u1', null, page('u1', 1, 5), false);
  expect(cache.get('a', 'u2')).toBeDefined();
});

test('over every account the cache never holds more than its global cap', () => {
  const cache = createMessageCache({ ...limits, openChats: 40, maxPerOpenChat: 100 });
  for (let account = 0; account < 20; account++) {
    cache.storePage(`a${account}`, 'u1', null, page('u1', 1, 40), false);
  }
  expect(cache.size()).toBeLessThanOrEqual(250);
  expect(cache.get('a19', 'u1')?.messages).toHaveLength(40);
  expect(cache.get('a0', 'u1')).toBeUndefined();
});

test('traffic of a chat nobody opened is not cached, and a known message is not added twice', () => {
  const cache = createMessageCache(limits);
  for (let id = 1; id <= 1000; id++) expect(cache.upsert('a', message('u9', id))).toBe(false);
  expect(cache.size()).toBe(0);
  cache.storePage('a', 'u1', null, page('u1', 1, 3), false);
  cache.upsert('a', message('u1', 3, { text: 'edited' }));
  expect(cache.get('a', 'u1')?.messages.map((m) => m.text)).toEqual([
    'message 1',
    'message 2',
    'edited',
  ]);
  expect(cache.size()).toBe(3);
});

test('deleting without a chat touches private chats and groups, never channels', () => {
  const cache = createMessageCache(limits);
  cache.storePage('a', 'u1', null, page('u1', 1, 3), false);
  cache.storePage('a', 'h1', null, page('h1', 1, 3), false);
  expect(cache.remove('a', null, [2])).toEqual(['u1']);
  expect(cache.get('a', 'h1')?.messages).toHaveLength(3);
  expect(cache.size()).toBe(5);
});
