/**
 * The composition root of the desktop app. It receives every Electron object as a parameter
 * (main.ts passes the real ones; tests pass recording fakes), applies the security guards,
 * builds the core and wires it to IPC, the window, the tray and the updater.
 */
import { join } from 'node:path';
import type { BrowserWindow, SafeStorage, WebContents } from 'electron';
import type { CoreOptions, GramdeckCore } from '../core/app';
import { openDataDir } from '../core/launch/data-dir';
import { loadServerProfileFile } from '../core/launch/server-profile-file';
import type { KeyValueStoreFactory, Logger, SecretCipher, TelegramGateway } from '../core/ports';
import type { AccountsState, Settings } from '../shared/dto';
import { applyAccountsChange } from '../shared/accounts-change';
import type { ServerProfile } from '../shared/server-profile';
import { createAppProtocolHandler } from './app-protocol';
import { parseShellArgs } from './argv';
import type { ElectronDeps } from './electron-deps';
import { guardSession, guardWebContents } from './hardening';
import { bindIpc, forwardEvents } from './ipc-binding';
import { APP_SCHEME, isTrustedSender } from './security';
import { createMessageNotifier } from './notifications';
import { createTrayController, type TrayController } from './tray';
import { createElectronUpdaterPort } from './updater';
import { createMainWindow, shouldHideOnClose } from './window';

/** What the shell passes to core's `createGramdeckCore`. */
export type ShellCoreOptions = CoreOptions & { transport: 'electron' };

/** The running core, as the shell drives it. */
export type ShellCore = GramdeckCore;

export type CoreFactory = (options: ShellCoreOptions) => Promise<ShellCore>;

/** Everything that is not Electron but that main.ts chooses: core, stores, cipher, gateway. */
export interface ShellWiring {
  createCore: CoreFactory;
  storeFactory: KeyValueStoreFactory;
  /** Called after app ready (safeStorage reports its Linux backend only then). */
  createCipher: (safeStorage: SafeStorage) => Promise<SecretCipher | null>;
  createGateway: (options: { logger: Logger; appVersion: string }) => TelegramGateway;
  cwd: string;
  platform: string;
  /** Where messages go before the log file exists (bad arguments). */
  reportError: (message: string) => void;
}

/** The running app, returned for tests and for main.ts. */
export interface ShellHandle {
  core: ShellCore;
  window(): BrowserWindow | null;
  logger: Logger;
}

/** electron-builder.yml's appId, which the NSIS installer registers for the shortcuts. */
export const APP_USER_MODEL_ID = 'app.gramdeck.desktop';

/** How long a clean shutdown may take before the app quits anyway. */
export const STOP_TIMEOUT_MS = 5000;

/**
 * Must run before `app` is ready: a standard, secure scheme gets a real origin and `'self'`;
 * `codeCache` (which needs `standard`) lets V8's code cache keep the compiled renderer between
 * launches, as it does for http(s) pages.
 */
export function registerAppScheme(protocol: ElectronDeps['protocol']): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

