/**
 * Bulk actions (issue 15): one action on many accounts, as a job in main. Each account's action
 * is the account manager's own operation (`bulkActions`, one row per action with its typed
 * params), run a few at a time. Every account ends `done`, `failed` with the reason in plain
 * words, or `skipped` (cancelled): nothing is half-applied silently. `bulk:retry` runs the failed
 * ones again; the lock cancels every job. Jobs live in main, so a reloaded renderer reads them
 * back (`bulk:list`); progress goes out coalesced, with only the entries that changed.
 */
import { randomBytes } from 'node:crypto';
import type {
  BulkActionName,
  BulkChange,
  BulkCounts,
  BulkEntry,
  BulkJobView,
} from '../../shared/bulk-dto';
import type { ArgsOf, Handlers } from '../../shared/contract';
import { failure } from '../../shared/error-words';
import { isAppFailure } from '../../shared/errors';
import type { Logger, Timers } from '../ports';
import type { TwoStepService } from '../two-step';
import type { AccountManager } from './account-manager';

export type BulkStart = ArgsOf<'bulk:start'>;

/** The params of one action, as `bulk:start` carries them (`undefined` for none). */
export type BulkParamsOf<A extends BulkActionName> =
  Extract<BulkStart, { action: A }> extends { params: infer P } ? P : undefined;

/** What an action may use. */
export interface BulkDeps {
  accounts: Pick<
    AccountManager,
    'logOut' | 'remove' | 'reconnect' | 'setProxy' | 'endOtherSessions' | 'state'
  >;
  twoStep: Pick<TwoStepService, 'enable'>;
}

export interface BulkActionSpec<A extends BulkActionName> {
  /** Runs the action on one account; throws an `AppFailure` with words for people when it fails. */
  run(deps: BulkDeps, accountId: string, params: BulkParamsOf<A>): Promise<void>;
  /**
   * For a failure that means the account needed nothing: why, in words (the account ends
   * `skipped`, not `failed`); null for a real failure.
   */
  skipReason?(error: unknown): string | null;
}

/** The table of actions: a new action is a row here and a member of `bulkStartSchema`. */
export const bulkActions: { readonly [A in BulkActionName]: BulkActionSpec<A> } = {
  'log-out': {
    run: async ({ accounts }, id) => {
      await accounts.logOut(id);
    },
  },
  remove: {
    run: async ({ accounts }, id) => {
      await accounts.remove(id);
    },
  },
  reconnect: {
    run: async ({ accounts }, id) => {
      const state = await accounts.reconnect(id);
      // The manager answers the list either way: the account's status says whether it came back.
      const status = state.accounts.find((a) => a.id === id)?.status;
      if (status === undefined || status.kind === 'online') return;
      if (status.kind === 'logged-out' || status.kind === 'error') {
        throw failure('LOGGED_OUT', { message: status.reason });
      }
      if (status.kind === 'offline' && status.proxyError) {
        throw failure(status.proxyError.code, { message: status.proxyError.message });
      }
      throw failure('NETWORK', {
        message: 'Telegram could not be reached. Gramdeck keeps trying in the background.',
      });
    },
  },
  'set-proxy': {
    run: async ({ accounts }, id, params) => {
      await accounts.setProxy(id, params.proxy);
    },
  },
  'clear-proxy': {
    run: async ({ accounts }, id) => {
      await accounts.setProxy(id, null);
    },
  },
  'end-other-sessions': {
    run: async ({ accounts }, id) => {
      await accounts.endOtherSessions(id);
    },
  },
  // Turns two-step verification on for the accounts that lack it, all with one password and hint.
  'enable-two-step': {
    run: async ({ twoStep }, id, params) => {
      await twoStep.enable(id, { password: params.password, hint: params.hint });
    },
    skipReason: (error) =>
      isAppFailure(error) && error.code === 'TWO_STEP_ALREADY_ON'
        ? 'Two-step verification was already on.'
        : null,
  },
};

