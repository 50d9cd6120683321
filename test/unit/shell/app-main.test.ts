/**
 * Walks the desktop composition root (startApp) with a recording fake of Electron and a small
 * fake core built on the real router and event bus.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LoginCodeNotice } from '../../../electron/core/accounts';
import { createEventBus } from '../../../electron/core/ipc/event-bus';
import { createRouter } from '../../../electron/core/ipc/router';
import { contentSecurityPolicy } from '../../../electron/core/launch/serving-policy';
import { eventChannel } from '../../../electron/shared/channel-names';
import {
  startApp,
  type ShellCore,
  type ShellCoreOptions,
  type ShellWiring,
} from '../../../electron/shell/app-main';
import { requiredWebPreferences } from '../../../electron/shell/security';
import {
  channelNames,
  type EventName,
  type Events,
  type Handlers,
} from '../../../electron/shared/contract';
import type { AccountsState, AccountSummary, Settings } from '../../../electron/shared/dto';
import { defaultTestSettings } from '../../support/settings';
import { createFakeElectron, fakeEvent, type FakeElectron } from './fake-electron';

let dir: string;
let appPath: string;
let dataDir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gramdeck-shell-'));
  appPath = join(dir, 'app');
  dataDir = join(dir, 'data');
  mkdirSync(join(appPath, 'out', 'renderer'), { recursive: true });
  writeFileSync(
    join(appPath, 'out', 'renderer', 'index.html'),
    '<!doctype html><title>Gramdeck</title>',
  );
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const summary = (id: string, unreadCount: number): AccountSummary => ({
  id,
  displayName: `Account ${id}`,
  username: null,
  phone: '+44 •••• ••• 123',
  avatar: null,
  initials: 'A',
  colorIndex: 0,
  homeDcId: 2,
  status: { kind: 'online' },
  unreadCount,
  isPremium: false,
  isSandbox: false,
  proxy: null,
  needsAttention: false,
});

function fakeCore(options: ShellCoreOptions) {
  const events = createEventBus();
  const settings: Settings = { ...defaultTestSettings, notifyLoginCodes: true };
  const accounts: AccountsState = {
    accounts: [summary('a', 2)],
    activeAccountId: 'a',
    restore: null,
  };
  const switched: string[] = [];
  const opened: string[] = [];
  const windows = { open: 0 };
  const codeListeners = new Set<(notice: LoginCodeNotice) => void>();
  const stub = (channel: string) => () => Promise.resolve({ stub: channel });
  const handlers = {
    ...Object.fromEntries(channelNames.map((channel) => [channel, stub(channel)])),
    'app:info': () => Promise.resolve({ name: 'Gramdeck' }),
    'settings:get': () => Promise.resolve(settings),
    'accounts:list': () => Promise.resolve(accounts),
    'accounts:switch': ({ accountId }: { accountId: string }) => {
      switched.push(accountId);
      return Promise.resolve(accounts);
    },
  } as unknown as Handlers;
  const core = {
    router: createRouter({
      handlers,
      logger: options.logger,
      isTrustedSender: options.isTrustedSender,
    }),
    events,
    start: vi.fn(() => Promise.resolve()),
    stop: vi.fn(() => Promise.resolve()),
    lock: vi.fn(() => Promise.resolve()),
    onLoginCode: (listener: (notice: LoginCodeNotice) => void) => {
      codeListeners.add(listener);
      return () => codeListeners.delete(listener);
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      return events.subscribe((name: EventName, payload: Events[EventName]) => {
        if (name === event) listener(payload as Events[E]);
      });
    },
    settings: () => settings,
    accounts: () => accounts,
    switchAccount: (accountId: string) => {
      switched.push(accountId);
      return Promise.resolve();
    },
    openChat: (accountId: string, chatId: string) => {
      opened.push(`${accountId}/${chatId}`);
      return Promise.resolve();
    },
    attachWindow: () => {
      windows.open++;
      return () => {
        windows.open--;
      };
    },
  } satisfies ShellCore;
  const sendLoginCode = (notice: LoginCodeNotice) => {
    for (const listener of codeListeners) listener(notice);
  };
  return { core, switched, opened, windows, options, sendLoginCode };
}

async function launch(
  overrides: { argv?: string[]; hasLock?: boolean; isPackaged?: boolean; platform?: string } = {},
): Promise<{
  fake: FakeElectron;
  errors: string[];
  made: ReturnType<typeof fakeCore> | null;
  handle: Awaited<ReturnType<typeof startApp>>;
}> {
  const fake = createFakeElectron({
    appPath,
    userData: join(dir, 'default-user-data'),
    hasLock: overrides.hasLock ?? true,
    isPackaged: overrides.isPackaged ?? false,
  });
  const errors: string[] = [];
  let made: ReturnType<typeof fakeCore> | null = null;
  const wiring: ShellWiring = {
    createCore: (options) => {
      made = fakeCore(options);
      return Promise.resolve(made.core);
    },
    storeFactory: () => {
      throw new Error('not used by the fake core');
    },
    createCipher: () => Promise.resolve(null),
    createGateway: () => ({}) as ReturnType<ShellWiring['createGateway']>,
    cwd: dir,
    platform: overrides.platform ?? 'linux',
    reportError: (message) => errors.push(message),
  };
  const handle = await startApp(fake.deps, overrides.argv ?? ['.', '--data-dir', dataDir], wiring);
  return { fake, errors, made, handle };
}

function mainWindow(fake: FakeElectron) {
  const window = fake.windows[0];
  if (window === undefined) throw new Error('no window');
  return window;
}

describe('startApp', () => {
  it('does the pre-ready work before waiting for ready, in a safe order', async () => {
    const { fake } = await launch();
    const ready = fake.log.indexOf('app.whenReady');
    for (const step of [
      'app.setPath(userData)',
      'app.requestSingleInstanceLock',
      'app.enableSandbox',
      'protocol.registerSchemesAsPrivileged',
    ]) {
      expect(fake.log.indexOf(step), step).toBeGreaterThanOrEqual(0);
      expect(fake.log.indexOf(step), step).toBeLessThan(ready);
    }
    expect(fake.log.indexOf('protocol.handle(app)')).toBeGreaterThan(ready);
    expect(fake.log.indexOf('new BrowserWindow')).toBeGreaterThan(ready);
    expect(fake.app.getPath('userData')).toBe(dataDir);
    expect(fake.schemes).toEqual([
      {
        scheme: 'app',
        privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
      },
    ]);
  });

  it('passes the core what it needs, with updates disabled when unpackaged', async () => {
    const { made, fake } = await launch();
    expect(made).not.toBeNull();
    const options = made!.options;
    expect(options).toMatchObject({
      dataDir,
      transport: 'electron',
      app: { version: '0.1.0', platform: 'linux', isPackaged: false },
      cipher: null,
      sandboxProfile: null,
    });
    expect(options.updater?.disabledReason).toMatch(/development/);
    expect(fake.autoUpdaterCreated()).toBe(0);
    expect(
      options.isTrustedSender({ transport: 'electron', url: 'app://gramdeck/index.html' }),
    ).toBe(true);
    expect(options.isTrustedSender({ transport: 'electron', url: 'https://evil.example/' })).toBe(
      false,
    );
    expect(made!.core.start).toHaveBeenCalledTimes(1);
  });

  it('every BrowserWindow gets the secure options and loads the app origin', async () => {
    const { fake } = await launch();
    expect(fake.windows).toHaveLength(1);
    const window = mainWindow(fake);
    expect(window.options.webPreferences).toMatchObject(requiredWebPreferences);
    expect(window.options.webPreferences).toMatchObject({
      preload: join(appPath, 'out', 'preload', 'index.cjs'),
      devTools: true,
    });
    expect(window.options.show).toBe(false);
    expect(window.loadedUrls).toEqual(['app://gramdeck/index.html']);
    window.emit('ready-to-show');
    expect(window.isVisible()).toBe(true);
  });

  it('packaged builds: no DevTools, and electron-updater configured for manual downloads', async () => {
    const { fake, made } = await launch({ isPackaged: true });
    expect(mainWindow(fake).options.webPreferences).toMatchObject({ devTools: false });
    expect(fake.autoUpdaterCreated()).toBe(1);
    expect(made!.options.updater?.disabledReason).toBeNull();
    expect(fake.updater).toMatchObject({ autoDownload: false, allowDowngrade: false });
  });

  it('registers a handler for every contract channel, and only those', async () => {
    const { fake } = await launch();
    expect([...fake.ipcHandlers.keys()].sort()).toEqual([...channelNames].sort());
  });

  it('answers IPC from the main frame of the app window only', async () => {
    const { fake } = await launch();
    const window = mainWindow(fake);
    const call = (event: unknown, payload?: unknown) =>
      fake.ipcHandlers.get('app:info')!(event, payload);
    const mainFrame = window.webContents.mainFrame;

    await expect(call({ sender: window.webContents, senderFrame: mainFrame })).resolves.toEqual({
      ok: true,
      value: { name: 'Gramdeck' },
    });

    const forbidden = {
      ok: false,
      error: { code: 'FORBIDDEN_SENDER', message: expect.any(String) },
    };
    const subframe = { url: 'app://gramdeck/index.html', parent: mainFrame };
    await expect(call({ sender: window.webContents, senderFrame: subframe })).resolves.toEqual(
      forbidden,
    );
    await expect(call({ sender: window.webContents, senderFrame: null })).resolves.toEqual(
      forbidden,
    );
    const stranger = new fake.FakeWebContents();
    await expect(call({ sender: stranger, senderFrame: stranger.mainFrame })).resolves.toEqual(
      forbidden,
    );
    const evilFrame = { url: 'https://evil.example/', parent: null };
    await expect(call({ sender: window.webContents, senderFrame: evilFrame })).resolves.toEqual(
      forbidden,
    );

    // Payloads are validated by the router.
    const bad = await fake.ipcHandlers.get('accounts:switch')!(
      { sender: window.webContents, senderFrame: mainFrame },
      { accountId: '../../etc' },
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('blocks navigation, redirects, webviews and new windows on every webContents', async () => {
    const { fake } = await launch();
    const stray = new fake.FakeWebContents();
    fake.app.emit('web-contents-created', fakeEvent(), stray);
    for (const contents of [mainWindow(fake).webContents, stray]) {
      for (const [name, args] of [
        ['will-navigate', ['https://evil.example/']],
        ['will-redirect', ['https://evil.example/']],
        ['will-navigate', ['app://gramdeck/other.html']],
        ['will-attach-webview', [{}, {}]],
      ] as const) {
        const event = fakeEvent();
        contents.emit(name, event, ...args);
        expect(event.isDefaultPrevented, name).toBe(true);
      }
      const frameEvent = fakeEvent({ url: 'https://evil.example/' });
      contents.emit('will-frame-navigate', frameEvent);
      expect(frameEvent.isDefaultPrevented).toBe(true);

      expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({
        action: 'deny',
      });
      expect(contents.windowOpenHandler?.({ url: 'https://my.telegram.org/apps' })).toEqual({
        action: 'deny',
      });
    }
    expect(fake.openedExternal).toEqual([
      'https://my.telegram.org/apps',
      'https://my.telegram.org/apps',
    ]);
  });

  it('opens a link in a message in the browser only after the user saw it and said yes', async () => {
    const { fake } = await launch();
    const contents = mainWindow(fake).webContents;
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

    // Asked, with the whole address; "Cancel" opens nothing.
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/a?b=1#c' })).toEqual({
      action: 'deny',
    });
    await settle();
    expect(fake.dialogs.asked).toEqual([
      { message: 'Open this link in your browser?', detail: 'https://example.com/a?b=1#c' },
    ]);
    expect(fake.openedExternal).toEqual([]);

    // "Open in browser" opens it. A look-alike host is shown as what it is (punycode).
    fake.dialogs.nextResponse = 0;
    contents.windowOpenHandler?.({ url: 'http://exаmple.com/' });
    await settle();
    expect(fake.dialogs.asked.at(-1)?.detail).toBe('http://xn--exmple-4nf.com/');
    expect(fake.openedExternal).toEqual(['http://exаmple.com/']);

    // Never offered: local files, scripts, other programs' protocols, credentials.
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'ms-settings:privacy',
      'https://user:pass@example.com/',
    ]) {
      contents.windowOpenHandler?.({ url });
    }
    await settle();
    expect(fake.dialogs.asked).toHaveLength(2);
    expect(fake.openedExternal).toHaveLength(1);
  });

  it('asks about one link at a time: a page cannot pile dialogs up', async () => {
    const { fake } = await launch();
    const contents = mainWindow(fake).webContents;
    for (let i = 0; i < 5; i++) contents.windowOpenHandler?.({ url: `https://example.com/${i}` });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fake.dialogs.asked.map((d) => d.detail)).toEqual(['https://example.com/0']);
    contents.windowOpenHandler?.({ url: 'https://example.com/later' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fake.dialogs.asked.map((d) => d.detail)).toEqual([
      'https://example.com/0',
      'https://example.com/later',
    ]);
  });

  it('denies permissions (but clipboard writes from the app) and cancels requests that leave the app', async () => {
    const { fake } = await launch();
    const session = fake.defaultSession;
    const granted: boolean[] = [];
    const app = 'app://gramdeck/index.html';
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read']) {
      session.permissionRequestHandler?.(null, permission, (isGranted) => granted.push(isGranted), {
        requestingUrl: app,
      });
      expect(session.permissionCheckHandler?.(null, permission, 'app://gramdeck')).toBe(false);
    }
    expect(granted).toEqual([false, false, false, false]);
    expect(
      session.permissionCheckHandler?.(null, 'clipboard-sanitized-write', 'app://gramdeck'),
    ).toBe(true);
    expect(
      session.permissionCheckHandler?.(null, 'clipboard-sanitized-write', 'https://evil.example'),
    ).toBe(false);
    expect(session.devicePermissionHandler?.({})).toBe(false);
    const decisions: Record<string, boolean> = {};
    for (const url of [
      'app://gramdeck/assets/x.js',
      'https://evil.example/',
      'file:///etc/passwd',
    ]) {
      session.beforeRequest?.({ url }, ({ cancel }) => (decisions[url] = cancel));
    }
    expect(decisions).toEqual({
      'app://gramdeck/assets/x.js': false,
      'https://evil.example/': true,
      'file:///etc/passwd': true,
    });
  });

  it.each([
    [false, false],
    [true, true],
  ])(
    'DevTools and extension requests, isPackaged=%s: cancelled=%s',
    async (isPackaged, isCancelled) => {
      const { fake } = await launch({ isPackaged });
      const decisions: boolean[] = [];
      for (const url of [
        'devtools://devtools/bundled/inspector.html',
        'chrome-extension://fmkadmapgofadopljbjfkapdkoienihi/build/backend.js',
      ]) {
        fake.defaultSession.beforeRequest?.({ url }, ({ cancel }) => decisions.push(cancel));
      }
      expect(decisions).toEqual([isCancelled, isCancelled]);
    },
  );

  it('serves the renderer over app:// with the CSP', async () => {
    const { fake } = await launch();
    const handler = fake.protocolHandlers.get('app')!;
    const response = await handler({ url: 'app://gramdeck/index.html', method: 'GET' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    const escape = await handler({ url: 'app://gramdeck/..%2f..%2fpackage.json', method: 'GET' });
    expect(escape.status).toBe(404);
  });

  it('forwards push events to the window', async () => {
    const { fake, made } = await launch();
    made!.core.events.emit('update:changed', { kind: 'checking' });
    expect(mainWindow(fake).webContents.sent).toContainEqual({
      channel: eventChannel('update:changed'),
      args: [{ kind: 'checking' }],
    });
  });

  it('shows the tray with accounts and the unread badge, and acts on its menu', async () => {
    const { fake, made } = await launch();
    const tray = fake.trays[0]!;
    expect(tray.tooltips.at(-1)).toBe('Gramdeck — 2 unread');
    expect(fake.app.badgeCounts.at(-1)).toBe(2);

    made!.core.events.emit('accounts:changed', {
      accounts: [summary('a', 5), summary('b', 7)],
      activeAccountId: 'b',
      restore: null,
    });
    expect(fake.app.badgeCounts.at(-1)).toBe(12);
    const template = tray.menus.at(-1)!.template;
    const labels = template.map((item) => item.label);
    expect(labels).toEqual([
      'Show Gramdeck',
      'Lock now',
      undefined,
      'Account a (5)',
      'Account b (7)',
      undefined,
      'Quit Gramdeck',
    ]);

    (template[3]!.click as () => void)();
    await new Promise((resolve) => setImmediate(resolve));
    expect(made!.switched).toEqual(['a']);
    (template[1]!.click as () => void)();
    expect(made!.core.lock).toHaveBeenCalled();
  });

  it('notifies new login codes without writing the code to the log, and none while locked', async () => {
    const { fake, made } = await launch();
    const notice = {
      accountId: 'a',
      messageId: '1',
      accountName: 'Alice',
      receivedAt: Date.now() + 1000,
      isLocked: false,
      hasCode: true,
      code: '73914',
    };
    made!.sendLoginCode(notice);
    made!.sendLoginCode({ ...notice, messageId: '2', isLocked: true, hasCode: false, code: null });
    expect(fake.notifications.map((n) => [n.options.title, n.options.body])).toEqual([
      ['Login code for Alice', 'Code: 73914'],
      ['A login code arrived for Alice', 'Unlock Gramdeck to see it.'],
    ]);
    const logText = readFileSync(join(dataDir, 'logs', 'gramdeck.log'), 'utf8');
    expect(logText).toContain('Showed a login code notification');
    expect(logText).not.toContain('73914');
  });

  it('close-to-tray hides the window, unless the app is quitting', async () => {
    const { fake, made } = await launch();
    const window = mainWindow(fake);
    const first = fakeEvent();
    window.emit('close', first);
    expect(first.isDefaultPrevented).toBe(false);

    made!.core.events.emit('settings:changed', { ...defaultTestSettings, closeToTray: true });
    window.show();
    const second = fakeEvent();
    window.emit('close', second);
    expect(second.isDefaultPrevented).toBe(true);
    expect(window.isVisible()).toBe(false);
    // The bounds were saved on close.
    expect(JSON.parse(readFileSync(join(dataDir, 'window-state.json'), 'utf8'))).toMatchObject({
      bounds: { x: 10, y: 20, width: 1000, height: 700 },
    });

    fake.app.emit('before-quit', fakeEvent());
    const third = fakeEvent();
    window.emit('close', third);
    expect(third.isDefaultPrevented).toBe(false);
  });

  it('a window counts as open for the core until it is closed, not while hidden to the tray', async () => {
    const { fake, made } = await launch();
    const window = mainWindow(fake);
    expect(made!.windows.open).toBe(1);
    made!.core.events.emit('settings:changed', { ...defaultTestSettings, closeToTray: true });
    window.emit('close', fakeEvent());
    expect(window.isVisible()).toBe(false);
    expect(made!.windows.open).toBe(1);
    window.emit('closed');
    expect(made!.windows.open).toBe(0);
  });

  it('on Windows, sets the AppUserModelID to the installer appId', async () => {
    const { fake } = await launch({ platform: 'win32' });
    expect(fake.log).toContain('app.setAppUserModelId(app.gramdeck.desktop)');
    const builderConfig = readFileSync(
      join(import.meta.dirname, '..', '..', '..', 'electron-builder.yml'),
      'utf8',
    );
    expect(builderConfig).toMatch(/^appId: app\.gramdeck\.desktop$/m);
    const onLinux = await launch({ argv: ['.', '--data-dir', join(dir, 'linux-data')] });
    expect(onLinux.fake.log.some((line) => line.startsWith('app.setAppUserModelId'))).toBe(false);
  });

  it('a second launch focuses the first window', async () => {
    const { fake } = await launch();
    const window = mainWindow(fake);
    fake.app.emit('second-instance', fakeEvent(), ['gramdeck'], dir);
    expect(window.isVisible()).toBe(true);
    expect(window.focusCount).toBe(1);
  });

  it('stops the core before quitting', async () => {
    const { fake, made } = await launch();
    const event = fakeEvent();
    fake.app.emit('will-quit', event);
    expect(event.isDefaultPrevented).toBe(true);
    await vi.waitFor(() => {
      expect(fake.app.quitCount).toBe(1);
    });
    expect(made!.core.stop).toHaveBeenCalledTimes(1);
    expect(existsSync(join(dataDir, 'gramdeck.lock'))).toBe(false);
    expect(fake.ipcHandlers.size).toBe(0);
    expect(fake.trays[0]!.isDestroyedFlag).toBe(true);
    // The second will-quit (from app.quit) goes through.
    const again = fakeEvent();
    fake.app.emit('will-quit', again);
    expect(again.isDefaultPrevented).toBe(false);
  });

  it('holds the data folder lock, as the desktop app, from before ready until it quits', async () => {
    const { fake } = await launch();
    expect(JSON.parse(readFileSync(join(dataDir, 'gramdeck.lock'), 'utf8'))).toMatchObject({
      pid: process.pid,
      owner: 'desktop app',
    });
    fake.app.emit('will-quit', fakeEvent());
    await vi.waitFor(() => {
      expect(fake.app.quitCount).toBe(1);
    });
    expect(existsSync(join(dataDir, 'gramdeck.lock'))).toBe(false);
  });

  it('refuses to start on a data folder another Gramdeck holds, naming it', async () => {
    await launch();
    await expect(launch()).rejects.toThrow(
      `Gramdeck is already running with this data folder (the desktop app, process ${process.pid}).`,
    );
  });

  it('releases the data folder lock when the core cannot be created', async () => {
    const fake = createFakeElectron({ appPath, userData: join(dir, 'default-user-data') });
    const wiring: ShellWiring = {
      createCore: () => Promise.reject(new Error('the vault folder is not writable')),
      storeFactory: () => {
        throw new Error('not used');
      },
      createCipher: () => Promise.resolve(null),
      createGateway: () => ({}) as ReturnType<ShellWiring['createGateway']>,
      cwd: dir,
      platform: 'linux',
      reportError: () => undefined,
    };
    await expect(startApp(fake.deps, ['.', '--data-dir', dataDir], wiring)).rejects.toThrow(
      'the vault folder is not writable',
    );
    expect(existsSync(join(dataDir, 'gramdeck.lock'))).toBe(false);
    expect(fake.windows).toHaveLength(0);
  });

  it('without the single-instance lock it quits before creating anything', async () => {
    const { fake, handle, made } = await launch({ hasLock: false });
    expect(handle).toBeNull();
    expect(made).toBeNull();
    expect(fake.app.quitCount).toBe(1);
    expect(fake.windows).toHaveLength(0);
    expect(fake.log).not.toContain('app.whenReady');
  });

  it('refuses bad arguments and bad server profiles with exit code 2', async () => {
    const missing = await launch({ argv: ['--data-dir'] });
    expect(missing.fake.app.exitCode).toBe(2);
    expect(missing.errors[0]).toMatch(/--data-dir/);

    writeFileSync(join(dir, 'bad.json'), '{"kind":"moon"}');
    const bad = await launch({ argv: ['--data-dir', dataDir, '--server-profile', 'bad.json'] });
    expect(bad.fake.app.exitCode).toBe(2);
    expect(bad.errors[0]).toMatch(/server profile/);

    const absent = await launch({
      argv: ['--data-dir', dataDir, '--server-profile', 'absent.json'],
    });
    expect(absent.fake.app.exitCode).toBe(2);
    expect(absent.fake.windows).toHaveLength(0);
  });

  it('passes a valid --server-profile to the core', async () => {
    const profile = {
      kind: 'custom',
      label: 'Gramdeck sandbox',
      isSandbox: true,
      defaultDcId: 2,
      dcs: [{ id: 2, host: '127.0.0.1', port: 10443 }],
      rsaKeys: [{ fingerprint: '-1', n: 'ab', e: 65537 }],
    };
    writeFileSync(join(dir, 'dc.json'), JSON.stringify(profile));
    const { made } = await launch({
      argv: ['--data-dir', dataDir, '--server-profile', join(dir, 'dc.json')],
    });
    expect(made!.options.sandboxProfile).toEqual(profile);
  });
});
