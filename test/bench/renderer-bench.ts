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
 * Those loads are cold: each is a new browser context, with an empty HTTP cache and no code
 * cache, as a first launch. The warm reading (issue 17, fifth pass) loads the page in one browser
 * profile on disk (a persistent context in a temp dir), twice before the measured loads, so the
 * hashed files are in the HTTP cache (the serving policy marks them immutable) and Chromium has
 * had the chance to make V8's code cache of them (made on the 2nd load, used from the 3rd), as
 * every launch after the first: first render and main-thread CPU as above, and, from its traced
 * load, whether the entry chunk's compile took its code cache (Chromium's `v8.compileModule`
 * trace event: bytes consumed, or streamed and compiled from source). It is read twice: in
 * Chromium as it ships, and with Chromium's `BackgroundResourceFetch` feature off, under which
 * this Chromium does consume the module's code cache (it does not with the feature on: the
 * script is streamed and compiled from source although its code cache is on disk).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { standInAccounts } from '../support/stand-in-bridge';
import { startStandInHost } from './support/stand-in-host';

/** How the traced load compiled the entry chunk (`v8.compileModule` in the Chromium trace). */
export interface EntryCompile {
  /** Bytes of V8 code cache the compile consumed (0: compiled from source). */
  consumedCacheBytes: number;
  /** Compiled from source on a background thread while it downloaded. */
  streamed: boolean;
  /** The compile's own main-thread wall time (ms; a streamed compile's is its finalisation). */
  compileMs: number;
}

/** First render from cache: one browser profile on disk, loaded twice before the readings. */
export interface WarmReading {
  firstRenderMs: number;
  firstRenderCpuMs: number;
  entry: EntryCompile | null;
}

export interface RendererFigure {
  accounts: number;
  firstRenderMs: number;
  /** The page's main-thread CPU from navigation start to the first row (a traced run). */
  firstRenderCpuMs: number;
  frameP50Ms: number;
  frameP95Ms: number;
  /** The cold traced load's entry chunk compile. */
  coldEntry: EntryCompile | null;
  /** Chromium as it ships. */
  warm: WarmReading;
  /** Chromium with `BackgroundResourceFetch` off, where the module's code cache is consumed. */
  warmCodeCache: WarmReading;
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
  assertBuilt();
  return chromium.launch({ executablePath: chromiumPath(), args: [...benchChromiumArgs] });
}

function assertBuilt(): void {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error('out/renderer is missing: run `npm run build` first.');
  }
}

