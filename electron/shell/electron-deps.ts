import type {
  App,
  BrowserWindow,
  Dialog,
  IpcMain,
  Menu,
  nativeImage,
  Notification,
  Protocol,
  SafeStorage,
  Screen,
  session,
  Shell,
  Tray,
} from 'electron';
import type { AutoUpdaterLike } from './updater';

/**
 * Every Electron capability the shell uses, passed in by main.ts. Nothing else in the shell
 * imports `electron` at runtime, so all of it runs in Node tests against recording fakes.
 */
export interface ElectronDeps {
  app: App;
  BrowserWindow: typeof BrowserWindow;
  ipcMain: IpcMain;
  protocol: Protocol;
  session: typeof session;
  shell: Shell;
  Tray: typeof Tray;
  Menu: typeof Menu;
  nativeImage: typeof nativeImage;
  safeStorage: SafeStorage;
  screen: Screen;
  Notification: typeof Notification;
  /** Asks before a link in a message opens in the browser. */
  dialog: Dialog;
  /** electron-updater's autoUpdater, created on first use (packaged builds only). */
  autoUpdater: () => AutoUpdaterLike;
}
