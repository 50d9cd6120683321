/** Notification rules (issue 16, item 6): who is notified, with what, and never while locked. */
import { beforeEach, expect, test } from 'vitest';
import {
  createNotificationService,
  NOTIFICATIONS_KEY,
  type NotificationService,
} from '../../../electron/core/messages/notifications';
import { createMemoryStore } from '../../../electron/core/storage/conf-store';
import type { KeyValueStore } from '../../../electron/core/ports';
import type { MessageNotification } from '../../../electron/shared/chat-dto';
import { createRecordingLogger } from '../../support/logger';
import { ManualTimers, TestClock } from '../../support/timers';
import { chat, message } from './fixtures';

let store: KeyValueStore;
let timers: ManualTimers;
let isLocked: boolean;
let service: NotificationService;
let shown: MessageNotification[];

function make(): NotificationService {
  const created = createNotificationService({
    store,
    logger: createRecordingLogger(),
    timers,
    isLocked: () => isLocked,
  });
  created.onAlert((n) => shown.push(n));
  return created;
}

beforeEach(() => {
  store = createMemoryStore();
  timers = new ManualTimers(new TestClock());
  isLocked = false;
  shown = [];
  service = make();
});

const incoming = message('c1', 5, { text: 'See you at 5', sender: { id: 'u2', name: 'Bob' } });
const group = chat('c1', { title: 'Team', kind: 'group' });

test('an incoming message is notified per chat, grouped per account, the newest of a burst', () => {
  service.consider('a', 'Alice', group, incoming);
  service.consider('a', 'Alice', group, { ...incoming, id: 6, text: 'or at 6' });
  timers.advance(500);
  expect(shown).toEqual([
    {
      tag: 'a:c1',
      group: 'a',
      accountId: 'a',
      chatId: 'c1',
      title: 'Team (Alice)',
      body: 'Bob: or at 6',
    },
  ]);
});

test('hidden text shows only "New message"', () => {
  service.update({ isTextHidden: true });
  service.consider('a', 'Alice', group, incoming);
  timers.advance(500);
  expect(shown[0]?.body).toBe('New message');
  expect(JSON.stringify(shown)).not.toContain('See you');
});

test('no notification for outgoing messages, muted chats, muted accounts, or when turned off', () => {
  service.consider('a', 'Alice', group, { ...incoming, isOutgoing: true });
  service.consider('a', 'Alice', { ...group, isMuted: true }, incoming);
  service.setAccount('b', false);
  service.consider('b', 'Bob', group, incoming);
  timers.advance(500);
  expect(shown).toEqual([]);
  service.update({ isEnabled: false });
  service.consider('a', 'Alice', group, incoming);
  timers.advance(500);
  expect(shown).toEqual([]);
});

test('never while locked, and nothing waiting is shown after the unlock', () => {
  isLocked = true;
  service.consider('a', 'Alice', group, incoming);
  timers.advance(500);
  expect(shown).toEqual([]);
  isLocked = false;
  service.consider('a', 'Alice', group, incoming);
  // The lock comes while the notification waits to be coalesced.
  isLocked = true;
  service.dropPending();
  isLocked = false;
  timers.advance(500);
  expect(shown).toEqual([]);
});

test('the settings are kept in the settings store and survive a restart', () => {
  const changes: unknown[] = [];
  service.onChange((s) => changes.push(s));
  service.update({ isTextHidden: true });
  service.setAccount('a', false);
  expect(store.get(NOTIFICATIONS_KEY)).toEqual({
    isEnabled: true,
    isTextHidden: true,
    mutedAccountIds: ['a'],
  });
  expect(make().get()).toEqual({ isEnabled: true, isTextHidden: true, mutedAccountIds: ['a'] });
  service.forgetAccount('a');
  expect(service.get().mutedAccountIds).toEqual([]);
  expect(changes).toHaveLength(3);
});
