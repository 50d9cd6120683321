/**
 * Gramdeck benchmark (not a test): `node --expose-gc --import tsx test/bench/run.ts`
 *   --sizes 100,500,1000   accounts restored in figure 1 (up to 10,000)
 *   --runs 3               runs per figure (medians are reported)
 *   --dc-shards 2          processes the DC of figure 1 is split over (one DC id each)
 *   --stored-salts yes     figures 1 and 16: whether the vault records carry the server salts a
 *                          run within the last day kept (`no`: as a first launch, or bare GramJS)
 *   --concurrency 8        accounts connecting at once in figure 1, Gramdeck and bare GramJS
 *   --restore-limit 0      seconds after which a figure-1 restore is reported as cut short (0: none)
 *   --samples 30           login round trips per run in figure 2
 *   --figures 1,2,3,4,5,6,12  which figures to measure (e.g. `--figures 3`; figures 4 and 6 need a build)
 *   --import 1000          sessions imported in figure 5
 * Figures:
 *   1. restoring N saved accounts to "online" through the real core (conf stores, a real vault
 *      on disk, the GramJS gateway) in a fresh process per run, beside N bare GramJS clients on
 *      the same sessions, the DC sharded over child processes (restore-bench.ts, issue 17); with
 *      3 sizes or more it draws docs/perf/restore-curve.svg (restore-curve.ts);
 *   2. one login step through the IPC router: auth:submit-code (a wrong code) to the
 *      auth:changed push that carries Telegram's answer;
 *   3. a fresh login's auth:start: GramJS's handshake (realistic 62-bit pq) plus auth.sendCode;
 *   4. the renderer's account list with 1,000 and 10,000 accounts in Chromium (renderer-bench.ts),
 *      cold and from cache (a browser profile on disk that has loaded the page twice);
 *   5. importing N string sessions minted by the DC (parse, connect, check, seal) through the
 *      real core (import-bench.ts).
 *   6. a bulk action's progress for 1,000 selected accounts streaming into the renderer
 *      (bulk-bench.ts, issue 15; needs a build).
 *   10. opening a chat whose recent history is cached, to the first message drawn, and
 *   11. scrolling through 10,000 loaded messages, in Chromium (chat-bench.ts, issue 16; needs a
 *      build; `--figures 10,11`).
 *   12. the unified inbox with 1,000 accounts and 20,000 unread chats in Chromium: first render
 *      and a live update (inbox-bench.ts, issue 16; needs a build; `--figures 12`).
 *   13. a message sent in one sandbox account to its `messages:changed` push for another at the
 *      web host's WebSocket (messages-bench.ts, issue 16; `--figures 13`, `--sends 50`);
 *   14. RSS growth per idle online account after its chats received 1,000 messages, in a fresh
 *      process (messages-bench.ts, issue 16; `--figures 14`, `--idle-accounts 200`).
 *   17. the JavaScript the first screen loads in Chromium, as served and gzipped
 *      (initial-js-bench.ts, issue 17; needs a build; `--figures 17`).
 *   16. main-loop lag while N restored accounts sit idle, then receive a message each a minute
 *      (idle-bench.ts, issue 17; `--figures 16`, sizes from `--sizes`, `--idle-window 60`).
 * Raw results go to bench-results/; the table goes to stdout.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { forkDcChild } from './support/dc-child-process';
import { median } from './support/stats';
import type { LoginView } from '../../electron/shared/dto';
import type { CustomServerProfile } from '../../electron/shared/server-profile';
import { createGramJsGateway } from '../../electron/telegram';
import { leaseHandshakeWorker } from '../../electron/telegram/off-thread-handshake';
import { createCoreHarness } from '../support/core-harness';
import { silentLogger } from '../support/logger';
import { benchRenderer, type EntryCompile } from './renderer-bench';
import { benchBulk } from './bulk-bench';
import { benchChat } from './chat-bench';
import { benchImport, type ImportRun } from './import-bench';
import { benchInbox } from './inbox-bench';
import { benchDelivery, benchIdleMemory, idleMemoryNotes } from './messages-bench';
import { benchRestore, restoreCallsTable, restoreTable, type RestoreRow } from './restore-bench';
import { restoreCurveSvg } from './restore-curve';
// The first screen's JavaScript (issue 17, i17-web)
import { benchInitialJs, initialJsRow } from './initial-js-bench';
// 10,000 accounts (issue 17)
import { benchScale, scaleLines } from './scale-bench';
// 10,000 idle accounts receiving updates (issue 17, i17-idle)
import { benchIdle, idleTable } from './idle-bench';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: process.env.GRAMDECK_BENCH_SIZES ?? '100,500,1000' },
    runs: { type: 'string', default: process.env.GRAMDECK_BENCH_RUNS ?? '3' },
    samples: { type: 'string', default: '30' },
    figures: { type: 'string', default: '1,2,3,4,5,6,10,11,12,13,14,17' },
    import: { type: 'string', default: '1000' },
    // Chats and messages (issue 16)
    sends: { type: 'string', default: '50' },
    'idle-accounts': { type: 'string', default: '200' },
    /** Figure 14: seconds idle before each reading (an idle app sits for minutes). */
    'idle-settle': { type: 'string', default: '180' },
    /** Figure 14: also print glibc's malloc statistics and RSS after malloc_trim (needs gdb). */
    'idle-malloc-probe': { type: 'boolean', default: false },
    // Restoring many accounts (issue 17)
    'dc-shards': { type: 'string', default: '2' },
    'stored-salts': { type: 'string', default: 'yes' },
    concurrency: { type: 'string', default: '8' },
    'restore-limit': { type: 'string', default: '0' },
    // 10,000 idle accounts receiving updates (issue 17, i17-idle)
    'idle-window': { type: 'string', default: '60' },
  },
});
const figures = new Set(values.figures.split(',').map(Number));
if (!['yes', 'no'].includes(values['stored-salts']))
  throw new Error('--stored-salts takes yes or no');
