import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
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

/** Appends JSON lines to `file`, creating its folder; the file is readable by its owner only. */
export function fileSink(file: string): LogSink {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  return (record) => {
    try {
      appendFileSync(file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
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