const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const benchChromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** A browser profile on disk, kept across loads as a user's is across launches. */
export interface WarmProfile {
  /** Connected over CDP, for browser-wide tracing (a persistent context has no Browser). */
  browser: Browser;
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Debian's Chromium on a new profile in a temp dir (deleted on close). `extraArgs` go to
 * Chromium as they are (e.g. `--disable-features=BackgroundResourceFetch`).
 */
export async function launchWarmProfile(extraArgs: readonly string[] = []): Promise<WarmProfile> {
  assertBuilt();
  const dir = await mkdtemp(join(tmpdir(), 'gramdeck-bench-profile-'));
  const persistent = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath(),
    args: [...benchChromiumArgs, '--remote-debugging-port=0', ...extraArgs],
  });
  try {
    // Chromium writes the port it chose here; connecting over CDP gives a Browser to trace with.
    const [port] = (await readFile(join(dir, 'DevToolsActivePort'), 'utf8')).split('\n');
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port ?? ''}`);
    const context = browser.contexts()[0];
    if (context === undefined) throw new Error('The profile has no browser context.');
    return {
      browser,
      context,
      close: async () => {
        await browser.close();
        await persistent.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await persistent.close();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
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
export function cpuToShown(trace: Buffer): number {
  const parsed = JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const shown = events.find((e) => e.name === 'gramdeck-shown');
  if (shown === undefined) return NaN;
  const starts = events
    .filter((e) => e.name === 'navigationStart' && e.pid === shown.pid && e.ts <= shown.ts)
    .map((e) => e.ts);
  // A page whose process joined the trace after its navigation began (seen with a profile on
  // disk, when the tab moves to a new renderer process) has no navigationStart: not a reading.
  if (starts.length === 0) return NaN;
  const start = Math.max(...starts);
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

interface CompileEvent extends TraceEvent {
  dur?: number;
  args?: {
    data?: { url?: string; streamed?: boolean; consumedCacheSize?: number };
  };
}

/** The entry chunk (`assets/index-<hash>.js`)'s `v8.compileModule` in a Chromium trace. */
export function entryCompile(trace: Buffer): EntryCompile | null {
  const parsed = JSON.parse(trace.toString()) as { traceEvents: CompileEvent[] } | CompileEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const compile = events.find(
    (e) =>
      e.name === 'v8.compileModule' && /\/assets\/index-[^/]+\.js$/.test(e.args?.data?.url ?? ''),
  );
  if (compile === undefined) return null;
  return {
    consumedCacheBytes: compile.args?.data?.consumedCacheSize ?? 0,
    streamed: compile.args?.data?.streamed === true,
    compileMs: (compile.dur ?? 0) / 1000,
  };
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
export async function loadUntilShown(page: Page, url: string): Promise<number> {
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
      let coldEntry: EntryCompile | null = null;
      let warm: WarmReading;
      let warmCodeCache: WarmReading;
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
        await browser.startTracing(page, { categories: traceCategories });
        await loadUntilShown(page, host.url);
        const trace = await browser.stopTracing();
        cpu = cpuToShown(trace);
        coldEntry = entryCompile(trace);
        await page.close();
        warm = await warmReading(host.url, runs);
        warmCodeCache = await warmReading(host.url, runs, [
          '--disable-features=BackgroundResourceFetch',
        ]);
      } finally {
        await host.close();
      }
      figures.push({
        accounts: size,
        firstRenderMs: median(first),
        firstRenderCpuMs: cpu,
        frameP50Ms: median(p50),
        frameP95Ms: median(p95),
        coldEntry,
        warm,
        warmCodeCache,
      });
    }
  } finally {
    await browser.close();
  }
  return figures;
}

const traceCategories = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
];

/**
 * First render from cache: a new profile on disk loads the page twice (the first load fills the
 * HTTP cache, the second makes V8's code cache), then `runs` measured loads and one traced, each
 * in a new tab that is closed after it.
 */
async function warmReading(
  url: string,
  runs: number,
  extraArgs: readonly string[] = [],
): Promise<WarmReading> {
  const profile = await launchWarmProfile(extraArgs);
  try {
    const load = async (traced: boolean) => {
      const page = await profile.context.newPage();
      await page.setViewportSize({ width: 1200, height: 760 });
      // The tab first shows a file of the app's origin (no script), so the page then loads in a
      // renderer process that already exists: a new tab's first navigation in a profile on disk
      // otherwise often moves to a process that joins a trace too late (see cpuToShown). A cold
      // load, too, runs in the process its tab started with.
      await page.goto(new URL('/favicon.png', url).href);
      await page.addInitScript(shownAtScript('button[data-index="0"]'));
      if (traced) await profile.browser.startTracing(page, { categories: traceCategories });
      const shownAt = await loadUntilShown(page, url);
      const trace = traced ? await profile.browser.stopTracing() : null;
      // The code cache is made after the chunk has run and written to disk in the background.
      await new Promise((done) => setTimeout(done, 500));
      await page.close();
      return { shownAt, trace };
    };
    await load(false);
    await load(false);
    const first: number[] = [];
    for (let run = 0; run < runs; run++) first.push((await load(false)).shownAt);
    // The traced load again until its trace covers the whole navigation (see cpuToShown).
    let cpu = NaN;
    let entry: EntryCompile | null = null;
    for (let attempt = 0; attempt < 6 && Number.isNaN(cpu); attempt++) {
      const { trace } = await load(true);
      if (trace === null) continue;
      cpu = cpuToShown(trace);
      entry = entryCompile(trace);
    }
    return { firstRenderMs: median(first), firstRenderCpuMs: cpu, entry };
  } finally {
    await profile.close();
  }
}
