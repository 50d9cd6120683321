/**
 * Session import (issue 15): preview what the user pasted or picked, then import the rows they
 * chose. A preview parses each line or file and keeps the sessions (secret) in main under its
 * `previewId`; the renderer sees formats, DC ids, user ids and problems only. An import opens a
 * client per row on the current server profile, checks it with `users.getUsers(inputUserSelf)`
 * (the adapter's getMe), and hands it to the account manager, which seals it in the vault
 * (one atomic write per account) before it shows the account, online at once.
 *
 * Previews end when an import takes them, after `previewTtlMs`, and at lock. Cancel stops new
 * rows, and a row still connecting or checking is rolled back: its client is destroyed and
 * nothing is written. A row is written whole or not at all.
 */
import { randomBytes } from 'node:crypto';
import { failure } from '../../shared/error-words';
import { type AppFailure, isAppFailure } from '../../shared/errors';
import type {
  ImportJobView,
  ImportOutcome,
  ImportRowResult,
  SessionPreview,
  SessionPreviewRow,
} from '../../shared/session-import-dto';
import type {
  LoginTarget,
  Logger,
  TelegramConfig,
  TelegramConnection,
  TelegramGateway,
  TelegramUser,
  Timers,
} from '../ports';
import type { AdoptedLogin } from '../login/login-service';
import type { ServerProfile } from '../../shared/server-profile';
import { parseSessionString, profileHasDc, toGramJsSession, type ParsedSession } from './formats';
import { readSessionFile } from './session-file';

/** What the import needs of the account manager. */
export interface ImportAccountSink {
  /** The account this Telegram user already is on these servers (not logged out), if any. */
  findAccountIdByUser(userId: string, servers: Pick<LoginTarget, 'profile'>): string | null;
  /**
   * Seals the account in the vault, then adds it with its live connection. Rejects (and adds
   * nothing) when the vault refuses the write.
   */
  adoptImported(login: AdoptedLogin): Promise<{ accountId: string }>;
}

export type PreviewItem = { name: string; text: string } | { name: string; base64: string };

export interface SessionImportOptions {
  gateway: TelegramGateway;
  telegramConfig: TelegramConfig;
  /** The current server profile, without needing API credentials. */
  currentProfile: () => ServerProfile;
  accounts: ImportAccountSink;
  logger: Logger;
  timers: Timers;
  /**
   * Why sessions cannot be saved now (no passcode and weak storage not accepted), or null. An
   * import is refused up front instead of connecting every row only to fail at the seal.
   */
  storageRefusal?: () => AppFailure | null;
  /** Rows checked at once (default 8). */
  concurrency?: number;
  /** How long an unused preview keeps its sessions (default 15 minutes). */
  previewTtlMs?: number;
  /** Progress pushes are merged within this window (default 100 ms). */
  coalesceMs?: number;
}

export interface SessionImportService {
  preview(items: PreviewItem[]): Promise<SessionPreview>;
  start(previewId: string, rowIds: string[]): Promise<ImportJobView>;
  cancel(): Promise<ImportJobView | null>;
  /** The latest job, running or finished, or null. */
  job(): ImportJobView | null;
  /** Drops every preview and cancels a running import (the app locked). */
  lock(): Promise<void>;
  onChange(listener: (view: ImportJobView) => void): () => void;
  /** Settles when the running job (if any) has ended. */
  idle(): Promise<void>;
}

/** The largest session file read, in bytes. */
export const maxSessionFileBytes = 512 * 1024;

interface PreviewEntry {
  row: SessionPreviewRow;
  session: ParsedSession | null;
}

const words: Record<ImportOutcome, string> = {
  added: 'Added.',
  'already-added': 'Already in Gramdeck.',
  'key-invalid':
    'The key is no longer valid: the session was ended or signed out. Sign in to this account instead.',
  unreadable: 'The session could not be read.',
  'needs-api-credentials':
    'Enter your api_id and api_hash in Settings first (you get them at my.telegram.org).',
  failed: 'Could not be imported.',
  cancelled: 'Cancelled: nothing was saved for this row.',
};

