/**
 * The login flow: one state machine per attempt, each with its own Telegram client, so several
 * accounts can log in at once without interfering. Secrets (phone_code_hash, the session, the
 * password) live only in this module's attempt records and in the gateway; the renderer sees the
 * sanitized `LoginView`, pushed on `auth:changed` after every change.
 *
 * Error policy:
 * - refused locally (bad input, a flood wait still running, a step that is over, a call still in
 *   flight): the call fails with an error envelope and the attempt does not change;
 * - refused by Telegram during an attempt: the attempt's view carries the error (`view.error`),
 *   the call itself succeeds with that view;
 * - `auth:start` and `auth:start-qr` have no attempt yet: Telegram's refusal fails the call.
 * No login call is ever retried automatically. A FLOOD_WAIT is remembered per phone (or attempt)
 * and action, and the action is refused locally with the remaining `retryAfter` until it ends.
 */
import { randomUUID } from 'node:crypto';
import type { LoginCodeView, LoginView, ProxyConfig } from '../../shared/dto';
import { failure, formatWait } from '../../shared/error-words';
import { isAppFailure, type AppError, type AppFailure } from '../../shared/errors';
import {
  cleanLoginCode,
  codeInputKind,
  matchesCodePattern,
  readableCodePattern,
} from '../../shared/rules';
import type {
  Clock,
  LoginTarget,
  Logger,
  SentCodeInfo,
  TelegramConfig,
  TelegramConnection,
  TelegramGateway,
  TelegramUser,
  Timers,
} from '../ports';
import { systemTimers } from '../timers';
import { parsePhone } from './phone';

/** What the login flow needs from the account manager. */
export interface LoginAccountSink {
  /** The id of the account this Telegram user already is in Gramdeck, if any. */
  findAccountIdByUser(userId: string, servers: Pick<LoginTarget, 'profile'>): string | null;
  /** The id of the account with this phone number (digits) already in Gramdeck, if any. */
  findAccountIdByPhone(phone: string, target: LoginTarget): string | null;
  /** User ids of existing accounts on this target (QR login's `except_ids`). */
  userIdsOn(target: LoginTarget): string[];
  /** Future auth tokens kept from log-outs of this phone (digits) on these servers; never fails. */
  futureAuthTokens?(phone: string, target: LoginTarget): Promise<string[]>;
  /**
   * Takes over a freshly authorized connection: adds the account and persists it through the
   * vault. If the vault refuses (locked, weak storage), the account stays connected in memory and
   * is saved as soon as the vault allows; `persistError` says why it is not saved yet.
   */
  adoptLogin(login: AdoptedLogin): Promise<{ accountId: string; persistError: AppError | null }>;
}

export interface AdoptedLogin {
  connection: TelegramConnection;
  user: TelegramUser;
  /** Digits; from Telegram's user when the login had no phone (QR). */
  phone: string;
  target: LoginTarget;
  /** The proxy the login connected through; the account keeps it. */
  proxy: ProxyConfig | null;
}

export interface LoginServiceOptions {
  gateway: TelegramGateway;
  telegramConfig: TelegramConfig;
  accounts: LoginAccountSink;
  logger: Logger;
  clock: Clock;
  /** The idle timeout and QR refreshes; defaults to the system timers. */
  timers?: Timers;
  /**
   * Attempts with no activity for this long are cancelled (default 15 minutes). Activity is a
   * call the user makes, showing the attempt again, or a scan of its QR code; a QR code's own
   * refreshes are not.
   */
  idleTimeoutMs?: number;
  /**
   * How long `dispose` (quitting) waits for Telegram to answer a cancelCode before it closes the
   * client anyway, so an unreachable Telegram does not hold up quitting (default 3 s).
   */
  disposeWaitMs?: number;
  /** Finished attempts stay readable through `auth:get` this long (default 10 minutes). */
  keepFinishedMs?: number;
  /** Ids for attempts; random by default. */
  newAttemptId?: () => string;
}

/** A login's proxy: undefined takes the default login proxy, null connects directly. */
export type LoginProxyChoice = ProxyConfig | null | undefined;

