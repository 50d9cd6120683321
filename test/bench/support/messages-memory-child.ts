/**
 * Figure 14 (issue 16) in a fresh process: `--accounts` idle online accounts (nobody opens a
 * chat) each receive `--messages` messages, written by the previous account through the DC's
 * control channel, in two waves: the first half of the accounts, then the other half. RSS is read
 * after GC and a settle before anything starts, once every account is online, after each wave;
 * the growth per account (online, with all the messages, and per wave) is sent to the parent with
 * the message cache's global limit. `--messages 0` measures only the accounts online (issue 17's
 * RSS per idle online account).
 *
 * Each reading comes after an idle settle (`--settle` seconds, no forced collection meanwhile,
 * as an idle app sits), then three full collections. The settle is long enough for V8's memory
 * reducer, which shrinks the heap some seconds after allocation slows: the young generation and
 * committed old-space pages it no longer needs. During the settle after the messages, RSS and the
 * heap's spaces are sampled every 5 s (the run's `settleTimeline`). Both readings carry
 * `v8.getHeapSpaceStatistics()` per space and the memory outside the JS heap.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { getHeapSpaceStatistics, getHeapStatistics, writeHeapSnapshot } from 'node:v8';
import { join } from 'node:path';
import { defaultCacheLimits } from '../../../electron/core/messages/message-cache';
import type { InboxState } from '../../../electron/shared/chat-dto';
import type { Envelope } from '../../../electron/shared/errors';
import { sleep } from '../../support/timers';
import {
  IDLE_TRAFFIC_LIMIT_KB,
  startCoreOnline,
  startMessagesDc,
  type HeapSpaceKb,
  type IdleMemoryRun,
  type SettleSample,
} from '../messages-bench';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string' },
    messages: { type: 'string' },
    /** A folder to write heap snapshots to, before and after the messages (for a diff). */
    snapshots: { type: 'string' },
    /** Seconds each reading waits idle before its collections (see above). */
    settle: { type: 'string' },
    /**
     * A diagnostic after the figure is sent (glibc and gdb only): gdb prints glibc's malloc
     * statistics, calls `malloc_trim(0)` and prints them again, and RSS after it goes to stderr:
     * what of RSS is freed memory the C allocator kept.
     */
    'malloc-probe': { type: 'boolean' },
  },
});
const accounts = Number(values.accounts ?? 200);
const perAccount = Number(values.messages ?? 1000);
const gc = (globalThis as { gc?: () => void }).gc;

/**
 * At least 12 s, past the keep-alive's 10 s ack flush (electron/telegram/keep-alive.ts): until
 * its next send, a sender's loop still holds the last batch it sent (after a burst, the ack of
 * every message in it).
 */
const SETTLE_S = Math.max(12, Number(values.settle ?? 180));
const MB = 1024 * 1024;

interface Reading {
  memory: NodeJS.MemoryUsage;
  /** The JS heap's resident pages (committed pages V8 touched). */
  heapPhysical: number;
  spaces: Map<string, { size: number; used: number; physical: number }>;
}
const read = (): Reading => ({
  memory: process.memoryUsage(),
  heapPhysical: getHeapStatistics().total_physical_size,
  spaces: new Map(
    getHeapSpaceStatistics().map((s) => [
      s.space_name,
      { size: s.space_size, used: s.space_used_size, physical: s.physical_space_size },
    ]),
  ),
});
const sampleOf = (t0: number, r: Reading): SettleSample => ({
  s: Math.round((performance.now() - t0) / 1000),
  rssMb: r.memory.rss / MB,
  heapCommittedMb: r.memory.heapTotal / MB,
  heapUsedMb: r.memory.heapUsed / MB,
  newSpaceMb: (r.spaces.get('new_space')?.size ?? 0) / MB,
  oldSpaceMb: (r.spaces.get('old_space')?.size ?? 0) / MB,
});

