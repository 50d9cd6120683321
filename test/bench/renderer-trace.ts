/**
 * Where figure 4's first render goes (issue 17, i17-web2; not part of `npm run bench`):
 * `npm run build && node --import tsx test/bench/renderer-trace.ts 10000 [--warm] [--no-background-fetch]`
 * loads the built renderer through the stand-in web host (as figure 4 does) three times, traces
 * the fourth load in Chromium. Each load is cold (a new browser context) unless `--warm`: then all
 * four share one browser profile on disk, so the fourth comes from the HTTP cache and whatever
 * V8 code cache Chromium made (figure 4's warm reading); `--no-background-fetch` turns Chromium's
 * BackgroundResourceFetch feature off (under which it consumes the module's code cache). It and writes the trace to `bench-results/renderer-trace-N.json`
 * (open it in chrome://tracing or DevTools' Performance panel). It prints the page's main-thread
 * tasks of 5 ms or more from navigation start to the first row, with their wall and CPU time and
 * the idle gap before each, the WebSocket's moments, when the page's files were requested and
 * arrived (Resource Timing) and the stalls of the host's event loop (this process) during the load.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  entryCompile,
  launchBenchChromium,
  launchWarmProfile,
  shownAtScript,
} from './renderer-bench';
import { standInAccounts } from '../support/stand-in-bridge';
import { startStandInHost } from './support/stand-in-host';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
}

/**
 * The page's files: when each was asked for, its first byte and its last, and whether it came
 * from the HTTP cache (Resource Timing).
 */
const resourcesScript = `[
  'document: response ' + performance.getEntriesByType('navigation').map((e) => e.responseStart.toFixed(0) + '–' + e.responseEnd.toFixed(0)).join(),
  ...performance.getEntriesByType('resource').map((e) =>
    new URL(e.name).pathname + ': asked ' + e.startTime.toFixed(0) + ', sent ' + e.requestStart.toFixed(0) +
    ', first byte ' + e.responseStart.toFixed(0) + ', last ' + e.responseEnd.toFixed(0) + ' ms' +
    (e.transferSize === 0 ? ' (from cache)' : ', ' + e.transferSize + ' B transferred')),
].join('\\n')`;

const size = Number(process.argv[2] ?? '10000');
const isWarm = process.argv.includes('--warm');
const extraArgs = process.argv.includes('--no-background-fetch')
  ? ['--disable-features=BackgroundResourceFetch']
  : [];
const root = resolve(import.meta.dirname, '..', '..');
const profile = isWarm ? await launchWarmProfile(extraArgs) : null;
const browser = profile?.browser ?? (await launchBenchChromium());
const host = await startStandInHost(join(root, 'out', 'renderer'), standInAccounts(size), {
  label: 'trace',
  activeAccountId: null,
});
let trace: Buffer | null = null;
try {
  // Loads 1–3 untraced; then traced ones until a trace covers its page's whole navigation (with
  // a profile on disk the tab may move to a renderer process that joins the trace too late).
  for (let run = 0; run < 7 && (run < 4 || !coversNavigation(trace)); run++) {
    const isTraced = run >= 3;
    const page = await (profile?.context.newPage() ??
      browser.newPage({ viewport: { width: 1200, height: 760 } }));
    await page.setViewportSize({ width: 1200, height: 760 });
    // As figure 4's warm reading: the tab first shows a file of the app's origin, so the page
    // loads in a process that is already traced.
    if (profile !== null) await page.goto(new URL('/favicon.png', host.url).href);
    await page.addInitScript(shownAtScript('button[data-index="0"]'));
    const shown = page.waitForEvent('console', {
      predicate: (message) => message.text().startsWith('gramdeck-shown at '),
    });
    if (isTraced) {
      await browser.startTracing(page, {
        categories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'blink.user_timing',
          'v8.execute',
          'loading',
          'toplevel',
          'disabled-by-default-v8.cpu_profiler',
        ],
      });
    }
    const stalls = watchStalls();
    await page.goto(host.url, { waitUntil: 'commit' });
    const text = (await shown).text();
    const stalled = stalls.stop();
    console.log(`load ${run + 1}: ${text}; host stalls ≥ 10 ms (at ms after goto: ms): ${stalled}`);
    if (isTraced) {
      trace = await browser.stopTracing();
      console.log(await page.evaluate<string>(resourcesScript));
    }
    // The code cache is made after the chunk has run and written to disk in the background.
    await new Promise((done) => setTimeout(done, 500));
    await page.close();
  }
} finally {
  await host.close();
  await (profile?.close() ?? browser.close());
}
if (trace !== null) {
  mkdirSync(join(root, 'bench-results'), { recursive: true });
  const file = join(root, 'bench-results', `renderer-trace-${size}.json`);
  writeFileSync(file, trace);
  console.log(`trace: ${file}`);
  printTasks(trace);
  const entry = entryCompile(trace);
  console.log(
    entry === null
      ? 'entry chunk: its compile is not in the trace'
      : `entry chunk: ${entry.consumedCacheBytes > 0 ? `compiled from its code cache (${entry.consumedCacheBytes} bytes)` : `compiled from source${entry.streamed ? ', streamed' : ''}`}, ${entry.compileMs.toFixed(1)} ms on the main thread`,
  );
}

