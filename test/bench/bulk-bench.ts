/**
 * The bulk figure of `npm run bench` (issue 15): 1,000 accounts selected in the sidebar while a
 * bulk action's progress for all of them streams in, in Debian's Chromium.
 *
 * Method: the built renderer with the stand-in bridge (test/support/stand-in-bridge.ts) listing
 * 1,000 accounts and one bulk job of all of them, every account pending (as `bulk:list` answers
 * after a start). Ctrl+A selects the 1,000; then a page script pushes `bulk:changed` as core's
 * runner does, coalesced every 100 ms with only the changed entries: 4 accounts finish per 10 ms
 * of work (1,000 in 2.5 s, 40 changed entries a push, one failure in ten), while the list is
 * scrolled by 3 rows a frame. The intervals between animation frames over the run are reported
 * (median and p95; 16.7 ms is 60 fps, the target is p95 under 50 ms).
 */
import type { BulkJobView } from '../../electron/shared/bulk-dto';
import { standInAccounts, standInBridgeScript } from '../support/stand-in-bridge';
import { launchBenchChromium, serveRenderer } from './renderer-bench';

export interface BulkFigure {
  accounts: number;
  pushes: number;
  frameP50Ms: number;
  frameP95Ms: number;
  /** From the first push to the list showing the job finished. */
  streamMs: number;
}

/** Streams the job's progress and records frame intervals until the renderer shows it done. */
const streamScript = (total: number) => `(async () => {
  const total = ${total};
  let scroller = document.querySelector('button[data-index="0"]');
  while (scroller && scroller.scrollHeight <= scroller.clientHeight) scroller = scroller.parentElement;
  const intervals = [];
  let version = 1;
  let finished = 0;
  let pushes = 0;
  const started = performance.now();
  const counts = () => ({
    pending: Math.max(0, total - finished - 4),
    running: Math.min(4, total - finished),
    done: finished - Math.floor(finished / 10),
    failed: Math.floor(finished / 10),
    skipped: 0,
  });
  await new Promise((done) => {
    const timer = setInterval(() => {
      const changed = [];
      for (let i = 0; i < 40 && finished < total; i++, finished++) {
        version++;
        changed.push(finished % 10 === 9
          ? { accountId: 'acc' + finished, state: 'failed', reason: 'This session has ended (logged out or revoked). Sign in again.', version }
          : { accountId: 'acc' + finished, state: 'done', version });
        if (finished + 4 < total) changed.push({ accountId: 'acc' + (finished + 4), state: 'running', version });
      }
      const c = counts();
      pushes++;
      window.__standInEmit('bulk:changed', {
        jobId: 'job1', action: 'reconnect', total, counts: c,
        isFinished: finished >= total, isCancelled: false, version, changed,
      });
      if (finished >= total) clearInterval(timer);
    }, 100);
    let last = performance.now();
    const step = (now) => {
      intervals.push(now - last);
      last = now;
      if (scroller) scroller.scrollTop += 168;
      const status = document.querySelector('.bulk-progress-summary');
      if (finished >= total && status && !status.textContent.includes('to go')) done();
      else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
  return { intervals: intervals.slice(1), pushes, streamMs: performance.now() - started };
})()`;

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

export async function benchBulk(total: number, runs: number): Promise<BulkFigure> {
  const site = await serveRenderer();
  const browser = await launchBenchChromium();
  const accounts = standInAccounts(total);
  const job: BulkJobView = {
    jobId: 'job1',
    action: 'reconnect',
    total,
    counts: { pending: total, running: 0, done: 0, failed: 0, skipped: 0 },
    isFinished: false,
    isCancelled: false,
    version: 1,
    entries: accounts.map((a) => ({ accountId: a.id, state: 'pending', version: 1 })),
  };
  const p50: number[] = [];
  const p95: number[] = [];
  const streams: number[] = [];
  let pushes = 0;
  try {
    for (let run = 0; run < runs; run++) {
      const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
      await page.addInitScript(
        standInBridgeScript(accounts, {
          label: 'benchmark',
          activeAccountId: null,
          answers: { 'bulk:list': [job], 'tags:list': { tags: [], accountTags: {} } },
        }),
      );
      await page.goto(site.url);
      const first = page.locator('button[data-index="0"]');
      await first.waitFor();
      await first.focus();
      await page.keyboard.press('Control+a');
      await page
        .getByRole('region', { name: `${total.toLocaleString('en')} accounts selected` })
        .waitFor();
      const result = await page.evaluate<{ intervals: number[]; pushes: number; streamMs: number }>(
        streamScript(total),
      );
      p50.push(quantile(result.intervals, 0.5));
      p95.push(quantile(result.intervals, 0.95));
      streams.push(result.streamMs);
      pushes = result.pushes;
      await page.close();
    }
  } finally {
    await browser.close();
    await site.close();
  }
  return {
    accounts: total,
    pushes,
    frameP50Ms: quantile(p50, 0.5),
    frameP95Ms: quantile(p95, 0.5),
    streamMs: quantile(streams, 0.5),
  };
}
