import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import type { LogFields, Logger, LogLevel } from './ports';

/** One log line as written: JSON with a time, a level, a message and flat fields. */
export interface LogRecord extends LogFields {
  time: string;
  level: LogLevel;
  message: string;
}

export type LogSink = (record: LogRecord) => void;

const levelRank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A structured logger writing to `sink`. Lines below `minLevel` are dropped. */
export function createLogger(
  sink: LogSink,
  options: { minLevel?: LogLevel; fields?: LogFields; now?: () => number } = {},
): Logger {
  const minRank = levelRank[options.minLevel ?? 'info'];
  const now = options.now ?? Date.now;
  const base = options.fields ?? {};
  return {
    log(level, message, fields) {
      if (levelRank[level] < minRank) return;
      sink({ ...base, ...fields, time: new Date(now()).toISOString(), level, message });
    },
    child(fields) {
      return createLogger(sink, { ...options, fields: { ...base, ...fields } });
    },
  };
}

/** How large the log file may grow before it is rotated, and how many older files are kept. */
export interface LogRotation {
  maxBytes: number;
  keep: number;
}

export const defaultLogRotation: LogRotation = { maxBytes: 5 * 1024 * 1024, keep: 3 };

/** The name of the `index`-th older log: `gramdeck.log` -> `gramdeck.1.log`. */
export function rotatedLogFile(file: string, index: number): string {
  const extension = extname(file);
  return `${file.slice(0, file.length - extension.length)}.${index}${extension}`;
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * Appends JSON lines to `file`, creating its folder; the files are readable by their owner only.
 * When the next line would take the file past `maxBytes`, it becomes `<name>.1<ext>` (the older
 * ones move up, the oldest beyond `keep` is dropped) and a new file starts. The size is tracked
 * in memory, so a line costs no extra system call; writes are synchronous, so lines from one
 * process never interleave. Before rotating, the real size is read once: another sink on the
 * same file may have rotated it already.
 */
export function fileSink(file: string, rotation: LogRotation = defaultLogRotation): LogSink {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  let size = fileSize(file);

  const rotate = () => {
    for (let index = rotation.keep; index >= 1; index -= 1) {
      const from = index === 1 ? file : rotatedLogFile(file, index - 1);
      try {
        renameSync(from, rotatedLogFile(file, index));
      } catch {
        // A missing older file is normal; anything else only costs old log lines.
      }
    }
    if (rotation.keep < 1) rmSync(file, { force: true });
  };

  return (record) => {
    const line = `${JSON.stringify(record)}\n`;
    const length = Buffer.byteLength(line);
    try {
      if (size > 0 && size + length > rotation.maxBytes) {
        size = fileSize(file);
        if (size > 0 && size + length > rotation.maxBytes) {
          rotate();
          size = 0;
        }
      }
      appendFileSync(file, line, { mode: 0o600 });
      size += length;
    } catch {
      // Logging must never take the app down; a full disk loses log lines, nothing else.
    }
  };
}

/** Writes JSON lines to stderr, for the web host and the CLI tools. */
export const stderrSink: LogSink = (record) => {
  process.stderr.write(`${JSON.stringify(record)}\n`);
};

/** Sends each record to every sink. */
export function teeSink(...sinks: LogSink[]): LogSink {
  return (record) => {
    for (const sink of sinks) sink(record);
  };
}

/** The system clock. */
export const systemClock = { now: () => Date.now() };