export interface LoginService {
  start(phone: string, proxy?: LoginProxyChoice): Promise<LoginView>;
  startQr(proxy?: LoginProxyChoice): Promise<LoginView>;
  resendCode(attemptId: string): Promise<LoginView>;
  submitCode(attemptId: string, code: string): Promise<LoginView>;
  /** `setup-email-required`: sends a verification code to the login email the user chose. */
  setLoginEmail(attemptId: string, email: string): Promise<LoginView>;
  /** `setup-email-required`: verifies that email; Telegram then sends the login code there. */
  verifyLoginEmail(attemptId: string, code: string): Promise<LoginView>;
  submitPassword(attemptId: string, password: string): Promise<LoginView>;
  requestRecovery(attemptId: string): Promise<LoginView>;
  checkRecoveryCode(attemptId: string, code: string): Promise<LoginView>;
  recoverPassword(
    attemptId: string,
    code: string,
    newPassword: string | undefined,
    hint: string | undefined,
  ): Promise<LoginView>;
  /**
   * Resets the account of a login stuck at its password (`account.deleteAccount`), once the user
   * typed the phone number again as `confirmation`. Telegram may hold the reset back: the view
   * then says from when it is allowed (`reset.availableAt`) and the attempt stays usable. After
   * a reset the login goes on to sign-up with the same code.
   */
  resetAccount(attemptId: string, confirmation: string): Promise<LoginView>;
  signUp(attemptId: string, firstName: string, lastName: string): Promise<LoginView>;
  cancel(attemptId: string): Promise<LoginView>;
  get(attemptId: string): LoginView;
  /** Every open attempt (not done, not cancelled), oldest first: the sidebar's pending entries. */
  list(): LoginView[];
  /**
   * Whether the attempt's screen is shown. A QR code is refreshed only while it is shown; showing
   * an attempt again counts as activity.
   */
  setVisible(attemptId: string, isVisible: boolean): LoginView;
  /**
   * Cancels every open attempt, sending `auth.cancelCode` for a code that was sent and not used:
   * `locked` when the app locked (no account is added while locked), `closed` when the last
   * window or page closed.
   */
  cancelAll(why?: 'locked' | 'closed'): Promise<void>;
  /** Cancels every open attempt (as `cancelAll('closed')`) and destroys their clients. */
  dispose(): Promise<void>;
  /** Called with every view an attempt publishes. */
  onChange(listener: (view: LoginView) => void): () => void;
}

type CancelReason = 'user' | 'idle' | 'locked' | 'closed';

const cancelledBecause: Record<CancelReason, AppError | null> = {
  user: null,
  idle: { code: 'TIMEOUT', message: 'This login was idle for too long and was cancelled.' },
  locked: { code: 'LOCKED', message: 'Gramdeck locked, so this login was cancelled. Start again.' },
  closed: {
    code: 'UNAVAILABLE',
    message: 'The Gramdeck window was closed, so this login was cancelled. Start again.',
  },
};

type FloodAction = 'send-code' | 'sign-in' | 'password' | 'recovery' | 'reset' | 'sign-up' | 'qr';

/** What official apps send as `account.deleteAccount`'s reason for this reset. */
const RESET_REASON = 'Forgot password';

interface Attempt {
  readonly id: string;
  readonly kind: 'phone' | 'qr';
  readonly target: LoginTarget;
  /** The proxy this login connects through (secret parts included); the new account keeps it. */
  readonly proxy: ProxyConfig | null;
  /** Digits; null for QR. */
  readonly phone: string | null;
  readonly phoneDisplay: string | null;
  connection: TelegramConnection | null;
  unsubscribe: (() => void) | null;
  /** Secret: never in a view or a log line. */
  phoneCodeHash: string | null;
  /** `account.Password.has_recovery`, once known: without it, email recovery is not tried. */
  hasRecovery: boolean | null;
  view: LoginView;
  /** Cancels the scheduled QR refresh. */
  cancelQrRefresh: (() => void) | null;
  /** A `login-token` update arrived while an export was in flight. */
  isQrRefreshPending: boolean;
  /** Whether the attempt's screen is shown; a hidden QR code is not refreshed. */
  isVisible: boolean;
  /** Cancels the idle timeout. */
  cancelIdle: (() => void) | null;
  /** Set while the attempt is being cancelled. */
  ending: Promise<void> | null;
  finishedAt: number | null;
}

/** The current step, read through a call so TypeScript does not narrow it across awaits. */
const stepOf = (a: Attempt): LoginView['step'] => a.view.step;

/** Read through a call: set by event handlers while an export is awaited. */
const isQrRefreshPending = (a: Attempt): boolean => a.isQrRefreshPending;

const isFinished = (a: Attempt) => a.view.step === 'done' || a.view.step === 'cancelled';

