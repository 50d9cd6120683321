/**
 * A link that dies without closing is found by the keep-alive (issue 17). The gateway's one
 * keep-alive replaced GramJS's ping loop per client; a dead link has no closed socket to report,
 * so only a ping that goes unanswered can tell. An account restored through the real account
 * manager and the real GramJS gateway reads its chats; then its connection goes silent (the DC
 * keeps it open and neither reads nor writes on it, nor on any connection opened in the next
 * few seconds) while another account writes to it. Without a verdict the account would sit on
 * the dead connection until the DC's `ping_delay_disconnect` ran out (60 s after the last ping
 * it read) and only then learn of the messages. With it, the account reconnects on its own
 * and every message arrives, once each, long before that.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ChatMessage } from '../../electron/shared/chat-dto';
import { startTestDc, type Scenario, type TestDc } from '../../tools/telegram-dc';
import type { CoreHarness } from '../support/core-harness';
import { sleep } from '../support/timers';
import { until } from '../support/web-core';
import { recordedAccountHarness } from './support/recording-gateway';

const ANN = '+9996620091';
const BEN = '+9996620092';
/** A short interval for the test; the app pings every 30 s. */
const KEEP_ALIVE_MS = 1_000;
const SILENCE_SECONDS = 4;

const scenario: Scenario = {
  name: 'silent-link',
  accounts: [
    { phone: ANN, dcId: 2, firstName: 'Ann', lastName: 'Silent' },
    { phone: BEN, dcId: 2, firstName: 'Ben', lastName: 'Silent' },
  ],
  conversations: [{ between: [BEN, ANN], messages: [{ from: BEN, text: 'before' }] }],
};

let dc: TestDc;
let h: CoreHarness;
let recorder: Awaited<ReturnType<typeof recordedAccountHarness>>['recorder'];

beforeAll(async () => {
  dc = await startTestDc({ scenario, smallPrimes: true });
  ({ h, recorder } = await recordedAccountHarness(dc, 'ann', ANN, {
    keepAliveIntervalMs: KEEP_ALIVE_MS,
    connectTimeoutMs: 3_000,
  }));
}, 60_000);

afterAll(async () => {
  await h.stop();
  await dc.stop();
});

test('a connection that goes silent is dropped by the keep-alive, and nothing sent meanwhile is lost', async () => {
  await h.start();
  await h.waitForEvent('accounts:changed', (s) =>
    s.accounts.some((a) => a.id === 'ann' && a.status.kind === 'online'),
  );
  const first = recorder.opened.at(-1);
  await first?.listDialogs('main', null, 50);
  const newMessages = (): ChatMessage[] =>
    recorder.events.flatMap((event) => (event.kind === 'message-new' ? [event.message] : []));

  // A healthy idle link is never judged dead: several intervals pass with one connection.
  await sleep(4 * KEEP_ALIVE_MS);
  expect(recorder.opened).toHaveLength(1);
  expect(recorder.events.filter((e) => e.kind === 'connection')).toEqual([]);

  const silencedAt = Date.now();
  dc.control.silence(SILENCE_SECONDS);
  const sent = ['one', 'two', 'three'];
  for (const text of sent) dc.control.sendMessage(BEN, ANN, text);
  await until(
    () => recorder.events.some((e) => e.kind === 'connection' && e.state === 'disconnected'),
    'the keep-alive to call the silent link dead',
    5_000,
  );
  // Two intervals at most: the ping in flight, then the turn that finds it unanswered.
  expect(Date.now() - silencedAt).toBeLessThan(4 * KEEP_ALIVE_MS);
  expect(newMessages().map((m) => m.text)).not.toContain('one');

  await until(
    () => sent.every((text) => newMessages().some((m) => m.text === text)),
    'every message sent while the link was silent',
    30_000,
  );
  // Well before the DC's own 60 s disconnect would have closed the dead connection.
  expect(Date.now() - silencedAt).toBeLessThan(30_000);
  dc.control.sendMessage(BEN, ANN, 'after');
  await until(() => newMessages().some((m) => m.text === 'after'), 'the message after');
  expect(newMessages().map((m) => m.text)).toEqual(['one', 'two', 'three', 'after']);
  expect(dc.control.callCount('updates.getDifference')).toBeGreaterThan(0);
}, 60_000);
