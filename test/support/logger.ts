import { createLogger, type LogRecord } from '../../electron/core/logging';
import type { Logger } from '../../electron/core/ports';

/** A logger that keeps every line (debug included) in memory, for assertions and leak checks. */
export function createRecordingLogger(): Logger & { records: LogRecord[]; text(): string } {
  const records: LogRecord[] = [];
  const logger = createLogger((record) => records.push(record), { minLevel: 'debug' });
  return Object.assign(logger, {
    records,
    text: () => records.map((r) => JSON.stringify(r)).join('\n'),
  });
}