export interface BulkRunner {
  start(args: BulkStart): { jobId: string };
  retry(jobId: string): { jobId: string };
  cancel(jobId: string): BulkJobView;
  list(): BulkJobView[];
  /** Cancels every job (the lock, quitting): the accounts not started yet are skipped. */
  cancelAll(reason: string): void;
  onChange(listener: (change: BulkChange) => void): () => void;
}

export interface BulkRunnerOptions {
  deps: BulkDeps;
  timers: Timers;
  logger: Logger;
  isLocked: () => boolean;
  /** How many accounts' actions run at once (default 4). */
  concurrency?: number;
  /** Changes within this window go out as one push per job (default 100 ms). */
  coalesceMs?: number;
  /** How many finished jobs are kept for `bulk:list` (default 5). */
  keepFinished?: number;
  newJobId?: () => string;
}

interface Job {
  readonly jobId: string;
  readonly action: BulkActionName;
  readonly params: unknown;
  readonly entries: BulkEntry[];
  /** Indexes of entries waiting to run, in order. */
  queue: number[];
  running: number;
  isCancelled: boolean;
  version: number;
  /** Entries changed since the last push. */
  readonly dirty: Set<BulkEntry>;
  cancelPush: (() => void) | null;
}

const CANCELLED = 'Cancelled before it started.';

