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
import type {
  Clock,
  LoginTarget,
  Logger,
  SentCodeInfo,
  TelegramConfig,
  TelegramConnection,
  TelegramGateway,
  TelegramUser,
} from '../ports';
import { parsePhone } from './phone';

/** What the login flow needs from the account manager. */
export interface LoginAccountSink {
  /** The id of the account this Telegram user already is in Gramdeck, if any. */
  findAccountIdByUser(userId: string, target: LoginTarget): string | null;
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
  /** Attempts with no activity for this long are cancelled (default 15 minutes). */
  idleTimeoutMs?: number;
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
  submitPassword(attemptId: string, password: string): Promise<LoginView>;
  requestRecovery(attemptId: string): Promise<LoginView>;
  checkRecoveryCode(attemptId: string, code: string): Promise<LoginView>;
  recoverPassword(
    attemptId: string,
    code: string,
    newPassword: string | undefined,
    hint: string | undefined,
  ): Promise<LoginView>;
  signUp(attemptId: string, firstName: string, lastName: string): Promise<LoginView>;
  cancel(attemptId: string): Promise<LoginView>;
  get(attemptId: string): LoginView;
  /** Cancels every open attempt (the app locked): no account is added while locked. */
  cancelAll(): Promise<void>;
  /** Cancels every open attempt and destroys their clients. */
  dispose(): Promise<void>;
  /** Called with every view an attempt publishes. */
  onChange(listener: (view: LoginView) => void): () => void;
}

const cancelledBecause: Record<'user' | 'idle' | 'locked', AppError | null> = {
  user: null,
  idle: { code: 'TIMEOUT', message: 'This login was idle for too long and was cancelled.' },
  locked: { code: 'LOCKED', message: 'Gramdeck locked, so this login was cancelled. Start again.' },
};

