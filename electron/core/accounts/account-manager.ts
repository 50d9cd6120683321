/**
 * The account manager: every saved account, its Telegram connection and its sidebar state.
 *
 * - Restores saved accounts from the vault at startup with bounded concurrency, reporting
 *   progress in `AccountsState.restore`.
 * - Reconnects an account that lost its connection with jittered, capped exponential backoff
 *   (never more than one attempt per second per account). A session the server no longer knows
 *   (LOGGED_OUT, AUTH_KEY_DUPLICATED) becomes status `logged-out` and is never retried.
 * - Follows the vault: on `locked` it disconnects (unless `keepConnectedWhileLocked`), on
 *   `unlocked` it restores, on `changed` it saves accounts the vault refused earlier.
 * - Pushes `accounts:changed` coalesced (one emit per `coalesceMs`), so a restore of 1,000
 *   accounts does not send 1,000 full lists.
 * - Keeps a small inbox of login codes (service messages from 777000) per account while
 *   unlocked. The lock drops every inbox; while locked nothing is fetched or kept, and a code
 *   that arrives (with "stay connected while locked") only raises a code-less `LoginCodeNotice`.
 *
 * Secrets (session strings, API hashes, proxy passwords) stay in the in-memory records and the
 * vault; summaries carry only what the sidebar shows.
 */
import { randomBytes } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type {
  AccountDetails,
  AccountStatus,
  AccountSummary,
  AccountsState,
  ChatSummary,
  LoginCodeMessage,
  ProxyConfig,
  ProxyView,
  RestoreProgress,
  SessionInfo,
} from '../../shared/dto';
import { isAppFailure, type AppError } from '../../shared/errors';
import type { ServerProfile } from '../../shared/server-profile';
import type { EventBus } from '../ipc/event-bus';
import type { AdoptedLogin, LoginAccountSink } from '../login/login-service';
import { failure } from '../../shared/error-words';
import type {
  AccountRecord,
  Clock,
  KeyValueStore,
  LoginTarget,
  Logger,
  ServiceMessage,
  SessionVault,
  SettingsReader,
  TelegramConnection,
  TelegramEvent,
  TelegramGateway,
  TelegramUser,
} from '../ports';

export interface AccountManagerOptions {
  vault: SessionVault;
  gateway: TelegramGateway;
  /** Non-secret UI state: the active account id and the sidebar order. */
  uiState: KeyValueStore;
  settings: SettingsReader;
  events: EventBus;
  logger: Logger;
  clock: Clock;
  /** Whether the app is locked now (the vault's status, not only its key). */
  isLocked: () => boolean;
  /** How many saved accounts connect at once during a restore (default 8). */
  restoreConcurrency?: number;
  /** Window in which `accounts:changed` pushes are merged (default 50 ms). */
  coalesceMs?: number;
  /** Reconnect backoff: first delay and cap in ms (defaults 1 s and 60 s; never below 1 s). */
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  /** Random source for backoff jitter, in [0, 1). */
  random?: () => number;
  newAccountId?: () => string;
}

/**
 * A login code that arrived live, for the OS notification. It stays in main (it is not a push
 * event) and, while the app is locked, carries no code.
 */
export interface LoginCodeNotice {
  accountId: string;
  messageId: string;
  accountName: string;
  receivedAt: number;
  /** The app was locked when it arrived: the message was neither kept nor read for a code. */
  isLocked: boolean;
  /** Whether the message holds a code (read only while unlocked). */
  hasCode: boolean;
  /** The code, while unlocked; always null while locked. */
  code: string | null;
}

export interface AccountManager extends LoginAccountSink {
  /** Restores saved accounts (if the vault is unlocked) and starts following the vault. */
  start(): Promise<void>;
  /** Disconnects every client and stops every timer. */
  stop(): Promise<void>;
  state(): AccountsState;
  switchTo(accountId: string): AccountsState;
  reorder(accountIds: string[]): AccountsState;
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
  /** Subscribes to live login codes (main only); returns the function that unsubscribes. */
  onLoginCode(listener: (notice: LoginCodeNotice) => void): () => void;
}

