/** The main window: secure options, remembered bounds, close-to-tray. */
import type { BrowserWindow, Screen } from 'electron';
import type { Logger } from '../core/ports';
import { APP_ENTRY_URL, buildWindowOptions, MIN_WINDOW_SIZE } from './security';
import {
  clampWindowBounds,
  loadWindowState,
  saveWindowState,
  type Rectangle,
} from './window-state';

/** Closing the window hides it only when the user asked for that and a tray icon exists. */
export function shouldHideOnClose(input: {
  closeToTray: boolean;
  isQuitting: boolean;
  hasTray: boolean;
}): boolean {
  return input.closeToTray && input.hasTray && !input.isQuitting;
}

/** The displays' work areas, the primary display first. */
export function workAreas(
  screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay'>,
): Rectangle[] {
  const primary = screen.getPrimaryDisplay();
  const others = screen.getAllDisplays().filter((display) => display.id !== primary.id);
  return [primary, ...others].map((display) => display.workArea);
}

export interface MainWindowOptions {
  BrowserWindow: typeof BrowserWindow;
  screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay'>;
  preloadPath: string;
  dataDir: string;
  isPackaged: boolean;
  logger: Logger;
  /** Asked on every close: hide instead of closing? */
  shouldHideOnClose: () => boolean;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const log = options.logger.child({ scope: 'window' });
  const saved = loadWindowState(options.dataDir);
  const bounds = clampWindowBounds(
    saved?.bounds ?? null,
    workAreas(options.screen),
    MIN_WINDOW_SIZE,
  );
  const window = new options.BrowserWindow(
    buildWindowOptions({
      preloadPath: options.preloadPath,
      bounds,
      isPackaged: options.isPackaged,
    }),
  );
  if (saved?.isMaximized === true) window.maximize();

  const save = () => {
    if (window.isDestroyed()) return;
    try {
      saveWindowState(options.dataDir, {
        bounds: window.getNormalBounds(),
        isMaximized: window.isMaximized(),
      });
    } catch {
      log.log('warn', 'Could not save the window position');
    }
  };

  window.once('ready-to-show', () => {
    window.show();
  });
  window.on('close', (event) => {
    save();
    if (options.shouldHideOnClose()) {
      event.preventDefault();
      window.hide();
    }
  });
  window.webContents.on('render-process-gone', (_event, details) => {
    log.log('error', 'The renderer process is gone', { reason: details.reason });
  });
  void window.loadURL(APP_ENTRY_URL).catch(() => {
    log.log('error', 'The app page failed to load');
  });
  return window;
}