const storedSalts = values['stored-salts'] === 'yes';
const sizes = values.sizes.split(',').map(Number);
const runs = Math.max(1, Number(values.runs));
const samples = Math.max(1, Number(values.samples));
const gc = (globalThis as { gc?: () => void }).gc;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
interface Dc {
  child: ChildProcess;
  profile: CustomServerProfile;
  lastCode(phone: string): Promise<string | null>;
  stop(): void;
}

async function startDc(logins: number): Promise<Dc> {
  const dc = await forkDcChild('dc-child.ts', ['--login', String(logins)]);
  return {
    child: dc.child,
    profile: dc.profile,
    lastCode: async (phone) => (await dc.ask<{ code: string | null }>({ lastCode: phone })).code,
    stop: dc.stop,
  };
}

interface LoginFigures {
  stepP50: number;
  stepP95: number;
  startMs: number;
  startLagMax: number;
  startLagP99: number;
}

async function figures2and3(): Promise<LoginFigures> {
  const dc = await startDc(runs);
  // As the app ships: the handshake worker starts with the gateway, and it is warm long before a
  // user has typed a phone number.
  const h = createCoreHarness({
    gateway: createGramJsGateway({ logger: silentLogger, isHandshakeWorkerWarm: true }),
    target: {
      profile: dc.profile,
      apiId: dc.profile.apiId ?? 1,
      apiHash: dc.profile.apiHash ?? '',
    },
  });
  const steps: number[] = [];
  const starts: { ms: number; lagMax: number; lagP99: number }[] = [];
  const warmUp = leaseHandshakeWorker();
  await warmUp.worker.warm();
  await warmUp.release();
  try {
    for (let r = 0; r < runs; r++) {
      const phone = `+99966300${String(r).padStart(2, '0')}`;
      const lag = monitorEventLoopDelay({ resolution: 1 });
      lag.enable();
      const t0 = performance.now();
      const started = await h.ok('auth:start', { phone });
      const ms = performance.now() - t0;
      lag.disable();
      starts.push({ ms, lagMax: lag.max / 1e6, lagP99: lag.percentile(99) / 1e6 });
      const code = (await dc.lastCode(phone)) ?? '00000';
      const wrong = code === '99999' ? '11111' : '99999';
      for (let i = 0; figures.has(2) && i < samples; i++) {
        const since = h.pushed.length;
        const t1 = performance.now();
        void h.call('auth:submit-code', { attemptId: started.attemptId, code: wrong });
        await h.waitForEvent(
          'auth:changed',
          (v: LoginView) => v.attemptId === started.attemptId && !v.isBusy && v.error !== null,
          10_000,
          since,
        );
        steps.push(performance.now() - t1);
      }
      process.stderr.write(
        `  login run ${r + 1}: auth:start ${ms.toFixed(0)} ms (lag max ${(lag.max / 1e6).toFixed(0)} ms)\n`,
      );
      await h.ok('auth:cancel', { attemptId: started.attemptId });
    }
  } finally {
    await h.stop();
    dc.stop();
  }
  return {
    stepP50: quantile(steps, 0.5),
    stepP95: quantile(steps, 0.95),
    startMs: median(starts.map((s) => s.ms)),
    startLagMax: median(starts.map((s) => s.lagMax)),
    startLagP99: median(starts.map((s) => s.lagP99)),
  };
}

