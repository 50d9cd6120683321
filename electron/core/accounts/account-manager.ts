/**
 * The account manager: every saved account, its Telegram connection and its sidebar state. It
 * composes the parts that do the work:
 *
 * - `connection-supervisor.ts`: one per account; connect, status, backoff and reconnect;
 * - `restore.ts`: saved accounts connect at startup and unlock with bounded concurrency, with
 *   progress in `AccountsState.restore`;
 * - `login-code-inbox.ts`: the login codes (service messages from 777000) per account, dropped at
 *   lock;
 * - `account-view.ts`: `AccountsState` and `AccountSummary` for the renderer.
 *
 * Here: the vault (on `locked` it disconnects, unless `keepConnectedWhileLocked`, and drops the
 * secrets of saved accounts; on `unlocked` it restores; on `changed` it saves accounts the vault
 * refused earlier), the order and the active account, and the account operations. Changes reach
 * `onChange` listeners coalesced (one per `coalesceMs`): the whole list while it is small, else
 * only the rows that changed since the last push (`shared/accounts-change.ts`), so a restore of
 * 10,000 accounts sends each row a few times, not 10,000 rows per push.
 *
 * Secrets (session strings, API hashes, proxy passwords) stay in the in-memory accounts and the
 * vault; summaries carry only what the sidebar shows.
 */
import { randomBytes } from 'node:crypto';
import { wholeListMaxAccounts, type AccountsChanged } from '../../shared/accounts-change';
import type { AccountsFirst } from '../../shared/accounts-first';
import type { StatusFilter } from '../../shared/bulk-dto';
import type {
  AccountDetails,
  AccountStatus,
  AccountsState,
  ChatSummary,
  LoginCodeMessage,
  ProxyConfig,
  RestoreProgress,
  SessionInfo,
} from '../../shared/dto';
import { isAppFailure, type AppError } from '../../shared/errors';
import type { ServerProfile } from '../../shared/server-profile';
import type { AdoptedLogin, LoginAccountSink } from '../login/login-service';
import { failure } from '../../shared/error-words';
import type {
  Clock,
  KeyValueStore,
  LoginTarget,
  Logger,
  SessionVault,
  SettingsReader,
  TelegramConnection,
  TelegramEvent,
  TelegramGateway,
} from '../ports';
import {
  joinRecord,
  splitRecord,
  type Account,
  type RecordInfo,
  type RecordSecrets,
} from './account';
import { matchingAccountIds } from './account-filter';
import {
  accountSummary,
  accountsFirst,
  accountsState,
  displayNameOf,
  inOrder,
  type ViewedAccount,
} from './account-view';
import {
  createConnectionSupervisor,
  type ConnectionSupervisor,
  type SupervisorContext,
} from './connection-supervisor';
import { createLoginCodeInbox, type InboxChange, type LoginCodeNotice } from './login-code-inbox';
import { restoreAccounts } from './restore';
import { RowIndex } from './row-index';
import { createRestorePace, type ConnectOutcome } from './restore-pace';

export interface AccountManagerOptions {
  vault: SessionVault;
  gateway: TelegramGateway;
  /** Non-secret UI state: the active account id and the sidebar order. */
  uiState: KeyValueStore;
  settings: SettingsReader;
  logger: Logger;
  clock: Clock;
  /** Whether the app is locked now (the vault's status, not only its key). */
  isLocked: () => boolean;
  /**
   * How many saved accounts connect at once during a restore, fixed; without it the number
   * adapts to how fast connections come up (from 8, between 2 and 64: `restore-pace.ts`).
   */
  restoreConcurrency?: number;
  /** Window in which changes of the account list are merged (default 50 ms). */
  coalesceMs?: number;
  /** Reconnect backoff: first delay and cap in ms (defaults 1 s and 60 s; never below 1 s). */
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  /** Random source for backoff jitter, in [0, 1). */
  random?: () => number;
  newAccountId?: () => string;
  /** An account left Gramdeck (removed, or logged out): its tags go (issue 15). */
  onAccountRemoved?: (accountId: string) => void;
  /** Account health (issue 15): whether an account needs attention; none by default. */
  needsAttention?: (accountId: string, status: AccountStatus) => boolean;
}