/** The trace holds its page's navigationStart, in the process that drew the first row. */
function coversNavigation(data: Buffer | null): boolean {
  if (data === null) return false;
  const events = (JSON.parse(data.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const shown = events.find((e) => e.name === 'gramdeck-shown');
  return events.some(
    (e) => e.name === 'navigationStart' && shown !== undefined && e.pid === shown.pid,
  );
}

/**
 * Notes when this process's event loop (the host's) was held 10 ms or more: a 2 ms timer that
 * fires late.
 */
function watchStalls(): { stop(): string } {
  const origin = performance.now();
  const stalls: string[] = [];
  let last = origin;
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last >= 12)
      stalls.push(`${(last - origin).toFixed(0)}: ${(now - last - 2).toFixed(0)}`);
    last = now;
  }, 2);
  return {
    stop: () => {
      clearInterval(timer);
      return stalls.length === 0 ? 'none' : stalls.join(', ');
    },
  };
}

function printTasks(data: Buffer): void {
  const parsed = JSON.parse(data.toString()) as { traceEvents: TraceEvent[] };
  const events = parsed.traceEvents;
  const shown = events.find((e) => e.name === 'gramdeck-shown');
  if (shown === undefined) return;
  const starts = events
    .filter((e) => e.name === 'navigationStart' && e.pid === shown.pid && e.ts <= shown.ts)
    .map((e) => e.ts);
  if (starts.length === 0) {
    console.log("the page's process joined the trace after its navigation began: no task list");
    return;
  }
  const start = Math.max(...starts);
  const at = (ts: number) => ((ts - start) / 1000).toFixed(1);
  const onPage = events.filter((e) => e.pid === shown.pid && e.ts >= start && e.ts <= shown.ts);
  let cpu = 0;
  let last = start;
  for (const task of onPage
    .filter((e) => e.tid === shown.tid && e.name === 'RunTask' && e.ph === 'X')
    .sort((a, b) => a.ts - b.ts)) {
    cpu += task.tdur ?? 0;
    const wall = task.dur ?? 0;
    if (wall < 5000) continue;
    console.log(
      `task at ${at(task.ts)} ms: ${(wall / 1000).toFixed(1)} ms wall, ${((task.tdur ?? 0) / 1000).toFixed(1)} ms CPU, idle before ${((task.ts - last) / 1000).toFixed(1)} ms`,
    );
    last = task.ts + wall;
  }
  for (const e of onPage.filter((x) => x.name.startsWith('WebSocket'))) {
    console.log(`${e.name} at ${at(e.ts)} ms`);
  }
  console.log(`first row at ${at(shown.ts)} ms; main-thread CPU ${(cpu / 1000).toFixed(1)} ms`);
}