interface Entry {
  readonly id: string;
  /** Secret: the session and API hash live here and in the vault only. */
  record: AccountRecord;
  connection: TelegramConnection | null;
  unsubscribe: (() => void) | null;
  status: AccountStatus;
  unreadCount: number;
  isPersisted: boolean;
  inbox: LoginCodeMessage[] | null;
  /** Bumped on every connect/disconnect so stale async work can tell it lost. */
  generation: number;
  reconnectAttempt: number;
  isProbing: boolean;
  reconnectTimer: ReturnType<typeof setTimeout> | null;
  unreadTimer: ReturnType<typeof setTimeout> | null;
}

const ORDER_KEY = 'accounts.order';
const ACTIVE_KEY = 'accounts.activeId';
const INBOX_SIZE = 20;
const AVATAR_COLORS = 8;

/** Creates the account manager. */
export function createAccountManager(options: AccountManagerOptions): AccountManager {
  const { vault, gateway, uiState, settings, events, clock, isLocked } = options;
  const log = options.logger.child({ scope: 'accounts' });
  const restoreConcurrency = Math.max(1, options.restoreConcurrency ?? 8);
  const coalesceMs = options.coalesceMs ?? 50;
  const reconnectBaseMs = Math.max(1000, options.reconnectBaseMs ?? 1000);
  const reconnectMaxMs = Math.max(reconnectBaseMs, options.reconnectMaxMs ?? 60_000);
  const random = options.random ?? Math.random;
  const newAccountId = options.newAccountId ?? (() => `a${randomBytes(8).toString('hex')}`);

  const entries = new Map<string, Entry>();
  let order: string[] = readStringArray(uiState.get(ORDER_KEY));
  let activeId: string | null = readString(uiState.get(ACTIVE_KEY));
  let restore: RestoreProgress | null = null;
  let emitTimer: ReturnType<typeof setTimeout> | null = null;
  let isStopped = false;
  const unsubscribers: (() => void)[] = [];
  const codeListeners = new Set<(notice: LoginCodeNotice) => void>();

  // --- state and pushes ----------------------------------------------------------------------

  function summary(entry: Entry): AccountSummary {
    const r = entry.record;
    const profile = r.serverProfile;
    return {
      id: entry.id,
      displayName: r.displayName,
      username: r.username,
      phone: formatPhone(r.phone, settings.get().maskPhoneNumbers),
      avatar: r.avatar,
      initials: initialsOf(r.displayName),
      colorIndex: colorIndexOf(r.userId),
      homeDcId: r.homeDcId,
      status: entry.status,
      unreadCount: entry.unreadCount,
      isPremium: r.isPremium,
      isSandbox: profile.kind === 'custom' && profile.isSandbox,
      proxy: proxyView(r.proxy),
    };
  }

  function orderedEntries(): Entry[] {
    const seen = new Set<string>();
    const out: Entry[] = [];
    for (const id of order) {
      const entry = entries.get(id);
      if (entry && !seen.has(id)) {
        out.push(entry);
        seen.add(id);
      }
    }
    for (const entry of entries.values()) if (!seen.has(entry.id)) out.push(entry);
    return out;
  }

  function state(): AccountsState {
    const accounts = orderedEntries().map(summary);
    const active =
      activeId !== null && entries.has(activeId) ? activeId : (accounts[0]?.id ?? null);
    return { accounts, activeAccountId: active, restore: restore ? { ...restore } : null };
  }

  function scheduleEmit(): void {
    if (emitTimer || isStopped) return;
    emitTimer = setTimeout(() => {
      emitTimer = null;
      events.emit('accounts:changed', state());
    }, coalesceMs);
  }

  function saveUiState(): void {
    order = orderedEntries().map((e) => e.id);
    uiState.set(ORDER_KEY, order);
    uiState.set(ACTIVE_KEY, activeId);
  }

  function setStatus(entry: Entry, status: AccountStatus): void {
    entry.status = status;
    scheduleEmit();
  }

  function findEntry(userId: string, target: LoginTarget): Entry | undefined {
    return [...entries.values()].find(
      (e) => e.record.userId === userId && sameServers(e.record.serverProfile, target.profile),
    );
  }

  function getEntry(accountId: string): Entry {
    const entry = entries.get(accountId);
    if (!entry) throw failure('NOT_FOUND', { message: 'There is no such account in Gramdeck.' });
    return entry;
  }

  // --- persistence -----------------------------------------------------------------------------

  async function persist(entry: Entry): Promise<AppError | null> {
    // A record whose secrets were dropped at lock time must never overwrite the saved one.
    if (entry.record.session === '') return null;
    try {
      await vault.writeAccount(entry.id, entry.record);
      entry.isPersisted = true;
      return null;
    } catch (error) {
      entry.isPersisted = false;
      if (isAppFailure(error)) {
        log.log('warn', 'The vault refused to save an account; it stays in memory', {
          account: entry.id,
          code: error.code,
        });
        return error.toAppError();
      }
      log.log('error', 'Saving an account failed', { account: entry.id });
      return { code: 'INTERNAL', message: 'Gramdeck could not save this account.' };
    }
  }

  async function persistPending(): Promise<void> {
    for (const entry of entries.values()) {
      if (!entry.isPersisted && entry.status.kind !== 'logged-out') await persist(entry);
    }
  }

  // --- connections -----------------------------------------------------------------------------

  async function detach(entry: Entry): Promise<void> {
    entry.generation++;
    if (entry.reconnectTimer) clearTimeout(entry.reconnectTimer);
    if (entry.unreadTimer) clearTimeout(entry.unreadTimer);
    entry.reconnectTimer = null;
    entry.unreadTimer = null;
    entry.unsubscribe?.();
    entry.unsubscribe = null;
    const connection = entry.connection;
    entry.connection = null;
    if (connection) await connection.destroy();
  }

  function markLoggedOut(entry: Entry, code: 'LOGGED_OUT' | 'AUTH_KEY_DUPLICATED'): void {
    log.log('info', 'Account session ended', { account: entry.id, code });
    setStatus(entry, { kind: 'logged-out', reason: failure(code).message });
    void detach(entry);
  }

  function scheduleReconnect(entry: Entry): void {
    if (isStopped || entry.reconnectTimer || entry.status.kind === 'logged-out') return;
    const exp = Math.min(
      reconnectMaxMs,
      reconnectBaseMs * 2 ** Math.min(entry.reconnectAttempt, 16),
    );
    const delay = Math.max(1000, Math.round(exp / 2 + random() * (exp / 2)));
    entry.reconnectAttempt++;
    const retryAt = clock.now() + delay;
    setStatus(entry, { kind: 'offline', retryAt });
    entry.reconnectTimer = setTimeout(() => {
      entry.reconnectTimer = null;
      void connect(entry);
    }, delay);
    entry.reconnectTimer.unref();
  }

  function onTelegramEvent(entry: Entry, generation: number, event: TelegramEvent): void {
    if (entry.generation !== generation) return;
    switch (event.kind) {
      case 'logged-out':
        markLoggedOut(entry, event.code);
        return;
      case 'connection':
        if (event.state === 'connected') {
          // GramJS says "connected" as soon as TCP is up; only an answered call proves it.
          if (entry.status.kind !== 'online') void probe(entry, generation);
        } else if (entry.status.kind === 'online') {
          scheduleReconnect(entry);
        }
        return;
      case 'unread-changed':
        scheduleUnreadRefresh(entry);
        return;
      case 'service-message':
        addToInbox(entry, event.message);
        return;
      case 'login-token':
        return;
    }
  }

  /** After GramJS reconnected by itself: one real call decides whether the account is online. */
  async function probe(entry: Entry, generation: number): Promise<void> {
    const connection = entry.connection;
    if (!connection || entry.isProbing) return;
    entry.isProbing = true;
    try {
      await connection.getMe();
      if (entry.generation !== generation) return;
      if (entry.reconnectTimer) clearTimeout(entry.reconnectTimer);
      entry.reconnectTimer = null;
      entry.reconnectAttempt = 0;
      setStatus(entry, { kind: 'online' });
      scheduleUnreadRefresh(entry);
    } catch (error) {
      if (entry.generation !== generation) return;
      if (
        isAppFailure(error) &&
        (error.code === 'LOGGED_OUT' || error.code === 'AUTH_KEY_DUPLICATED')
      ) {
        markLoggedOut(entry, error.code);
      }
      // Otherwise the scheduled reconnect (or GramJS's next attempt) tries again.
    } finally {
      entry.isProbing = false;
    }
  }

  function scheduleUnreadRefresh(entry: Entry): void {
    if (entry.unreadTimer) return;
    entry.unreadTimer = setTimeout(() => {
      entry.unreadTimer = null;
      void refreshUnread(entry);
    }, 300);
    entry.unreadTimer.unref();
  }

  async function refreshUnread(entry: Entry): Promise<void> {
    const connection = entry.connection;
    if (!connection) return;
    try {
      const count = await connection.getUnreadCount();
      if (count !== entry.unreadCount) {
        entry.unreadCount = count;
        scheduleEmit();
      }
    } catch (error) {
      handleCallFailure(entry, error);
    }
  }

  async function refreshAvatar(entry: Entry): Promise<void> {
    const connection = entry.connection;
    if (!connection) return;
    try {
      const avatar = await connection.downloadAvatar();
      if (avatar !== entry.record.avatar) {
        entry.record = { ...entry.record, avatar };
        scheduleEmit();
        if (entry.isPersisted) await persist(entry);
      }
    } catch (error) {
      log.log('debug', 'Avatar download failed', {
        account: entry.id,
        code: isAppFailure(error) ? error.code : 'unknown',
      });
    }
  }

  /** Reacts to a failed call: a dead session is logged out, a lost network reconnects. */
  function handleCallFailure(entry: Entry, error: unknown): void {
    if (!isAppFailure(error)) return;
    if (error.code === 'LOGGED_OUT' || error.code === 'AUTH_KEY_DUPLICATED') {
      markLoggedOut(entry, error.code);
    } else if ((error.code === 'NETWORK' || error.code === 'TIMEOUT') && entry.connection) {
      void detach(entry).then(() => {
        scheduleReconnect(entry);
      });
    }
  }

  function applyUser(entry: Entry, user: TelegramUser, dcId: number): void {
    entry.record = {
      ...entry.record,
      userId: user.id,
      displayName: displayNameOf(user),
      username: user.username,
      isPremium: user.isPremium,
      phone: user.phone || entry.record.phone,
      homeDcId: dcId,
    };
  }

  /** Connects (or reconnects) one account. Resolves to whether it came online. */
  async function connect(entry: Entry): Promise<boolean> {
    await detach(entry);
    const generation = entry.generation;
    const isStale = () => entry.generation !== generation || isStopped;
    setStatus(entry, { kind: 'connecting' });
    const r = entry.record;
    let connection: TelegramConnection | null = null;
    try {
      connection = await gateway.openClient({
        profile: r.serverProfile,
        apiId: r.apiId,
        apiHash: r.apiHash,
        session: r.session,
        proxy: r.proxy,
        logLabel: entry.id,
      });
      if (isStale()) {
        await connection.destroy();
        return false;
      }
      const user = await connection.getMe();
      if (isStale()) {
        await connection.destroy();
        return false;
      }
      attach(entry, connection, user);
      return true;
    } catch (error) {
      if (connection) await connection.destroy();
      if (isStale()) return false;
      const code = isAppFailure(error) ? error.code : 'INTERNAL';
      log.log('info', 'Account connect failed', { account: entry.id, code });
      if (code === 'LOGGED_OUT' || code === 'AUTH_KEY_DUPLICATED') {
        setStatus(entry, { kind: 'logged-out', reason: failure(code).message });
      } else if (code === 'NETWORK' || code === 'TIMEOUT') {
        scheduleReconnect(entry);
      } else {
        setStatus(entry, {
          kind: 'error',
          reason: isAppFailure(error) ? error.message : 'Connecting failed.',
        });
      }
      return false;
    }
  }

  function attach(entry: Entry, connection: TelegramConnection, user: TelegramUser): void {
    entry.connection = connection;
    const generation = entry.generation;
    entry.unsubscribe = connection.onEvent((event) => {
      onTelegramEvent(entry, generation, event);
    });
    entry.reconnectAttempt = 0;
    const before = entry.record;
    applyUser(entry, user, connection.dcId());
    const session = connection.exportSession();
    if (session) entry.record = { ...entry.record, session };
    setStatus(entry, { kind: 'online' });
    const changed =
      before.session !== entry.record.session ||
      before.displayName !== entry.record.displayName ||
      before.username !== entry.record.username ||
      before.isPremium !== entry.record.isPremium ||
      before.homeDcId !== entry.record.homeDcId;
    void (async () => {
      if (changed && entry.isPersisted && vault.isUnlocked()) await persist(entry);
      await refreshUnread(entry);
      await refreshAvatar(entry);
    })();
  }

  // --- inbox -----------------------------------------------------------------------------------

  function toLoginCode(entry: Entry, m: ServiceMessage): LoginCodeMessage {
    const match = /\b(\d{5,6})\b/.exec(m.text) ?? /\b(\d{3}-\d{3})\b/.exec(m.text);
    return {
      id: m.id,
      accountId: entry.id,
      text: m.text.slice(0, 2000),
      code: match?.[1] ?? null,
      receivedAt: m.date,
    };
  }

  function addToInbox(entry: Entry, message: ServiceMessage): void {
    if (isLocked()) {
      notifyLoginCode({
        accountId: entry.id,
        messageId: message.id,
        accountName: entry.record.displayName,
        receivedAt: message.date,
        isLocked: true,
        hasCode: false,
        code: null,
      });
      return;
    }
    const item = toLoginCode(entry, message);
    const isNew = !inboxOf(entry).some((m) => m.id === item.id);
    const inbox = (entry.inbox ?? []).filter((m) => m.id !== item.id);
    entry.inbox = [item, ...inbox].sort((a, b) => b.receivedAt - a.receivedAt).slice(0, INBOX_SIZE);
    events.emit('inbox:changed', {
      accountId: entry.id,
      messages: entry.inbox.map((m) => ({ ...m })),
    });
    if (isNew) {
      notifyLoginCode({
        accountId: entry.id,
        messageId: item.id,
        accountName: entry.record.displayName,
        receivedAt: item.receivedAt,
        isLocked: false,
        hasCode: item.code !== null,
        code: item.code,
      });
    }
  }

  function notifyLoginCode(notice: LoginCodeNotice): void {
    for (const listener of [...codeListeners]) {
      try {
        listener(notice);
      } catch {
        log.log('warn', 'A login code listener failed', { account: notice.accountId });
      }
    }
  }

  // --- restore ---------------------------------------------------------------------------------

  function newEntry(id: string, record: AccountRecord, isPersisted: boolean): Entry {
    return {
      id,
      record,
      connection: null,
      unsubscribe: null,
      status: { kind: 'connecting' },
      unreadCount: 0,
      isPersisted,
      inbox: null,
      generation: 0,
      reconnectAttempt: 0,
      isProbing: false,
      reconnectTimer: null,
      unreadTimer: null,
    };
  }

  async function restoreAll(): Promise<void> {
    let ids: string[];
    try {
      ids = await vault.listAccountIds();
    } catch (error) {
      log.log('warn', 'Listing saved accounts failed', {
        code: isAppFailure(error) ? error.code : 'unknown',
      });
      return;
    }
    const progress: RestoreProgress = { total: ids.length, restored: 0, failed: 0 };
    restore = ids.length > 0 ? progress : null;
    scheduleEmit();
    const queue = [...ids];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined && !isStopped; id = queue.shift()) {
        let isOnline = false;
        try {
          const record = await vault.readAccount(id);
          let entry = entries.get(id);
          if (entry) {
            entry.record = record;
            entry.isPersisted = true;
          } else {
            entry = newEntry(id, record, true);
            entries.set(id, entry);
          }
          scheduleEmit();
          isOnline = entry.connection !== null || (await connect(entry));
        } catch (error) {
          log.log('warn', 'Restoring an account failed', {
            account: id,
            code: isAppFailure(error) ? error.code : 'unknown',
          });
        }
        if (isOnline) progress.restored++;
        else progress.failed++;
        scheduleEmit();
      }
    };
    await Promise.all(Array.from({ length: Math.min(restoreConcurrency, ids.length) }, worker));
    restore = null;
    log.log('info', 'Accounts restored', {
      total: progress.total,
      restored: progress.restored,
      failed: progress.failed,
    });
    scheduleEmit();
  }

  async function onLocked(): Promise<void> {
    // Login codes leave memory with the lock, connected or not; unlock fetches them again.
    for (const entry of entries.values()) entry.inbox = null;
    if (settings.get().keepConnectedWhileLocked) {
      scheduleEmit();
      return;
    }
    await Promise.all(
      [...entries.values()].map(async (entry) => {
        await detach(entry);
        entry.status = { kind: 'locked' };
        // Secrets of saved accounts leave memory with the lock; unlock reads them again. An
        // account the vault has not saved yet keeps its session, or it would be lost.
        if (entry.isPersisted) {
          entry.record = { ...entry.record, session: '', apiHash: '' };
        }
      }),
    );
    scheduleEmit();
  }

  /** Accounts the vault had not saved yet were locked in memory only: reconnect them too. */
  async function resumeLocked(): Promise<void> {
    await Promise.all(
      [...entries.values()]
        .filter((e) => e.status.kind === 'locked' && e.record.session !== '')
        .map((e) => connect(e)),
    );
  }

  // --- session list helpers --------------------------------------------------------------------

  function onlineConnection(entry: Entry): TelegramConnection {
    if (!entry.connection) {
      if (entry.status.kind === 'logged-out') throw failure('LOGGED_OUT');
      if (entry.status.kind === 'locked')
        throw failure('LOCKED', { message: 'Unlock Gramdeck first.' });
      throw failure('NETWORK', { message: 'This account is offline. Reconnect it and try again.' });
    }
    return entry.connection;
  }

  async function call<T>(entry: Entry, run: (c: TelegramConnection) => Promise<T>): Promise<T> {
    const connection = onlineConnection(entry);
    try {
      return await run(connection);
    } catch (error) {
      handleCallFailure(entry, error);
      throw error;
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
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
      if (emitTimer) clearTimeout(emitTimer);
      emitTimer = null;
      await Promise.all([...entries.values()].map(detach));
    },

    state,

    findAccountIdByUser(userId, target) {
      // A logged-out account is not "already added": signing in again revives it.
      const entry = findEntry(userId, target);
      return entry && entry.status.kind !== 'logged-out' ? entry.id : null;
    },

    userIdsOn(target: LoginTarget) {
      return [...entries.values()]
        .filter((e) => sameServers(e.record.serverProfile, target.profile))
        .map((e) => e.record.userId);
    },

    async adoptLogin(login: AdoptedLogin) {
      const revived = findEntry(login.user.id, login.target);
      const id = revived?.id ?? newAccountId();
      const record: AccountRecord = {
        session: login.connection.exportSession(),
        phone: login.phone,
        userId: login.user.id,
        homeDcId: login.connection.dcId(),
        serverProfile: login.target.profile,
        apiId: login.target.apiId,
        apiHash: login.target.apiHash,
        proxy: revived?.record.proxy ?? null,
        displayName: displayNameOf(login.user),
        username: login.user.username,
        isPremium: login.user.isPremium,
        avatar: revived?.record.avatar ?? null,
      };
      if (revived) await detach(revived);
      const entry = revived ?? newEntry(id, record, false);
      entry.record = record;
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
      attach(entry, login.connection, login.user);
      const persistError = await persist(entry);
      scheduleEmit();
      log.log('info', revived ? 'Account signed in again' : 'Account added', {
        account: id,
        isPersisted: entry.isPersisted,
      });
      return { accountId: id, persistError };
    },

    switchTo(accountId) {
      getEntry(accountId);
      activeId = accountId;
      saveUiState();
      scheduleEmit();
      return state();
    },

    reorder(accountIds) {
      const known = accountIds.filter((id) => entries.has(id));
      order = [...new Set([...known, ...orderedEntries().map((e) => e.id)])];
      saveUiState();
      scheduleEmit();
      return state();
    },

    async logOut(accountId) {
      const entry = getEntry(accountId);
      if (entry.connection) {
        try {
          await entry.connection.logOut();
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
      } else if (entry.status.kind === 'locked') {
        throw failure('LOCKED', { message: 'Unlock Gramdeck first.' });
      } else if (entry.status.kind !== 'logged-out') {
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
      if (entry.status.kind === 'logged-out') throw failure('LOGGED_OUT');
      if (!vault.isUnlocked() && entry.status.kind === 'locked') {
        throw failure('LOCKED', { message: 'Unlock Gramdeck first.' });
      }
      entry.reconnectAttempt = 0;
      await connect(entry);
      return state();
    },

    async setProxy(accountId, proxy) {
      const entry = getEntry(accountId);
      entry.record = { ...entry.record, proxy };
      const error = await persist(entry);
      if (error) throw failure(error.code, { message: error.message });
      if (entry.status.kind !== 'logged-out') {
        entry.reconnectAttempt = 0;
        await connect(entry);
      }
      return state();
    },

    async getDetails(accountId) {
      const entry = getEntry(accountId);
      const [bio, security] = await call(entry, (c) =>
        Promise.all([c.getBio(), c.getPasswordInfo()]),
      );
      return {
        summary: summary(entry),
        bio,
        security: {
          hasPassword: security.hasPassword,
          hasRecoveryEmail: security.hasRecovery,
          passwordHint: security.hint,
        },
      };
    },

    async listChats(accountId) {
      return call(getEntry(accountId), (c) => c.listChats(50));
    },

    async listSessions(accountId) {
      return call(getEntry(accountId), (c) => c.listSessions());
    },

    async endSession(accountId, sessionId) {
      const entry = getEntry(accountId);
      const sessions = await call(entry, (c) => c.listSessions());
      const target = sessions.find((s) => s.id === sessionId);
      if (!target) throw failure('NOT_FOUND', { message: 'That session no longer exists.' });
      if (target.isCurrent) {
        throw failure('VALIDATION', {
          message: 'This is Gramdeck’s own session. Use “Log out” to end it.',
        });
      }
      await call(entry, (c) => c.endSession(sessionId));
      return call(entry, (c) => c.listSessions());
    },

    async endOtherSessions(accountId) {
      const entry = getEntry(accountId);
      await call(entry, (c) => c.endOtherSessions());
      return call(entry, (c) => c.listSessions());
    },

    async loginCodes(accountId) {
      const entry = getEntry(accountId);
      if (isLocked()) throw failure('LOCKED', { message: 'Unlock Gramdeck first.' });
      if (entry.inbox === null) {
        const messages = await call(entry, (c) => c.listServiceMessages(INBOX_SIZE));
        // The app may have locked while the history was loading: keep nothing then.
        if (isLocked()) throw failure('LOCKED', { message: 'Unlock Gramdeck first.' });
        const fetched = messages.map((m) => toLoginCode(entry, m));
        // Live messages may have arrived while the history was loading.
        const live = inboxOf(entry);
        const ids = new Set(live.map((m) => m.id));
        entry.inbox = [...live, ...fetched.filter((m) => !ids.has(m.id))]
          .sort((a, b) => b.receivedAt - a.receivedAt)
          .slice(0, INBOX_SIZE);
      }
      return entry.inbox.map((m) => ({ ...m }));
    },

    onLoginCode(listener) {
      codeListeners.add(listener);
      return () => codeListeners.delete(listener);
    },
  };

  async function dropAccount(entry: Entry): Promise<void> {
    await detach(entry);
    if (entry.isPersisted || vault.isUnlocked()) {
      try {
        await vault.deleteAccount(entry.id);
      } catch (error) {
        if (!isAppFailure(error) || error.code !== 'NOT_FOUND') throw error;
      }
    }
    entries.delete(entry.id);
    if (activeId === entry.id) activeId = orderedEntries()[0]?.id ?? null;
    saveUiState();
    scheduleEmit();
    log.log('info', 'Account removed', { account: entry.id });
  }
}

function inboxOf(entry: Entry): LoginCodeMessage[] {
  return entry.inbox ?? [];
}

// --- pure helpers ------------------------------------------------------------------------------

function readStringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function readString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function displayNameOf(user: TelegramUser): string {
  const name = [user.firstName, user.lastName ?? ''].join(' ').trim();
  return name || (user.username ? `@${user.username}` : 'Telegram account');
}

export function initialsOf(name: string): string {
  const words = name.replace(/^@/, '').split(/\s+/).filter(Boolean);
  const letters = words
    .slice(0, 2)
    .map((w) => String.fromCodePoint(w.codePointAt(0) ?? 63).toUpperCase());
  return letters.join('') || '?';
}

export function colorIndexOf(userId: string): number {
  let hash = 0;
  for (const ch of userId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash % AVATAR_COLORS;
}

/** "+44 7700 900123", or masked "+44 •••• ••0123" keeping the country code and last 3 digits. */
export function formatPhone(digits: string, isMasked: boolean): string {
  if (!digits) return '';
  const test = /^99966(\d)(\d{4})$/.exec(digits);
  const parsed = test ? undefined : parsePhoneNumberFromString(`+${digits}`);
  const full = test
    ? `+99966 ${test[1] ?? ''} ${test[2] ?? ''}`
    : (parsed?.formatInternational() ?? `+${digits}`);
  if (!isMasked) return full;
  const country = test ? '99966' : (parsed?.countryCallingCode ?? digits.slice(0, 1));
  let kept = 0;
  const tail = Array.from(full)
    .reverse()
    .map((ch) => (/\d/.test(ch) && kept++ >= 3 ? '•' : ch))
    .reverse()
    .join('');
  return `+${country}${tail.slice(country.length + 1)}`;
}

function proxyView(proxy: ProxyConfig | null): ProxyView | null {
  if (!proxy) return null;
  if (proxy.type === 'mtproxy') {
    return { type: 'mtproxy', host: proxy.host, port: proxy.port, hasCredentials: true };
  }
  const view: ProxyView = {
    type: 'socks5',
    host: proxy.host,
    port: proxy.port,
    hasCredentials: Boolean(proxy.username ?? proxy.password),
  };
  if (proxy.username !== undefined) view.username = proxy.username;
  return view;
}

function sameServers(a: ServerProfile, b: ServerProfile): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'custom' && b.kind === 'custom') {
    return a.rsaKeys.some((k) => b.rsaKeys.some((l) => l.fingerprint === k.fingerprint));
  }
  return true;
}
