/**
 * The messages service with fake connections and manual timers: sending and retrying with the
 * same random id, failures in words, reads, live events, the unified inbox, the lock.
 */
import { beforeEach, expect, test } from 'vitest';
import {
  createMessagesService,
  type MessagesService,
  type MessagesServiceChange,
} from '../../../electron/core/messages/messages-service';
import { createNotificationService } from '../../../electron/core/messages/notifications';
import { createMemoryStore } from '../../../electron/core/storage/conf-store';
import type { MessagesChange } from '../../../electron/shared/chat-dto';
import { failure } from '../../../electron/shared/error-words';
import { createRecordingLogger } from '../../support/logger';
import { ManualTimers, TestClock } from '../../support/timers';
import {
  chat,
  createFakeAccounts,
  historyOf,
  message,
  settle,
  type FakeAccounts,
} from './fixtures';

let accounts: FakeAccounts;
let timers: ManualTimers;
let service: MessagesService;
let pushed: MessagesServiceChange[];
let tags: Map<string, string[]>;
let logger: ReturnType<typeof createRecordingLogger>;
let isLocked: boolean;

beforeEach(() => {
  accounts = createFakeAccounts();
  const clock = new TestClock();
  timers = new ManualTimers(clock);
  tags = new Map();
  logger = createRecordingLogger();
  isLocked = false;
  const notifications = createNotificationService({
    store: createMemoryStore(),
    logger,
    timers,
    isLocked: () => isLocked,
  });
  service = createMessagesService({
    accounts,
    notifications,
    tagIdsOf: (id) => tags.get(id) ?? [],
    logger,
    clock,
    timers,
    newRandomId: (() => {
      let n = 0;
      return () => String(9_000_000_000 + ++n);
    })(),
  });
  pushed = [];
  service.onChange((change) => pushed.push(change));
  service.start();
});

const messageChanges = (): MessagesChange[] =>
  pushed.flatMap((c) => (c.event === 'messages:changed' ? [c.payload] : []));

test('a send answers at once, then the sent message replaces the local one', async () => {
  const randomIds: string[] = [];
  accounts.add('a', {
    getHistory: historyOf('u1', 3),
    getDialogs: () => Promise.resolve([chat('u1', { lastMessageId: 3, readInboxMaxId: 3 })]),
    sendMessage: (chatId, text, _reply, randomId) => {
      randomIds.push(randomId);
      return Promise.resolve(message(chatId, 4, { text, isOutgoing: true }));
    },
  });
  await service.history('a', 'u1', null, 50);
  const local = service.send('a', 'u1', 'hi Bob', null);
  expect(local).toMatchObject({ state: 'sending', text: 'hi Bob', localId: '9000000001' });
  expect(local.id).toBeLessThan(0);
  await settle();
  expect(randomIds).toEqual(['9000000001']);
  expect(messageChanges().at(-1)).toMatchObject({
    kind: 'upsert',
    messages: [{ id: 4, state: 'sent', localId: '9000000001' }],
  });
  // The update echoing the sent message does not make a second copy.
  accounts.connections.get('a')?.emit({
    kind: 'message-new',
    message: message('u1', 4, { text: 'hi Bob', isOutgoing: true }),
  });
  const page = await service.history('a', 'u1', null, 50);
  expect(page.messages.map((m) => m.id)).toEqual([1, 2, 3, 4]);
});

test('a failed send says why, and a retry sends again with the same random id', async () => {
  const randomIds: string[] = [];
  let fails = true;
  accounts.add('a', {
    getHistory: historyOf('u1', 1),
    sendMessage: (chatId, text, _reply, randomId) => {
      randomIds.push(randomId);
      if (fails) return Promise.reject(failure('FLOOD_WAIT', { retryAfter: 120 }));
      return Promise.resolve(message(chatId, 2, { text, isOutgoing: true }));
    },
  });
  await service.history('a', 'u1', null, 50);
  const local = service.send('a', 'u1', 'secret words', null);
  await settle();
  const failed = messageChanges().at(-1);
  expect(failed).toMatchObject({
    kind: 'upsert',
    messages: [
      {
        id: local.id,
        state: 'failed',
        error: 'Telegram asks to wait 2 minutes before sending more.',
      },
    ],
  });
  // Reopening the chat shows the failed message still.
  expect((await service.history('a', 'u1', null, 50)).messages.at(-1)?.state).toBe('failed');
  fails = false;
  const again = service.retry('a', 'u1', local.localId ?? '');
  expect(again.state).toBe('sending');
  await settle();
  expect(randomIds).toEqual([local.localId, local.localId]);
  expect(messageChanges().at(-1)).toMatchObject({
    messages: [{ id: 2, state: 'sent', localId: local.localId }],
  });
  // Message text never reaches a log line.
  expect(logger.text()).not.toContain('secret words');
});

