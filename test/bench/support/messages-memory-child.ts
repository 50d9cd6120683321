/**
 * Figure 14 (issue 16) in a fresh process: `--accounts` idle online accounts (nobody opens a
 * chat) each receive `--messages` messages, written by the previous account through the DC's
 * control channel. RSS is read after GC and a settle before anything starts, once every account
 * is online, and after the messages; the growth per account (online, then with the messages) is
 * sent to the parent with the message cache's global limit. `--messages 0` measures only the
 * accounts online (issue 17's RSS per idle online account).
 *
 * The parent pins V8's young generation (`--min-semi-space-size` = `--max-semi-space-size`): V8
 * otherwise grows it to 32 MB under load and gives it back when its memory reducer runs, at
 * moments of its own, which moved RSS by ±30 MB between two readings of the same process.
 */
import { parseArgs } from 'node:util';
import { writeHeapSnapshot } from 'node:v8';
import { join } from 'node:path';
import { defaultCacheLimits } from '../../../electron/core/messages/message-cache';
import type { InboxState } from '../../../electron/shared/chat-dto';
import type { Envelope } from '../../../electron/shared/errors';
import { sleep } from '../../support/timers';
import {
  IDLE_TRAFFIC_LIMIT_KB,
  startCoreOnline,
  startMessagesDc,
  type IdleMemoryRun,
} from '../messages-bench';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string' },
    messages: { type: 'string' },
    /** A folder to write heap snapshots to, before and after the messages (for a diff). */
    snapshots: { type: 'string' },
  },
});
const accounts = Number(values.accounts ?? 200);
const perAccount = Number(values.messages ?? 1000);
const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Longer than GramJS's ping interval (9 s): until its next send, a sender's loop still holds the
 * last batch it sent (after a burst, the ack of every message in it).
 */
const SETTLE_MS = 12_000;
const settle = async (ms = SETTLE_MS) => {
  await sleep(ms);
  for (let i = 0; i < 3; i++) {
    gc?.();
    await sleep(200);
  }
};

// The process with no account online: the modules loaded, nothing started.
await settle(2_000);
const empty = process.memoryUsage();
if (values.snapshots) writeHeapSnapshot(join(values.snapshots, 'empty.heapsnapshot'));
const dc = await startMessagesDc(accounts);
const { core } = await startCoreOnline(dc);
const unread = async () => {
  const answer = (await core.router.dispatch(
    'unread:list',
    { tagIds: [] },
    { transport: 'web', url: 'bench' },
  )) as Envelope<InboxState>;
  if (!answer.ok) return { total: 0, pending: 1 };
  return {
    total: answer.value.items.reduce((sum, item) => sum + item.chat.unreadCount, 0),
    pending: answer.value.pending.length,
  };
};
// Every account's (empty) first page loaded: the inbox is live.
for (let i = 0; i < 600 && (await unread()).pending > 0; i++) await sleep(100);
await settle();
const before = process.memoryUsage();
if (values.snapshots) writeHeapSnapshot(join(values.snapshots, 'before.heapsnapshot'));
const cpuBefore = process.cpuUsage();
let peakRss = 0;
let peakHeap = 0;
const samplePeaks = setInterval(() => {
  const now = process.memoryUsage();
  peakRss = Math.max(peakRss, now.rss);
  peakHeap = Math.max(peakHeap, now.heapUsed);
}, 250);
if (perAccount > 0)
  await dc.ask({ ring: perAccount, text: 'An idle account receives this message, one of many.' });
const expected = accounts * perAccount;
let last = -1;
let still = 0;
// Until every message is counted, or the count stood still for 60 s (a few may be lost to
// nothing here; they are counted), or an hour: the sandbox DC writes a million in 10–20 min,
// and while it writes to 1,000 sockets it can leave the core without a message for 10 s.
for (let i = 0; i < 7200; i++) {
  const { total } = await unread();
  if (total >= expected) break;
  still = total === last && total > 0 ? still + 1 : 0;
  if (still >= 120) break;
  if (i % 20 === 0) process.stderr.write(`  idle memory: ${total} of ${expected} counted\n`);
  last = total;
  await sleep(500);
}
const delivered = (await unread()).total;
const cpu = process.cpuUsage(cpuBefore);
clearInterval(samplePeaks);
await settle();
const after = process.memoryUsage();
if (values.snapshots) writeHeapSnapshot(join(values.snapshots, 'after.heapsnapshot'));
const run: IdleMemoryRun = {
  accounts,
  messagesPerAccount: perAccount,
  delivered,
  onlineRssPerAccountKb: (before.rss - empty.rss) / accounts / 1024,
  onlineHeapPerAccountKb: (before.heapUsed - empty.heapUsed) / accounts / 1024,
  rssPerAccountKb: (after.rss - before.rss) / accounts / 1024,
  heapPerAccountKb: (after.heapUsed - before.heapUsed) / accounts / 1024,
  heapCommittedPerAccountKb: (after.heapTotal - before.heapTotal) / accounts / 1024,
  externalPerAccountKb: (after.external - before.external) / accounts / 1024,
  cpuMsPerMessage: delivered > 0 ? (cpu.user + cpu.system) / 1000 / delivered : 0,
  peakRssMb: Math.max(peakRss, after.rss) / 1024 / 1024,
  peakHeapMb: peakHeap / 1024 / 1024,
  beforeRssMb: before.rss / 1024 / 1024,
  cacheCapMessages: defaultCacheLimits.maxMessages,
  limitKb: IDLE_TRAFFIC_LIMIT_KB,
};
if (process.send) process.send(run);
else console.log(JSON.stringify(run));
await core.stop();
dc.stop();
process.exit(0);