export function createBulkRunner(options: BulkRunnerOptions): BulkRunner {
  const { deps, timers } = options;
  const log = options.logger.child({ scope: 'bulk' });
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const coalesceMs = options.coalesceMs ?? 100;
  const keepFinished = options.keepFinished ?? 5;
  const newJobId = options.newJobId ?? (() => `j${randomBytes(8).toString('hex')}`);
  const jobs = new Map<string, Job>();
  const listeners = new Set<(change: BulkChange) => void>();

  function counts(job: Job): BulkCounts {
    const out: BulkCounts = { pending: 0, running: 0, done: 0, failed: 0, skipped: 0 };
    for (const e of job.entries) out[e.state]++;
    return out;
  }

  function header(job: Job): Omit<BulkJobView, 'entries'> {
    const c = counts(job);
    return {
      jobId: job.jobId,
      action: job.action,
      total: job.entries.length,
      counts: c,
      isFinished: c.pending === 0 && c.running === 0,
      isCancelled: job.isCancelled,
      version: job.version,
    };
  }

  function view(job: Job): BulkJobView {
    return { ...header(job), entries: job.entries.map((e) => ({ ...e })) };
  }

  function push(job: Job): void {
    job.cancelPush?.();
    job.cancelPush = null;
    const change: BulkChange = { ...header(job), changed: [...job.dirty].map((e) => ({ ...e })) };
    job.dirty.clear();
    for (const listener of [...listeners]) {
      try {
        listener(change);
      } catch {
        log.log('warn', 'A bulk change listener failed', { job: job.jobId });
      }
    }
  }

  function set(job: Job, entry: BulkEntry, state: BulkEntry['state'], reason?: string): void {
    job.version++;
    entry.state = state;
    entry.version = job.version;
    if (reason === undefined) delete entry.reason;
    else entry.reason = reason;
    job.dirty.add(entry);
    // A job's end goes out at once; progress is coalesced.
    if (header(job).isFinished) push(job);
    else
      job.cancelPush ??= timers.schedule(() => {
        job.cancelPush = null;
        push(job);
      }, coalesceMs);
  }

  function pump(job: Job): void {
    while (job.running < concurrency && job.queue.length > 0) {
      const index = job.queue.shift();
      const entry = index === undefined ? undefined : job.entries[index];
      if (entry === undefined) continue;
      job.running++;
      set(job, entry, 'running');
      void runOne(job, entry);
    }
  }

  async function runOne(job: Job, entry: BulkEntry): Promise<void> {
    const spec = bulkActions[job.action] as BulkActionSpec<BulkActionName>;
    let reason: string | null = null;
    let skipped: string | null = null;
    try {
      await spec.run(deps, entry.accountId, job.params as never);
    } catch (error) {
      skipped = spec.skipReason?.(error) ?? null;
      reason = isAppFailure(error) ? error.message : 'Something went wrong. Try again.';
      if (!isAppFailure(error)) {
        log.log('error', 'A bulk action failed unexpectedly', {
          job: job.jobId,
          action: job.action,
          account: entry.accountId,
        });
      }
    }
    job.running--;
    if (skipped !== null) set(job, entry, 'skipped', skipped);
    else if (reason !== null) set(job, entry, 'failed', reason);
    else set(job, entry, 'done');
    pump(job);
    if (header(job).isFinished) forgetOldJobs();
  }

  function forgetOldJobs(): void {
    const finished = [...jobs.values()].filter((j) => header(j).isFinished);
    for (const job of finished.slice(0, Math.max(0, finished.length - keepFinished))) {
      job.cancelPush?.();
      jobs.delete(job.jobId);
    }
  }

  function jobOf(jobId: string): Job {
    const job = jobs.get(jobId);
    if (!job) throw failure('NOT_FOUND', { message: 'That bulk action is no longer kept.' });
    return job;
  }

  function refuseWhileLocked(): void {
    if (options.isLocked()) throw failure('LOCKED', { message: 'Unlock Gramdeck first.' });
  }

  function cancelJob(job: Job, reason: string): void {
    const waiting = job.queue.splice(0);
    if (waiting.length === 0 && job.isCancelled) return;
    job.isCancelled = waiting.length > 0 || job.isCancelled;
    for (const index of waiting) {
      const entry = job.entries[index];
      if (entry) set(job, entry, 'skipped', reason);
    }
  }

  return {
    start(args) {
      refuseWhileLocked();
      const jobId = newJobId();
      const ids = [...new Set(args.accountIds)];
      const entries: BulkEntry[] = ids.map((accountId) => ({
        accountId,
        state: 'pending',
        version: 0,
      }));
      const job: Job = {
        jobId,
        action: args.action,
        params: 'params' in args ? args.params : undefined,
        entries,
        queue: entries.map((_, i) => i),
        running: 0,
        isCancelled: false,
        version: 0,
        dirty: new Set(entries),
        cancelPush: null,
      };
      jobs.set(jobId, job);
      log.log('info', 'Bulk action started', { job: jobId, action: job.action, total: ids.length });
      push(job);
      pump(job);
      return { jobId };
    },

    retry(jobId) {
      refuseWhileLocked();
      const job = jobOf(jobId);
      if (!header(job).isFinished) {
        throw failure('VALIDATION', { message: 'Wait for this bulk action to finish first.' });
      }
      job.isCancelled = false;
      job.entries.forEach((entry, index) => {
        if (entry.state !== 'failed') return;
        job.queue.push(index);
        set(job, entry, 'pending');
      });
      log.log('info', 'Bulk action retried', { job: jobId, count: job.queue.length });
      pump(job);
      return { jobId };
    },

    cancel(jobId) {
      const job = jobOf(jobId);
      cancelJob(job, CANCELLED);
      return view(job);
    },

    list: () => [...jobs.values()].map(view),

    cancelAll(reason) {
      for (const job of jobs.values()) cancelJob(job, reason);
    },

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The `bulk:*` IPC handlers. */
export function createBulkHandlers(runner: BulkRunner) {
  return {
    'bulk:start': (args) => Promise.resolve(runner.start(args)),
    'bulk:retry': ({ jobId }) => Promise.resolve(runner.retry(jobId)),
    'bulk:cancel': ({ jobId }) => Promise.resolve(runner.cancel(jobId)),
    'bulk:list': () => Promise.resolve(runner.list()),
  } satisfies Pick<Handlers, 'bulk:start' | 'bulk:retry' | 'bulk:cancel' | 'bulk:list'>;
}