test('a message to an offline account fails at once, and a failed one can be discarded', () => {
  const connection = accounts.add('a', { getHistory: historyOf('u1', 1) });
  accounts.statuses.set('a', { kind: 'offline', retryAt: 0 });
  const local = service.send('a', 'u1', 'hello', null);
  expect(local).toMatchObject({
    state: 'failed',
    error: 'The message was not sent: this account is offline. Reconnect it and try again.',
  });
  expect(connection.calls).not.toContain('sendMessage');
  service.discard('a', 'u1', local.localId ?? '');
  expect(() => service.retry('a', 'u1', local.localId ?? '')).toThrow('no longer waiting');
});

test("a refused send says the account can't write there", async () => {
  accounts.add('a', {
    sendMessage: () =>
      Promise.reject(
        failure('TELEGRAM_ERROR', {
          message: 'Telegram refused the request (CHAT_WRITE_FORBIDDEN).',
        }),
      ),
  });
  service.send('a', 'h5', 'hi', null);
  await service.history('a', 'h5', null, 1).catch(() => null);
  await settle();
  expect(messageChanges().at(-1)).toMatchObject({
    messages: [{ error: "You can't write in this chat." }],
  });
});

test('reading a chat lowers its unread count at once and tells Telegram once per burst', async () => {
  const reads: number[] = [];
  accounts.add('a', {
    listDialogs: () =>
      Promise.resolve({
        chats: [chat('u1', { unreadCount: 3, lastMessageId: 13, readInboxMaxId: 10 })],
        cursor: null,
        total: 1,
      }),
    readHistory: (_chatId, maxId) => {
      reads.push(maxId);
      return Promise.resolve();
    },
  });
  await service.list('a', 'main', null, 50);
  expect(service.inbox([]).items.map((i) => i.key)).toEqual(['a:u1']);
  service.read('a', 'u1', 12);
  service.read('a', 'u1', 13);
  timers.advance(100);
  const chats = pushed.flatMap((c) => (c.event === 'chats:changed' ? c.payload.chats : []));
  expect(chats.at(-1)).toMatchObject({ id: 'u1', unreadCount: 0, readInboxMaxId: 13 });
  expect(service.inbox([]).items).toEqual([]);
  timers.advance(300);
  await settle();
  expect(reads).toEqual([13]);
  expect(accounts.unreadRefreshes).toEqual(['a']);
});

test('live events: a new message moves the chat up and counts, edits and deletes reach an open chat', async () => {
  const connection = accounts.add('a', {
    listDialogs: () =>
      Promise.resolve({
        chats: [chat('u1'), chat('c2', { kind: 'group' })],
        cursor: null,
        total: 2,
      }),
    getHistory: historyOf('u1', 10),
  });
  await service.list('a', 'main', null, 50);
  await service.history('a', 'u1', null, 50);
  connection.emit({ kind: 'message-new', message: message('u1', 11) });
  connection.emit({
    kind: 'message-new',
    message: message('c2', 11, { sender: { id: 'u7', name: 'Bob' }, isMention: true }),
  });
  connection.emit({ kind: 'message-edited', message: message('u1', 11, { text: 'fixed' }) });
  connection.emit({ kind: 'messages-deleted', chatId: null, ids: [5] });
  // Only the chat the renderer has open gets its messages pushed.
  expect(messageChanges().map((c) => [c.kind, c.chatId])).toEqual([
    ['upsert', 'u1'],
    ['upsert', 'u1'],
    ['delete', 'u1'],
  ]);
  timers.advance(50);
  const change = pushed.find((c) => c.event === 'chats:changed');
  expect(change?.event === 'chats:changed' && change.payload.chats).toEqual([
    expect.objectContaining({ id: 'u1', lastMessage: 'fixed', lastMessageId: 11, unreadCount: 1 }),
    expect.objectContaining({
      id: 'c2',
      lastMessageSender: 'Bob',
      unreadCount: 1,
      unreadMentionsCount: 1,
    }),
  ]);
  // An outgoing message from another device does not count as unread.
  connection.emit({ kind: 'message-new', message: message('c2', 12, { isOutgoing: true }) });
  expect(service.inbox([]).items.find((i) => i.key === 'a:c2')?.chat).toMatchObject({
    unreadCount: 1,
    lastMessageSender: 'You',
  });
});

test('a message in an unknown chat fetches its dialog', async () => {
  const connection = accounts.add('a', {
    getDialogs: (ids) =>
      Promise.resolve(ids.map((id) => chat(id, { unreadCount: 1, lastMessageId: 20 }))),
  });
  connection.emit({ kind: 'message-new', message: message('u42', 20) });
  timers.advance(50);
  await settle();
  expect(connection.calls).toContain('getDialogs');
  expect(service.inbox([]).items.map((i) => i.key)).toEqual(['a:u42']);
});