type FloodAction = 'send-code' | 'sign-in' | 'password' | 'recovery' | 'sign-up' | 'qr';

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
  view: LoginView;
  /** Timers: QR refresh, idle timeout, cleanup. */
  qrTimer: ReturnType<typeof setTimeout> | null;
  /** A `login-token` update arrived while an export was in flight. */
  isQrRefreshPending: boolean;
  idleTimer: ReturnType<typeof setTimeout> | null;
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
  const listeners = new Set<(view: LoginView) => void>();
  const log = options.logger.child({ scope: 'login' });
  const idleTimeoutMs = options.idleTimeoutMs ?? 15 * 60_000;
  const keepFinishedMs = options.keepFinishedMs ?? 10 * 60_000;
  const newAttemptId = options.newAttemptId ?? (() => randomUUID().replace(/-/g, ''));
  const attempts = new Map<string, Attempt>();
  /** Epoch ms until which an action is refused, keyed by `${phone|attemptId}:${action}`. */
  const floodUntil = new Map<string, number>();

  // --- helpers ---------------------------------------------------------------------------------

  const emptyView = (id: string, phone: string | null): LoginView => ({
    attemptId: id,
    step: 'code',
    phone,
    code: null,
    password: null,
    recovery: null,
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

  function touch(attempt: Attempt): void {
    if (attempt.idleTimer) clearTimeout(attempt.idleTimer);
    attempt.idleTimer = setTimeout(() => {
      log.log('info', 'Cancelling an idle login attempt', { attempt: attempt.id });
      void cancelAttempt(attempt, 'idle');
    }, idleTimeoutMs);
    attempt.idleTimer.unref();
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
    if (attempt.qrTimer) clearTimeout(attempt.qrTimer);
    if (attempt.idleTimer) clearTimeout(attempt.idleTimer);
    attempt.qrTimer = null;
    attempt.idleTimer = null;
  }

  function codeView(sent: SentCodeInfo): LoginCodeView {
    return {
      type: sent.type,
      nextType: sent.nextType,
      length: sent.length,
      prefix: sent.prefix,
      resendAt: sent.timeout ? clock.now() + sent.timeout * 1000 : null,
      canResend: true,
      emailPattern: sent.emailPattern,
    };
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
    touch(attempt);
    try {
      return await run(connection);
    } catch (error) {
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
        error: failure('ACCOUNT_ALREADY_ADDED').toAppError(),
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
    attempt.view = {
      ...emptyView(attempt.id, attempt.phoneDisplay),
      step: 'password',
      password: { hint: info?.hint ?? null, hasRecovery: info?.hasRecovery ?? false },
      error: attempt.view.error,
    };
  }

  async function cancelAttempt(attempt: Attempt, why: 'user' | 'idle' | 'locked'): Promise<void> {
    if (isFinished(attempt)) return;
    clearTimers(attempt);
    const connection = attempt.connection;
    const hash = attempt.phoneCodeHash;
    attempt.phoneCodeHash = null;
    if (connection && hash && attempt.phone && attempt.view.step === 'code') {
      try {
        await connection.cancelCode(attempt.phone, hash);
      } catch (error) {
        log.log('debug', 'cancelCode failed', {
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
      view: emptyView(id, phone?.display ?? null),
      qrTimer: null,
      isQrRefreshPending: false,
      idleTimer: null,
      finishedAt: null,
    };
  }

  // --- QR ---------------------------------------------------------------------------------------

  async function exportQr(attempt: Attempt): Promise<void> {
    if (attempt.qrTimer) clearTimeout(attempt.qrTimer);
    attempt.qrTimer = null;
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
    // Refresh a moment before the token expires (at least a second from now).
    const delay = Math.max(1000, result.expiresAt - clock.now() - 1000);
    attempt.qrTimer = setTimeout(() => {
      void refreshQr(attempt);
    }, delay);
    attempt.qrTimer.unref();
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
          // The code was scanned: export again to learn the outcome.
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
      if (attempt.isQrRefreshPending) void refreshQr(attempt);
      return publish(attempt);
    },

    async resendCode(attemptId) {
      const attempt = getAttempt(attemptId);
      requireStep(attempt, 'code');
      const code = attempt.view.code;
      if (!code?.canResend) throw failure('SEND_CODE_UNAVAILABLE');
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
      }
      return publish(attempt);
    },

    async submitCode(attemptId, rawCode) {
      const attempt = getAttempt(attemptId);
      requireStep(attempt, 'code');
      const code = rawCode.replace(/[\s-]/g, '');
      if (!code) throw failure('PHONE_CODE_EMPTY', { field: 'code' });
      const length = attempt.view.code?.length ?? null;
      if (length !== null && code.length !== length) {
        throw failure('VALIDATION', {
          field: 'code',
          message: `The code has ${length} digits; you entered ${code.length}.`,
        });
      }
      refuseIfFlooded(floodKey(attempt, attempt.phone, 'sign-in'));
      const phone = attempt.phone;
      const hash = attempt.phoneCodeHash;
      if (!phone || !hash) throw failure('PHONE_CODE_HASH_EMPTY');
      const result = await step(attempt, 'sign-in', (c) => c.signIn(phone, hash, code));
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
      } else if (attempt.view.error?.code === 'PHONE_CODE_EXPIRED' && attempt.view.code) {
        // The renderer offers a fresh code (auth:start again with the same phone).
        attempt.view.code = { ...attempt.view.code, canResend: false, resendAt: null };
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
      refuseIfFlooded(floodKey(attempt, attempt.phone, 'recovery'));
      const result = await step(attempt, 'recovery', (c) => c.requestPasswordRecovery());
      if (result) {
        attempt.view.step = 'recovery';
        attempt.view.recovery = { emailPattern: result.emailPattern, isCodeChecked: false };
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

    async cancelAll() {
      await Promise.all([...attempts.values()].map((attempt) => cancelAttempt(attempt, 'locked')));
    },

    async dispose() {
      for (const attempt of attempts.values()) {
        clearTimers(attempt);
        await releaseConnection(attempt);
      }
      attempts.clear();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
