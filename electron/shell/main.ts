/**
 * The Electron entry point: passes the real Electron objects and the chosen adapters to the
 * composition root. Nothing else in the app imports `electron` at runtime.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
} from 'electron';
import ElectronStore from 'electron-store';
// Named, not default: electron-updater is TypeScript-compiled CommonJS with no default export.
import { autoUpdater } from 'electron-updater';
import { createGramdeckCore } from '../core/app';
import { createGramJsGateway } from '../telegram';
import { startApp } from './app-main';
import { createElectronStoreFactory } from './electron-store-factory';
import { createSafeStorageCipher } from './safe-storage-cipher';

void startApp(
  {
    app,
    BrowserWindow,
    ipcMain,
    Menu,
    nativeImage,
    Notification,
    dialog,
    protocol,
    safeStorage,
    // Read on first use, after ready: the screen module cannot be created before.
    get screen() {
      return screen;
    },
    session,
    shell,
    Tray,
    // Created on first use, and only in packaged builds.
    autoUpdater: () => autoUpdater,
  },
  process.argv.slice(1),
  {
    createCore: createGramdeckCore,
    storeFactory: createElectronStoreFactory(ElectronStore),
    createCipher: (safeStorage) => createSafeStorageCipher(safeStorage),
    createGateway: ({ logger, appVersion }) =>
      createGramJsGateway({
        logger,
        appVersion,
        deviceModel: 'Gramdeck (desktop)',
        isHandshakeWorkerWarm: true,
      }),
    cwd: process.cwd(),
    platform: process.platform,
    reportError: (message) => process.stderr.write(`gramdeck: ${message}\n`),
  },
).catch((error: unknown) => {
  // A failure before the window exists would otherwise leave a process with no UI.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`gramdeck: failed to start: ${message}\n`);
  dialog.showErrorBox('Gramdeck could not start', message);
  app.exit(1);
});
