/**
 * Figure 4 of `npm run bench`: the renderer's account list in Debian's Chromium.
 *
 * Method: the built renderer (out/renderer) is served by the real web host, whose router is a
 * stand-in (support/stand-in-host.ts) that answers `accounts:list` with N accounts at once and
 * `accounts:list-first` with the first rows of them; the page opens the printed URL, takes its
 * token and reads everything through its own WebSocket transport, as in a user's browser: the
 * first screenful first, then (once it is drawn) the whole list (issue 17). That isolates the renderer: seeding 10,000 real accounts
 * through the core would measure the core and the DC instead. Reported per N:
 *   - first render: navigation start → the first account row is in the DOM (ms), as the page's
 *     own clock reads it when the row is added (a MutationObserver set up before any app script;
 *     Playwright's polling and round trip are not counted);
 *   - scroll frame time: the list is scrolled by 3 rows per animation frame for 2 s and the
 *     intervals between frames are recorded (median and p95, ms; 16.7 ms is 60 fps).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { standInAccounts } from '../support/stand-in-bridge';
import { startStandInHost } from './support/stand-in-host';

export interface RendererFigure {
  accounts: number;
  firstRenderMs: number;
  /** The page's main-thread CPU from navigation start to the first row (a traced run). */
  firstRenderCpuMs: number;
  frameP50Ms: number;
  frameP95Ms: number;
}

const root = resolve(import.meta.dirname, '..', '..');
const rendererDir = join(root, 'out', 'renderer');
const types: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
};

/** Scrolls the account list for 2 s, 3 rows a frame, and returns the frame intervals (ms). */
const scrollScript = `(async () => {
  let scroller = document.querySelector('button[data-index="0"]');
  while (scroller && scroller.scrollHeight <= scroller.clientHeight) scroller = scroller.parentElement;
  if (!scroller) return [];
  const intervals = [];
  await new Promise((done) => {
    let last = performance.now();
    const end = last + 2000;
    const step = (now) => {
      intervals.push(now - last);
      last = now;
      scroller.scrollTop += 168;
      if (now < end) requestAnimationFrame(step); else done();
    };
    requestAnimationFrame(step);
  });
  return intervals.slice(1);
})()`;

/**
 * Serves out/renderer on loopback (also used by the bulk figure, bulk-bench.ts), and `extra`
 * (path → JSON text) for the stand-in bridge's fetched answers.
 */
/**
 * Debian's Chromium for a renderer figure, once the built renderer is there (the figures measure
 * `out/renderer`, so a missing build is said in words).
 */
export function launchBenchChromium(): Promise<Browser> {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error('out/renderer is missing: run `npm run build` first.');
  }
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export async function serveRenderer(
  extra: Record<string, string> = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    void (async () => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
      const text = extra[path];
      if (text !== undefined) {
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(text);
        return;
      }
      const file = join(rendererDir, path === '/' ? 'index.html' : path);
      if (!file.startsWith(rendererDir) || !existsSync(file)) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, {
        'Content-Type': types[extname(file)] ?? 'application/octet-stream',
      });
      response.end(await readFile(file));
    })();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise((done) => {
        server.close(() => {
          done();
        });
      }),
  };
}

/** The console line the shown-at script prints, followed by the page's clock. */
const shownLine = 'gramdeck-shown at ';

/**
 * Set up before any app script: notes the page's clock when every one of `selectors` matches, in
 * `window.__shownAt` and a console line (a MutationObserver, so the time is that of the DOM
 * change itself).
 */
export const shownAtScript = (...selectors: string[]) => `(() => {
  const observer = new MutationObserver(() => {
    if (${JSON.stringify(selectors)}.some((s) => document.querySelector(s) === null)) return;
    window.__shownAt = performance.now();
    performance.mark('gramdeck-shown');
    console.debug(${JSON.stringify(shownLine)} + window.__shownAt);
    observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  pid: number;
  tid: number;
  tdur?: number;
}

/**
 * Main-thread CPU (ms) of the page from navigation start to the `gramdeck-shown` mark: the
 * thread time of its top-level tasks in a Chromium trace. Unlike the wall time, it hardly
 * depends on what else the machine runs.
 */
function cpuToShown(trace: Buffer): number {
  const parsed = JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const shown = events.find((e) => e.name === 'gramdeck-shown');
  if (shown === undefined) return NaN;
  const start = Math.max(
    ...events
      .filter((e) => e.name === 'navigationStart' && e.pid === shown.pid && e.ts <= shown.ts)
      .map((e) => e.ts),
  );
  const cpuUs = events
    .filter(
      (e) =>
        e.name === 'RunTask' &&
        e.ph === 'X' &&
        e.pid === shown.pid &&
        e.tid === shown.tid &&
        e.ts >= start &&
        e.ts <= shown.ts,
    )
    .reduce((sum, e) => sum + (e.tdur ?? 0), 0);
  return cpuUs / 1000;
}

const median = (values: number[]) => quantile(values, 0.5);
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/**
 * Loads the page and resolves with the page's clock when the shown-at script noted the first
 * row. The wait is a console line the script prints, not a polled function: Playwright's
 * polling evaluates its injected script in the page, ~80 ms of main-thread work that fell inside
 * the measured load (issue 17, i17-web2).
 */
async function loadUntilShown(page: Page, url: string): Promise<number> {
  const shown = page.waitForEvent('console', {
    predicate: (message) => message.text().startsWith(shownLine),
  });
  await page.goto(url, { waitUntil: 'commit' });
  return Number((await shown).text().slice(shownLine.length));
}

/**
 * Measures first render and scrolling for each size, `runs` times, and returns medians. The
 * page is served by the real web host and reads its data through its own web transport
 * (support/stand-in-host.ts), as a user's browser does.
 */
export async function benchRenderer(sizes: number[], runs: number): Promise<RendererFigure[]> {
  const browser = await launchBenchChromium();
  const figures: RendererFigure[] = [];
  try {
    for (const size of sizes) {
      const host = await startStandInHost(rendererDir, standInAccounts(size), {
        label: 'benchmark',
        activeAccountId: null,
      });
      const first: number[] = [];
      let cpu = NaN;
      const p50: number[] = [];
      const p95: number[] = [];
      try {
        for (let run = 0; run < runs; run++) {
          const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
          await page.addInitScript(shownAtScript('button[data-index="0"]'));
          first.push(await loadUntilShown(page, host.url));
          const frames = await page.evaluate<number[]>(scrollScript);
          p50.push(quantile(frames, 0.5));
          p95.push(quantile(frames, 0.95));
          await page.close();
        }
        // One more load, traced, for the CPU the first render took.
        const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
        await page.addInitScript(shownAtScript('button[data-index="0"]'));
        await browser.startTracing(page, {
          categories: [
            'devtools.timeline',
            'disabled-by-default-devtools.timeline',
            'blink.user_timing',
          ],
        });
        await loadUntilShown(page, host.url);
        cpu = cpuToShown(await browser.stopTracing());
        await page.close();
      } finally {
        await host.close();
      }
      figures.push({
        accounts: size,
        firstRenderMs: median(first),
        firstRenderCpuMs: cpu,
        frameP50Ms: median(p50),
        frameP95Ms: median(p95),
      });
    }
  } finally {
    await browser.close();
  }
  return figures;
}
