/**
 * The unified inbox's pushes name only what changed since the last one: the chats, and the
 * accounts whose chat list started or stopped loading (a restore of 10,000 accounts sets each one
 * loading; pushing every pending account each time was 10,000 entries per push).
 */
import { expect, test } from 'vitest';
import { createUnifiedInbox } from '../../../electron/core/messages/unified-inbox';
import type { InboxChange } from '../../../electron/shared/chat-dto';
import { ManualTimers, TestClock } from '../../support/timers';

function inboxWithPushes() {
  const timers = new ManualTimers(new TestClock());
  const inbox = createUnifiedInbox({ timers, coalesceMs: 50 });
  const pushes: InboxChange[] = [];
  inbox.onChange((change) => pushes.push(change));
  const flush = () => {
    timers.advance(50);
    return pushes.splice(0);
  };
  return { inbox, flush };
}

test('a push names only the accounts whose loading state changed since the last one', () => {
  const { inbox, flush } = inboxWithPushes();
  for (let i = 0; i < 1_000; i++) inbox.setPending(`acc${i}`, 'loading');
  const [first] = flush();
  expect(first?.pending).toHaveLength(1_000);

  inbox.setPending('acc7', null);
  inbox.setPending('acc8', 'failed');
  expect(flush()).toEqual([
    {
      items: [],
      removed: [],
      pending: [
        { accountId: 'acc7', state: null },
        { accountId: 'acc8', state: 'failed' },
      ],
    },
  ]);
  // The same state again is no change, and nothing is pushed.
  inbox.setPending('acc9', 'loading');
  expect(flush()).toEqual([]);
  // Removing an account ends its pending state too.
  inbox.dropAccount('acc9');
  expect(flush().map((c) => c.pending)).toEqual([[{ accountId: 'acc9', state: null }]]);

  // The whole list is still one call away, for the page that opens now.
  const all = inbox.list(() => true).pending;
  expect(all).toHaveLength(998);
  expect(all).toContainEqual({ accountId: 'acc8', state: 'failed' });
  expect(all).not.toContainEqual(expect.objectContaining({ accountId: 'acc7' }));
});

test('an account that starts and ends loading between two pushes is pushed once, as it ends', () => {
  const { inbox, flush } = inboxWithPushes();
  inbox.setPending('a', 'loading');
  inbox.setPending('a', null);
  expect(flush().map((c) => c.pending)).toEqual([[{ accountId: 'a', state: null }]]);
});