const newId = () => randomBytes(9).toString('base64url');

export function createSessionImportService(options: SessionImportOptions): SessionImportService {
  const { gateway, telegramConfig, accounts, timers } = options;
  const log = options.logger.child({ scope: 'session-import' });
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const previewTtlMs = options.previewTtlMs ?? 15 * 60_000;
  const coalesceMs = options.coalesceMs ?? 100;
  const previews = new Map<string, { rows: Map<string, PreviewEntry>; expire: () => void }>();
  const listeners = new Set<(view: ImportJobView) => void>();
  let current: Job | null = null;

  interface Job {
    view: ImportJobView;
    isCancelled: boolean;
    inFlight: Set<TelegramConnection>;
    done: Promise<void>;
    pushTimer: (() => void) | null;
  }

  // --- preview ---------------------------------------------------------------------------------

  async function rowsOf(item: PreviewItem): Promise<{ source: string; result: ParsedRow }[]> {
    if ('text' in item) return linesOf(item.text, item.name);
    const bytes = Buffer.from(item.base64, 'base64');
    if (bytes.length > maxSessionFileBytes)
      return [
        {
          source: item.name,
          result: {
            ok: false,
            problem: `This file is larger than ${maxSessionFileBytes / 1024} KB; a session file or list is much smaller.`,
          },
        },
      ];
    if (bytes.subarray(0, 16).toString('latin1') === 'SQLite format 3\u0000')
      return [{ source: item.name, result: await readSessionFile(new Uint8Array(bytes)) }];
    // A text file: one session a line, like a paste.
    return linesOf(bytes.toString('utf8'), item.name);
  }

  function linesOf(text: string, name: string): { source: string; result: ParsedRow }[] {
    const rows: { source: string; result: ParsedRow }[] = [];
    text.split(/\r?\n/).forEach((line, index) => {
      if (line.trim() === '') return;
      const where = `line ${index + 1}`;
      rows.push({ source: name ? `${name}, ${where}` : where, result: parseSessionString(line) });
    });
    return rows;
  }

  type ParsedRow = ReturnType<typeof parseSessionString>;

  function serverProblem(session: ParsedSession, profile: ServerProfile): string | null {
    if (profile.kind === 'production' && session.isTest === true)
      return 'This session belongs to Telegram’s test servers, but Gramdeck is set to Telegram’s main servers.';
    if (profile.kind === 'test' && session.isTest === false)
      return 'This session belongs to Telegram’s main servers, but Gramdeck is set to Telegram’s test servers.';
    if (!profileHasDc(profile, session.dcId))
      return `This session lives on data center ${session.dcId}, which the current servers do not have.`;
    return null;
  }

  function dropPreview(previewId: string): void {
    const preview = previews.get(previewId);
    if (!preview) return;
    preview.expire();
    // Overwrite the keys before letting go of them.
    for (const entry of preview.rows.values()) entry.session?.authKey.fill(0);
    previews.delete(previewId);
  }

  // --- import ----------------------------------------------------------------------------------

  function emptyCounts(): Record<ImportOutcome, number> {
    return {
      added: 0,
      'already-added': 0,
      'key-invalid': 0,
      unreadable: 0,
      'needs-api-credentials': 0,
      failed: 0,
      cancelled: 0,
    };
  }

  function push(job: Job, isNow = false): void {
    if (isNow) {
      job.pushTimer?.();
      job.pushTimer = null;
      emit(job.view);
      return;
    }
    if (job.pushTimer) return;
    job.pushTimer = timers.schedule(() => {
      job.pushTimer = null;
      emit(job.view);
    }, coalesceMs);
  }

  function emit(view: ImportJobView): void {
    const copy = { ...view, counts: { ...view.counts }, results: [...view.results] };
    for (const listener of [...listeners]) {
      try {
        listener(copy);
      } catch {
        log.log('warn', 'An import listener failed');
      }
    }
  }

  function finish(
    job: Job,
    row: SessionPreviewRow,
    outcome: ImportOutcome,
    extra?: Partial<ImportRowResult>,
  ): void {
    const result: ImportRowResult = {
      rowId: row.rowId,
      source: row.source,
      outcome,
      accountId: null,
      message: words[outcome],
      ...extra,
    };
    job.view.results.push(result);
    job.view.counts[outcome]++;
    job.view.done++;
    push(job);
  }

  function outcomeOf(error: unknown): { outcome: ImportOutcome; message: string } {
    if (!isAppFailure(error)) return { outcome: 'failed', message: 'Could not be imported.' };
    switch (error.code) {
      case 'LOGGED_OUT':
      case 'AUTH_KEY_DUPLICATED':
        return { outcome: 'key-invalid', message: words['key-invalid'] };
      case 'API_ID_INVALID':
        return { outcome: 'needs-api-credentials', message: words['needs-api-credentials'] };
      default:
        return { outcome: 'failed', message: error.message };
    }
  }

  async function importRow(
    job: Job,
    entry: PreviewEntry,
    target: LoginTarget,
    claimed: Map<string, string | null>,
  ): Promise<void> {
    const { row, session } = entry;
    const isCancelled = () => job.isCancelled;
    if (isCancelled()) {
      finish(job, row, 'cancelled');
      return;
    }
    if (!session) {
      finish(job, row, 'unreadable', { message: row.problem ?? words.unreadable });
      return;
    }
    if (session.userId !== null) {
      const known = accounts.findAccountIdByUser(session.userId, target);
      if (known) {
        finish(job, row, 'already-added', { accountId: known });
        return;
      }
      if (claimed.has(session.userId)) {
        finish(job, row, 'already-added', {
          accountId: claimed.get(session.userId) ?? null,
        });
        return;
      }
    }
    let connection: TelegramConnection | null = null;
    let user: TelegramUser;
    try {
      connection = await gateway.openClient({
        profile: target.profile,
        apiId: target.apiId,
        apiHash: target.apiHash,
        session: toGramJsSession(session, target.profile),
        proxy: target.proxy ?? null,
        logLabel: `import-${row.rowId}`,
      });
      job.inFlight.add(connection);
      if (isCancelled()) throw cancelled;
      user = await connection.getMe();
      if (isCancelled()) throw cancelled;
    } catch (error) {
      if (connection) {
        job.inFlight.delete(connection);
        await connection.destroy().catch(() => undefined);
      }
      if (error === cancelled || isCancelled()) {
        finish(job, row, 'cancelled');
        return;
      }
      const { outcome, message } = outcomeOf(error);
      log.log('info', 'A session was not imported', {
        row: row.rowId,
        code: isAppFailure(error) ? error.code : 'INTERNAL',
      });
      finish(job, row, outcome, { message });
      return;
    }
    job.inFlight.delete(connection);
    const known = accounts.findAccountIdByUser(user.id, target);
    if (known || claimed.has(user.id)) {
      await connection.destroy().catch(() => undefined);
      finish(job, row, 'already-added', {
        accountId: known ?? claimed.get(user.id) ?? null,
      });
      return;
    }
    claimed.set(user.id, null);
    try {
      const { accountId } = await accounts.adoptImported({
        connection,
        user,
        phone: user.phone,
        target,
        proxy: target.proxy ?? null,
      });
      claimed.set(user.id, accountId);
      finish(job, row, 'added', { accountId });
    } catch (error) {
      claimed.delete(user.id);
      await connection.destroy().catch(() => undefined);
      log.log('warn', 'An imported session could not be saved', {
        row: row.rowId,
        code: isAppFailure(error) ? error.code : 'INTERNAL',
      });
      finish(job, row, 'failed', {
        message: isAppFailure(error) ? error.message : 'Gramdeck could not save this account.',
      });
    }
  }

  const cancelled = new Error('cancelled');

  async function run(job: Job, entries: PreviewEntry[]): Promise<void> {
    let target: LoginTarget | null = null;
    try {
      target = await telegramConfig.loginTarget();
    } catch (error) {
      const { outcome, message } = outcomeOf(error);
      for (const entry of entries)
        finish(job, entry.row, entry.session ? outcome : 'unreadable', {
          message: entry.session ? message : (entry.row.problem ?? words.unreadable),
        });
    }
    if (target) {
      const claimed = new Map<string, string | null>();
      const queue = [...entries];
      const worker = async (): Promise<void> => {
        for (let entry = queue.shift(); entry; entry = queue.shift())
          await importRow(job, entry, target, claimed);
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
    }
    for (const entry of entries) entry.session?.authKey.fill(0);
    job.view.state = job.isCancelled ? 'cancelled' : 'done';
    log.log('info', 'Import finished', {
      state: job.view.state,
      added: job.view.counts.added,
      total: job.view.total,
    });
    push(job, true);
  }

  async function cancelJob(): Promise<ImportJobView | null> {
    const job = current;
    if (!job) return null;
    if (job.view.state === 'running') {
      job.isCancelled = true;
      job.view.state = 'cancelling';
      push(job, true);
      await Promise.all([...job.inFlight].map((c) => c.destroy().catch(() => undefined)));
    }
    await job.done;
    return job.view;
  }

  return {
    async preview(items) {
      const profile = options.currentProfile();
      const rows = new Map<string, PreviewEntry>();
      let n = 0;
      for (const item of items) {
        for (const { source, result } of await rowsOf(item)) {
          const rowId = `r${++n}`;
          const problem = result.ok ? serverProblem(result.session, profile) : result.problem;
          const session = result.ok ? result.session : null;
          rows.set(rowId, {
            row: {
              rowId,
              source,
              format: session?.format ?? null,
              dcId: session?.dcId ?? null,
              userId: session?.userId ?? null,
              problem,
              knownAccountId:
                problem === null && session?.userId
                  ? accounts.findAccountIdByUser(session.userId, { profile })
                  : null,
            },
            session: problem === null ? session : null,
          });
          if (problem !== null) session?.authKey.fill(0);
        }
      }
      const previewId = newId();
      const expire = timers.schedule(() => {
        dropPreview(previewId);
      }, previewTtlMs);
      previews.set(previewId, { rows, expire });
      log.log('info', 'Sessions previewed', { rows: rows.size });
      return { previewId, rows: [...rows.values()].map((e) => e.row) };
    },

    start(previewId, rowIds) {
      if (current && (current.view.state === 'running' || current.view.state === 'cancelling'))
        return Promise.reject(
          failure('UNAVAILABLE', {
            message: 'An import is already running; wait for it or cancel it.',
          }),
        );
      const refusal = options.storageRefusal?.();
      if (refusal) return Promise.reject(refusal);
      const preview = previews.get(previewId);
      if (!preview)
        return Promise.reject(
          failure('NOT_FOUND', {
            message: 'This preview has expired. Preview the sessions again.',
          }),
        );
      const entries = [...new Set(rowIds)]
        .map((id) => preview.rows.get(id))
        .filter((e): e is PreviewEntry => e !== undefined);
      // The job takes the sessions; the preview is gone.
      preview.expire();
      previews.delete(previewId);
      for (const e of preview.rows.values()) if (!entries.includes(e)) e.session?.authKey.fill(0);
      const job: Job = {
        view: {
          jobId: newId(),
          state: 'running',
          total: entries.length,
          done: 0,
          counts: emptyCounts(),
          results: [],
        },
        isCancelled: false,
        inFlight: new Set(),
        done: Promise.resolve(),
        pushTimer: null,
      };
      current = job;
      job.done = run(job, entries).catch((error: unknown) => {
        log.log('error', 'The import stopped', {
          code: isAppFailure(error) ? error.code : 'INTERNAL',
        });
      });
      log.log('info', 'Import started', { rows: entries.length });
      return Promise.resolve({ ...job.view, counts: { ...job.view.counts }, results: [] });
    },

    cancel: cancelJob,

    job: () => current?.view ?? null,

    async lock() {
      for (const id of [...previews.keys()]) dropPreview(id);
      await cancelJob();
    },

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async idle() {
      await current?.done;
    },
  };
}
