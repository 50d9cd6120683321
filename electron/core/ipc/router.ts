import type { z } from 'zod';
import { channels, isChannel, type Handlers } from '../../shared/contract';
import { isAppFailure, type AppError, type Envelope } from '../../shared/errors';
import type { Logger } from '../ports';
import { channelLockPolicy, lockedFailure } from './lock-policy';

/** Who made a call, as far as the transport can tell. */
export interface SenderInfo {
  transport: 'electron' | 'web';
  /** The URL of the calling frame (Electron) or the page origin (web host). */
  url: string | null;
}

export interface RouterOptions {
  handlers: Handlers;
  logger: Logger;
  /** The transport's own check of the calling frame; calls from anything else are refused. */
  isTrustedSender: (sender: SenderInfo) => boolean;
  /**
   * Whether the app is locked now; while it is, channels `channelLockPolicy` marks `'unlocked'`
   * answer `LOCKED` before their argument is read. The composition root always passes it;
   * routers built without it (transport tests) are never locked.
   */
  isLocked?: () => boolean;
}

/** The transport-agnostic IPC router: validate, dispatch, and answer with an envelope. */
export interface Router {
  dispatch(channel: unknown, payload: unknown, sender: SenderInfo): Promise<Envelope<unknown>>;
}

const fail = (error: AppError): Envelope<never> => ({ ok: false, error });

/**
 * Words for the issues the contract has no message of its own for (schema messages win over
 * this). They stay generic and never echo the rejected value or an unknown key's name back.
 */
export function plainIssueMessage(issue: z.core.$ZodRawIssue): string {
  const field = issue.path?.filter((part) => typeof part !== 'symbol').join('.');
  switch (issue.code) {
    case 'invalid_type':
      return field
        ? `${field} is missing or has the wrong type.`
        : 'This action needs different details.';
    case 'unrecognized_keys':
      // The key names are the caller's, not the contract's: they are not echoed back.
      return issue.keys.length > 1
        ? 'Unexpected fields in the request.'
        : 'Unexpected field in the request.';
    case 'too_big':
      return field ? `${field} is too long.` : 'The request is too large.';
    case 'too_small':
      return field ? `${field} is too short.` : 'The request is incomplete.';
    default:
      return field ? `${field} is not valid.` : 'The request was not valid.';
  }
}

/** Turns zod issues into one message a person can act on, naming the field it concerns. */
export function validationError(error: z.ZodError): AppError {
  const issue = error.issues[0];
  const field = issue?.path.filter((part) => typeof part !== 'symbol').join('.') ?? '';
  const result: AppError = {
    code: 'VALIDATION',
    message: issue?.message ?? 'The request was not valid.',
  };
  if (field) result.field = field;
  return result;
}

export function createRouter({
  handlers,
  logger,
  isTrustedSender,
  isLocked = () => false,
}: RouterOptions): Router {
  const log = logger.child({ scope: 'ipc' });

  return {
    async dispatch(channel, payload, sender) {
      if (!isTrustedSender(sender)) {
        log.log('warn', 'Refused a call from an untrusted sender', {
          transport: sender.transport,
          url: sender.url?.slice(0, 200) ?? null,
        });
        return fail({ code: 'FORBIDDEN_SENDER', message: 'This caller is not allowed.' });
      }
      if (!isChannel(channel)) {
        return fail({ code: 'UNKNOWN_CHANNEL', message: 'There is no such action.' });
      }
      if (channelLockPolicy[channel] === 'unlocked' && isLocked()) {
        return fail(lockedFailure().toAppError());
      }
      const parsed = channels[channel].args.safeParse(payload, { error: plainIssueMessage });
      if (!parsed.success) {
        return fail(validationError(parsed.error));
      }
      try {
        const handler = handlers[channel] as (args: unknown) => Promise<unknown>;
        const value = await handler(parsed.data);
        return { ok: true, value: value ?? null };
      } catch (error) {
        if (isAppFailure(error)) return fail(error.toAppError());
        log.log('error', 'A handler failed unexpectedly', {
          channel,
          error: describeError(error),
        });
        return fail({
          code: 'INTERNAL',
          message: 'Something went wrong in Gramdeck. The details are in the app log.',
        });
      }
    },
  };
}

/** The name and message of an unexpected error, for the log only; never sent to the renderer. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 500);
  return String(error).slice(0, 500);
}