/** Idle for `seconds` (sampled every 5 s, no collection forced), then three full collections. */
const settle = async (seconds: number, timeline?: SettleSample[]): Promise<Reading> => {
  const t0 = performance.now();
  timeline?.push(sampleOf(t0, read()));
  for (let waited = 0; waited < seconds; waited += 5) {
    await sleep(Math.min(5, seconds - waited) * 1000);
    timeline?.push(sampleOf(t0, read()));
  }
  for (let i = 0; i < 3; i++) {
    gc?.();
    await sleep(200);
  }
  return read();
};
/** RSS outside the JS heap's resident pages and what JS objects own outside it (Buffers). */
const native = (r: Reading) => r.memory.rss - r.heapPhysical - r.memory.external;

// The process with no account online: the modules loaded, nothing started.
const empty = (await settle(2)).memory;
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
const beforeReading = await settle(SETTLE_S);
const before = beforeReading.memory;
if (values.snapshots) writeHeapSnapshot(join(values.snapshots, 'before.heapsnapshot'));
const cpuBefore = process.cpuUsage();
let peakRss = 0;
let peakHeap = 0;
const samplePeaks = setInterval(() => {
  const now = process.memoryUsage();
  peakRss = Math.max(peakRss, now.rss);
  peakHeap = Math.max(peakHeap, now.heapUsed);
}, 250);
/**
 * The accounts in `[first, end)` each receive `perAccount` messages; resolves with the total
 * counted once it reaches `expected`, or the count stood still for 60 s (a few may be lost to
 * nothing here; they are counted), or an hour: the sandbox DC writes a million in 10–20 min, and
 * while it writes to 1,000 sockets it can leave the core without a message for 10 s.
 */
const wave = async (first: number, end: number, expected: number): Promise<number> => {
  if (perAccount > 0)
    await dc.ask({
      ring: perAccount,
      receivers: [first, end],
      text: 'An idle account receives this message, one of many.',
    });
  let last = -1;
  let still = 0;
  for (let i = 0; i < 7200; i++) {
    const { total } = await unread();
    if (total >= expected) break;
    still = total === last && total > 0 ? still + 1 : 0;
    if (still >= 120) break;
    if (i % 20 === 0) process.stderr.write(`  idle memory: ${total} of ${expected} counted\n`);
    last = total;
    await sleep(500);
  }
  return (await unread()).total;
};
// Two waves: the first half of the accounts, a settle, then the other half. Every account
// receives its messages once; the second wave's growth is what each further account adds once
// the process has met traffic at all (the first wave's also carries that one-off cost).
const half = Math.ceil(accounts / 2);
const firstWave = await wave(0, half, half * perAccount);
const cpuFirstWave = process.cpuUsage(cpuBefore);
const midReading = perAccount > 0 ? await settle(SETTLE_S) : beforeReading;
const cpuMid = process.cpuUsage();
const delivered = await wave(half, accounts, accounts * perAccount);
const cpuSecondWave = process.cpuUsage(cpuMid);
const cpu = {
  user: cpuFirstWave.user + cpuSecondWave.user,
  system: cpuFirstWave.system + cpuSecondWave.system,
};
clearInterval(samplePeaks);
const settleTimeline: SettleSample[] = [];
const afterReading = await settle(SETTLE_S, settleTimeline);
const after = afterReading.memory;
const mid = midReading.memory;
const spaces: HeapSpaceKb[] = [...afterReading.spaces].map(([name, a]) => {
  const b = beforeReading.spaces.get(name) ?? { size: 0, used: 0, physical: 0 };
  return {
    name,
    beforeCommittedMb: b.size / MB,
    afterCommittedMb: a.size / MB,
    committedPerAccountKb: (a.size - b.size) / accounts / 1024,
    usedPerAccountKb: (a.used - b.used) / accounts / 1024,
  };
});
if (values.snapshots) writeHeapSnapshot(join(values.snapshots, 'after.heapsnapshot'));
const perKb = (bytes: number, n: number) => bytes / n / 1024;
const secondHalf = accounts - half;
const run: IdleMemoryRun = {
  accounts,
  messagesPerAccount: perAccount,
  delivered,
  onlineRssPerAccountKb: perKb(before.rss - empty.rss, accounts),
  onlineHeapPerAccountKb: perKb(before.heapUsed - empty.heapUsed, accounts),
  rssPerAccountKb: perKb(after.rss - before.rss, accounts),
  heapPerAccountKb: perKb(after.heapUsed - before.heapUsed, accounts),
  heapCommittedPerAccountKb: perKb(after.heapTotal - before.heapTotal, accounts),
  heapPhysicalPerAccountKb: perKb(afterReading.heapPhysical - beforeReading.heapPhysical, accounts),
  externalPerAccountKb: perKb(after.external - before.external, accounts),
  nativePerAccountKb: perKb(native(afterReading) - native(beforeReading), accounts),
  waves: [
    {
      accounts: half,
      counted: firstWave,
      rssPerAccountKb: perKb(mid.rss - before.rss, half),
      heapPerAccountKb: perKb(mid.heapUsed - before.heapUsed, half),
      nativePerAccountKb: perKb(native(midReading) - native(beforeReading), half),
    },
    {
      accounts: secondHalf,
      counted: delivered - firstWave,
      rssPerAccountKb: perKb(after.rss - mid.rss, secondHalf),
      heapPerAccountKb: perKb(after.heapUsed - mid.heapUsed, secondHalf),
      nativePerAccountKb: perKb(native(afterReading) - native(midReading), secondHalf),
    },
  ],
  spaces,
  settleS: SETTLE_S,
  settleTimeline,
  cpuMsPerMessage: delivered > 0 ? (cpu.user + cpu.system) / 1000 / delivered : 0,
  peakRssMb: Math.max(peakRss, after.rss) / 1024 / 1024,
  peakHeapMb: peakHeap / 1024 / 1024,
  beforeRssMb: before.rss / MB,
  afterRssMb: after.rss / MB,
  cacheCapMessages: defaultCacheLimits.maxMessages,
  limitKb: IDLE_TRAFFIC_LIMIT_KB,
};
// The figure goes to the parent first: the diagnostic below can only add a line to the log.
if (process.send) process.send(run);
else console.log(JSON.stringify(run));