/**
 * A change for the renderer: the account list (whole, or the rows that changed), one account's
 * login-code inbox, or word that one account's sessions changed (its list is read again on demand).
 */
export type AccountsChange =
  | { kind: 'accounts'; state: AccountsChanged }
  | { kind: 'inbox'; inbox: InboxChange }
  | { kind: 'sessions'; accountId: string };

export interface AccountManager extends LoginAccountSink {
  /** Restores saved accounts (if the vault is unlocked) and starts following the vault. */
  start(): Promise<void>;
  /** Disconnects every client and stops every timer. */
  stop(): Promise<void>;
  state(): AccountsState;
  /** The first `limit` rows of {@link state}'s list, with the total (issue 17). */
  firstRows(limit: number): AccountsFirst;
  switchTo(accountId: string): AccountsState;
  reorder(accountIds: string[]): AccountsState;
  /**
   * The ids of the accounts `query` matches (name, username, full number), in the list order;
   * with `facets`, only those with one of its tags and one of its statuses too.
   */
  filter(
    query: string,
    facets?: {
      tagIds?: readonly string[] | undefined;
      statuses?: readonly StatusFilter[] | undefined;
      tagIdsOf: (accountId: string) => readonly string[];
    },
  ): string[];
  logOut(accountId: string): Promise<AccountsState>;
  remove(accountId: string): Promise<AccountsState>;
  reconnect(accountId: string): Promise<AccountsState>;
  setProxy(accountId: string, proxy: ProxyConfig | null): Promise<AccountsState>;
  getDetails(accountId: string): Promise<AccountDetails>;
  listChats(accountId: string): Promise<ChatSummary[]>;
  listSessions(accountId: string): Promise<SessionInfo[]>;
  endSession(accountId: string, sessionId: string): Promise<SessionInfo[]>;
  endOtherSessions(accountId: string): Promise<SessionInfo[]>;
  loginCodes(accountId: string): Promise<LoginCodeMessage[]>;
  /** Subscribes to changes for the renderer; returns the function that unsubscribes. */
  onChange(listener: (change: AccountsChange) => void): () => void;
  /** Subscribes to live login codes (main only); returns the function that unsubscribes. */
  onLoginCode(listener: (notice: LoginCodeNotice) => void): () => void;

  // Account health (issue 15)
  /** Runs `run` on the account's connection, as the account's own calls do. */
  call<T>(accountId: string, run: (connection: TelegramConnection) => Promise<T>): Promise<T>;
  /** Something `needsAttention` reads changed for this account (every account without one). */
  viewChanged(accountId?: string): void;
  // Session import (issue 15)
  /**
   * Takes over an imported session's checked connection: seals the account in the vault first
   * (rejecting, with nothing added, when the vault refuses), then shows it online. The active
   * account stays as it is; a logged-out account of the same user is revived.
   */
  adoptImported(login: AdoptedLogin): Promise<{ accountId: string }>;
  // Chats and messages (issue 16)
  /** Every event of every account's live connection; returns the function that unsubscribes. */
  onConnectionEvent(listener: (accountId: string, event: TelegramEvent) => void): () => void;
  /** The account's status now, or null when there is no such account. */
  statusOf(accountId: string): AccountStatus | null;
  /** Reads the account's unread total (sidebar, tray) again soon, after a chat was read. */
  refreshUnread(accountId: string): void;
}

interface Entry extends Account {
  readonly supervisor: ConnectionSupervisor;
}

const ORDER_KEY = 'accounts.order';
/** How many accounts' after-online work (save, unread count, avatar) runs at once. */
const afterOnlineConcurrency = 8;
/** At most this many accounts are written to the vault in one batch. */
const saveBatchMax = 64;
const ACTIVE_KEY = 'accounts.activeId';

