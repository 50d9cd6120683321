/**
 * The update state machine. It drives an `UpdaterPort` (electron-updater in a packaged app) and
 * turns its events into the `UpdateState` the renderer shows:
 *
 *   idle → checking → available → downloading → downloaded → (install: quit and install)
 *                   ↘ not-available          ↘ error (from any step; a later check recovers)
 *   disabled: no port, or the port says updates cannot work here (development, unpackaged runs).
 *
 * Downloads never start by themselves: the user chooses when. Every transition is logged and
 * pushed as `update:changed`.
 */
import { failure } from '../../shared/error-words';
import type {
  Clock,
  Logger,
  SettingsReader,
  Timers,
  UpdateState,
  UpdaterEvent,
  UpdaterPort,
} from '../ports';
import { repeat, systemTimers } from '../timers';

export const DEFAULT_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

export interface UpdateServiceOptions {
  port: UpdaterPort | null;
  settings: SettingsReader;
  logger: Logger;
  clock: Clock;
  checkIntervalMs?: number;
  /** Defaults to the system timers, which never keep the process alive just to check. */
  timers?: Timers;
}

export interface UpdateService {
  getState(): UpdateState;
  /** Checks now (unless a check or download is running, or an update is ready). */
  check(): Promise<UpdateState>;
  /** Downloads the available update. */
  download(): Promise<UpdateState>;
  /** Quits and installs the downloaded update. */
  install(): void;
  /** Applies the channel setting, checks once and then every `checkIntervalMs`. */
  start(): void;
  stop(): void;
  /** Called with every new state. */
  onChange(listener: (state: UpdateState) => void): () => void;
}

/** Longest error message kept: updater errors can carry whole HTTP bodies. */
const MAX_MESSAGE = 300;

export function sanitizeUpdateMessage(message: string): string {
  const firstLine = message.split(/\r?\n/)[0]?.trim() ?? '';
  const text = firstLine === '' ? 'The update failed.' : firstLine;
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text;
}

export function createUpdateService(options: UpdateServiceOptions): UpdateService {
  const { port, settings, clock } = options;
  const log = options.logger.child({ scope: 'updater' });
  const interval = options.checkIntervalMs ?? DEFAULT_CHECK_INTERVAL_MS;
  const timers = options.timers ?? systemTimers;

  const disabledReason =
    port === null ? 'Updates are not available in this build.' : port.disabledReason;
  let state: UpdateState =
    disabledReason !== null
      ? { kind: 'disabled', reason: disabledReason }
      : { kind: 'idle', lastCheckedAt: null };
  /** The version being offered, kept for the downloading state. */
  let offered: { version: string; notes: string | null } | null = null;
  let checkInFlight: Promise<UpdateState> | null = null;
  const stops: (() => void)[] = [];
  const listeners = new Set<(state: UpdateState) => void>();
  let unsubscribePort: (() => void) | null = null;

  /** Listens to the port from the first use until `stop()`. */
  function listen(activePort: UpdaterPort): void {
    unsubscribePort ??= activePort.onEvent(onPortEvent);
  }

  function transition(next: UpdateState): void {
    const previous = state;
    state = next;
    // Progress events arrive many times a second: log their start, not each tick.
    if (!(previous.kind === 'downloading' && next.kind === 'downloading')) {
      log.log(next.kind === 'error' ? 'warn' : 'info', 'Update state changed', {
        from: previous.kind,
        to: next.kind,
        version: 'version' in next ? next.version : undefined,
        message: next.kind === 'error' ? next.message : undefined,
      });
    }
    for (const listener of [...listeners]) listener(next);
  }

  function onPortEvent(event: UpdaterEvent): void {
    if (state.kind === 'disabled') return;
    switch (event.kind) {
      case 'checking':
        if (state.kind !== 'checking') transition({ kind: 'checking' });
        return;
      case 'available':
        offered = { version: event.version, notes: event.notes };
        transition({ kind: 'available', version: event.version, notes: event.notes });
        return;
      case 'not-available':
        offered = null;
        transition({ kind: 'not-available', checkedAt: clock.now() });
        return;
      case 'progress':
        transition({
          kind: 'downloading',
          version: offered?.version ?? 'unknown',
          percent: Math.max(0, Math.min(100, event.percent)),
          bytesPerSecond: Math.max(0, event.bytesPerSecond),
        });
        return;
      case 'downloaded':
        offered = { version: event.version, notes: event.notes };
        transition({ kind: 'downloaded', version: event.version, notes: event.notes });
        return;
      case 'error': {
        const message = sanitizeUpdateMessage(event.message);
        if (state.kind === 'error' && state.message === message) return;
        transition({ kind: 'error', message });
        return;
      }
    }
  }

  function fail(error: unknown): void {
    const message = sanitizeUpdateMessage(error instanceof Error ? error.message : String(error));
    if (state.kind === 'error' && state.message === message) return;
    transition({ kind: 'error', message });
  }

  async function runCheck(activePort: UpdaterPort): Promise<UpdateState> {
    transition({ kind: 'checking' });
    try {
      await activePort.checkForUpdates();
      // The port reports the outcome through events; if it stayed silent, the check is over.
      if (state.kind === 'checking') transition({ kind: 'idle', lastCheckedAt: clock.now() });
    } catch (error) {
      fail(error);
    }
    return state;
  }

  const service: UpdateService = {
    getState: () => state,

    check() {
      if (port === null || state.kind === 'disabled') return Promise.resolve(state);
      if (checkInFlight !== null) return checkInFlight;
      if (state.kind === 'downloading' || state.kind === 'downloaded') {
        return Promise.resolve(state);
      }
      listen(port);
      checkInFlight = runCheck(port).finally(() => {
        checkInFlight = null;
      });
      return checkInFlight;
    },

    async download() {
      if (port === null || state.kind === 'disabled') {
        throw failure('UNAVAILABLE', { message: disabledReason ?? 'Updates are not available.' });
      }
      if (state.kind === 'downloading' || state.kind === 'downloaded') return state;
      if (state.kind !== 'available') {
        throw failure('UPDATE_ERROR', {
          message: 'There is no update to download. Check for updates first.',
        });
      }
      listen(port);
      transition({ kind: 'downloading', version: state.version, percent: 0, bytesPerSecond: 0 });
      try {
        await port.downloadUpdate();
      } catch (error) {
        fail(error);
      }
      return state;
    },

    install() {
      if (port === null || state.kind === 'disabled') {
        throw failure('UNAVAILABLE', { message: disabledReason ?? 'Updates are not available.' });
      }
      if (state.kind !== 'downloaded') {
        throw failure('UPDATE_ERROR', { message: 'The update has not been downloaded yet.' });
      }
      log.log('info', 'Quitting to install the update', { version: state.version });
      port.quitAndInstall();
    },

    start() {
      if (port === null || state.kind === 'disabled') {
        log.log('info', 'Updates are disabled', { reason: disabledReason });
        return;
      }
      const activePort = port;
      listen(activePort);
      activePort.setChannel(settings.get().updateChannel);
      let channel = settings.get().updateChannel;
      stops.push(
        settings.onChange((next) => {
          if (next.updateChannel === channel) return;
          channel = next.updateChannel;
          log.log('info', 'Update channel changed', { channel });
          activePort.setChannel(channel);
          void service.check();
        }),
      );
      stops.push(repeat(timers, () => void service.check(), interval));
      void service.check();
    },

    stop() {
      for (const stopOne of stops.splice(0)) stopOne();
      unsubscribePort?.();
      unsubscribePort = null;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return service;
}
