/**
 * Long gaps (issue 16): what `blackout-messages.test.ts` does for ten messages, for gaps Telegram
 * does not answer in one piece. An account restored through the real account manager and the
 * real GramJS gateway reads its chats; the DC goes dark while a second account writes to it.
 * - More messages than one `updates.getDifference` answer holds: the DC answers with
 *   `differenceSlice`s, and the adapter asks again until it has them all: every message arrives
 *   once, in order.
 * - A gap past what Telegram keeps (`differenceTooLong`): the messages in between are not
 *   delivered one by one; the adapter says the dialogs changed, and reading them again shows the
 *   newest message.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestDc, type Scenario, type TestDc } from '../../tools/telegram-dc';
import { DIFFERENCE_LIMIT, TOO_LONG_GAP } from '../../tools/telegram-dc/rpc/updates';
import type { CoreHarness } from '../support/core-harness';
import { sleep } from '../support/timers';
import { until } from '../support/web-core';
import { recordedAccountHarness } from './support/recording-gateway';

const CAT = '+9996620083';
const DAN = '+9996620084';

const scenario: Scenario = {
  name: 'difference-slices',
  accounts: [
    { phone: CAT, dcId: 2, firstName: 'Cat', lastName: 'Test' },
    { phone: DAN, dcId: 2, firstName: 'Dan', lastName: 'Test' },
  ],
  conversations: [{ between: [DAN, CAT], messages: [{ from: DAN, text: 'before' }] }],
};

let dc: TestDc;
let h: CoreHarness;
let recorder: Awaited<ReturnType<typeof recordedAccountHarness>>['recorder'];

beforeAll(async () => {
  dc = await startTestDc({ scenario, smallPrimes: true });
  ({ h, recorder } = await recordedAccountHarness(dc, 'cat', CAT));
  await h.start();
  await h.waitForEvent('accounts:changed', (s) =>
    s.accounts.some((a) => a.id === 'cat' && a.status.kind === 'online'),
  );
  // Reading the chat list is what the app does first; it starts the update sequence.
  await recorder.opened.at(-1)?.listDialogs('main', null, 50);
}, 60_000);

afterAll(async () => {
  await h.stop();
  await dc.stop();
});

const newTexts = (prefix: string): string[] =>
  recorder.events.flatMap((event) =>
    event.kind === 'message-new' && event.message.text.startsWith(prefix)
      ? [event.message.text]
      : [],
  );

/** Darkens the DC for `seconds`, runs `write` in the dark, and waits for the light. */
async function inTheDark(seconds: number, write: () => void): Promise<void> {
  dc.control.blackout(seconds);
  await sleep(500);
  write();
  expect(dc.control.isBlackedOut()).toBe(true);
  while (dc.control.isBlackedOut()) await sleep(100);
}

test('a gap of several difference answers arrives in slices, each message once and in order', async () => {
  const count = DIFFERENCE_LIMIT * 2 + 50;
  const texts = Array.from({ length: count }, (_, i) => `slice ${String(i + 1)}`);
  const asked = dc.control.callCount('updates.getDifference');
  await inTheDark(3, () => {
    for (const text of texts) dc.control.sendMessage(DAN, CAT, text);
  });
  await until(() => newTexts('slice ').length >= count, 'every message of the gap', 45_000);
  // One more, live: whatever came twice would have come by now.
  dc.control.sendMessage(DAN, CAT, 'slice after');
  await until(() => newTexts('slice after').length === 1, 'the message after the gap');
  expect(newTexts('slice ').slice(0, -1)).toEqual(texts);
  expect(dc.control.callCount('updates.getDifference') - asked).toBeGreaterThanOrEqual(3);
  expect(dc.control.callCount('messages.getHistory')).toBe(0);
}, 90_000);

test('a gap past what Telegram keeps: no message one by one, the dialogs are read again and show the newest', async () => {
  const count = TOO_LONG_GAP + 10;
  const since = recorder.events.length;
  await inTheDark(3, () => {
    for (let i = 1; i <= count; i++) dc.control.sendMessage(DAN, CAT, `long ${String(i)}`);
  });
  await until(
    () =>
      recorder.events
        .slice(since)
        .some((event) => event.kind === 'dialogs-changed' && event.chatIds === null),
    'the dialogs marked as changed',
    45_000,
  );
  expect(newTexts('long ')).toEqual([]);
  const connection = recorder.opened.at(-1);
  const page = await connection?.listDialogs('main', null, 50);
  const dan = page?.chats.find((chat) => chat.title === 'Dan Test');
  expect(dan?.lastMessage).toBe(`long ${String(count)}`);
  // The account is still live after it.
  dc.control.sendMessage(DAN, CAT, 'long gone');
  await until(() => newTexts('long gone').length === 1, 'a live message after the long gap');
}, 120_000);