/** How long the probe may take before gdb is interrupted (its calls unwind; no reading). */
const PROBE_LIMIT_MS = 60_000;
if (values['malloc-probe']) {
  // The calls run on thread 2, not the main thread: gdb may stop the main thread inside malloc
  // (the keep-alive's timer runs every 20 ms), and a call into malloc from there waits for the
  // lock that thread holds, forever. If a call still hangs, gdb is interrupted and, with
  // unwindonsignal, puts the thread back as it was.
  const gdb = spawn(
    'gdb',
    [
      '-p',
      String(process.pid),
      '-batch',
      '-ex',
      'set unwindonsignal on',
      '-ex',
      'thread 2',
      '-ex',
      'call (void)malloc_stats()',
      '-ex',
      'call (int)malloc_trim(0)',
      '-ex',
      'call (void)malloc_stats()',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const probe = { isInterrupted: false };
  const interrupt = setTimeout(() => {
    probe.isInterrupted = true;
    const again = setInterval(() => gdb.kill('SIGINT'), 5_000);
    gdb.once('exit', () => {
      clearInterval(again);
    });
    gdb.kill('SIGINT');
  }, PROBE_LIMIT_MS);
  const code = await new Promise<number | null>((resolve) => {
    gdb.once('exit', resolve);
    gdb.once('error', () => {
      resolve(null);
    });
  });
  clearTimeout(interrupt);
  await sleep(1000);
  const rss = process.memoryUsage().rss / MB;
  process.stderr.write(
    code === 0 && !probe.isInterrupted
      ? `  idle memory: RSS after glibc's malloc_trim(0) ${rss.toFixed(0)} MB (${run.afterRssMb.toFixed(0)} MB before it, ${run.beforeRssMb.toFixed(0)} MB before the messages)\n`
      : `  idle memory: the malloc probe gave no reading (gdb ${probe.isInterrupted ? 'interrupted' : `exited with ${String(code)}`})\n`,
  );
}
await core.stop();
dc.stop();
process.exit(0);
