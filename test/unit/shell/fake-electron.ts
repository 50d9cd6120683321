/**
 * A recording fake of the Electron objects the shell receives. It implements only what the
 * shell calls, records every call in order, and lets tests fire Electron's events.
 */
import type { ElectronDeps } from '../../../electron/shell/electron-deps';
import type { AutoUpdaterLike } from '../../../electron/shell/updater';

type Listener = (...args: never[]) => unknown;

export class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  removeListener(event: string, listener: Listener): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l !== listener),
    );
    return this;
  }
  emit(event: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(event) ?? []).map((l) =>
      (l as (...a: unknown[]) => unknown)(...args),
    );
  }
  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

/** An Electron-style event whose preventDefault is recorded. */
export function fakeEvent(extra: Record<string, unknown> = {}) {
  const event = {
    isDefaultPrevented: false,
    preventDefault() {
      event.isDefaultPrevented = true;
    },
    ...extra,
  };
  return event;
}

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

export class FakeWebContents extends FakeEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame: FakeFrame = { url: 'app://gramdeck/index.html', parent: null };
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  isDestroyedFlag = false;
  isDestroyed() {
    return this.isDestroyedFlag;
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

export function createFakeElectron(
  options: { appPath: string; userData: string; hasLock?: boolean; isPackaged?: boolean } = {
    appPath: '/app',
    userData: '/userData',
  },
) {
  const log: string[] = [];
  const paths = new Map<string, string>([['userData', options.userData]]);

  class FakeApp extends FakeEmitter {
    isPackaged = options.isPackaged ?? false;
    readonly badgeCounts: number[] = [];
    exitCode: number | null = null;
    quitCount = 0;
    getPath(name: string) {
      return paths.get(name) ?? `/fake/${name}`;
    }
    setPath(name: string, value: string) {
      log.push(`app.setPath(${name})`);
      paths.set(name, value);
    }
    getVersion() {
      return '0.1.0';
    }
    getAppPath() {
      return options.appPath;
    }
    requestSingleInstanceLock() {
      log.push('app.requestSingleInstanceLock');
      return options.hasLock ?? true;
    }
    enableSandbox() {
      log.push('app.enableSandbox');
    }
    setAppUserModelId(id: string) {
      log.push(`app.setAppUserModelId(${id})`);
    }
    whenReady() {
      log.push('app.whenReady');
      return Promise.resolve();
    }
    quit() {
      log.push('app.quit');
      this.quitCount += 1;
    }
    exit(code: number) {
      log.push(`app.exit(${code})`);
      this.exitCode = code;
    }
    setBadgeCount(count: number) {
      this.badgeCounts.push(count);
      return true;
    }
  }
  const app = new FakeApp();

  class FakeBrowserWindow extends FakeEmitter {
    static readonly instances: FakeBrowserWindow[] = [];
    readonly webContents = new FakeWebContents();
    readonly loadedUrls: string[] = [];
    readonly overlayIcons: unknown[] = [];
    isVisibleFlag = false;
    isDestroyedFlag = false;
    focusCount = 0;
    constructor(readonly options: Record<string, unknown>) {
      super();
      log.push('new BrowserWindow');
      FakeBrowserWindow.instances.push(this);
      // Electron announces every new webContents on the app.
      app.emit('web-contents-created', fakeEvent(), this.webContents);
    }
    loadURL(url: string) {
      this.loadedUrls.push(url);
      return Promise.resolve();
    }
    show() {
      this.isVisibleFlag = true;
      this.emit('show');
    }
    hide() {
      this.isVisibleFlag = false;
      this.emit('hide');
    }
    focus() {
      this.focusCount += 1;
    }
    isVisible() {
      return this.isVisibleFlag;
    }
    isMinimized() {
      return false;
    }
    restore() {
      // Not minimized in these tests.
    }
    maximize() {
      log.push('window.maximize');
    }
    isMaximized() {
      return false;
    }
    getNormalBounds() {
      return { x: 10, y: 20, width: 1000, height: 700 };
    }
    isDestroyed() {
      return this.isDestroyedFlag;
    }
    setOverlayIcon(image: unknown) {
      this.overlayIcons.push(image);
    }
  }

  const ipcHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const ipcMain = {
    handle(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) {
      if (ipcHandlers.has(channel))
        throw new Error(`Attempted to register a second handler for '${channel}'`);
      ipcHandlers.set(channel, handler);
    },
    removeHandler(channel: string) {
      ipcHandlers.delete(channel);
    },
  };

  const schemes: unknown[] = [];
  const protocolHandlers = new Map<
    string,
    (request: { url: string; method: string }) => Promise<Response>
  >();
  const protocol = {
    registerSchemesAsPrivileged(customSchemes: unknown[]) {
      log.push('protocol.registerSchemesAsPrivileged');
      schemes.push(...customSchemes);
    },
    handle(
      scheme: string,
      handler: (request: { url: string; method: string }) => Promise<Response>,
    ) {
      log.push(`protocol.handle(${scheme})`);
      protocolHandlers.set(scheme, handler);
    },
  };

  type PermissionRequestHandler = (
    contents: unknown,
    permission: string,
    callback: (granted: boolean) => void,
    details: { requestingUrl: string },
  ) => void;
  type BeforeRequestHandler = (
    details: { url: string },
    callback: (response: { cancel: boolean }) => void,
  ) => void;
  interface FakeSession {
    permissionRequestHandler: PermissionRequestHandler | null;
    permissionCheckHandler:
      ((contents: unknown, permission: string, requestingOrigin: string) => boolean) | null;
    devicePermissionHandler: ((details: unknown) => boolean) | null;
    beforeRequest: BeforeRequestHandler | null;
  }
  const defaultSession: FakeSession & Record<string, unknown> = {
    permissionRequestHandler: null,
    permissionCheckHandler: null,
    devicePermissionHandler: null,
    beforeRequest: null,
    setPermissionRequestHandler(handler: PermissionRequestHandler) {
      defaultSession.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(
      handler: (contents: unknown, permission: string, requestingOrigin: string) => boolean,
    ) {
      defaultSession.permissionCheckHandler = handler;
    },
    setDevicePermissionHandler(handler: (details: unknown) => boolean) {
      defaultSession.devicePermissionHandler = handler;
    },
    webRequest: {
      onBeforeRequest(handler: BeforeRequestHandler) {
        defaultSession.beforeRequest = handler;
      },
    },
  };

  const openedExternal: string[] = [];
  /** The links the shell asked about, and the answer the next question gets (0 = open). */
  const dialogs = { asked: [] as { message: string; detail: string }[], nextResponse: 1 };
  const dialog = {
    showMessageBox(...args: unknown[]) {
      const options = args.at(-1) as { message: string; detail: string };
      dialogs.asked.push({ message: options.message, detail: options.detail });
      return Promise.resolve({ response: dialogs.nextResponse, checkboxChecked: false });
    },
  };
  const shell = {
    openExternal(url: string) {
      openedExternal.push(url);
      return Promise.resolve();
    },
  };

  class FakeTray extends FakeEmitter {
    static readonly instances: FakeTray[] = [];
    menus: { template: Record<string, unknown>[] }[] = [];
    tooltips: string[] = [];
    isDestroyedFlag = false;
    constructor(readonly image: unknown) {
      super();
      FakeTray.instances.push(this);
    }
    setContextMenu(menu: { template: Record<string, unknown>[] }) {
      this.menus.push(menu);
    }
    setToolTip(text: string) {
      this.tooltips.push(text);
    }
    destroy() {
      this.isDestroyedFlag = true;
    }
  }

  const Menu = {
    buildFromTemplate(template: Record<string, unknown>[]) {
      return { template };
    },
  };
  const nativeImage = {
    createFromBuffer(buffer: Buffer, imageOptions?: unknown) {
      return { buffer, options: imageOptions };
    },
  };

  class FakeNotification extends FakeEmitter {
    static readonly shown: FakeNotification[] = [];
    static isSupported() {
      return true;
    }
    constructor(readonly options: { title: string; body: string }) {
      super();
    }
    show() {
      FakeNotification.shown.push(this);
    }
  }

  const workArea = { x: 0, y: 0, width: 1920, height: 1080 };
  const screen = {
    getPrimaryDisplay: () => ({ id: 1, workArea }),
    getAllDisplays: () => [{ id: 1, workArea }],
  };

  let autoUpdaterCreated = 0;
  const updater: AutoUpdaterLike = {
    autoDownload: true,
    autoInstallOnAppQuit: false,
    allowPrerelease: true,
    allowDowngrade: true,
    fullChangelog: true,
    channel: null,
    logger: null,
    on: () => updater,
    removeListener: () => updater,
    checkForUpdates: () => Promise.resolve(null),
    downloadUpdate: () => Promise.resolve([]),
    quitAndInstall: () => undefined,
  };
  const autoUpdater = (): AutoUpdaterLike => {
    autoUpdaterCreated += 1;
    return updater;
  };

  const deps = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain,
    protocol,
    session: { defaultSession },
    shell,
    Tray: FakeTray,
    Menu,
    nativeImage,
    safeStorage: { isEncryptionAvailable: () => false },
    screen,
    Notification: FakeNotification,
    dialog,
    autoUpdater,
  };

  return {
    /** The fake, typed as what the shell expects (it implements only what the shell uses). */
    deps: deps as unknown as ElectronDeps,
    log,
    app,
    windows: FakeBrowserWindow.instances,
    ipcHandlers,
    schemes,
    protocolHandlers,
    defaultSession,
    openedExternal,
    dialogs,
    trays: FakeTray.instances,
    notifications: FakeNotification.shown,
    autoUpdaterCreated: () => autoUpdaterCreated,
    updater,
    FakeWebContents,
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
