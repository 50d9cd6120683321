/**
 * Opening a data directory, the same way for both roots (the desktop app's startApp and the web
 * host's CLI): the folder, owner-only; the log, `logs/gramdeck.log`; and the lock that keeps a
 * second Gramdeck off the folder.
 */
import { mkdirSync } from 'node:fs';
import { createLogger, fileSink, stderrSink, teeSink, type LogSink } from '../logging';
import { logFile } from '../paths';
import type { LogFields, Logger, LogLevel } from '../ports';
import { DIR_MODE } from '../vault/atomic-file';
import { acquireDataDirLock, type DataDirLock, type LockOwner } from './data-dir-lock';

export interface OpenDataDirOptions {
  /** Who takes the lock, so that a refused second copy can name it. */
  owner: LockOwner;
  /** Whether log lines also go to stderr (the web host always; the desktop app unpackaged). */
  hasStderrLog: boolean;
  /** Fields on every log line, e.g. `{ process: 'main' }`. */
  logFields?: LogFields;
  /** Where `GRAMDECK_LOG_LEVEL` is read (default: this process's environment). */
  env?: NodeJS.ProcessEnv;
}

export interface OpenedDataDir {
  readonly dir: string;
  readonly logger: Logger;
  /**
   * Takes the data-dir lock. It is a step of its own because the desktop app must first ask
   * Electron for its single-instance lock (and hand a second launch over to the first window)
   * with the logger already writing. A refusal is logged, then thrown: an `AppFailure` naming
   * the other process.
   */
  lock(): Promise<DataDirLock>;
}

const logLevels: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** The lowest level logged: `GRAMDECK_LOG_LEVEL` when it names a level, else `info`. */
export function logLevelFromEnv(env: NodeJS.ProcessEnv): LogLevel {
  return logLevels.find((level) => level === env.GRAMDECK_LOG_LEVEL) ?? 'info';
}

/**
 * Creates `dir` (mode 0700, with any missing parent) and its logger, synchronously, so that the
 * desktop app can do it before Electron is ready. The lock is taken by `lock()`.
 */
export function openDataDir(dir: string, options: OpenDataDirOptions): OpenedDataDir {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  const sinks: LogSink[] = [fileSink(logFile(dir))];
  if (options.hasStderrLog) sinks.push(stderrSink);
  const logger = createLogger(teeSink(...sinks), {
    minLevel: logLevelFromEnv(options.env ?? process.env),
    fields: options.logFields ?? {},
  });
  return {
    dir,
    logger,
    lock: () =>
      acquireDataDirLock(dir, options.owner).catch((error: unknown) => {
        logger.log('warn', 'Another Gramdeck holds this data folder; not starting');
        throw error;
      }),
  };
}
