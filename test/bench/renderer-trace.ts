/**
 * Where figure 4's first render goes (issue 17, i17-web2; not part of `npm run bench`):
 * `npm run build && node --import tsx test/bench/renderer-trace.ts 10000`
 * loads the built renderer through the stand-in web host (as figure 4 does) three times, traces
 * the fourth load in Chromium and writes the trace to `bench-results/renderer-trace-N.json`
 * (open it in chrome://tracing or DevTools' Performance panel). It prints the page's main-thread
 * tasks of 5 ms or more from navigation start to the first row, with their wall and CPU time and
 * the idle gap before each, the WebSocket's moments, when the page's files were requested and
 * arrived (Resource Timing) and the stalls of the host's event loop (this process) during the load.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBenchChromium, shownAtScript } from './renderer-bench';
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

/** The page's files: when each was asked for, its first byte and its last (Resource Timing). */
const resourcesScript = `[
  'document: response ' + performance.getEntriesByType('navigation').map((e) => e.responseStart.toFixed(0) + '–' + e.responseEnd.toFixed(0)).join(),
  ...performance.getEntriesByType('resource').map((e) =>
    new URL(e.name).pathname + ': asked ' + e.startTime.toFixed(0) + ', sent ' + e.requestStart.toFixed(0) +
    ', first byte ' + e.responseStart.toFixed(0) + ', last ' + e.responseEnd.toFixed(0) + ' ms'),
].join('\\n')`;

const size = Number(process.argv[2] ?? '10000');
const root = resolve(import.meta.dirname, '..', '..');
const browser = await launchBenchChromium();
const host = await startStandInHost(join(root, 'out', 'renderer'), standInAccounts(size), {
  label: 'trace',
  activeAccountId: null,
});
let trace: Buffer | null = null;
try {
  for (let run = 0; run < 4; run++) {
    const isTraced = run === 3;
    const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
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
    await page.close();
  }
} finally {
  await host.close();
  await browser.close();
}
if (trace !== null) {
  mkdirSync(join(root, 'bench-results'), { recursive: true });
  const file = join(root, 'bench-results', `renderer-trace-${size}.json`);
  writeFileSync(file, trace);
  console.log(`trace: ${file}`);
  printTasks(trace);
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
  const start = Math.max(
    ...events
      .filter((e) => e.name === 'navigationStart' && e.pid === shown.pid && e.ts <= shown.ts)
      .map((e) => e.ts),
  );
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
