/**
 * Smoke tests of the real desktop app through Playwright's `_electron`. They need an Electron
 * binary; where none exists (this workplace) they skip with a one-line reason.
 *
 * Development runs use `electron .` on the electron-vite output (run `npm run build` first).
 * For the fused, packaged build: `electron-builder --dir --config build/electron-builder.e2e.yml`
 * and GRAMDECK_E2E_APP=release/e2e/linux-unpacked/gramdeck (Playwright needs the inspector fuse,
 * which only that variant turns on).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import type { GramdeckApi } from '../../electron/shared/contract';
import { findElectronBinary, projectRoot } from './electron-binary';

const binary = findElectronBinary();

/** The renderer's globals, typed without the DOM library (this file compiles for Node). */
interface RendererGlobals {
  gramdeck: GramdeckApi;
  location: { href: string };
  open(url: string): unknown;
  require?: unknown;
  process?: unknown;
}

test.describe('desktop app', () => {
  test.skip(binary.kind === 'missing', binary.kind === 'missing' ? binary.reason : '');

  let app: ElectronApplication | undefined;
  let page: Page;
  let dataDir: string;

  test.beforeAll(async () => {
    if (binary.kind === 'missing') return;
    dataDir = mkdtempSync(join(tmpdir(), 'gramdeck-electron-'));
    app = await _electron.launch({
      executablePath: binary.executablePath,
      args:
        binary.kind === 'packaged' ? ['--data-dir', dataDir] : [projectRoot, '--data-dir', dataDir],
      cwd: projectRoot,
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  const electronApp = (): ElectronApplication => {
    if (app === undefined) throw new Error('The app did not start.');
    return app;
  };

  test.afterAll(async () => {
    if (app !== undefined) await app.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('opens one window on the app origin', async () => {
    expect(page.url()).toBe('app://gramdeck/index.html');
    expect(electronApp().windows()).toHaveLength(1);
    await expect(page).toHaveTitle(/Gramdeck/);
  });

  test('the renderer is isolated and sandboxed', async () => {
    const globals = await page.evaluate(() => {
      const g = globalThis as unknown as RendererGlobals;
      return {
        require: typeof g.require,
        process: typeof g.process,
        bridge: Object.keys(g.gramdeck).sort(),
      };
    });
    expect(globals).toEqual({
      require: 'undefined',
      process: 'undefined',
      bridge: ['invoke', 'on'],
    });
    // Electron reports the sandbox flag per process on macOS and Windows only.
    const renderers = await electronApp().evaluate(({ app: main }) =>
      main.getAppMetrics().filter((metric) => metric.type === 'Tab'),
    );
    for (const metric of renderers) {
      if (metric.sandboxed !== undefined) expect(metric.sandboxed).toBe(true);
    }
  });

  test('the CSP forbids eval', async () => {
    const outcome = await page.evaluate(() => {
      try {
        // The Function constructor is eval; the CSP has no 'unsafe-eval', so it must throw.
        const FunctionConstructor = globalThis.Function as unknown as new (
          body: string,
        ) => () => unknown;
        return String(new FunctionConstructor('return 1')());
      } catch {
        return 'blocked';
      }
    });
    expect(outcome).toBe('blocked');
  });

  test('navigation and new windows are refused', async () => {
    const navigated = page
      .waitForEvent('framenavigated', { timeout: 3000 })
      .then(() => true)
      .catch(() => false);
    await page.evaluate(() => {
      (globalThis as unknown as RendererGlobals).location.href = 'https://example.com/';
    });
    expect(await navigated).toBe(false);
    expect(page.url()).toBe('app://gramdeck/index.html');

    const opened = await page.evaluate(() =>
      (globalThis as unknown as RendererGlobals).open('https://example.com/'),
    );
    expect(opened).toBeNull();
    expect(electronApp().windows()).toHaveLength(1);
  });

  test('IPC round trip: app:info', async () => {
    const info = await page.evaluate(() =>
      (globalThis as unknown as RendererGlobals).gramdeck.invoke('app:info'),
    );
    expect(info).toMatchObject({ ok: true, value: { name: 'Gramdeck', transport: 'electron' } });
    const refused = await page.evaluate(() =>
      (
        globalThis as unknown as { gramdeck: { invoke(c: string): Promise<unknown> } }
      ).gramdeck.invoke('fs:read'),
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });
});
