/**
 * Figure 14 (issue 16) in a fresh process: `--accounts` idle online accounts (nobody opens a
 * chat) each receive `--messages` messages, written by the previous account through the DC's
 * control channel. RSS is read after GC and a settle before and after; the growth per account is
 * sent to the parent with the message cache's global limit.
 */
import { parseArgs } from 'node:util';
import { writeHeapSnapshot } from 'node:v8';
import { join } from 'node:path';
import { defaultCacheLimits } from '../../../electron/core/messages/message-cache';
import type { InboxState } from '../../../electron/shared/chat-dto';
import type { Envelope } from '../../../electron/shared/errors';
import { sleep } from '../../support/timers';
import { startCoreOnline, startMessagesDc, type IdleMemoryRun } from '../messages-bench';

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

const settle = async () => {
  await sleep(2_000);
  for (let i = 0; i < 3; i++) {
    gc?.();
    await sleep(200);
  }
};

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
await dc.ask({ ring: perAccount, text: 'An idle account receives this message, one of many.' });
const expected = accounts * perAccount;
let last = -1;
let still = 0;
for (let i = 0; i < 1200; i++) {
  const { total } = await unread();
  if (total >= expected) break;
  // Stable for 10 s once messages arrive (a few may be lost to nothing here; they are counted).
  still = total === last && total > 0 ? still + 1 : 0;
  if (still >= 20) break;
  if (i % 20 === 0) process.stderr.write(`  idle memory: ${total} of ${expected} counted\n`);
  last = total;
  await sleep(500);
}
const delivered = (await unread()).total;
await settle();
const after = process.memoryUsage();
if (values.snapshots) writeHeapSnapshot(join(values.snapshots, 'after.heapsnapshot'));
const run: IdleMemoryRun = {
  accounts,
  messagesPerAccount: perAccount,
  delivered,
  rssPerAccountKb: (after.rss - before.rss) / accounts / 1024,
  heapPerAccountKb: (after.heapUsed - before.heapUsed) / accounts / 1024,
  cacheCapMessages: defaultCacheLimits.maxMessages,
};
if (process.send) process.send(run);
else console.log(JSON.stringify(run));
await core.stop();
dc.stop();
process.exit(0);
