import type { Logger } from '../core/ports';

/**
 * Keeps the web host serving after an error that no handler caught: a rejected promise or an
 * exception thrown from a callback is logged (name, message and a few stack frames, never the
 * values involved) instead of ending the process and every account's connection with it.
 */
export function logUncaughtErrors(target: NodeJS.EventEmitter, logger: Logger): void {
  target.on('unhandledRejection', (reason: unknown) => {
    logger.log('error', 'Unhandled promise rejection', describeCrash(reason));
  });
  target.on('uncaughtException', (error: unknown) => {
    logger.log('error', 'Uncaught exception', describeCrash(error));
  });
}

function describeCrash(value: unknown): { error: string; frames?: string } {
  if (!(value instanceof Error)) return { error: `a thrown ${typeof value}` };
  const frames = (value.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, 5)
    .map((line) => line.trim())
    .join(' | ');
  return { error: `${value.name}: ${value.message}`, frames };
}
