/**
 * One Gramdeck per data folder, across both composition roots: the desktop app's startApp (with
 * the real core behind a recording fake of Electron) and a real web host CLI process, started
 * from source, on ONE data dir. Whichever comes second is refused with a message naming the
 * other; the first keeps working; once the first quits, the other can start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGramdeckCore } from '../../../electron/core/app';
import { confStoreFactory } from '../../../electron/core/storage/conf-store';
import { startApp, type ShellWiring } from '../../../electron/shell/app-main';
import { createFakeGateway } from '../../support/fake-gateway';
import { createFakeElectron, fakeEvent } from './fake-electron';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const cliSource = join(repoRoot, 'electron', 'host', 'cli.ts');

let dir: string;
let dataDir: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gramdeck-one-process-'));
  dataDir = join(dir, 'data');
  mkdirSync(join(dir, 'app', 'out', 'renderer'), { recursive: true });
  writeFileSync(join(dir, 'app', 'out', 'renderer', 'index.html'), '<!doctype html>');
});
afterEach(async () => {
  await Promise.all(children.splice(0).map(stopHost));
  rmSync(dir, { recursive: true, force: true });
});

interface WebHostRun {
  child: ChildProcess;
  /** Resolves with the printed URL, or rejects when the process exits first. */
  url: Promise<string>;
  exit: Promise<{ code: number | null; stderr: string }>;
}

/** Starts the web host CLI exactly as `npm run web` would, but from source (through tsx). */
function runWebHost(): WebHostRun {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', cliSource, '--port', '0', '--data-dir', dataDir],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<{ code: number | null; stderr: string }>((resolveExit) => {
    child.once('exit', (code) => {
      resolveExit({ code, stderr });
    });
  });
  const url = new Promise<string>((resolveUrl, rejectUrl) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^Gramdeck web host: (\S+)/.exec(line);
      if (match?.[1]) resolveUrl(match[1]);
    });
    void exit.then(({ code }) => {
      rejectUrl(new Error(`The web host exited with ${code ?? 'a signal'}:\n${stderr}`));
    });
  });
  // A refused run is awaited through `exit`; its `url` is then never awaited.
  url.catch(() => undefined);
  return { child, url, exit };
}

async function stopHost(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  child.kill('SIGTERM');
  await exited;
}

function desktopApp() {
  const fake = createFakeElectron({
    appPath: join(dir, 'app'),
    userData: join(dir, 'default-user-data'),
  });
  const wiring: ShellWiring = {
    createCore: (options) => createGramdeckCore({ ...options, kdf: { N: 1024 } }),
    storeFactory: confStoreFactory,
    createCipher: () => Promise.resolve(null),
    createGateway: () => createFakeGateway(),
    cwd: dir,
    platform: 'linux',
    reportError: () => undefined,
  };
  return { fake, start: () => startApp(fake.deps, ['.', '--data-dir', dataDir], wiring) };
}

async function quit(fake: ReturnType<typeof createFakeElectron>): Promise<void> {
  fake.app.emit('will-quit', fakeEvent());
  await vi.waitFor(() => {
    expect(fake.app.quitCount).toBe(1);
  });
}

describe('one process per data dir', { timeout: 60_000 }, () => {
  it('a desktop app started after a web host is refused, naming it; the web host keeps answering', async () => {
    const host = runWebHost();
    const url = await host.url;

    const refused = desktopApp();
    await expect(refused.start()).rejects.toThrow(
      `Gramdeck is already running with this data folder (the web host, process ${host.child.pid}).`,
    );
    expect(refused.fake.windows).toHaveLength(0);
    expect(refused.fake.ipcHandlers.size).toBe(0);

    const response = await fetch(new URL('/', url), { redirect: 'manual' });
    expect(response.status).toBeLessThan(500);
    expect(host.child.exitCode).toBeNull();

    // Once the web host stops, its lock is gone and the desktop app starts.
    await stopHost(host.child);
    expect(existsSync(join(dataDir, 'gramdeck.lock'))).toBe(false);
    const later = desktopApp();
    const handle = await later.start();
    expect(handle).not.toBeNull();
    expect(later.fake.windows).toHaveLength(1);
    await quit(later.fake);
  });

  it('a web host started after the desktop app is refused, naming it; the desktop app keeps working', async () => {
    const desktop = desktopApp();
    await desktop.start();
    const window = desktop.fake.windows[0]!;
    const invoke = (channel: string, payload?: unknown) =>
      desktop.fake.ipcHandlers.get(channel)!(
        { sender: window.webContents, senderFrame: window.webContents.mainFrame },
        payload,
      );

    const host = runWebHost();
    const { code, stderr } = await host.exit;
    expect(code).toBe(2);
    expect(stderr).toContain(
      `Gramdeck is already running with this data folder (the desktop app, process ${process.pid}).`,
    );
    expect(stderr).not.toMatch(/\n\s+at /);

    await expect(invoke('settings:update', { theme: 'dark' })).resolves.toMatchObject({
      ok: true,
      value: { theme: 'dark' },
    });

    // Once the desktop app quits, the web host starts on the same folder.
    await quit(desktop.fake);
    expect(existsSync(join(dataDir, 'gramdeck.lock'))).toBe(false);
    const next = runWebHost();
    await expect(next.url).resolves.toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  });
});
