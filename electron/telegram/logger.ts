/**
 * GramJS's logger, routed to ours. GramJS also writes errors with `console.error` wherever
 * `canSend('error')` is true; the level NONE turns all of those off, and the overrides below
 * forward warnings and errors (redacted) to the app log instead. Info and debug lines are
 * dropped: they are per-packet chatter.
 */
import { Logger as GramLogger } from 'telegram';
import { LogLevel } from 'telegram/extensions/Logger';
import type { Logger } from '../core/ports';
import { redact } from './errors';

export class RoutedGramLogger extends GramLogger {
  readonly #target: Logger;
  #isMuted = false;

  constructor(target: Logger) {
    super(LogLevel.NONE);
    this.#target = target;
  }

  /** Drops every later line: a destroyed client's teardown chatter is noise. */
  mute(): void {
    this.#isMuted = true;
  }

  override warn(message: string): void {
    if (this.#isMuted) return;
    this.#target.log('debug', `gramjs: ${redact(message).slice(0, 300)}`);
  }

  override error(message: string): void {
    if (this.#isMuted) return;
    this.#target.log('warn', `gramjs: ${redact(message).slice(0, 300)}`);
  }

  override info(): void {}

  override debug(): void {}
}
