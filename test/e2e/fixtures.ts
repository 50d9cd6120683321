import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { test as base, type Page } from '@playwright/test';
import { demoScenario, startTestDc, type TestDc } from '../../tools/telegram-dc';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const hostScript = join(repoRoot, 'out', 'main', 'host.cjs');
const urlLine = /^Gramdeck web host: (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)$/;

/** A running web host process on a throw-away data dir. */
export interface HostProcess {
  url: string;
  child: ChildProcess;
  stderr: string[];
}

export interface Gramdeck {
  page: Page;
  /** The in-process test DC with its control API. */
  dc: TestDc;
  dataDir: string;
  /** The URL the running web host printed, token included. */
  printedUrl(): string;
  /** Stops the web host and starts it again on the same data dir, then reopens the page. */
  restart(): Promise<void>;
  /** What the web host wrote to stderr (its log), for leak checks. */
  hostLog(): string;
}

/** Starts `node out/main/host.cjs` and waits for the one line with its URL. */
export async function launchHost(dataDir: string, profileFile: string): Promise<HostProcess> {
  const child = spawn(
    process.execPath,
    [hostScript, '--port', '0', '--data-dir', dataDir, '--server-profile', profileFile],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GRAMDECK_LOG_LEVEL: 'debug' } },
  );
  const stderr: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolveUrl, rejectUrl) => {
    const timer = setTimeout(() => {
      rejectUrl(new Error(`The web host did not start in time:\n${stderr.join('')}`));
    }, 20_000);
    lines.on('line', (line) => {
      const match = urlLine.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      rejectUrl(new Error(`The web host exited with ${code ?? 'a signal'}:\n${stderr.join('')}`));
    });
  });
  return { url, child, stderr };
}

export async function stopHost(host: HostProcess): Promise<void> {
  if (host.child.exitCode !== null) return;
  const exited = new Promise<void>((resolveExit) =>
    host.child.once('exit', () => {
      resolveExit();
    }),
  );
  host.child.kill('SIGTERM');
  const timer = setTimeout(() => host.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export const test = base.extend<{ gramdeck: Gramdeck }>({
  gramdeck: async ({ page }, use) => {
    const dc = await startTestDc({ scenario: demoScenario, smallPrimes: true });
    const workDir = mkdtempSync(join(tmpdir(), 'gramdeck-e2e-'));
    const dataDir = join(workDir, 'data');
    const profileFile = join(workDir, 'sandbox-profile.json');
    writeFileSync(profileFile, JSON.stringify(dc.profile()));
    let host = await launchHost(dataDir, profileFile);
    const logs: string[] = [];
    await page.goto(host.url);
    await use({
      page,
      dc,
      dataDir,
      printedUrl: () => host.url,
      restart: async () => {
        await stopHost(host);
        logs.push(...host.stderr);
        host = await launchHost(dataDir, profileFile);
        await page.goto(host.url);
      },
      hostLog: () => [...logs, ...host.stderr].join(''),
    });
    await stopHost(host);
    await dc.stop();
    rmSync(workDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
