/**
 * The electron-updater adapter behind core's `UpdaterPort`. It takes electron-updater's
 * `autoUpdater` as a parameter (main.ts passes the real one) and maps its events to plain data.
 */
import type { Logger, UpdaterEvent, UpdaterPort } from '../core/ports';
import type { UpdateChannel } from '../shared/dto';

/** The part of electron-updater's `AppUpdater` the adapter uses. */
export interface AutoUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowPrerelease: boolean;
  allowDowngrade: boolean;
  fullChangelog: boolean;
  channel: string | null;
  logger: UpdaterLibraryLogger | null;
  on(event: string, listener: (...args: never[]) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

/** electron-updater's logger interface. */
export interface UpdaterLibraryLogger {
  info(message?: unknown): void;
  warn(message?: unknown): void;
  error(message?: unknown): void;
  debug?(message: string): void;
}

interface UpdateInfoLike {
  version?: unknown;
  releaseNotes?: unknown;
}

const MAX_NOTES = 20_000;

/**
 * Release notes as plain text. GitHub releases deliver HTML; the renderer shows text only, so
 * tags are dropped and the common entities decoded.
 */
export function releaseNotesToText(notes: unknown): string | null {
  let text: string;
  if (typeof notes === 'string') {
    text = notes;
  } else if (Array.isArray(notes)) {
    text = notes
      .map((entry: unknown) => {
        if (typeof entry !== 'object' || entry === null) return '';
        const { version, note } = entry as { version?: unknown; note?: unknown };
        const body = typeof note === 'string' ? note : '';
        return typeof version === 'string' ? `${version}\n${body}` : body;
      })
      .join('\n\n');
  } else {
    return null;
  }
  const plain = text
    .replace(/<\s*(br|\/p|\/li|\/h[1-6])\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (plain === '') return null;
  return plain.length > MAX_NOTES ? `${plain.slice(0, MAX_NOTES - 1)}…` : plain;
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'string') return value;
  // JSON.stringify returns undefined for functions and symbols, despite its declared type.
  const json = JSON.stringify(value) as string | undefined;
  return json ?? String(value);
}

/** Routes electron-updater's own log lines into the app log. */
export function toUpdaterLibraryLogger(logger: Logger): UpdaterLibraryLogger {
  const line = (level: 'debug' | 'info' | 'warn' | 'error') => (message?: unknown) => {
    logger.log(level, describe(message).slice(0, 1000));
  };
  return { info: line('info'), warn: line('warn'), error: line('error'), debug: line('debug') };
}

export interface ElectronUpdaterPortOptions {
  /** electron-updater's autoUpdater, created only when updates can work (a packaged app). */
  autoUpdater: () => AutoUpdaterLike;
  isPackaged: boolean;
  logger: Logger;
  /** For tests and self-hosting checks: force updates off with this reason. */
  disabledReason?: string | null;
}

export function createElectronUpdaterPort(options: ElectronUpdaterPortOptions): UpdaterPort {
  const log = options.logger.child({ scope: 'electron-updater' });
  const disabledReason =
    options.disabledReason ??
    (options.isPackaged
      ? null
      : 'Updates are off in development builds (the app is not packaged).');
  if (disabledReason !== null) return disabledPort(disabledReason);

  const autoUpdater = options.autoUpdater();
  // The user decides when to download; a downloaded update installs on the next quit.
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.allowDowngrade = false;
  autoUpdater.allowPrerelease = false;
  autoUpdater.fullChangelog = false;
  autoUpdater.logger = toUpdaterLibraryLogger(log);

  return {
    disabledReason: null,
    setChannel(channel: UpdateChannel) {
      // GitHub releases mark betas as prereleases; a generic (self-hosted) server has
      // latest.yml and beta.yml, picked by `channel`. Setting `channel` turns allowDowngrade
      // on inside electron-updater, so it is turned off again afterwards: going back to stable
      // waits for the next stable release instead of installing an older version.
      autoUpdater.allowPrerelease = channel === 'beta';
      autoUpdater.channel = channel === 'beta' ? 'beta' : 'latest';
      autoUpdater.allowDowngrade = false;
    },
    async checkForUpdates() {
      await autoUpdater.checkForUpdates();
    },
    async downloadUpdate() {
      await autoUpdater.downloadUpdate();
    },
    quitAndInstall() {
      autoUpdater.quitAndInstall(false, true);
    },
    onEvent(listener: (event: UpdaterEvent) => void) {
      const info = (value: unknown) => {
        const { version, releaseNotes } = (value ?? {}) as UpdateInfoLike;
        return {
          version: typeof version === 'string' ? version : 'unknown',
          notes: releaseNotesToText(releaseNotes),
        };
      };
      const handlers: [string, (...args: never[]) => void][] = [
        [
          'checking-for-update',
          () => {
            listener({ kind: 'checking' });
          },
        ],
        [
          'update-available',
          (value: unknown) => {
            listener({ kind: 'available', ...info(value) });
          },
        ],
        [
          'update-not-available',
          () => {
            listener({ kind: 'not-available' });
          },
        ],
        [
          'download-progress',
          (progress: { percent?: unknown; bytesPerSecond?: unknown }) => {
            listener({
              kind: 'progress',
              percent: typeof progress.percent === 'number' ? progress.percent : 0,
              bytesPerSecond:
                typeof progress.bytesPerSecond === 'number' ? progress.bytesPerSecond : 0,
            });
          },
        ],
        [
          'update-downloaded',
          (value: unknown) => {
            listener({ kind: 'downloaded', ...info(value) });
          },
        ],
        [
          'error',
          (error: unknown) => {
            listener({ kind: 'error', message: describe(error) });
          },
        ],
      ];
      for (const [event, handler] of handlers) autoUpdater.on(event, handler);
      return () => {
        for (const [event, handler] of handlers) autoUpdater.removeListener(event, handler);
      };
    },
  };
}

/** A port that never touches electron-updater: development builds and unsupported setups. */
function disabledPort(reason: string): UpdaterPort {
  return {
    disabledReason: reason,
    setChannel() {
      // Nothing to configure.
    },
    checkForUpdates: () => Promise.resolve(),
    downloadUpdate: () => Promise.resolve(),
    quitAndInstall() {
      // Nothing to install.
    },
    onEvent: () => () => undefined,
  };
}
