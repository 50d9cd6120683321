/**
 * No message is lost across a blackout (issue 16): an account restored through the real account
 * manager and the real GramJS gateway reads its chats, then every DC goes dark for 30 s while a
 * second account writes to it in a private chat, a basic group and a supergroup. Once the
 * network is back (the account manager reconnects on its own), every message must have reached
 * the account exactly once as `message-new`, in the order it was sent, with no polling: the
 * adapter fills the gap with `updates.getDifference` and `updates.getChannelDifference`.
 *
 * GRAMDECK_BLACKOUT_SECONDS and GRAMDECK_BLACKOUT_MESSAGES change the size (defaults 30 and 10).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ChatMessage } from '../../electron/shared/chat-dto';
import { startTestDc, type Scenario, type TestDc } from '../../tools/telegram-dc';
import type { CoreHarness } from '../support/core-harness';
import { sleep } from '../support/timers';
import { until } from '../support/web-core';
import { recordedAccountHarness } from './support/recording-gateway';

const blackoutSeconds = Number(process.env.GRAMDECK_BLACKOUT_SECONDS ?? 30);
const perChat = Number(process.env.GRAMDECK_BLACKOUT_MESSAGES ?? 10);

const ANN = '+9996620081';
const BEN = '+9996620082';
const GROUP = 'Blackout group';
const SUPERGROUP = 'Blackout supergroup';

const scenario: Scenario = {
  name: 'blackout-messages',
  accounts: [
    { phone: ANN, dcId: 2, firstName: 'Ann', lastName: 'Test' },
    { phone: BEN, dcId: 2, firstName: 'Ben', lastName: 'Test' },
  ],
  conversations: [{ between: [BEN, ANN], messages: [{ from: BEN, text: 'before' }] }],
  groups: [{ title: GROUP, members: [BEN, ANN], messages: [{ from: BEN, text: 'before' }] }],
  channels: [
    {
      title: SUPERGROUP,
      isMegagroup: true,
      owner: BEN,
      members: [BEN, ANN],
      posts: [{ from: BEN, text: 'before' }],
    },
  ],
};

let dc: TestDc;
let h: CoreHarness;
let recorder: Awaited<ReturnType<typeof recordedAccountHarness>>['recorder'];

beforeAll(async () => {
  dc = await startTestDc({ scenario, smallPrimes: true });
  ({ h, recorder } = await recordedAccountHarness(dc, 'ann', ANN));
}, 60_000);

afterAll(async () => {
  await h.stop();
  await dc.stop();
});

const newMessages = (): ChatMessage[] =>
  recorder.events.flatMap((event) => (event.kind === 'message-new' ? [event.message] : []));

function sentTexts(chat: string): string[] {
  return Array.from({ length: perChat }, (_, i) => `${chat} ${i + 1}`);
}

test(
  'messages sent during a blackout all arrive after it, once each and in order',
  async () => {
    await h.start();
    await h.waitForEvent('accounts:changed', (s) =>
      s.accounts.some((a) => a.id === 'ann' && a.status.kind === 'online'),
    );
    // Reading the chat list is what the app does first; it starts the update sequence.
    const first = recorder.opened.at(-1);
    const page = await first?.listDialogs('main', null, 50);
    const titles = page?.chats.map((chat) => chat.title) ?? [];
    expect(titles).toEqual(expect.arrayContaining(['Ben Test', GROUP, SUPERGROUP]));

    dc.control.blackout(blackoutSeconds);
    const targets = [
      { to: ANN, name: 'private' },
      { to: GROUP, name: 'group' },
      { to: SUPERGROUP, name: 'supergroup' },
    ];
    await sleep(1_000);
    for (const { to, name } of targets) {
      for (const text of sentTexts(name)) dc.control.sendMessage(BEN, to, text);
    }
    expect(dc.control.isBlackedOut()).toBe(true);
    expect(newMessages().filter((m) => m.text !== 'before')).toEqual([]);
    while (dc.control.isBlackedOut()) await sleep(100);

    const everyText = targets.flatMap(({ name }) => sentTexts(name));
    await until(
      () => everyText.every((text) => newMessages().some((m) => m.text === text)),
      'every message sent during the blackout',
      45_000,
    );
    // One more message in each chat, live: whatever came twice would have come by now.
    for (const { to } of targets) dc.control.sendMessage(BEN, to, 'after');
    await until(
      () => newMessages().filter((m) => m.text === 'after').length === targets.length,
      'the messages after the blackout',
    );
    for (const { name } of targets) {
      const arrived = newMessages()
        .map((m) => m.text)
        .filter((text) => text.startsWith(`${name} `));
      expect(arrived, name).toEqual(sentTexts(name));
    }
    // Filled by the differences, not by re-reading history.
    expect(recorder.opened.length).toBeGreaterThan(1);
    expect(dc.control.callCount('updates.getDifference')).toBeGreaterThan(0);
    expect(dc.control.callCount('updates.getChannelDifference')).toBeGreaterThan(0);
    expect(dc.control.callCount('messages.getHistory')).toBe(0);
  },
  (blackoutSeconds + 90) * 1000,
);
