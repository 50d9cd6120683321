import { createLogger, type LogRecord } from '../../electron/core/logging';
import type { LogFields, Logger, LogLevel } from '../../electron/core/ports';

/** A logger that keeps every line (debug included) in memory, for assertions and leak checks. */
export function createRecordingLogger(): Logger & { records: LogRecord[]; text(): string } {
  const records: LogRecord[] = [];
  const logger = createLogger((record) => records.push(record), { minLevel: 'debug' });
  return Object.assign(logger, {
    records,
    text: () => records.map((r) => JSON.stringify(r)).join('\n'),
  });
}

export interface LogLine {
  level: LogLevel;
  message: string;
  fields: LogFields;
}

/** A logger that appends every line (debug included) to `lines`, its fields apart. */
export function memoryLogger(lines: LogLine[] = []): Logger {
  return createLogger(
    ({ time: _time, level, message, ...fields }) => {
      lines.push({ level, message, fields });
    },
    { minLevel: 'debug' },
  );
}

/** A logger that drops every line, for runs that check outcomes, not logs. */
export const silentLogger: Logger = createLogger(() => undefined, { minLevel: 'error' });
