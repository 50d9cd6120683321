import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test, type Page } from '@playwright/test';

/**
 * `npm run demo -- --web` keeps its data: a sandbox account signed in before the demo stopped is
 * still signed in after it starts again (Gramdeck's vault and the DC's state file both live in
 * the data folder), and `--fresh` starts clean. Runs the real demo script, its DC and web host.
 */

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const alice = { phone: '+9996620001', name: 'Alice Demo' };
const passcode = 'demo keeps data';

interface Demo {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  /** Resolves with the first printed line matching `pattern` (bounded by the expect timeout). */
  line(pattern: RegExp): Promise<RegExpExecArray>;
}

let dataDir: string;
const running: Demo[] = [];

test.beforeEach(() => {
  dataDir = join(mkdtempSync(join(tmpdir(), 'gramdeck-demo-e2e-')), 'demo data');
});

test.afterEach(async () => {
  for (const demo of running.splice(0)) await stopDemo(demo, 'SIGKILL');
  rmSync(resolve(dataDir, '..'), { recursive: true, force: true });
});

function startDemo(...extra: string[]): Demo {
  const child = spawn(
    process.execPath,
    [
      join(repoRoot, 'scripts', 'demo.mjs'),
      '--web',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      ...extra,
    ],
    { cwd: repoRoot, detached: true, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  child.stderr.resume();
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout }).on('line', (l) => {
    lines.push(l);
    for (const w of waiters) w();
  });
  const demo: Demo = {
    child,
    lines,
    line: (pattern) =>
      new Promise((resolveLine, rejectLine) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          rejectLine(new Error(`The demo printed no line like ${pattern}:\n${lines.join('\n')}`));
        }, 90_000);
        function check(): void {
          for (const l of lines) {
            const match = pattern.exec(l);
            if (match) {
              clearTimeout(timer);
              waiters.delete(check);
              resolveLine(match);
              return;
            }
          }
        }
        waiters.add(check);
        check();
      }),
  };
  running.push(demo);
  return demo;
}

/** Stops the demo as Ctrl-C would (SIGKILL of its whole group only when cleaning up). */
async function stopDemo(demo: Demo, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  const { child } = demo;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) =>
    child.once('exit', () => {
      done();
    }),
  );
  if (signal === 'SIGKILL' && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  else child.kill(signal);
  await exited;
  const index = running.indexOf(demo);
  if (index >= 0) running.splice(index, 1);
}

async function openApp(page: Page, demo: Demo): Promise<void> {
  const [, url] = await demo.line(/^Gramdeck web host: (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)$/);
  await page.goto(url ?? '');
}

test('the demo keeps its data: a signed-in sandbox account is still signed in after a restart; --fresh starts clean', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const first = startDemo();
  await first.line(new RegExp(`^Demo data folder: ${escape(dataDir)} \\(kept when`));
  await first.line(
    new RegExp(`^Sandbox profile: +${escape(join(dataDir, 'sandbox-profile.json'))}$`),
  );
  await openApp(page, first);

  await page.getByRole('button', { name: 'Try the sandbox' }).click();
  await page.getByLabel('New passcode').fill(passcode);
  await page.getByLabel('Type it again').fill(passcode);
  await page.getByRole('button', { name: 'Set passcode' }).click();
  await page.getByLabel('I saved my recovery code somewhere safe').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Phone number').fill(alice.phone);
  await page.getByRole('button', { name: 'Send code' }).click();
  const [, code] = await first.line(new RegExp(`^» Login code for \\${alice.phone}: (\\d+) `));
  await page.getByLabel('Code').fill(code ?? '');
  await expect(page.getByRole('heading', { level: 1, name: alice.name })).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByText('Online', { exact: true })).toBeVisible({ timeout: 60_000 });

  await stopDemo(first);
  expect(first.lines).toContain(`The demo stopped. Its data stays in ${dataDir}.`);
  for (const kept of ['dc-state.json', 'sandbox-profile.json', 'app'])
    expect(existsSync(join(dataDir, kept))).toBe(true);

  const second = startDemo();
  await openApp(page, second);
  await expect(page.getByRole('heading', { name: 'Gramdeck is locked' })).toBeVisible();
  await page.getByLabel('Passcode').fill(passcode);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { level: 1, name: alice.name })).toBeVisible();
  // Online again means the restarted DC accepted the session signed in before: same ports,
  // same RSA key, and the auth key still bound to Alice.
  await expect(page.getByText('Online', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('heading', { name: 'Add an account' })).toBeHidden();
  // The panels may have asked while the account was still connecting: ask again, now online.
  const chats = page.getByRole('region', { name: 'Recent chats' });
  await chats.getByRole('button', { name: 'Refresh' }).click();
  await expect(chats.getByText('Lunch at noon?')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('01-still-signed-in.png') });
  await stopDemo(second);

  const fresh = startDemo('--fresh');
  await fresh.line(/^--fresh: deleted the demo's data in /);
  await openApp(page, fresh);
  await expect(
    page.getByRole('heading', { name: 'Welcome! How do you want to start?' }),
  ).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('02-fresh.png') });
  await stopDemo(fresh);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