/** Creates the login service. One per app; it holds one state machine per login attempt. */
export function createLoginService(options: LoginServiceOptions): LoginService {
  const { gateway, telegramConfig, accounts, clock } = options;
  const timers = options.timers ?? systemTimers;
  const listeners = new Set<(view: LoginView) => void>();
  const log = options.logger.child({ scope: 'login' });
  const idleTimeoutMs = options.idleTimeoutMs ?? 15 * 60_000;
  const keepFinishedMs = options.keepFinishedMs ?? 10 * 60_000;
  const disposeWaitMs = options.disposeWaitMs ?? 3000;
  const newAttemptId = options.newAttemptId ?? (() => randomUUID().replace(/-/g, ''));
  const attempts = new Map<string, Attempt>();
  /** Epoch ms until which an action is refused, keyed by `${phone|attemptId}:${action}`. */
  const floodUntil = new Map<string, number>();
  /** Set by `dispose`: an attempt whose start finishes afterwards is cancelled at once. */
  let isDisposed = false;

  // --- helpers ---------------------------------------------------------------------------------

  const emptyView = (id: string, phone: string | null): LoginView => ({
    attemptId: id,
    step: 'code',
    phone,
    code: null,
    password: null,
    recovery: null,
    reset: null,
    signUp: null,
    qr: null,
    accountId: null,
    isBusy: false,
    error: null,
  });

  function publish(attempt: Attempt): LoginView {
    const view = structuredClone(attempt.view);
    for (const listener of [...listeners]) listener(view);
    return view;
  }

  function floodKey(attempt: Attempt | null, phone: string | null, action: FloodAction): string {
    return `${phone ?? attempt?.id ?? ''}:${action}`;
  }

  function refuseIfFlooded(key: string): void {
    const until = floodUntil.get(key);
    if (until === undefined) return;
    const remaining = Math.ceil((until - clock.now()) / 1000);
    if (remaining <= 0) {
      floodUntil.delete(key);
      return;
    }
    throw failure('FLOOD_WAIT', { retryAfter: remaining });
  }

  function rememberFlood(key: string, error: AppFailure): void {
    if (
      (error.code === 'FLOOD_WAIT' || error.code === 'PHONE_PASSWORD_FLOOD') &&
      error.retryAfter !== undefined
    ) {
      floodUntil.set(key, clock.now() + error.retryAfter * 1000);
    }
  }

  function getAttempt(id: string): Attempt {
    const attempt = attempts.get(id);
    if (!attempt) {
      throw failure('NOT_FOUND', {
        message: 'This login attempt is over or unknown. Start again with your phone number.',
      });
    }
    return attempt;
  }

  function requireStep(attempt: Attempt, ...steps: LoginView['step'][]): void {
    if (!steps.includes(attempt.view.step)) {
      throw failure('VALIDATION', {
        message:
          attempt.view.step === 'cancelled'
            ? 'This login attempt was cancelled. Start again.'
            : attempt.view.step === 'done'
              ? 'This login is already finished.'
              : 'That step is not available now.',
      });
    }
    if (attempt.view.isBusy) {
      throw failure('TOO_MANY_REQUESTS', {
        message: 'Gramdeck is still waiting for Telegram. Wait for the current step to finish.',
      });
    }
  }

  /** Activity: the idle timeout starts again. */
  function touch(attempt: Attempt): void {
    attempt.cancelIdle?.();
    attempt.cancelIdle = timers.schedule(() => {
      log.log('info', 'Cancelling an idle login attempt', { attempt: attempt.id });
      void cancelAttempt(attempt, 'idle');
    }, idleTimeoutMs);
  }

  function pruneFinished(): void {
    const now = clock.now();
    for (const [id, attempt] of attempts) {
      if (attempt.finishedAt !== null && now - attempt.finishedAt > keepFinishedMs) {
        attempts.delete(id);
      }
    }
  }

  async function releaseConnection(attempt: Attempt): Promise<void> {
    attempt.unsubscribe?.();
    attempt.unsubscribe = null;
    const connection = attempt.connection;
    attempt.connection = null;
    if (connection) await connection.destroy();
  }

  function clearTimers(attempt: Attempt): void {
    attempt.cancelQrRefresh?.();
    attempt.cancelIdle?.();
    attempt.cancelQrRefresh = null;
    attempt.cancelIdle = null;
  }

  function codeView(sent: SentCodeInfo): LoginCodeView {
    // Resend is offered only when Telegram names the next way (next_type), after `timeout`.
    const canResend = sent.nextType !== null;
    return {
      type: sent.type,
      nextType: sent.nextType,
      length: sent.length,
      prefix: sent.prefix,
      pattern: sent.pattern,
      beginning: sent.beginning,
      url: sent.url,
      resendAt: canResend && sent.timeout ? clock.now() + sent.timeout * 1000 : null,
      canResend,
      isEnded: false,
      emailPattern: sent.emailPattern,
      emailSetup: null,
    };
  }

  /**
   * PHONE_CODE_EXPIRED or PHONE_NUMBER_INVALID, from sign-in or from a resend, end the code: no
   * resend and no more tries; the renderer offers a new code (auth:start again).
   */
  function endCodeIfTelegramEndedIt(attempt: Attempt): void {
    const code = attempt.view.code;
    const error = attempt.view.error?.code;
    if (code && (error === 'PHONE_CODE_EXPIRED' || error === 'PHONE_NUMBER_INVALID')) {
      attempt.view.code = { ...code, canResend: false, resendAt: null, isEnded: true };
    }
  }

  function requireLiveCode(attempt: Attempt): LoginCodeView {
    const code = attempt.view.code;
    if (!code) throw failure('PHONE_CODE_HASH_EMPTY');
    if (code.isEnded) {
      throw failure('PHONE_CODE_EXPIRED', {
        message: 'This code can no longer be used. Send a new code.',
      });
    }
    return code;
  }

  /** The code as Telegram expects it for this delivery type, or a refusal in plain words. */
  function checkedCode(code: LoginCodeView, raw: string): string {
    const kind = codeInputKind(code.type);
    if (kind === 'none') {
      throw failure('VALIDATION', {
        field: 'code',
        message:
          code.type === 'setup-email-required'
            ? 'Telegram has not sent a code yet: add a login email first.'
            : 'Telegram has not sent a code yet: ask for it another way.',
      });
    }
    const clean = cleanLoginCode(kind, raw);
    if (!clean) throw failure('PHONE_CODE_EMPTY', { field: 'code' });
    if (kind === 'words') {
      if (!/^[\p{L}\p{M}'’ -]+$/u.test(clean)) {
        throw failure('VALIDATION', {
          field: 'code',
          message:
            code.type === 'sms-word'
              ? 'The code is a word from the SMS.'
              : 'The code is a phrase of words from the SMS.',
        });
      }
      return clean;
    }
    if (!/^\d+$/.test(clean)) {
      throw failure('VALIDATION', {
        field: 'code',
        message:
          kind === 'calling-number'
            ? 'Enter the number that called you, digits only.'
            : 'The code has digits only.',
      });
    }
    if (kind === 'calling-number') {
      if (code.pattern !== null && !matchesCodePattern(clean, code.pattern)) {
        throw failure('VALIDATION', {
          field: 'code',
          message: `That is not the number that called. It looks like ${readableCodePattern(code.pattern)}.`,
        });
      }
      return clean;
    }
    if (code.length !== null && clean.length !== code.length) {
      throw failure('VALIDATION', {
        field: 'code',
        message: `The code has ${code.length} digits; you entered ${clean.length}.`,
      });
    }
    return clean;
  }

  async function openConnection(attempt: Attempt, label: string): Promise<TelegramConnection> {
    const target = attempt.target;
    return gateway.openClient({
      profile: target.profile,
      apiId: target.apiId,
      apiHash: target.apiHash,
      session: null,
      proxy: attempt.proxy,
      logLabel: label,
    });
  }

  /**
   * Runs one Telegram call for an attempt: marks it busy, and on failure puts the mapped error
   * into the view (remembering flood waits). Returns undefined when the call failed.
   */
  async function step<T>(
    attempt: Attempt,
    action: FloodAction,
    run: (connection: TelegramConnection) => Promise<T>,
  ): Promise<T | undefined> {
    const connection = attempt.connection;
    if (!connection) throw failure('NOT_FOUND');
    attempt.view.isBusy = true;
    attempt.view.error = null;
    publish(attempt);
    // A QR code's exports are the app's own doing, not the user's: they leave the idle timeout.
    if (action !== 'qr') touch(attempt);
    try {
      return await run(connection);
    } catch (error) {
      // Cancelled meanwhile (its connection closed under the call): the cancellation stands.
      if (isFinished(attempt)) return undefined;
      const mapped = isAppFailure(error)
        ? error
        : failure('INTERNAL', { message: 'Login failed.' });
      if (!isAppFailure(error)) {
        log.log('error', 'Unexpected login failure', { attempt: attempt.id, action });
      }
      rememberFlood(floodKey(attempt, attempt.phone, action), mapped);
      attempt.view.error = mapped.toAppError();
      log.log('info', 'Login step refused', { attempt: attempt.id, action, code: mapped.code });
      return undefined;
    } finally {
      attempt.view.isBusy = false;
    }
  }

  async function finish(attempt: Attempt, user: TelegramUser): Promise<void> {
    const connection = attempt.connection;
    if (!connection) return;
    clearTimers(attempt);
    attempt.unsubscribe?.();
    attempt.unsubscribe = null;
    attempt.phoneCodeHash = null;
    const existing = accounts.findAccountIdByUser(user.id, attempt.target);
    if (existing) {
      // Keep the account that is already here; end the session this login just created.
      attempt.connection = null;
      try {
        await connection.logOut();
      } catch {
        // Best effort: the extra session can also be ended from the session list.
      }
      await connection.destroy();
      attempt.view = {
        ...emptyView(attempt.id, attempt.phoneDisplay),
        step: 'done',
        accountId: existing,
        error: failure('ACCOUNT_ALREADY_ADDED', { accountId: existing }).toAppError(),
      };
    } else {
      attempt.connection = null;
      try {
        const { accountId, persistError } = await accounts.adoptLogin({
          connection,
          user,
          phone: attempt.phone ?? user.phone,
          target: attempt.target,
          proxy: attempt.proxy,
        });
        attempt.view = {
          ...emptyView(attempt.id, attempt.phoneDisplay),
          step: 'done',
          accountId,
          error: persistError,
        };
        log.log('info', 'Login finished', { attempt: attempt.id, account: accountId });
      } catch (error) {
        // Nobody owns the connection now: close it rather than leak a live session client.
        await connection.destroy();
        const mapped = isAppFailure(error)
          ? error
          : failure('INTERNAL', { message: 'Gramdeck could not add this account.' });
        log.log('error', 'Adding the account failed', { attempt: attempt.id, code: mapped.code });
        attempt.view = {
          ...emptyView(attempt.id, attempt.phoneDisplay),
          step: 'cancelled',
          error: mapped.toAppError(),
        };
      }
    }
    attempt.finishedAt = clock.now();
  }

  async function toPasswordStep(attempt: Attempt): Promise<void> {
    const info = await step(attempt, 'password', (c) => c.getPasswordInfo());
    attempt.hasRecovery = info?.hasRecovery ?? null;
    attempt.view = {
      ...emptyView(attempt.id, attempt.phoneDisplay),
      step: 'password',
      // Unknown (getPassword failed): offer email recovery and let Telegram say whether it works.
      password: { hint: info?.hint ?? null, hasRecovery: info?.hasRecovery ?? true },
      error: attempt.view.error,
    };
  }

  /**
   * Ends an open attempt. A code that was sent and not used is cancelled at Telegram
   * (`auth.cancelCode`); Telegram refusing that is logged, never shown: the attempt ends anyway.
   */
  function cancelAttempt(attempt: Attempt, why: CancelReason): Promise<void> {
    if (isFinished(attempt)) return Promise.resolve();
    // Two routes may end it at once (the last page closes while the app stops): one cancelCode.
    attempt.ending ??= endAttempt(attempt, why);
    return attempt.ending;
  }

  async function endAttempt(attempt: Attempt, why: CancelReason): Promise<void> {
    clearTimers(attempt);
    const connection = attempt.connection;
    const hash = attempt.phoneCodeHash;
    attempt.phoneCodeHash = null;
    if (connection && hash && attempt.phone && attempt.view.step === 'code') {
      try {
        await connection.cancelCode(attempt.phone, hash);
      } catch (error) {
        log.log('info', 'Telegram did not cancel the login code', {
          attempt: attempt.id,
          code: isAppFailure(error) ? error.code : 'unknown',
        });
      }
    }
    await releaseConnection(attempt);
    attempt.view = {
      ...emptyView(attempt.id, attempt.phoneDisplay),
      step: 'cancelled',
      error: cancelledBecause[why],
    };
    attempt.finishedAt = clock.now();
    publish(attempt);
  }

  function newAttempt(
    kind: Attempt['kind'],
    target: LoginTarget,
    phone: { digits: string; display: string } | null,
    proxy: LoginProxyChoice,
  ): Attempt {
    const id = newAttemptId();
    return {
      id,
      kind,
      target,
      proxy: proxy === undefined ? (target.proxy ?? null) : proxy,
      phone: phone?.digits ?? null,
      phoneDisplay: phone?.display ?? null,
      connection: null,
      unsubscribe: null,
      phoneCodeHash: null,
      hasRecovery: null,
      view: emptyView(id, phone?.display ?? null),
      cancelQrRefresh: null,
      isQrRefreshPending: false,
      isVisible: true,
      cancelIdle: null,
      ending: null,
      finishedAt: null,
    };
  }

  // --- QR ---------------------------------------------------------------------------------------

  async function exportQr(attempt: Attempt): Promise<void> {
    attempt.cancelQrRefresh?.();
    attempt.cancelQrRefresh = null;
    const result = await step(attempt, 'qr', (c) =>
      c.exportLoginToken(accounts.userIdsOn(attempt.target)),
    );
    if (!result) return;
    if (result.kind === 'authorized') {
      await finish(attempt, result.user);
      return;
    }
    if (result.kind === 'password-needed') {
      await toPasswordStep(attempt);
      return;
    }
    attempt.view.step = 'qr';
    attempt.view.qr = { url: result.url, expiresAt: result.expiresAt };
    scheduleQrRefresh(attempt);
  }

  /** Refreshes a shown QR code a moment before its token expires (at least a second from now). */
  function scheduleQrRefresh(attempt: Attempt): void {
    attempt.cancelQrRefresh?.();
    attempt.cancelQrRefresh = null;
    const qr = attempt.view.qr;
    if (!attempt.isVisible || attempt.view.step !== 'qr' || !qr) return;
    const delay = Math.max(1000, qr.expiresAt - clock.now() - 1000);
    attempt.cancelQrRefresh = timers.schedule(() => {
      attempt.cancelQrRefresh = null;
      void refreshQr(attempt);
    }, delay);
  }

  async function refreshQr(attempt: Attempt): Promise<void> {
    if (attempt.view.step !== 'qr') return;
    if (attempt.view.isBusy) {
      // A scan may arrive while a refresh is in flight: export once more right after it.
      attempt.isQrRefreshPending = true;
      return;
    }
    do {
      attempt.isQrRefreshPending = false;
      await exportQr(attempt);
      publish(attempt);
    } while (isQrRefreshPending(attempt) && stepOf(attempt) === 'qr');
  }

  // --- the service ------------------------------------------------------------------------------

  return {
    async start(phoneInput, proxy) {
      pruneFinished();
      const target = await telegramConfig.loginTarget();
      const phone = parsePhone(phoneInput, target.profile);
      // The sidebar masks numbers, so only main can tell the user the number is already added.
      const added = accounts.findAccountIdByPhone(phone.digits, target);
      if (added !== null) {
        throw failure('ACCOUNT_ALREADY_ADDED', {
          field: 'phone',
          accountId: added,
          message: `${phone.display} is already in Gramdeck.`,
        });
      }
      refuseIfFlooded(floodKey(null, phone.digits, 'send-code'));
      // A new start for the same number replaces an open attempt for it.
      for (const other of attempts.values()) {
        if (other.phone === phone.digits && !isFinished(other)) await cancelAttempt(other, 'user');
      }
      const attempt = newAttempt('phone', target, phone, proxy);
      let connection: TelegramConnection;
      try {
        connection = await openConnection(attempt, `login-${attempt.id.slice(0, 8)}`);
      } catch (error) {
        throw isAppFailure(error) ? error : failure('NETWORK');
      }
      attempt.connection = connection;
      attempt.unsubscribe = connection.onEvent((event) => {
        if (event.kind === 'connection' && event.state === 'disconnected') {
          log.log('debug', 'Login connection dropped', { attempt: attempt.id });
        }
      });
      try {
        const tokens = (await accounts.futureAuthTokens?.(phone.digits, target)) ?? [];
        const sent = await connection.sendCode(phone.digits, tokens);
        attempts.set(attempt.id, attempt);
        if (sent.kind === 'authorized') {
          // auth.sentCodeSuccess: a future auth token signed this session in; no code step.
          log.log('info', 'Signed in with a future auth token', { attempt: attempt.id });
          await finish(attempt, sent.user);
        } else {
          attempt.phoneCodeHash = sent.phoneCodeHash;
          attempt.view.code = codeView(sent.sentCode);
          touch(attempt);
          log.log('info', 'Login code sent', { attempt: attempt.id });
          // Gramdeck stopped while Telegram was sending the code: cancel it right away.
          if (isDisposed) await cancelAttempt(attempt, 'closed');
        }
        return publish(attempt);
      } catch (error) {
        attempts.delete(attempt.id);
        await releaseConnection(attempt);
        const mapped = isAppFailure(error) ? error : failure('NETWORK');
        rememberFlood(floodKey(null, phone.digits, 'send-code'), mapped);
        if (mapped.code === 'PHONE_NUMBER_INVALID') {
          throw failure('PHONE_NUMBER_INVALID', { field: 'phone' });
        }
        throw mapped;
      }
    },

    async startQr(proxy) {
      pruneFinished();
      const target = await telegramConfig.loginTarget();
      const attempt = newAttempt('qr', target, null, proxy);
      attempt.view.step = 'qr';
      const connection = await openConnection(attempt, `qr-${attempt.id.slice(0, 8)}`);
      attempt.connection = connection;
      attempts.set(attempt.id, attempt);
      attempt.unsubscribe = connection.onEvent((event) => {
        if (event.kind === 'login-token' && attempt.view.step === 'qr') {
          // The code was scanned (the user's doing): export again to learn the outcome.
          touch(attempt);
          void refreshQr(attempt);
        }
      });
      await exportQr(attempt);
      if (stepOf(attempt) === 'qr' && !attempt.view.qr) {
        const error = attempt.view.error;
        attempts.delete(attempt.id);
        clearTimers(attempt);
        await releaseConnection(attempt);
        throw failure(error?.code ?? 'NETWORK', {
          message: error?.message ?? 'QR login failed.',
          ...(error?.retryAfter !== undefined ? { retryAfter: error.retryAfter } : {}),
        });
      }
      touch(attempt);
      if (isDisposed) await cancelAttempt(attempt, 'closed');
      else if (attempt.isQrRefreshPending) void refreshQr(attempt);
      return publish(attempt);
    },

    async resendCode(attemptId) {
      const attempt = getAttempt(attemptId);
      requireStep(attempt, 'code');
      const code = requireLiveCode(attempt);
      if (!code.canResend) throw failure('SEND_CODE_UNAVAILABLE');
      if (code.resendAt !== null && code.resendAt > clock.now()) {
        const wait = Math.ceil((code.resendAt - clock.now()) / 1000);
        throw failure('TOO_MANY_REQUESTS', {
          retryAfter: wait,
          message: `You can ask for another code in ${formatWait(wait)}.`,
        });
      }
      refuseIfFlooded(floodKey(attempt, attempt.phone, 'send-code'));
      const phone = attempt.phone;
      const hash = attempt.phoneCodeHash;
      if (!phone || !hash) throw failure('PHONE_CODE_HASH_EMPTY');
      const sent = await step(attempt, 'send-code', (c) => c.resendCode(phone, hash));
      if (sent?.kind === 'code') {
        attempt.phoneCodeHash = sent.phoneCodeHash;
        attempt.view.code = codeView(sent.sentCode);
      } else if (sent?.kind === 'authorized') {
        await finish(attempt, sent.user);
      } else if (attempt.view.error?.code === 'SEND_CODE_UNAVAILABLE') {
        attempt.view.code = { ...code, canResend: false, resendAt: null };
      } else {
        endCodeIfTelegramEndedIt(attempt);
      }
      return publish(attempt);
    },

    async submitCode(attemptId, rawCode) {
      const attempt = getAttempt(attemptId);
      requireStep(attempt, 'code');
      const sent = requireLiveCode(attempt);
      const code = checkedCode(sent, rawCode);
      refuseIfFlooded(floodKey(attempt, attempt.phone, 'sign-in'));
      const phone = attempt.phone;
      const hash = attempt.phoneCodeHash;
      if (!phone || !hash) throw failure('PHONE_CODE_HASH_EMPTY');
      const credential = sent.type === 'email' ? 'email-code' : 'phone-code';
      const result = await step(attempt, 'sign-in', (c) => c.signIn(phone, hash, code, credential));
      if (result?.kind === 'authorized') {
        await finish(attempt, result.user);
      } else if (result?.kind === 'password-needed') {
        await toPasswordStep(attempt);
      } else if (result?.kind === 'sign-up-required') {
        attempt.view = {
          ...emptyView(attempt.id, attempt.phoneDisplay),
          step: 'sign-up',
          signUp: { termsOfService: result.termsOfService, minAgeConfirm: result.minAgeConfirm },
        };
      } else {
        endCodeIfTelegramEndedIt(attempt);
      }
      return publish(attempt);
    },

    async setLoginEmail(attemptId, email) {
      const attempt = getAttempt(attemptId);
      requireStep(attempt, 'code');
      const code = requireLiveCode(attempt);
      if (code.type !== 'setup-email-required') {
        throw failure('VALIDATION', { message: 'Telegram does not ask for a login email now.' });
      }
      refuseIfFlooded(floodKey(attempt, attempt.phone, 'send-code'));
      const phone = attempt.phone;
      const hash = attempt.phoneCodeHash;
      if (!phone || !hash) throw failure('PHONE_CODE_HASH_EMPTY');
      const sent = await step(attempt, 'send-code', (c) =>
        c.sendLoginEmailCode(phone, hash, email.trim()),
      );
      if (sent && attempt.view.code) {
        attempt.view.code = { ...attempt.view.code, emailSetup: sent };
      } else if (attempt.view.error) {
        attempt.view.error = { ...attempt.view.error, field: 'email' };
        endCodeIfTelegramEndedIt(attempt);
      }
      return publish(attempt);
    },

    async verifyLoginEmail(attemptId, rawCode) {
      const attempt = getAttempt(attemptId);
      requireStep(attempt, 'code');
      const code = requireLiveCode(attempt);
      if (code.type !== 'setup-email-required' || code.emailSetup === null) {
        throw failure('VALIDATION', { message: 'Enter your login email first.' });
      }
      const clean = cleanLoginCode('digits', rawCode);
      if (!clean) throw failure('CODE_EMPTY', { field: 'emailCode' });
      refuseIfFlooded(floodKey(attempt, attempt.phone, 'sign-in'));
      const phone = attempt.phone;
      const hash = attempt.phoneCodeHash;
      if (!phone || !hash) throw failure('PHONE_CODE_HASH_EMPTY');
      const sent = await step(attempt, 'sign-in', (c) => c.verifyLoginEmail(phone, hash, clean));
      if (sent?.kind === 'code') {
        attempt.phoneCodeHash = sent.phoneCodeHash;
        attempt.view.code = codeView(sent.sentCode);
      } else if (sent?.kind === 'authorized') {
        await finish(attempt, sent.user);
      } else if (attempt.view.error) {
        const error = attempt.view.error;
        attempt.view.error =
          error.code === 'CODE_INVALID'
            ? {
                ...error,
                field: 'emailCode',
                message: 'That email code is not right. Check the email and enter it again.',
              }
            : { ...error, field: 'emailCode' };
        endCodeIfTelegramEndedIt(attempt);
      }
      return publish(attempt);
    },

    async submitPassword(attemptId, password) {
      const attempt = getAttempt(attemptId);
      requireStep(attempt, 'password');
      if (password.length === 0) throw failure('PASSWORD_EMPTY', { field: 'password' });
      refuseIfFlooded(floodKey(attempt, attempt.phone, 'password'));
      const result = await step(attempt, 'password', (c) => c.checkPassword(password));
      if (result) await finish(attempt, result.user);
      return publish(attempt);
    },

    async requestRecovery(attemptId) {
      const attempt = getAttempt(attemptId);
      requireStep(attempt, 'password', 'recovery');
      // has_recovery: false means Telegram would only answer PASSWORD_RECOVERY_NA: say it here.
      if (attempt.hasRecovery === false) throw failure('PASSWORD_RECOVERY_NA');
      refuseIfFlooded(floodKey(attempt, attempt.phone, 'recovery'));
      const result = await step(attempt, 'recovery', (c) => c.requestPasswordRecovery());
      if (result) {
        attempt.view.step = 'recovery';
        attempt.view.recovery = { emailPattern: result.emailPattern, isCodeChecked: false };
      } else if (attempt.view.error?.code === 'PASSWORD_RECOVERY_NA') {
        attempt.hasRecovery = false;
        if (attempt.view.password) attempt.view.password.hasRecovery = false;
      }
      return publish(attempt);
    },

    async checkRecoveryCode(attemptId, rawCode) {
      const attempt = getAttempt(attemptId);
      requireStep(attempt, 'recovery');
      const code = rawCode.replace(/[\s-]/g, '');
      if (!code) throw failure('CODE_EMPTY', { field: 'code' });
      refuseIfFlooded(floodKey(attempt, attempt.phone, 'recovery'));
      const isValid = await step(attempt, 'recovery', (c) => c.checkRecoveryCode(code));
      if (isValid === true && attempt.view.recovery) {
        attempt.view.recovery = { ...attempt.view.recovery, isCodeChecked: true };
      } else if (isValid === false) {
        attempt.view.error = failure('CODE_INVALID').toAppError();
      }
      return publish(attempt);
    },

    async recoverPassword(attemptId, rawCode, newPassword, hint) {
      const attempt = getAttempt(attemptId);
      requireStep(attempt, 'recovery');
      const code = rawCode.replace(/[\s-]/g, '');
      if (!code) throw failure('CODE_EMPTY', { field: 'code' });
      if (newPassword !== undefined && newPassword.length === 0) {
        throw failure('VALIDATION', {
          field: 'newPassword',
          message:
            'Enter a new password, or leave the field out to turn two-step verification off.',
        });
      }
      if (newPassword !== undefined && hint !== undefined && hint === newPassword) {
        throw failure('VALIDATION', {
          field: 'hint',
          message: 'The hint must not be the password.',
        });
      }
      refuseIfFlooded(floodKey(attempt, attempt.phone, 'recovery'));
      const result = await step(attempt, 'recovery', (c) =>
        c.recoverPassword(
          code,
          newPassword === undefined ? null : { password: newPassword, hint: hint ?? '' },
        ),
      );
      if (result) await finish(attempt, result.user);
      return publish(attempt);
    },

    async resetAccount(attemptId, confirmation) {
      const attempt = getAttempt(attemptId);
      requireStep(attempt, 'password');
      const phone = attempt.phone;
      const hash = attempt.phoneCodeHash;
      if (!phone || !hash) {
        // A QR login has no code to sign up with afterwards.
        throw failure('VALIDATION', {
          message: 'To reset the account, sign in with its phone number instead of the QR code.',
        });
      }
      if (confirmation.replace(/\D/g, '') !== phone) {
        throw failure('VALIDATION', {
          field: 'confirmation',
          message: `Type this account’s phone number, ${attempt.phoneDisplay ?? ''}, to confirm the reset.`,
        });
      }
      refuseIfFlooded(floodKey(attempt, phone, 'reset'));
      const isReset = await step(attempt, 'reset', async (c) => {
        await c.resetAccount(RESET_REASON);
        return true;
      });
      const error = attempt.view.error;
      if (isReset === true) {
        log.log('info', 'Account reset; the login continues with sign-up', { attempt: attempt.id });
        attempt.hasRecovery = null;
        // Telegram now treats the number as new: auth.signUp with the code already entered.
        attempt.view = {
          ...emptyView(attempt.id, attempt.phoneDisplay),
          step: 'sign-up',
          signUp: { termsOfService: '', minAgeConfirm: null },
        };
      } else if (error?.code === 'ACCOUNT_RESET_WAIT' && error.retryAfter !== undefined) {
        attempt.view.reset = { availableAt: clock.now() + error.retryAfter * 1000 };
        attempt.view.error = null;
      }
      return publish(attempt);
    },

    async signUp(attemptId, firstName, lastName) {
      const attempt = getAttempt(attemptId);
      requireStep(attempt, 'sign-up');
      if (!firstName.trim()) throw failure('FIRSTNAME_INVALID', { field: 'firstName' });
      refuseIfFlooded(floodKey(attempt, attempt.phone, 'sign-up'));
      const phone = attempt.phone;
      const hash = attempt.phoneCodeHash;
      if (!phone || !hash) throw failure('PHONE_CODE_HASH_EMPTY');
      const result = await step(attempt, 'sign-up', (c) =>
        c.signUp(phone, hash, firstName.trim(), lastName.trim()),
      );
      if (result) await finish(attempt, result.user);
      return publish(attempt);
    },

    async cancel(attemptId) {
      const attempt = getAttempt(attemptId);
      if (!isFinished(attempt)) await cancelAttempt(attempt, 'user');
      return structuredClone(attempt.view);
    },

    get(attemptId) {
      return structuredClone(getAttempt(attemptId).view);
    },

    list() {
      pruneFinished();
      return [...attempts.values()]
        .filter((attempt) => !isFinished(attempt))
        .map((attempt) => structuredClone(attempt.view));
    },

    setVisible(attemptId, isVisible) {
      const attempt = getAttempt(attemptId);
      if (isFinished(attempt) || attempt.isVisible === isVisible) {
        return structuredClone(attempt.view);
      }
      attempt.isVisible = isVisible;
      if (!isVisible) {
        attempt.cancelQrRefresh?.();
        attempt.cancelQrRefresh = null;
        return structuredClone(attempt.view);
      }
      touch(attempt);
      const qr = attempt.view.qr;
      if (attempt.view.step === 'qr' && qr && qr.expiresAt - clock.now() <= 1000) {
        // Its token ran out while hidden: a new one now, pushed on auth:changed.
        void refreshQr(attempt);
      } else {
        scheduleQrRefresh(attempt);
      }
      return structuredClone(attempt.view);
    },

    async cancelAll(why = 'locked') {
      await Promise.all([...attempts.values()].map((attempt) => cancelAttempt(attempt, why)));
    },

    async dispose() {
      isDisposed = true;
      await Promise.all(
        [...attempts.values()].map(async (attempt) => {
          let stopWaiting = (): void => undefined;
          const waited = new Promise<void>((resolve) => {
            stopWaiting = timers.schedule(resolve, disposeWaitMs);
          });
          await Promise.race([cancelAttempt(attempt, 'closed'), waited]);
          stopWaiting();
          clearTimers(attempt);
          await releaseConnection(attempt);
        }),
      );
      attempts.clear();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
