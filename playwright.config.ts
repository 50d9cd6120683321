import { register } from 'node:module';
import { defineConfig } from '@playwright/test';
import { findElectronBinary } from './test/electron/electron-binary';

// The e2e fixture runs the test DC in-process; see the hook for why GramJS needs it under ESM.
register('./test/e2e/gramjs-resolve-hook.mjs', import.meta.url);

const isCI = Boolean(process.env.CI);

// The list reporter shows skipped tests without their reason: say once why the Electron smoke
// tests skip (only in the runner process, not in each worker that loads this file).
const electronBinary = findElectronBinary();
if (electronBinary.kind === 'missing' && process.env.TEST_WORKER_INDEX === undefined) {
  console.log(`Electron smoke tests skip: ${electronBinary.reason}.`);
}

/**
 * End-to-end tests drive the real app in Debian's Chromium through the web host, against the
 * local test DC. Playwright never downloads a browser here: it uses /usr/bin/chromium.
 */
export default defineConfig({
  testDir: 'test',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: isCI,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    viewport: { width: 1200, height: 760 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'web',
      testMatch: 'e2e/specs/**/*.spec.ts',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
    {
      name: 'electron',
      testMatch: 'electron/**/*.spec.ts',
    },
  ],
});