/** Creates the account manager. */
export function createAccountManager(options: AccountManagerOptions): AccountManager {
  const { vault, gateway, uiState, settings, clock, isLocked } = options;
  const log = options.logger.child({ scope: 'accounts' });
  const fixedConcurrency =
    options.restoreConcurrency === undefined ? null : Math.max(1, options.restoreConcurrency);
  const coalesceMs = options.coalesceMs ?? 50;
  const reconnectBaseMs = Math.max(1000, options.reconnectBaseMs ?? 1000);
  const reconnectMaxMs = Math.max(reconnectBaseMs, options.reconnectMaxMs ?? 60_000);
  const newAccountId = options.newAccountId ?? (() => `a${randomBytes(8).toString('hex')}`);

  const entries = new Map<string, Entry>();
  let order: string[] = readStringArray(uiState.get(ORDER_KEY));
  let activeId: string | null = readString(uiState.get(ACTIVE_KEY));
  let restore: RestoreProgress | null = null;
  let emitTimer: ReturnType<typeof setTimeout> | null = null;
  /** The rows the listeners' list holds, and where new ones go; null: the next push is whole. */
  let sentRows: RowIndex | null = null;
  /** Accounts whose row changed since the last push. */
  const dirtyIds = new Set<string>();
  /** Accounts that left since the last push. */
  const removedIds = new Set<string>();
  /** Saves waiting for the next batch (`persistBatched`), and whether a batch is being written. */
  const pendingSaves = new Map<
    string,
    { account: Account; done: ((error: AppError | null) => void)[] }
  >();
  let isSaving = false;
  /** What follows accounts coming online (`SupervisorContext.afterOnline`): it waits for a restore. */
  let afterOnlineQueue: (() => Promise<void>)[] = [];
  let afterOnlineRunning = 0;
  let isStopped = false;
  const unsubscribers: (() => void)[] = [];
  const changeListeners = new Set<(change: AccountsChange) => void>();
  const connectionListeners = new Set<(accountId: string, event: TelegramEvent) => void>();

  const inbox = createLoginCodeInbox({
    isLocked,
    log,
    onChange: (change) => {
      notify({ kind: 'inbox', inbox: change });
    },
  });

  const supervisorContext: SupervisorContext = {
    gateway,
    clock,
    log,
    reconnectBaseMs,
    reconnectMaxMs,
    random: options.random ?? Math.random,
    isStopped: () => isStopped,
    isVaultUnlocked: () => vault.isUnlocked(),
    onChange: (account) => {
      scheduleEmit(account.id);
    },
    persist: persistBatched,
    afterOnline: (work) => {
      afterOnlineQueue.push(work);
      runAfterOnline();
    },
    onServiceMessage: (account, message) => {
      inbox.receive({ id: account.id, name: account.record.displayName }, message);
    },
    onSessionsChanged: (account) => {
      notify({ kind: 'sessions', accountId: account.id });
    },
    onConnectionEvent: (account, event) => {
      for (const listener of [...connectionListeners]) {
        try {
          listener(account.id, event);
        } catch {
          log.log('warn', 'A connection event listener failed', { kind: event.kind });
        }
      }
    },
  };

  // --- state and changes -----------------------------------------------------------------------

  function orderedEntries(): Entry[] {
    return inOrder(order, entries);
  }

  function viewOf(entry: Entry): ViewedAccount {
    return {
      id: entry.id,
      record: entry.record,
      status: entry.supervisor.status,
      unreadCount: entry.supervisor.unreadCount,
      needsAttention: options.needsAttention?.(entry.id, entry.supervisor.status) ?? false,
    };
  }

  function state(): AccountsState {
    const isMasked = settings.get().maskPhoneNumbers;
    return accountsState(orderedEntries().map(viewOf), activeId, restore, isMasked);
  }

  function firstRows(limit: number): AccountsFirst {
    const isMasked = settings.get().maskPhoneNumbers;
    return accountsFirst(orderedEntries(), viewOf, limit, activeId, restore, isMasked);
  }

  function notify(change: AccountsChange): void {
    for (const listener of [...changeListeners]) {
      try {
        listener(change);
      } catch {
        log.log('warn', 'An accounts change listener failed', { kind: change.kind });
      }
    }
  }

  /**
   * Pushes the list soon: `accountId`'s row changed; with none every row may have, unless only
   * the restore progress or the active account changed (`isRowsKept`).
   */
  function scheduleEmit(accountId?: string, isRowsKept = false): void {
    if (accountId !== undefined) dirtyIds.add(accountId);
    else if (!isRowsKept) sentRows = null;
    if (emitTimer || isStopped) return;
    emitTimer = setTimeout(() => {
      emitTimer = null;
      notify({ kind: 'accounts', state: nextChange() });
    }, coalesceMs);
  }

  /** Pushes what changed now, instead of at the end of the coalescing window. */
  function emitNow(): void {
    if (isStopped) return;
    if (emitTimer) clearTimeout(emitTimer);
    emitTimer = null;
    notify({ kind: 'accounts', state: nextChange() });
  }

  /**
   * The whole list, or (for a long list the listeners hold) the rows changed since the last push:
   * O(rows changed · log N), so a restore's pushes cost what they carry (`row-index.ts`).
   */
  function nextChange(): AccountsChanged {
    const isMasked = settings.get().maskPhoneNumbers;
    const known = sentRows;
    const changed = [...dirtyIds];
    dirtyIds.clear();
    const gone = [...removedIds];
    removedIds.clear();
    // While locked the lock gate pushes an empty list instead: the first push after it is whole.
    if (known === null || isLocked() || entries.size <= wholeListMaxAccounts) {
      const ordered = orderedEntries();
      sentRows = isLocked() ? null : new RowIndex();
      sentRows?.reset(
        order,
        ordered.map((e) => e.id),
      );
      return accountsState(ordered.map(viewOf), activeId, restore, isMasked);
    }
    const removed = gone.filter((id) => known.has(id) && !entries.has(id));
    for (const id of removed) known.remove(id);
    const added = known
      .add(
        order,
        changed.filter((id) => entries.has(id)),
      )
      .flatMap(({ id, index }) => {
        const entry = entries.get(id);
        return entry ? [{ index, account: accountSummary(viewOf(entry), isMasked) }] : [];
      });
    const addedIds = new Set(added.map((a) => a.account.id));
    const updated = changed
      .map((id) => entries.get(id))
      .filter((e): e is Entry => e !== undefined && !addedIds.has(e.id))
      .map((e) => accountSummary(viewOf(e), isMasked));
    return {
      kind: 'patch',
      updated,
      added,
      removed,
      activeAccountId: activeId !== null && entries.has(activeId) ? activeId : known.first(),
      restore: restore ? { ...restore } : null,
    };
  }

  /** Runs queued after-online work, a few at once, once no restore runs. */
  function runAfterOnline(): void {
    if (restore !== null || isStopped) return;
    while (afterOnlineRunning < afterOnlineConcurrency && afterOnlineQueue.length > 0) {
      const batch = afterOnlineQueue.splice(0, afterOnlineConcurrency - afterOnlineRunning);
      for (const work of batch) {
        afterOnlineRunning++;
        void work()
          .catch(() => {
            log.log('warn', 'Work after an account came online failed');
          })
          .finally(() => {
            afterOnlineRunning--;
            runAfterOnline();
          });
      }
    }
  }

  function saveUiState(): void {
    order = orderedEntries().map((e) => e.id);
    uiState.set(ORDER_KEY, order);
    uiState.set(ACTIVE_KEY, activeId);
  }

  function newEntry(
    id: string,
    record: RecordInfo,
    secrets: RecordSecrets,
    isPersisted: boolean,
  ): Entry {
    const account: Account = { id, record, secrets, isPersisted };
    return Object.assign(account, {
      supervisor: createConnectionSupervisor(account, supervisorContext),
    });
  }

  function findEntry(userId: string, servers: Pick<LoginTarget, 'profile'>): Entry | undefined {
    return [...entries.values()].find(
      (e) => e.record.userId === userId && sameServers(e.record.serverProfile, servers.profile),
    );
  }

  /**
   * What a signed-in (or imported) connection becomes: the account it revives (same user on the
   * same servers) or a new id, its secrets and its record. The account keeps the proxy it signed
   * in through (a direct login keeps none) and a revived account its avatar.
   */
  function adoptedRecord(login: AdoptedLogin): {
    revived: Entry | undefined;
    id: string;
    secrets: RecordSecrets;
    record: RecordInfo;
  } {
    const revived = findEntry(login.user.id, login.target);
    return {
      revived,
      id: revived?.id ?? newAccountId(),
      secrets: { session: login.connection.exportSession(), apiHash: login.target.apiHash },
      record: {
        phone: login.phone,
        userId: login.user.id,
        homeDcId: login.connection.dcId(),
        serverProfile: login.target.profile,
        apiId: login.target.apiId,
        proxy: login.proxy,
        displayName: displayNameOf(login.user),
        username: login.user.username,
        isPremium: login.user.isPremium,
        avatar: revived?.record.avatar ?? null,
      },
    };
  }

  function getEntry(accountId: string): Entry {
    const entry = entries.get(accountId);
    if (!entry) throw failure('NOT_FOUND', { message: 'There is no such account in Gramdeck.' });
    return entry;
  }

  // --- persistence -----------------------------------------------------------------------------

  async function persist(account: Account): Promise<AppError | null> {
    // A record whose secrets were dropped at lock time must never overwrite the saved one.
    if (account.secrets === null) return null;
    try {
      await vault.writeAccount(account.id, joinRecord(account.record, account.secrets));
      account.isPersisted = true;
      return null;
    } catch (error) {
      account.isPersisted = false;
      if (isAppFailure(error)) {
        log.log('warn', 'The vault refused to save an account; it stays in memory', {
          account: account.id,
          code: error.code,
        });
        return error.toAppError();
      }
      log.log('error', 'Saving an account failed', { account: account.id });
      return { code: 'INTERNAL', message: 'Gramdeck could not save this account.' };
    }
  }

  /**
   * Saves the account with others waiting at the same time: the deferred saves after a restore
   * (newer session strings and profiles, avatars) go to the vault in batches, one fsync pass
   * each (`SessionVault.writeAccounts`), not two fsyncs per account. A batch the vault refuses
   * is saved one by one, so each account learns its own outcome.
   */
  function persistBatched(account: Account): Promise<AppError | null> {
    return new Promise((resolve) => {
      const waiting = pendingSaves.get(account.id);
      pendingSaves.set(account.id, { account, done: [...(waiting?.done ?? []), resolve] });
      if (!isSaving) void saveBatches();
    });
  }

  async function saveBatches(): Promise<void> {
    isSaving = true;
    // One turn of the event loop first: saves asked for by the same burst of work join the batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (pendingSaves.size > 0) {
      const batch = [...pendingSaves.values()].slice(0, saveBatchMax);
      for (const { account } of batch) pendingSaves.delete(account.id);
      const records = batch.flatMap(({ account }) =>
        account.secrets === null
          ? []
          : [
              {
                account,
                accountId: account.id,
                record: joinRecord(account.record, account.secrets),
              },
            ],
      );
      try {
        await vault.writeAccounts(records);
        for (const { account } of records) account.isPersisted = true;
        for (const { done } of batch) for (const resolve of done) resolve(null);
      } catch {
        for (const { account, done } of batch) {
          const error = await persist(account);
          for (const resolve of done) resolve(error);
        }
      }
    }
    isSaving = false;
  }

  async function persistPending(): Promise<void> {
    for (const entry of entries.values()) {
      if (!entry.isPersisted && entry.supervisor.status.kind !== 'logged-out') await persist(entry);
    }
  }

  // --- following the vault, restore and removal ------------------------------------------------

  async function restoreOne(id: string): Promise<ConnectOutcome> {
    const { record, secrets } = splitRecord(await vault.readAccount(id));
    let entry = entries.get(id);
    if (entry) {
      entry.record = record;
      entry.secrets = secrets;
      entry.isPersisted = true;
    } else {
      entry = newEntry(id, record, secrets, true);
      entries.set(id, entry);
    }
    scheduleEmit(id);
    if (entry.supervisor.connection !== null || (await entry.supervisor.connect())) return 'online';
    // Offline: the network failed or timed out (a retry is scheduled); error: Telegram refused.
    const kind: AccountStatus['kind'] = entry.supervisor.status.kind;
    if (kind === 'offline') return 'unreachable';
    return kind === 'error' ? 'refused' : 'other';
  }

  function restoreAll(): Promise<void> {
    return restoreAccounts({
      vault,
      log,
      pace: createRestorePace(
        fixedConcurrency === null
          ? { clock }
          : { clock, initial: fixedConcurrency, min: fixedConcurrency, max: fixedConcurrency },
      ),
      isStopped: () => isStopped,
      restoreOne,
      onProgress: (progress) => {
        const isStart = restore === null && progress !== null;
        restore = progress;
        if (progress === null) runAfterOnline();
        // The start goes out at once: a restore shorter than one coalescing window still shows.
        if (isStart) emitNow();
        else scheduleEmit(undefined, true);
      },
    });
  }

  async function onLocked(): Promise<void> {
    // Login codes leave memory with the lock, connected or not; unlock fetches them again.
    inbox.dropAll();
    if (settings.get().keepConnectedWhileLocked) {
      scheduleEmit();
      return;
    }
    await Promise.all(
      [...entries.values()].map(async (entry) => {
        await entry.supervisor.detach();
        entry.supervisor.markLocked();
        // Secrets of saved accounts leave memory with the lock; unlock reads them again. An
        // account the vault has not saved yet keeps its session, or it would be lost.
        if (entry.isPersisted) entry.secrets = null;
      }),
    );
    scheduleEmit();
  }

  /** Accounts the vault had not saved yet were locked in memory only: reconnect them too. */
  async function resumeLocked(): Promise<void> {
    await Promise.all(
      [...entries.values()]
        .filter((e) => e.supervisor.status.kind === 'locked' && e.secrets !== null)
        .map((e) => e.supervisor.connect()),
    );
  }

  async function dropAccount(entry: Entry): Promise<void> {
    await entry.supervisor.detach();
    if (entry.isPersisted || vault.isUnlocked()) {
      try {
        await vault.deleteAccount(entry.id);
      } catch (error) {
        if (!isAppFailure(error) || error.code !== 'NOT_FOUND') throw error;
      }
    }
    entries.delete(entry.id);
    removedIds.add(entry.id);
    inbox.forget(entry.id);
    if (activeId === entry.id) activeId = orderedEntries()[0]?.id ?? null;
    saveUiState();
    scheduleEmit(undefined, true);
    options.onAccountRemoved?.(entry.id);
    log.log('info', 'Account removed', { account: entry.id });
  }

  // --- future auth tokens ----------------------------------------------------------------------

  /** Keeps the token a log-out gave, newest first, for the next sign-in with this number. */
  async function keepAuthToken(entry: Entry, token: string): Promise<void> {
    const phone = entry.record.phone;
    const profileKey = serversKey(entry.record.serverProfile);
    try {
      const saved = await vault.readAuthTokens(phone);
      const tokens = [
        { profileKey, token },
        ...saved.tokens.filter((t) => t.token !== token),
      ].slice(0, MAX_AUTH_TOKENS);
      await vault.writeAuthTokens(phone, { tokens });
    } catch (error) {
      // The log-out itself succeeded; the next sign-in just asks for a code.
      log.log('warn', 'Could not keep the future auth token', {
        account: entry.id,
        code: isAppFailure(error) ? error.code : 'INTERNAL',
      });
    }
  }

  // --- the manager -----------------------------------------------------------------------------

  return {
    async start() {
      unsubscribers.push(
        vault.onEvent((event) => {
          if (event.kind === 'locked') void onLocked();
          else if (event.kind === 'unlocked')
            void restoreAll().then(persistPending).then(resumeLocked);
          else void persistPending();
        }),
        settings.onChange(() => {
          scheduleEmit();
        }),
      );
      if (vault.isUnlocked()) await restoreAll();
    },

    async stop() {
      isStopped = true;
      afterOnlineQueue = [];
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
      if (emitTimer) clearTimeout(emitTimer);
      emitTimer = null;
      await Promise.all([...entries.values()].map((e) => e.supervisor.detach()));
    },

    state,
    firstRows,

    findAccountIdByUser(userId, servers) {
      // A logged-out account is not "already added": signing in again revives it.
      const entry = findEntry(userId, servers);
      return entry && entry.supervisor.status.kind !== 'logged-out' ? entry.id : null;
    },

    findAccountIdByPhone(phone, target) {
      const entry = [...entries.values()].find(
        (e) =>
          e.record.phone === phone &&
          sameServers(e.record.serverProfile, target.profile) &&
          e.supervisor.status.kind !== 'logged-out',
      );
      return entry?.id ?? null;
    },

    async futureAuthTokens(phone, target) {
      if (!vault.isUnlocked()) return [];
      const profileKey = serversKey(target.profile);
      try {
        const saved = await vault.readAuthTokens(phone);
        return saved.tokens.filter((t) => t.profileKey === profileKey).map((t) => t.token);
      } catch (error) {
        log.log('warn', 'Could not read the future auth tokens', {
          code: isAppFailure(error) ? error.code : 'INTERNAL',
        });
        return [];
      }
    },

    userIdsOn(target: LoginTarget) {
      return [...entries.values()]
        .filter((e) => sameServers(e.record.serverProfile, target.profile))
        .map((e) => e.record.userId);
    },

    async adoptLogin(login: AdoptedLogin) {
      const { revived, id, secrets, record } = adoptedRecord(login);
      if (revived) await revived.supervisor.detach();
      const entry = revived ?? newEntry(id, record, secrets, false);
      entry.record = record;
      entry.secrets = secrets;
      entry.isPersisted = false;
      entries.set(id, entry);
      order = [
        ...orderedEntries()
          .map((e) => e.id)
          .filter((x) => x !== id),
        id,
      ];
      activeId = id;
      saveUiState();
      entry.supervisor.attach(login.connection, login.user);
      const persistError = await persist(entry);
      scheduleEmit(revived ? undefined : id);
      log.log('info', revived ? 'Account signed in again' : 'Account added', {
        account: id,
        isPersisted: entry.isPersisted,
      });
      return { accountId: id, persistError };
    },

    // Session import (issue 15)
    async adoptImported(login: AdoptedLogin) {
      const { revived, id, secrets, record } = adoptedRecord(login);
      // One atomic write: the account is in the vault whole, or not at all.
      await vault.writeAccount(id, joinRecord(record, secrets));
      if (revived) await revived.supervisor.detach();
      const entry = revived ?? newEntry(id, record, secrets, true);
      entry.record = record;
      entry.secrets = secrets;
      entry.isPersisted = true;
      entries.set(id, entry);
      if (!order.includes(id)) order.push(id);
      if (activeId === null) {
        activeId = id;
        saveUiState();
      }
      entry.supervisor.attach(login.connection, login.user);
      scheduleEmit(id);
      log.log('info', revived ? 'Imported account signed in again' : 'Account imported', {
        account: id,
      });
      return { accountId: id };
    },

    switchTo(accountId) {
      getEntry(accountId);
      activeId = accountId;
      saveUiState();
      scheduleEmit(undefined, true);
      return state();
    },

    reorder(accountIds) {
      const known = accountIds.filter((id) => entries.has(id));
      order = [...new Set([...known, ...orderedEntries().map((e) => e.id)])];
      saveUiState();
      scheduleEmit();
      return state();
    },

    filter(query, facets) {
      if (!facets) return matchingAccountIds(orderedEntries(), query);
      return matchingAccountIds(orderedEntries(), query, {
        tagIds: facets.tagIds,
        statuses: facets.statuses,
        facetsOf: (id) => {
          const entry = getEntry(id);
          const summary = accountSummary(viewOf(entry), true);
          return {
            status: summary.status,
            needsAttention: summary.needsAttention,
            tagIds: facets.tagIdsOf(id),
          };
        },
      });
    },

    async logOut(accountId) {
      const entry = getEntry(accountId);
      const connection = entry.supervisor.connection;
      if (connection) {
        try {
          const { futureAuthToken } = await connection.logOut();
          if (futureAuthToken) await keepAuthToken(entry, futureAuthToken);
        } catch (error) {
          // A session the server already dropped needs no log-out; anything else is reported
          // and nothing is deleted, so the user can retry (or remove the account locally).
          if (
            !isAppFailure(error) ||
            (error.code !== 'LOGGED_OUT' && error.code !== 'AUTH_KEY_DUPLICATED')
          ) {
            throw error;
          }
        }
      } else if (entry.supervisor.status.kind === 'locked') {
        throw failure('LOCKED', { message: 'Unlock Gramdeck first.' });
      } else if (entry.supervisor.status.kind !== 'logged-out') {
        throw failure('NETWORK', {
          message:
            'This account is offline, so Telegram cannot be told to end the session. Reconnect it first, or remove it from Gramdeck only.',
        });
      }
      await dropAccount(entry);
      return state();
    },

    async remove(accountId) {
      await dropAccount(getEntry(accountId));
      return state();
    },

    async reconnect(accountId) {
      const entry = getEntry(accountId);
      if (entry.supervisor.status.kind === 'logged-out') throw failure('LOGGED_OUT');
      if (!vault.isUnlocked() && entry.supervisor.status.kind === 'locked') {
        throw failure('LOCKED', { message: 'Unlock Gramdeck first.' });
      }
      await entry.supervisor.reconnectNow();
      return state();
    },

    async setProxy(accountId, proxy) {
      const entry = getEntry(accountId);
      entry.record = { ...entry.record, proxy };
      const error = await persist(entry);
      if (error) throw failure(error.code, { message: error.message });
      if (entry.supervisor.status.kind !== 'logged-out') await entry.supervisor.reconnectNow();
      return state();
    },

    async getDetails(accountId) {
      const entry = getEntry(accountId);
      const [bio, security] = await entry.supervisor.call((c) =>
        Promise.all([c.getBio(), c.getPasswordInfo()]),
      );
      return {
        summary: accountSummary(viewOf(entry), settings.get().maskPhoneNumbers),
        bio,
        security: {
          hasPassword: security.hasPassword,
          hasRecoveryEmail: security.hasRecovery,
          passwordHint: security.hint,
        },
      };
    },

    async listChats(accountId) {
      return getEntry(accountId).supervisor.call((c) => c.listChats(50));
    },

    async listSessions(accountId) {
      return getEntry(accountId).supervisor.call((c) => c.listSessions());
    },

    async endSession(accountId, sessionId) {
      const entry = getEntry(accountId);
      const sessions = await entry.supervisor.call((c) => c.listSessions());
      const target = sessions.find((s) => s.id === sessionId);
      if (!target) throw failure('NOT_FOUND', { message: 'That session no longer exists.' });
      if (target.isCurrent) {
        throw failure('VALIDATION', {
          message: 'This is Gramdeck’s own session. Use “Log out” to end it.',
        });
      }
      await entry.supervisor.call((c) => c.endSession(sessionId));
      return entry.supervisor.call((c) => c.listSessions());
    },

    async endOtherSessions(accountId) {
      const entry = getEntry(accountId);
      await entry.supervisor.call((c) => c.endOtherSessions());
      return entry.supervisor.call((c) => c.listSessions());
    },

    async loginCodes(accountId) {
      const entry = getEntry(accountId);
      return inbox.list(accountId, (limit) =>
        entry.supervisor.call((c) => c.listServiceMessages(limit)),
      );
    },

    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },

    onLoginCode: (listener) => inbox.onLoginCode(listener),

    call(accountId, run) {
      return getEntry(accountId).supervisor.call(run);
    },

    viewChanged(accountId) {
      scheduleEmit(accountId);
    },

    // Chats and messages (issue 16)
    onConnectionEvent(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },

    statusOf(accountId) {
      return entries.get(accountId)?.supervisor.status ?? null;
    },

    refreshUnread(accountId) {
      entries.get(accountId)?.supervisor.refreshUnreadSoon();
    },
  };
}

function readStringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function readString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** At most this many future auth tokens are kept per phone number, as Telegram's apps do. */
const MAX_AUTH_TOKENS = 20;

/** Names a server cluster: a future auth token of one means nothing to another. */
function serversKey(profile: ServerProfile): string {
  if (profile.kind !== 'custom') return profile.kind;
  return `custom:${profile.rsaKeys
    .map((k) => k.fingerprint)
    .sort()
    .join(',')}`;
}

function sameServers(a: ServerProfile, b: ServerProfile): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'custom' && b.kind === 'custom') {
    return a.rsaKeys.some((k) => b.rsaKeys.some((l) => l.fingerprint === k.fingerprint));
  }
  return true;
}