async function main(): Promise<void> {
  if (!gc) process.stderr.write('note: run with node --expose-gc for RSS after GC\n');
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    nproc: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAtStart: loadavg(),
    loadAtEnd: [] as number[],
  };
  // Restoring many accounts (issue 17)
  const restore: RestoreRow[] = figures.has(1)
    ? await benchRestore({
        sizes,
        runs,
        shards: Number(values['dc-shards']),
        storedSalts,
        concurrency: Number(values.concurrency),
        limitS: Number(values['restore-limit']),
      })
    : [];
  const login = figures.has(2) || figures.has(3) ? await figures2and3() : null;
  const renderer = figures.has(4) ? await benchRenderer([1000, 10_000], runs) : [];
  // Session import (issue 15): one run (it is heavy).
  const imports: ImportRun[] = figures.has(5) ? [await benchImport(Number(values.import))] : [];
  for (const run of imports) process.stderr.write(`  import: ${JSON.stringify(run)}\n`);
  // Bulk actions (issue 15)
  const bulk = figures.has(6) ? await benchBulk(1000, runs) : null;
  // The conversation view (issue 16)
  const chat = figures.has(10) || figures.has(11) ? await benchChat(runs) : null;
  // The unified inbox (issue 16)
  const inbox = figures.has(12) ? await benchInbox(1000, 20_000, runs) : null;
  // Chats and messages (issue 16): one run each.
  const delivery = figures.has(13) ? await benchDelivery(Number(values.sends)) : null;
  const idle = figures.has(14)
    ? await benchIdleMemory(
        Number(values['idle-accounts']),
        1000,
        Number(values['idle-settle']),
        values['idle-malloc-probe'],
      )
    : null;
  // The first screen's JavaScript (issue 17, i17-web)
  const initialJs = figures.has(17) ? await benchInitialJs() : null;
  // 10,000 accounts (issue 17): figure 15 per size of --sizes
  const scale = [];
  for (const n of figures.has(15) ? sizes : []) {
    scale.push(await benchScale(n, 10_000));
    process.stderr.write(`  scale ${n}: ${JSON.stringify(scale.at(-1))}\n`);
  }
  // 10,000 idle accounts receiving updates (issue 17, i17-idle)
  const idleUpdates = figures.has(16)
    ? await benchIdle({
        sizes,
        shards: Number(values['dc-shards']),
        storedSalts,
        concurrency: Number(values.concurrency),
        windowS: Number(values['idle-window']),
      })
    : [];
  machine.loadAtEnd = loadavg();
  const f = (x: number, d = 0) => x.toFixed(d);
  // Figure 4: how the traced load compiled the entry chunk (from its V8 code cache or not).
  const entryText = (entry: EntryCompile | null) =>
    entry === null
      ? 'compile not in the trace'
      : entry.consumedCacheBytes > 0
        ? `from code cache (${f(entry.consumedCacheBytes / 1024)} KB, ${f(entry.compileMs, 1)} ms)`
        : `compiled from source${entry.streamed ? ' (streamed)' : ''}`;
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  const lines = [
    `Gramdeck benchmark, ${new Date().toISOString()} — ${machine.cpu}, ${machine.nproc} cores, ${machine.memoryGb} GB, Node ${machine.node}; load average ${load(machine.loadAtStart)} at the start, ${load(machine.loadAtEnd)} at the end; medians of ${runs} run(s); shared, noisy machine`,
    '',
    '| figure | measured | target |',
    '|---|---|---|',
    ...restore.map(
      (r) =>
        `| 1. restore ${r.accounts} accounts to online (real core in a fresh process, DC in ${values['dc-shards']} shard processes) | ${f(r.gramdeck.wallMs)} ms (bare GramJS ${f(r.bare.wallMs)} ms, ×${f(r.gramdeck.wallMs / r.bare.wallMs, 2)}); CPU ${f(r.gramdeck.cpuMsPerAccount, 2)} ms per account (×${f(r.gramdeck.cpuMsPerAccount / r.bare.cpuMsPerAccount, 2)}); loop lag p50 ${f(r.gramdeck.lagP50, 1)} / p99 ${f(r.gramdeck.lagP99, 1)} / max ${f(r.gramdeck.lagMax)} ms; RSS ${f(r.gramdeck.rssKbPerAccount)} KB per account (×${f(r.gramdeck.rssKbPerAccount / r.bare.rssKbPerAccount, 2)}) | 10,000 < 30 s; < 1.5 ms CPU per account; p99 < 50 ms, max < 150 ms; < 200 KB per account; ×1.1 of bare at most |`,
    ),
    ...(login && figures.has(2)
      ? [
          `| 2. login step via router (auth:submit-code → auth:changed), ${samples}×${runs} samples | p50 ${f(login.stepP50, 1)} ms, p95 ${f(login.stepP95, 1)} ms | p95 < 20 ms |`,
        ]
      : []),
    ...(login && figures.has(3)
      ? [
          `| 3. fresh login auth:start (handshake in the warm worker, 62-bit pq, + sendCode) | ${f(login.startMs)} ms; loop lag max ${f(login.startLagMax)} ms, p99 ${f(login.startLagP99)} ms | < 150 ms; no block > 100 ms |`,
        ]
      : []),
    ...renderer.flatMap((r) => [
      `| 4. renderer: ${r.accounts} accounts in Chromium (built renderer through the web host, stand-in router) | first render ${f(r.firstRenderMs)} ms (main-thread CPU ${f(r.firstRenderCpuMs)} ms); scroll frame p50 ${f(r.frameP50Ms, 1)} / p95 ${f(r.frameP95Ms, 1)} ms; entry chunk ${entryText(r.coldEntry)} | smooth (16.7 ms frames) |`,
      `| 4. renderer from cache: ${r.accounts} accounts, a profile on disk loaded twice before | first render ${f(r.warm.firstRenderMs)} ms (main-thread CPU ${f(r.warm.firstRenderCpuMs)} ms); entry chunk ${entryText(r.warm.entry)} | < 300 ms at 10,000 |`,
      `| 4. the same, Chromium's BackgroundResourceFetch off | first render ${f(r.warmCodeCache.firstRenderMs)} ms (main-thread CPU ${f(r.warmCodeCache.firstRenderCpuMs)} ms); entry chunk ${entryText(r.warmCodeCache.entry)} | — |`,
    ]),
    ...imports.map(
      (r) =>
        `| 5. import ${r.sessions} string sessions (parse, connect, check, seal; real core, DC in a child process) | ${f(r.wallMs)} ms (preview ${f(r.previewMs)} ms), ${r.added} added; loop lag p50 ${f(r.lagP50, 1)} / p99 ${f(r.lagP99, 1)} / max ${f(r.lagMax)} ms | 1,000 < 30 s; p99 < 50 ms |`,
    ),
    ...(bulk
      ? [
          `| 6. bulk: ${bulk.accounts} selected accounts, a job's progress streaming in (${bulk.pushes} coalesced pushes over ${f(bulk.streamMs)} ms) while the list scrolls | frame p50 ${f(bulk.frameP50Ms, 1)} / p95 ${f(bulk.frameP95Ms, 1)} ms | p95 < 50 ms |`,
        ]
      : []),
    // The conversation view (issue 16)
    ...(chat && figures.has(10)
      ? [
          `| 10. open a chat whose recent history is cached (50 messages) in Chromium: click on its row → first message drawn | ${f(chat.openMs)} ms | < 100 ms |`,
        ]
      : []),
    ...(chat && figures.has(11)
      ? [
          `| 11. scroll through ${chat.messages.toLocaleString('en')} loaded messages (300 px a frame) | frame p50 ${f(chat.frameP50Ms, 1)} / p95 ${f(chat.frameP95Ms, 1)} ms | p95 < 20 ms |`,
        ]
      : []),
    // The unified inbox (issue 16)
    ...(inbox
      ? [
          `| 12. unified inbox: ${inbox.accounts.toLocaleString('en')} accounts, ${inbox.chats.toLocaleString('en')} unread chats in Chromium (built renderer, in-page fake bridge) | first render ${f(inbox.firstRenderMs)} ms; a pushed chat on top in ${f(inbox.liveUpdateMs, 1)} ms | first render < 200 ms |`,
        ]
      : []),
    ...(delivery
      ? [
          `| 13. message sent in one account → the other's messages:changed at the web host's WebSocket (${delivery.sends} sends) | p50 ${f(delivery.p50Ms, 1)} / p95 ${f(delivery.p95Ms, 1)} / max ${f(delivery.maxMs, 1)} ms | p95 < 100 ms |`,
        ]
      : []),
    ...(idle
      ? [
          `| 14. ${idle.accounts} idle online accounts each receive ${idle.messagesPerAccount} messages (${idle.delivered} counted), read after ${idle.settleS} s idle and GC | RSS ${f(idle.rssPerAccountKb)} KB, heap in use ${f(idle.heapPerAccountKb)} KB, heap committed ${f(idle.heapCommittedPerAccountKb)} KB (resident ${f(idle.heapPhysicalPerAccountKb)} KB), external ${f(idle.externalPerAccountKb)} KB, native ${f(idle.nativePerAccountKb)} KB per account; RSS ${f(idle.beforeRssMb)} MB before, ${f(idle.peakRssMb)} MB at the peak (JS heap ${f(idle.peakHeapMb)} MB), ${f(idle.afterRssMb)} MB after; CPU ${f(idle.cpuMsPerMessage, 2)} ms per message received (online before the messages: RSS ${f(idle.onlineRssPerAccountKb)} KB per account) | ≤ ${idle.limitKb} KB per account (idle chats cache no messages; cache ≤ ${idle.cacheCapMessages} in all) |`,
        ]
      : []),
    // The first screen's JavaScript (issue 17, i17-web)
    ...(initialJs ? [initialJsRow(initialJs)] : []),
    ...scaleLines(scale),
  ];
  // Figure 14's heap spaces and its settle after the messages.
  if (idle) lines.push('', ...idleMemoryNotes(idle));
  // Restoring many accounts (issue 17): the table beside bare GramJS, and the curve.
  if (restore.length > 0) {
    lines.push(
      '',
      `Figure 1 beside bare GramJS (concurrency ${values.concurrency}, DC in ${values['dc-shards']} shard processes, ${storedSalts ? 'vault records with the server salts a run within the last day kept; bare GramJS keeps none' : 'vault records without server salts'}):`,
      '',
      ...restoreTable(restore),
      ...restoreCallsTable(restore),
    );
  }
  // 10,000 idle accounts receiving updates (issue 17, i17-idle)
  if (idleUpdates.length > 0)
    lines.push('', ...idleTable(idleUpdates, Number(values['dc-shards'])));
  if (restore.length >= 3) {
    mkdirSync(join('docs', 'perf'), { recursive: true });
    writeFileSync(
      join('docs', 'perf', 'restore-curve.svg'),
      restoreCurveSvg(
        restore,
        `${machine.cpu}, ${machine.nproc} cores, Node ${machine.node}; load ${load(machine.loadAtStart)} → ${load(machine.loadAtEnd)}; medians of ${runs} run(s), ${new Date().toISOString().slice(0, 10)}`,
      ),
    );
    process.stderr.write('  wrote docs/perf/restore-curve.svg\n');
  }
  console.log(lines.join('\n'));
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(
    join('bench-results', `bench-${Date.now()}.json`),
    JSON.stringify(
      {
        machine,
        runs,
        restore,
        login,
        renderer,
        imports,
        bulk,
        chat,
        inbox,
        delivery,
        idle,
        initialJs,
        scale,
        idleUpdates,
        table: lines,
      },
      null,
      2,
    ),
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