test('an idle account’s traffic updates its chats but does not grow the cache', async () => {
  const connection = accounts.add('a', {
    listDialogs: () => Promise.resolve({ chats: [chat('u1'), chat('u2')], cursor: null, total: 2 }),
  });
  await service.list('a', 'main', null, 50);
  for (let id = 11; id < 1011; id++) {
    connection.emit({ kind: 'message-new', message: message(id % 2 ? 'u1' : 'u2', id) });
  }
  expect(service.cachedMessages()).toBe(0);
  expect(service.inbox([]).items.map((i) => i.chat.unreadCount)).toEqual([500, 500]);
});

test('the unified inbox: newest first, filtered by tags, loading and failed accounts named', async () => {
  accounts.add('a', {
    listDialogs: () =>
      Promise.resolve({
        chats: [
          chat('u1', { unreadCount: 2, lastMessageAt: 5_000 }),
          chat('u2'),
          chat('u3', { isMarkedUnread: true, isMuted: true, lastMessageAt: 1_000 }),
        ],
        cursor: null,
        total: 3,
      }),
  });
  accounts.add('b', {
    listDialogs: () =>
      Promise.resolve({
        chats: [chat('u1', { unreadCount: 1, lastMessageAt: 3_000 })],
        cursor: null,
        total: 1,
      }),
  });
  accounts.add('c', { listDialogs: () => Promise.reject(failure('NETWORK')) });
  tags.set('b', ['t1']);
  accounts.changed();
  expect(service.inbox([]).pending).toEqual([
    { accountId: 'a', state: 'loading' },
    { accountId: 'b', state: 'loading' },
    { accountId: 'c', state: 'loading' },
  ]);
  await settle();
  const all = service.inbox([]);
  expect(all.items.map((i) => i.key)).toEqual(['a:u1', 'b:u1', 'a:u3']);
  expect(all.items[2]?.chat.isMuted).toBe(true);
  expect(all.pending).toEqual([{ accountId: 'c', state: 'failed' }]);
  expect(service.inbox(['t1']).items.map((i) => i.key)).toEqual(['b:u1']);
  timers.advance(50);
  const change = pushed.find((c) => c.event === 'unread:changed');
  expect(change?.event === 'unread:changed' && change.payload.items.length).toBe(3);
  // Removing an account takes its items out, pushed as removed keys.
  pushed = [];
  service.forgetAccount('a');
  timers.advance(50);
  expect(service.inbox([]).items.map((i) => i.key)).toEqual(['b:u1']);
  const removal = pushed.find((c) => c.event === 'unread:changed');
  expect(removal?.event === 'unread:changed' && removal.payload.removed.sort()).toEqual([
    'a:u1',
    'a:u3',
  ]);
});

test('the inbox loads first pages only once a restore has ended', async () => {
  let pages = 0;
  accounts.add('a', {
    listDialogs: () => {
      pages++;
      return Promise.resolve({ chats: [chat('u1', { unreadCount: 1 })], cursor: null, total: 1 });
    },
  });
  accounts.restore = { total: 2, restored: 1, failed: 0 };
  accounts.changed();
  await settle();
  expect(pages).toBe(0);
  expect(service.inbox([]).pending).toEqual([{ accountId: 'a', state: 'loading' }]);
  accounts.restore = null;
  accounts.changed();
  await settle();
  expect(pages).toBe(1);
  expect(service.inbox([]).items.map((i) => i.key)).toEqual(['a:u1']);
  expect(service.inbox([]).pending).toEqual([]);
});

test('the lock drops every list, cached message and pending send', async () => {
  accounts.add('a', {
    listDialogs: () =>
      Promise.resolve({ chats: [chat('u1', { unreadCount: 1 })], cursor: null, total: 1 }),
    getHistory: historyOf('u1', 30),
    sendMessage: () => new Promise(() => undefined),
  });
  await service.list('a', 'main', null, 50);
  await service.history('a', 'u1', null, 50);
  const local = service.send('a', 'u1', 'pending', null);
  expect(service.cachedMessages()).toBe(30);
  service.lock();
  expect(service.cachedMessages()).toBe(0);
  expect(service.inbox([]).items).toEqual([]);
  expect(() => service.retry('a', 'u1', local.localId ?? '')).toThrow();
});

test('a cached chat opens from the cache without asking Telegram', async () => {
  const connection = accounts.add('a', {
    listDialogs: () =>
      Promise.resolve({ chats: [chat('u1', { lastMessageId: 200 })], cursor: null, total: 1 }),
    getHistory: historyOf('u1', 200),
  });
  await service.list('a', 'main', null, 50);
  await service.history('a', 'u1', null, 50);
  await service.history('a', 'u1', 151, 50);
  const before = connection.calls.filter((c) => c === 'getHistory').length;
  const page = await service.history('a', 'u1', null, 50);
  expect(page.messages.map((m) => m.id)).toEqual(Array.from({ length: 50 }, (_, i) => 151 + i));
  expect(page.hasOlder).toBe(true);
  expect((await service.history('a', 'u1', 151, 50)).messages[0]?.id).toBe(101);
  expect(connection.calls.filter((c) => c === 'getHistory').length).toBe(before);
});
