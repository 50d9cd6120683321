/**
 * Account health (issue 15): per account, its connection and key state (from the status), and
 * what a check finds out from Telegram: restricted (with Telegram's reasons), frozen, deactivated,
 * premium, two-step verification and its recovery email, and how many other sessions are active.
 *
 * - A check is four calls on the account's connection (`users.getUsers` self, `help.getAppConfig`,
 *   `account.getPassword`, `account.getAuthorizations`). Checks run through one queue, a few at
 *   once: the user's ("Check now", "Check all", with progress) first, then the background ones
 *   that follow an account coming online. Those wait while a restore runs, so a restore of many
 *   accounts is not slowed, and are skipped for an account checked less than `recheckAfterMs` ago.
 * - The last result per account is kept in a small non-secret store, so "last checked" survives
 *   a restart; writes are batched (one per `saveDelayMs`).
 * - `needsAttention` (and its reasons in plain words) is computed from the status and the last
 *   result: logged out, an error, restricted, frozen, deactivated, two-step verification off.
 * - Changes go to `onChange` listeners as deltas (the accounts that changed), merged over
 *   `coalesceMs`, and the account list is told to send `needsAttention` again.
 */
import { changedRows, type AccountsChanged } from '../../shared/accounts-change';
import type { AccountStatus, AccountsState } from '../../shared/dto';
import { isAppFailure, type AppError } from '../../shared/errors';
import { failure } from '../../shared/error-words';
import type {
  AccountHealth,
  HealthChange,
  HealthCheckResult,
  HealthConnection,
  HealthKey,
  HealthProgress,
  HealthState,
  RestrictionReason,
} from '../../shared/health-dto';
import type { Clock, KeyValueStore, Logger, TelegramConnection, Timers } from '../ports';

/** What health needs of the account manager. */
export interface HealthAccounts {
  state(): AccountsState;
  call<T>(accountId: string, run: (connection: TelegramConnection) => Promise<T>): Promise<T>;
  onChange(listener: (change: { kind: string; state?: AccountsChanged }) => void): () => void;
  /** `needsAttention` changed for this account. */
  viewChanged(accountId: string): void;
}

export interface AccountHealthOptions {
  /** Where the last result per account is kept (not secret). */
  store: KeyValueStore;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  /** Checks running at once (default 2). */
  concurrency?: number;
  /** A background check is skipped when the last one is more recent than this (default 15 min). */
  recheckAfterMs?: number;
  /** Window in which changes are merged into one push (default 100 ms). */
  coalesceMs?: number;
  /** Delay before the results are written to the store (default 1 s). */
  saveDelayMs?: number;
}

export interface AccountHealthService {
  /** Starts following the accounts (their statuses, a restore, accounts coming online). */
  start(accounts: HealthAccounts): void;
  /** Stops the queue (running checks finish unseen) and writes the results now. */
  stop(): void;
  /** For the account list: whether `accountId` with `status` needs attention. */
  needsAttention: (accountId: string, status: AccountStatus) => boolean;
  get(accountId: string): AccountHealth;
  list(): HealthState;
  /** Queues a check of one account, or of every account (null) with progress; answers at once. */
  check(accountId: string | null): HealthState;
  onChange(listener: (change: HealthChange) => void): () => void;
}

const RESULTS_KEY = 'results';

type Priority = 'user' | 'background';

/** The reasons an account needs attention, in plain sentences; none when all is well. */
export function attentionReasons(status: AccountStatus, last: HealthCheckResult | null): string[] {
  const reasons: string[] = [];
  if (status.kind === 'logged-out') {
    reasons.push('Its session no longer works: sign in again.');
  } else if (status.kind === 'error') {
    reasons.push(`It cannot connect: ${status.reason}`);
  }
  if (last === null) return reasons;
  if (last.isDeactivated) reasons.push('Telegram has deactivated this account.');
  if (last.isRestricted) reasons.push(restrictionSentence(last.restrictions));
  if (last.freeze !== null) reasons.push('Telegram has frozen it: it can read but not send.');
  if (!last.isDeactivated && !last.hasPassword) reasons.push('Two-step verification is off.');
  return reasons;
}