export async function startApp(
  electron: ElectronDeps,
  argv: readonly string[],
  wiring: ShellWiring,
): Promise<ShellHandle | null> {
  const { app } = electron;

  // --- Before ready: everything here must stay synchronous. ---------------------------------
  const parsed = parseShellArgs(argv, wiring.cwd);
  if (!parsed.ok) {
    wiring.reportError(parsed.message);
    app.exit(2);
    return null;
  }
  const dataDir = parsed.args.dataDir ?? app.getPath('userData');
  const opened = openDataDir(dataDir, {
    owner: 'desktop app',
    hasStderrLog: !app.isPackaged,
    logFields: { process: 'main' },
  });
  app.setPath('userData', dataDir);
  const { logger } = opened;

  // Two copies on one data folder would use the same sessions at once (AUTH_KEY_DUPLICATED).
  if (!app.requestSingleInstanceLock()) {
    logger.log('info', 'Another Gramdeck is running on this data folder; handing over to it');
    app.quit();
    return null;
  }

  let sandboxProfile: ServerProfile | null = null;
  if (parsed.args.serverProfilePath !== null) {
    const profile = loadServerProfileFile(parsed.args.serverProfilePath);
    if (!profile.ok) {
      wiring.reportError(profile.message);
      app.exit(2);
      return null;
    }
    sandboxProfile = profile.profile;
  }

  app.enableSandbox();
  registerAppScheme(electron.protocol);
  // Windows shows notifications and groups taskbar buttons by this id (the installer's appId).
  if (wiring.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, {
      openExternal: (url) => electron.shell.openExternal(url),
      confirmExternal: (url) => confirmLink(url),
      logger,
    });
  });

  let mainWindow: BrowserWindow | null = null;
  let tray: TrayController | null = null;
  let isQuitting = false;
  let settings: Settings | null = null;
  /** A link in a message leaves the app only when the user says so, having seen where to. */
  const confirmLink = async (url: string): Promise<boolean> => {
    const options = {
      type: 'question' as const,
      buttons: ['Open in browser', 'Cancel'],
      defaultId: 0,
      cancelId: 1,
      noLink: true,
      message: 'Open this link in your browser?',
      detail: url,
    };
    const { response } =
      mainWindow !== null && !mainWindow.isDestroyed()
        ? await electron.dialog.showMessageBox(mainWindow, options)
        : await electron.dialog.showMessageBox(options);
    return response === 0;
  };
  const windowContents = (): WebContents | null =>
    mainWindow !== null && !mainWindow.isDestroyed() ? mainWindow.webContents : null;

  app.on('second-instance', () => {
    showWindow();
  });
  app.on('before-quit', () => {
    isQuitting = true;
  });

  // The single-instance lock above only sees other desktop copies; this one also sees a web host
  // on the same folder. A refusal names the other process and ends in main.ts's error box.
  const lock = await opened.lock();

  // --- Ready -----------------------------------------------------------------------------------
  await app.whenReady();
  logger.log('info', 'Gramdeck starting', {
    version: app.getVersion(),
    platform: wiring.platform,
    isPackaged: app.isPackaged,
    hasServerProfile: sandboxProfile !== null,
  });

  guardSession(electron.session.defaultSession, { logger, isPackaged: app.isPackaged });
  const rendererDir = join(app.getAppPath(), 'out', 'renderer');
  electron.protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));

  const updater = createElectronUpdaterPort({
    autoUpdater: electron.autoUpdater,
    isPackaged: app.isPackaged,
    logger,
  });
  let cipher: SecretCipher | null = null;
  try {
    cipher = await wiring.createCipher(electron.safeStorage);
  } catch {
    logger.log('warn', 'The OS keychain is not available');
  }
  const core = await wiring
    .createCore({
      dataDir,
      transport: 'electron',
      app: { version: app.getVersion(), platform: wiring.platform, isPackaged: app.isPackaged },
      storeFactory: wiring.storeFactory,
      cipher,
      gateway: wiring.createGateway({ logger, appVersion: app.getVersion() }),
      sandboxProfile,
      updater,
      logger,
      isTrustedSender,
    })
    .catch(async (error: unknown) => {
      await lock.release();
      throw error;
    });

  const unbindIpc = bindIpc({
    ipcMain: electron.ipcMain,
    router: core.router,
    windowContents,
    logger,
  });
  const stopForwarding = forwardEvents(core.events, windowContents);

  function createWindow(): BrowserWindow {
    const window = createMainWindow({
      BrowserWindow: electron.BrowserWindow,
      screen: electron.screen,
      preloadPath: join(app.getAppPath(), 'out', 'preload', 'index.cjs'),
      dataDir,
      isPackaged: app.isPackaged,
      logger,
      shouldHideOnClose: () =>
        shouldHideOnClose({
          closeToTray: settings?.closeToTray ?? false,
          isQuitting,
          hasTray: tray !== null,
        }),
    });
    window.on('show', () => tray?.refresh());
    window.on('hide', () => tray?.refresh());
    // A window hidden to the tray keeps its logins; a closed one ends them (auth.cancelCode).
    const detach = core.attachWindow();
    window.on('closed', () => {
      mainWindow = null;
      detach();
    });
    return window;
  }

  function showWindow(): void {
    if (mainWindow === null || mainWindow.isDestroyed()) {
      mainWindow = createWindow();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  }

  mainWindow = createWindow();

  try {
    tray = createTrayController(
      {
        app,
        Tray: electron.Tray,
        Menu: electron.Menu,
        nativeImage: electron.nativeImage,
        Notification: electron.Notification,
        platform: wiring.platform,
        logger,
      },
      {
        isWindowVisible: () =>
          mainWindow !== null && !mainWindow.isDestroyed() && mainWindow.isVisible(),
        toggleWindow: () => {
          if (mainWindow !== null && !mainWindow.isDestroyed() && mainWindow.isVisible())
            mainWindow.hide();
          else showWindow();
        },
        showWindow,
        lock: () => {
          core.lock().catch(() => {
            logger.log('error', 'Locking from the tray failed');
          });
        },
        switchAccount: (accountId) => {
          showWindow();
          core.switchAccount(accountId).catch(() => {
            logger.log('warn', 'Switching the account from the tray failed');
          });
        },
        quit: () => {
          app.quit();
        },
        window: () => mainWindow,
      },
      Date.now,
    );
  } catch {
    // Some Linux desktops have no status area; the app works without a tray.
    logger.log('warn', 'No tray icon on this desktop; close-to-tray is off');
    tray = null;
  }

  const stopSettings = core.on('settings:changed', (next) => {
    settings = next;
  });
  // A long list comes as patches (issue 17): the tray folds each into the list it holds.
  let trayAccounts: AccountsState | null = null;
  const stopAccounts = core.on('accounts:changed', (change) => {
    trayAccounts = applyAccountsChange(trayAccounts, change);
    if (trayAccounts) tray?.setAccounts(trayAccounts.accounts, trayAccounts.activeAccountId);
  });
  const stopNotifying = core.onLoginCode((notice) => {
    tray?.notifyLoginCode(notice, settings?.notifyLoginCodes ?? false);
  });
  // Message notifications (issue 16): core decides; a click shows the window at the chat.
  const notifier = createMessageNotifier(
    { Notification: electron.Notification, logger },
    {
      openChat: (accountId, chatId) => {
        showWindow();
        core.openChat(accountId, chatId).catch(() => {
          logger.log('warn', 'Opening the chat of a notification failed');
        });
      },
    },
  );
  const stopAlerts = core.on('alerts:changed', (notification) => {
    notifier.show(notification);
  });
  const stopClosingAtLock = core.on('vault:changed', (status) => {
    if (status.isLocked) notifier.closeAll();
  });

  settings ??= core.settings();

  let isStopped = false;
  app.on('will-quit', (event) => {
    if (isStopped) return;
    event.preventDefault();
    isStopped = true;
    logger.log('info', 'Gramdeck stopping');
    stopSettings();
    stopAccounts();
    stopNotifying();
    stopAlerts();
    stopClosingAtLock();
    notifier.closeAll();
    stopForwarding();
    unbindIpc();
    tray?.destroy();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref());
    Promise.race([core.stop(), timeout])
      .catch(() => {
        logger.log('error', 'Core did not stop cleanly');
      })
      .then(() => lock.release())
      .catch(() => {
        logger.log('error', 'Could not remove the data folder lock');
      })
      .finally(() => {
        app.quit();
      });
  });
  app.on('window-all-closed', () => {
    if (wiring.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    showWindow();
  });

  try {
    await core.start();
    trayAccounts = core.accounts();
    if (trayAccounts !== null)
      tray?.setAccounts(trayAccounts.accounts, trayAccounts.activeAccountId);
  } catch {
    logger.log('error', 'Core failed to start');
  }

  return { core, window: () => mainWindow, logger };
}
