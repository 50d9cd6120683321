/**
 * Figure 16 (issue 17) in a fresh process: the real core restores the `--accounts` saved accounts
 * of the vault in `--data-dir` (as figure 1 does), waits until the restore's extras are done
 * (no call but pings for 3 s, at most `--extras-cap-s`: unread counts, avatars, the inbox's first
 * pages, health checks), then measures the windows the parent asks for: main-loop lag, this
 * process's CPU and the DC calls, while the DC sends what the parent set up.
 * The protocol is idle-protocol.ts.
 *
 * GRAMDECK_IDLE_PROF_DIR=DIR: a CPU profile of exactly each window, DIR/idle-PHASE-N.cpuprofile.
 * GRAMDECK_IDLE_ALLOC_DIR=DIR: a sampling allocation profile of each window (collected objects
 * included, unless GRAMDECK_ALLOC_RETAINED_ONLY=1), DIR/idle-PHASE-N.heapprofile.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { InboxState } from '../../../electron/shared/chat-dto';
import type { Envelope } from '../../../electron/shared/errors';
import type { CustomServerProfile } from '../../../electron/shared/server-profile';
import { fixedKeychain } from '../../support/keychain';
import { sleep } from '../../support/timers';
import { createBenchCore } from './bench-core';
import { startAllocationProfile, startCpuProfile } from './cpu-profile';
import { callsBetween, countDcCalls } from './dc-calls';
import { watchGc } from './gc-watch';
import type { IdleDelivered, IdlePhase, IdleSettled, IdleWindow } from './idle-protocol';
import { watchAllOnline } from './online-watch';
import { restoreKeychainName } from './restore-protocol';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    profile: { type: 'string' },
    accounts: { type: 'string' },
    concurrency: { type: 'string' },
    'extras-cap-s': { type: 'string', default: '300' },
  },
});
const accounts = Number(values.accounts);
/** The lag histogram's resolution: each sample is the interval between two of its timers. */
const resolutionMs = 5;

const dcCalls = countDcCalls();

/** Messages from the parent, in order. */
const inbox: unknown[] = [];
let waiting: (() => void) | null = null;
process.on('message', (m) => {
  inbox.push(m);
  waiting?.();
});
async function nextMessage<T>(): Promise<T> {
  while (inbox.length === 0)
    await new Promise<void>((resolve) => {
      waiting = resolve;
    });
  waiting = null;
  return inbox.shift() as T;
}

const core = await createBenchCore({
  dataDir: values['data-dir'] ?? '',
  cipher: fixedKeychain(restoreKeychainName),
  profile: JSON.parse(values.profile ?? '') as CustomServerProfile,
  restoreConcurrency: Number(values.concurrency),
});

/** The inbox as the page reads it: the unread total over its chats, and who is still loading. */
async function inboxNow(): Promise<{ unread: number; pending: number }> {
  const answer = (await core.router.dispatch(
    'unread:list',
    { tagIds: [] },
    { transport: 'web', url: 'bench' },
  )) as Envelope<InboxState>;
  if (!answer.ok) throw new Error(`unread:list: ${answer.error.code}`);
  return {
    unread: answer.value.items.reduce((sum, item) => sum + item.chat.unreadCount, 0),
    pending: answer.value.pending.length,
  };
}

const allOnline = watchAllOnline(core, accounts);
const t0 = performance.now();
void core.start();
const onlineAt = await allOnline;
const extras = await dcCalls.untilQuiet(3_000, Number(values['extras-cap-s']) * 1000);
const settled: IdleSettled = {
  kind: 'settled',
  restoreMs: onlineAt - t0,
  extrasMs: extras.ms,
  isExtrasCapped: extras.isCapped,
  inboxPending: (await inboxNow()).pending,
};
process.send?.(settled);

let unreadBefore = 0;
for (;;) {
  const m = await nextMessage<{
    window?: IdlePhase;
    ms?: number;
    delivered?: number;
    stop?: boolean;
  }>();
  if (m.window) {
    const profiler = await startCpuProfile(
      process.env.GRAMDECK_IDLE_PROF_DIR,
      `idle-${m.window}-${accounts}.cpuprofile`,
    );
    const allocations = await startAllocationProfile(
      process.env.GRAMDECK_IDLE_ALLOC_DIR,
      `idle-${m.window}-${accounts}.heapprofile`,
    );
    const calls0 = dcCalls.now();
    const lag = monitorEventLoopDelay({ resolution: resolutionMs });
    const cpu0 = process.cpuUsage();
    const w0 = performance.now();
    const gcPauses = watchGc();
    lag.enable();
    await sleep(m.ms ?? 0);
    lag.disable();
    const gc = await gcPauses();
    const cpu = process.cpuUsage(cpu0);
    const wallMs = performance.now() - w0;
    const calls = callsBetween(calls0, dcCalls.now());
    await profiler?.();
    await allocations?.();
    // Nothing was sent during the idle window: the total before the messages.
    if (m.window === 'idle') unreadBefore = (await inboxNow()).unread;
    const window: IdleWindow = {
      kind: 'window',
      phase: m.window,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      lagP50: lag.percentile(50) / 1e6,
      lagP99: lag.percentile(99) / 1e6,
      lagMax: lag.max / 1e6,
      resolutionMs,
      calls,
      gc,
    };
    process.send?.(window);
  } else if (m.delivered !== undefined) {
    // The last messages the shards sent are on their way: wait for the total to reach what they
    // sent, or to stand still for 5 s.
    let last = -1;
    let stillSince = performance.now();
    let unread = (await inboxNow()).unread;
    while (unread - unreadBefore < m.delivered && performance.now() - stillSince < 5_000) {
      if (unread !== last) stillSince = performance.now();
      last = unread;
      await sleep(250);
      unread = (await inboxNow()).unread;
    }
    const delivered: IdleDelivered = { kind: 'delivered', delivered: unread - unreadBefore };
    process.send?.(delivered);
  } else if (m.stop) break;
}
// Leave within 10 s whatever the clients do on their way out.
await Promise.race([core.stop(), sleep(10_000)]);
process.exit(0);