function restrictionSentence(restrictions: readonly RestrictionReason[]): string {
  const texts = [...new Set(restrictions.map((r) => r.text.trim()).filter(Boolean))];
  if (texts.length === 0) return 'Telegram restricts it.';
  return `Telegram restricts it: ${texts.map((t) => (/[.!?]$/.test(t) ? t : `${t}.`)).join(' ')}`;
}

/** Connection and key state from the account's status. */
export function connectionOf(status: AccountStatus): {
  connection: HealthConnection;
  key: HealthKey;
} {
  switch (status.kind) {
    case 'online':
      return { connection: 'online', key: 'valid' };
    case 'logged-out':
      return { connection: 'offline', key: 'invalid' };
    case 'connecting':
      return { connection: 'connecting', key: 'unknown' };
    case 'offline':
      return { connection: 'offline', key: 'unknown' };
    case 'locked':
      return { connection: 'locked', key: 'unknown' };
    case 'error':
      return { connection: 'error', key: 'unknown' };
  }
}

export function createAccountHealth(options: AccountHealthOptions): AccountHealthService {
  const { store, clock, timers } = options;
  const log = options.logger.child({ scope: 'health' });
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const recheckAfterMs = options.recheckAfterMs ?? 15 * 60_000;
  const coalesceMs = options.coalesceMs ?? 100;
  const saveDelayMs = options.saveDelayMs ?? 1000;

  const results = readResults(store.get(RESULTS_KEY));
  const errors = new Map<string, AppError>();
  const queued = new Map<string, Priority>();
  /** The queued accounts of priority `user`, so picking the next check is O(1) (issue 17). */
  const userQueued = new Set<string>();
  const running = new Set<string>();
  const statuses = new Map<string, AccountStatus>();
  let progress: (HealthProgress & { ids: Set<string> }) | null = null;
  let accounts: HealthAccounts | null = null;
  let isRestoring = false;
  let isStopped = false;
  const unsubscribers: (() => void)[] = [];
  const listeners = new Set<(change: HealthChange) => void>();
  const changed = new Set<string>();
  const removed = new Set<string>();
  let cancelEmit: (() => void) | null = null;
  let cancelSave: (() => void) | null = null;

  // --- the view --------------------------------------------------------------------------------

  function statusOf(accountId: string): AccountStatus {
    return statuses.get(accountId) ?? { kind: 'connecting' };
  }

  function view(accountId: string): AccountHealth {
    const status = statusOf(accountId);
    const last = results.get(accountId) ?? null;
    const reasons = attentionReasons(status, last);
    return {
      accountId,
      ...connectionOf(status),
      last,
      checkError: errors.get(accountId) ?? null,
      isChecking: queued.has(accountId) || running.has(accountId),
      needsAttention: reasons.length > 0,
      attentionReasons: reasons,
    };
  }

  function progressView(): HealthProgress | null {
    return progress
      ? { total: progress.total, done: progress.done, failed: progress.failed }
      : null;
  }

  function markChanged(accountId: string, isAttentionChange = false): void {
    changed.add(accountId);
    if (isAttentionChange) accounts?.viewChanged(accountId);
    if (cancelEmit || isStopped) return;
    cancelEmit = timers.schedule(() => {
      cancelEmit = null;
      emit();
    }, coalesceMs);
  }

  function emit(): void {
    const change: HealthChange = {
      accounts: [...changed].filter((id) => statuses.has(id)).map(view),
      removed: [...removed],
      progress: progressView(),
    };
    changed.clear();
    removed.clear();
    for (const listener of [...listeners]) {
      try {
        listener(change);
      } catch {
        log.log('warn', 'A health change listener failed');
      }
    }
  }

  function scheduleSave(): void {
    if (cancelSave || isStopped) return;
    cancelSave = timers.schedule(save, saveDelayMs);
  }

  function save(): void {
    cancelSave = null;
    try {
      store.set(RESULTS_KEY, Object.fromEntries(results));
    } catch (error) {
      log.log('warn', 'Saving the health results failed', {
        code: isAppFailure(error) ? error.code : 'INTERNAL',
      });
    }
  }

  // --- following the accounts ------------------------------------------------------------------

  function follow(change: AccountsChanged): void {
    const { rows, removed: left, restore } = changedRows(change);
    const wasRestoring = isRestoring;
    isRestoring = restore !== null;
    for (const summary of rows) {
      const before = statuses.get(summary.id);
      statuses.set(summary.id, summary.status);
      if (before?.kind === summary.status.kind) continue;
      markChanged(summary.id);
      if (summary.status.kind === 'online') enqueueIfStale(summary.id);
    }
    const seen = left === null ? new Set(rows.map((r) => r.id)) : null;
    const gone = left ?? [...statuses.keys()].filter((id) => !seen?.has(id));
    for (const id of gone) {
      if (!statuses.has(id)) continue;
      statuses.delete(id);
      results.delete(id);
      errors.delete(id);
      queued.delete(id);
      userQueued.delete(id);
      changed.delete(id);
      removed.add(id);
      scheduleSave();
      markChanged(id);
    }
    if (wasRestoring && !isRestoring) pump();
  }

  function enqueueIfStale(accountId: string): void {
    const last = results.get(accountId);
    if (last && clock.now() - last.checkedAt < recheckAfterMs) return;
    enqueue(accountId, 'background');
  }

  // --- the queue -------------------------------------------------------------------------------

  function enqueue(accountId: string, priority: Priority): void {
    if (running.has(accountId)) return;
    const current = queued.get(accountId);
    if (current === 'user' || current === priority) return;
    queued.set(accountId, priority);
    if (priority === 'user') userQueued.add(accountId);
    markChanged(accountId);
    pump();
  }

  function next(): string | null {
    const user = userQueued.values().next();
    if (!user.done) return user.value;
    // Background checks wait for a restore to finish.
    if (isRestoring) return null;
    const background = queued.keys().next();
    return background.done ? null : background.value;
  }

  function pump(): void {
    while (!isStopped && accounts && running.size < concurrency) {
      const id = next();
      if (id === null) return;
      queued.delete(id);
      userQueued.delete(id);
      running.add(id);
      void runCheck(accounts, id).finally(() => {
        running.delete(id);
        markChanged(id);
        pump();
      });
    }
  }

  async function runCheck(port: HealthAccounts, accountId: string): Promise<void> {
    const before = view(accountId).needsAttention;
    let isOk = false;
    try {
      const result = await checkOne(port, accountId);
      if (isStopped || !statuses.has(accountId)) return;
      results.set(accountId, result);
      errors.delete(accountId);
      scheduleSave();
      isOk = true;
    } catch (error) {
      if (isStopped || !statuses.has(accountId)) return;
      const appError = isAppFailure(error)
        ? error.toAppError()
        : failure('INTERNAL', { message: 'The check failed.' }).toAppError();
      errors.set(accountId, appError);
      log.log('info', 'Health check failed', { account: accountId, code: appError.code });
    } finally {
      if (progress?.ids.has(accountId)) {
        progress.ids.delete(accountId);
        progress.done++;
        if (!isOk) progress.failed++;
        if (progress.ids.size === 0) progress = null;
      }
    }
    markChanged(accountId, view(accountId).needsAttention !== before);
  }

  async function checkOne(port: HealthAccounts, accountId: string): Promise<HealthCheckResult> {
    const standing = await port.call(accountId, (c) => c.getStanding());
    const previous = results.get(accountId);
    if (standing.isDeactivated) {
      // Nothing else answers for a deactivated account: keep what was known.
      return {
        checkedAt: clock.now(),
        isRestricted: false,
        restrictions: [],
        freeze: null,
        isDeactivated: true,
        isPremium: previous?.isPremium ?? false,
        hasPassword: previous?.hasPassword ?? false,
        hasRecoveryEmail: previous?.hasRecoveryEmail ?? false,
        otherSessions: previous?.otherSessions ?? 0,
      };
    }
    const [freeze, password, sessions] = await port.call(accountId, (c) =>
      Promise.all([c.getFreeze(), c.getPasswordInfo(), c.listSessions()]),
    );
    return {
      checkedAt: clock.now(),
      isRestricted: standing.isRestricted,
      restrictions: standing.restrictions,
      freeze,
      isDeactivated: false,
      isPremium: standing.isPremium,
      hasPassword: password.hasPassword,
      hasRecoveryEmail: password.hasRecovery,
      otherSessions: sessions.filter((s) => !s.isCurrent).length,
    };
  }

  // --- the service -----------------------------------------------------------------------------

  function known(accountId: string): void {
    if (!statuses.has(accountId)) {
      throw failure('NOT_FOUND', { message: 'There is no such account in Gramdeck.' });
    }
  }

  function list(): HealthState {
    return { accounts: [...statuses.keys()].map(view), progress: progressView() };
  }

  return {
    start(port) {
      accounts = port;
      unsubscribers.push(
        port.onChange((change) => {
          if (change.kind === 'accounts' && change.state) follow(change.state);
        }),
      );
      follow(port.state());
    },

    stop() {
      isStopped = true;
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
      cancelEmit?.();
      cancelEmit = null;
      queued.clear();
      userQueued.clear();
      if (cancelSave) {
        cancelSave();
        save();
      }
    },

    needsAttention(accountId, status) {
      return attentionReasons(status, results.get(accountId) ?? null).length > 0;
    },

    get(accountId) {
      known(accountId);
      return view(accountId);
    },

    list,

    check(accountId) {
      if (accountId !== null) {
        known(accountId);
        enqueue(accountId, 'user');
        return list();
      }
      const ids = [...statuses.keys()].filter((id) => !running.has(id));
      if (progress) {
        for (const id of ids) {
          if (!progress.ids.has(id)) {
            progress.ids.add(id);
            progress.total++;
          }
        }
      } else if (ids.length > 0) {
        progress = { total: ids.length, done: 0, failed: 0, ids: new Set(ids) };
      }
      for (const id of ids) enqueue(id, 'user');
      return list();
    },

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The saved results, dropping any entry that is not a well-formed result. */
function readResults(value: unknown): Map<string, HealthCheckResult> {
  const out = new Map<string, HealthCheckResult>();
  if (typeof value !== 'object' || value === null) return out;
  for (const [id, raw] of Object.entries(value as Record<string, unknown>)) {
    const result = parseResult(raw);
    if (result) out.set(id, result);
  }
  return out;
}

function parseResult(raw: unknown): HealthCheckResult | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const isBool = (k: string) => typeof r[k] === 'boolean';
  const isNum = (k: string) => typeof r[k] === 'number' && Number.isFinite(r[k]);
  if (
    !isNum('checkedAt') ||
    !isNum('otherSessions') ||
    !['isRestricted', 'isDeactivated', 'isPremium', 'hasPassword', 'hasRecoveryEmail'].every(isBool)
  ) {
    return null;
  }
  const restrictions = Array.isArray(r.restrictions)
    ? r.restrictions.filter(
        (x): x is RestrictionReason =>
          typeof x === 'object' &&
          x !== null &&
          ['platform', 'reason', 'text'].every(
            (k) => typeof (x as Record<string, unknown>)[k] === 'string',
          ),
      )
    : [];
  const f = r.freeze as Record<string, unknown> | null | undefined;
  const freeze =
    typeof f === 'object' &&
    f !== null &&
    typeof f.since === 'number' &&
    typeof f.until === 'number'
      ? {
          since: f.since,
          until: f.until,
          appealUrl: typeof f.appealUrl === 'string' ? f.appealUrl : null,
        }
      : null;
  return {
    checkedAt: r.checkedAt as number,
    isRestricted: r.isRestricted as boolean,
    restrictions: restrictions.map((x) => ({
      platform: x.platform,
      reason: x.reason,
      text: x.text,
    })),
    freeze,
    isDeactivated: r.isDeactivated as boolean,
    isPremium: r.isPremium as boolean,
    hasPassword: r.hasPassword as boolean,
    hasRecoveryEmail: r.hasRecoveryEmail as boolean,
    otherSessions: r.otherSessions as number,
  };
}
