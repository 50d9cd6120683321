/**
 * Figure 17 of `npm run bench` (issue 17): the JavaScript the first screen loads.
 *
 * Method: the built renderer (out/renderer) served from loopback, as the web host and the
 * desktop app's protocol serve it (uncompressed), in Debian's Chromium, with the stand-in bridge
 * (test/support/stand-in-bridge.ts) answering 100 accounts, the first one active. The first
 * screen is shown when the sidebar's first account row and the account page's heading are both
 * in the DOM (noted by a MutationObserver set up before any app script). Every script the page
 * requested up to then (Resource Timing: module scripts, modulepreloads, chunks fetched by the
 * first render) is counted: bytes as served, and the same files gzipped (level 9) for reference.
 * Chunks preloaded later, when the page is idle, are listed apart.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { standInAccounts, standInBridgeScript } from '../support/stand-in-bridge';
import { launchBenchChromium, serveRenderer, shownAtScript } from './renderer-bench';

export interface ScriptBytes {
  file: string;
  rawBytes: number;
  gzipBytes: number;
}

export interface InitialJsFigure {
  /** Scripts requested before the first screen was shown. */
  initial: ScriptBytes[];
  rawBytes: number;
  gzipBytes: number;
  /** Navigation start → the first screen in the DOM (ms). */
  shownMs: number;
  /** Scripts requested afterwards (the idle preloads), within a second of it. */
  later: ScriptBytes[];
}

const rendererDir = join(resolve(import.meta.dirname, '..', '..'), 'out', 'renderer');

function bytesOf(url: string): ScriptBytes {
  const file = new URL(url).pathname.replace(/^\//, '');
  const body = readFileSync(join(rendererDir, file));
  return { file, rawBytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
}

export async function benchInitialJs(): Promise<InitialJsFigure> {
  const site = await serveRenderer();
  const browser = await launchBenchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
    await page.addInitScript(
      standInBridgeScript(standInAccounts(100), { label: 'benchmark', activeAccountId: 'acc0' }),
    );
    await page.addInitScript(shownAtScript('button[data-index="0"]', '#main h1'));
    await page.goto(site.url);
    await page.waitForFunction('window.__shownAt !== undefined');
    // Leave the idle preloads time to start, to list them apart.
    await page.waitForTimeout(1000);
    const { shownAt, scripts } = await page.evaluate<{
      shownAt: number;
      scripts: { url: string; startTime: number; size: number }[];
    }>(`({
      shownAt: window.__shownAt,
      scripts: performance.getEntriesByType('resource')
        .filter((e) => new URL(e.name).pathname.endsWith('.js'))
        .map((e) => ({ url: e.name, startTime: e.startTime, size: e.encodedBodySize })),
    })`);
    await page.close();
    const initial = scripts.filter((s) => s.startTime <= shownAt).map((s) => bytesOf(s.url));
    const later = scripts.filter((s) => s.startTime > shownAt).map((s) => bytesOf(s.url));
    // As served: the bytes Chromium received are the files' own (no compression on loopback).
    for (const s of scripts) {
      const file = bytesOf(s.url);
      if (s.size !== file.rawBytes) {
        throw new Error(`${file.file}: ${s.size} bytes received, ${file.rawBytes} on disk.`);
      }
    }
    return {
      initial,
      rawBytes: initial.reduce((sum, s) => sum + s.rawBytes, 0),
      gzipBytes: initial.reduce((sum, s) => sum + s.gzipBytes, 0),
      shownMs: shownAt,
      later,
    };
  } finally {
    await browser.close();
    await site.close();
  }
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

/** The figure's row in the bench table. */
export function initialJsRow(figure: InitialJsFigure): string {
  const files = figure.initial.map((s) => `${s.file} ${kb(s.rawBytes)}`).join(', ');
  return `| 17. JavaScript the first screen loads (sidebar + account page, 100 accounts) in Chromium, up to first render | ${kb(figure.rawBytes)} as served (${kb(figure.gzipBytes)} gzipped) in ${figure.initial.length} files: ${files}; ${figure.later.length} chunks preloaded on idle after it (${kb(figure.later.reduce((sum, s) => sum + s.rawBytes, 0))}) | < 400 KB |`;
}
