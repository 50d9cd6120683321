/**
 * The desktop composition root with the REAL core (createGramdeckCore) behind a recording fake
 * of Electron: what the renderer would get over IPC, end to end through the shell's binding.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGramdeckCore } from '../../../electron/core/app';
import type { KeyValueStore } from '../../../electron/core/ports';
import { eventChannel } from '../../../electron/shared/channel-names';
import { startApp, type ShellWiring } from '../../../electron/shell/app-main';
import { createFakeGateway } from '../../support/fake-gateway';
import { createMemoryStore } from '../../../electron/core/storage/conf-store';
import { createFakeElectron } from './fake-electron';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gramdeck-shell-core-'));
  mkdirSync(join(dir, 'app', 'out', 'renderer'), { recursive: true });
  writeFileSync(join(dir, 'app', 'out', 'renderer', 'index.html'), '<!doctype html>');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function launchWithRealCore() {
  const fake = createFakeElectron({ appPath: join(dir, 'app'), userData: join(dir, 'default') });
  const stores = new Map<string, KeyValueStore>();
  const wiring: ShellWiring = {
    createCore: (options) => createGramdeckCore({ ...options, kdf: { N: 1024 } }),
    storeFactory: ({ name, directory }) => {
      const key = join(directory, name);
      let store = stores.get(key);
      if (store === undefined) stores.set(key, (store = createMemoryStore(key)));
      return store;
    },
    createCipher: () => Promise.resolve(null),
    createGateway: () => createFakeGateway(),
    cwd: dir,
    platform: 'linux',
    reportError: () => undefined,
  };
  const handle = await startApp(fake.deps, ['--data-dir', join(dir, 'data')], wiring);
  const window = fake.windows[0]!;
  const invoke = (channel: string, payload?: unknown) =>
    fake.ipcHandlers.get(channel)!(
      { sender: window.webContents, senderFrame: window.webContents.mainFrame },
      payload,
    );
  return { fake, handle, window, invoke };
}

describe('startApp with the real core', () => {
  it('answers app:info over IPC as the Electron transport, unpackaged, with updates disabled', async () => {
    const { invoke, handle } = await launchWithRealCore();
    await expect(invoke('app:info')).resolves.toMatchObject({
      ok: true,
      value: {
        name: 'Gramdeck',
        transport: 'electron',
        isPackaged: false,
        storageBackend: 'unavailable',
      },
    });
    await expect(invoke('update:status')).resolves.toMatchObject({
      ok: true,
      value: { kind: 'disabled' },
    });
    await expect(invoke('update:check')).resolves.toMatchObject({
      ok: true,
      value: { kind: 'disabled' },
    });
    await expect(invoke('accounts:list')).resolves.toMatchObject({
      ok: true,
      value: { accounts: [] },
    });
    await handle!.core.stop();
  });

  it('settings changes reach the window as push events, and the shell follows closeToTray', async () => {
    const { invoke, window, handle } = await launchWithRealCore();
    const updated = await invoke('settings:update', { closeToTray: true });
    expect(updated).toMatchObject({ ok: true, value: { closeToTray: true } });
    expect(window.webContents.sent.map((message) => message.channel)).toContain(
      eventChannel('settings:changed'),
    );

    const close = {
      isDefaultPrevented: false,
      preventDefault: () => (close.isDefaultPrevented = true),
    };
    window.emit('close', close);
    expect(close.isDefaultPrevented).toBe(true);
    await handle!.core.stop();
  });

  it('refuses invalid payloads and foreign frames before they reach core', async () => {
    const { fake, window, invoke, handle } = await launchWithRealCore();
    await expect(invoke('settings:update', { theme: 'neon' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    const subframe = { url: 'app://gramdeck/index.html', parent: window.webContents.mainFrame };
    await expect(
      fake.ipcHandlers.get('vault:status')!({ sender: window.webContents, senderFrame: subframe }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    await handle!.core.stop();
  });

  it('a message notification, clicked, shows the window and asks the page to open its chat', async () => {
    const { fake, window, handle } = await launchWithRealCore();
    window.hide();
    handle!.core.events.emit('alerts:changed', {
      tag: 'acc1:u42',
      group: 'acc1',
      accountId: 'acc1',
      chatId: 'u42',
      title: 'Alice (Work)',
      body: 'New message',
    });
    const [shown] = fake.notifications;
    expect(shown?.options).toMatchObject({ title: 'Alice (Work)', body: 'New message' });
    shown!.emit('click');
    await Promise.resolve();
    expect(window.isVisible()).toBe(true);
    expect(window.webContents.sent).toContainEqual({
      channel: eventChannel('focus:changed'),
      args: [{ accountId: 'acc1', chatId: 'u42' }],
    });
    await handle!.core.stop();
  });
});
