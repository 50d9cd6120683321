/**
 * The connection supervisor of one account: it connects the account, keeps its status, and
 * reconnects it after a lost connection with jittered, capped exponential backoff (never more
 * than one attempt per second). A session the server no longer knows (LOGGED_OUT,
 * AUTH_KEY_DUPLICATED) becomes status `logged-out` and is never retried. While connected it
 * keeps the unread count and the avatar fresh, and hands service messages to the inbox.
 */
import type { AccountStatus } from '../../shared/dto';
import { isAppFailure, type AppError } from '../../shared/errors';
import { failure, isProxyErrorCode } from '../../shared/error-words';
import type {
  Clock,
  Logger,
  ServiceMessage,
  TelegramConnection,
  TelegramEvent,
  TelegramGateway,
  TelegramUser,
} from '../ports';
import type { Account } from './account';
import { displayNameOf } from './account-view';

/** What every account's supervisor shares, given once by the account manager. */
export interface SupervisorContext {
  gateway: TelegramGateway;
  clock: Clock;
  log: Logger;
  /** Reconnect backoff: first delay and cap in ms (the caller keeps both at 1 s or more). */
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  /** Random source for backoff jitter, in [0, 1). */
  random: () => number;
  /** The account manager stopped: no new attempt starts. */
  isStopped: () => boolean;
  isVaultUnlocked: () => boolean;
  /** The account's status, unread count or profile changed. */
  onChange: (account: Account) => void;
  /** Saves the account (after Telegram told newer facts about it). */
  persist: (account: Account) => Promise<unknown>;
  /**
   * Runs what follows an account coming online (saving newer facts, the unread count, the
   * avatar) off the connect path: after a running restore, at a bounded rate (issue 17).
   */
  afterOnline: (work: () => Promise<void>) => void;
  onServiceMessage: (account: Account, message: ServiceMessage) => void;
  /** Telegram said the account's list of sessions changed (a new sign-in elsewhere). */
  onSessionsChanged: (account: Account) => void;
  // Chats and messages (issue 16)
  /** Every event of the account's live connection, in order (the messages service reads it). */
  onConnectionEvent: (account: Account, event: TelegramEvent) => void;
}

export interface ConnectionSupervisor {
  readonly status: AccountStatus;
  readonly unreadCount: number;
  /** The live connection, or null while offline, locked or logged out. */
  readonly connection: TelegramConnection | null;
  /** Connects (or reconnects) now. Resolves to whether it came online. */
  connect(): Promise<boolean>;
  /** Connects now, starting the backoff over. */
  reconnectNow(): Promise<boolean>;
  /** Takes over a connection that is already authorized (a finished login). */
  attach(connection: TelegramConnection, user: TelegramUser): void;
  /** Drops the connection and every timer; work still running finds itself stale. */
  detach(): Promise<void>;
  /** After the lock detached it; the caller announces the change. */
  markLocked(): void;
  /** Runs a call on the live connection; a failure that ends the session or the network acts on it. */
  call<T>(run: (connection: TelegramConnection) => Promise<T>): Promise<T>;
  // Chats and messages (issue 16)
  /** Reads the unread total again soon (a chat was read). */
  refreshUnreadSoon(): void;
}

/** How long a call waits for an account that is connecting; a connect is bounded by less. */
const callSettleMs = 20_000;

export function createConnectionSupervisor(
  account: Account,
  context: SupervisorContext,
): ConnectionSupervisor {
  const { gateway, clock, log, isStopped } = context;
  let connection: TelegramConnection | null = null;
  let unsubscribe: (() => void) | null = null;
  let status: AccountStatus = { kind: 'connecting' };
  let unreadCount = 0;
  /** Bumped on every connect/detach so stale async work can tell it lost. */
  let generation = 0;
  let reconnectAttempt = 0;
  let isProbing = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  /** Calls waiting for the status to settle (see `settled`). */
  const statusWaiters = new Set<() => void>();
  let unreadTimer: ReturnType<typeof setTimeout> | null = null;

  function setStatus(next: AccountStatus): void {
    status = next;
    for (const wake of [...statusWaiters]) wake();
    context.onChange(account);
  }

  /**
   * Resolves once the account is no longer about to connect (connecting, or still locked while
   * the vault is open and the restore has yet to reach it), or after `ms` at the latest.
   */
  function settled(ms: number): Promise<void> {
    const isPending = () =>
      status.kind === 'connecting' || (status.kind === 'locked' && context.isVaultUnlocked());
    if (!isPending()) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        statusWaiters.delete(wake);
        resolve();
      };
      const wake = () => {
        if (!isPending()) done();
      };
      // Unref'd: a call still waiting never holds the process open at quit.
      const timer = setTimeout(done, ms);
      timer.unref();
      statusWaiters.add(wake);
    });
  }

  async function detach(): Promise<void> {
    generation++;
    if (reconnectTimer) clearTimeout(reconnectTimer);
    if (unreadTimer) clearTimeout(unreadTimer);
    reconnectTimer = null;
    unreadTimer = null;
    unsubscribe?.();
    unsubscribe = null;
    const current = connection;
    connection = null;
    if (current) await current.destroy();
  }

  function markLoggedOut(code: 'LOGGED_OUT' | 'AUTH_KEY_DUPLICATED'): void {
    log.log('info', 'Account session ended', { account: account.id, code });
    setStatus({ kind: 'logged-out', reason: failure(code).message });
    void detach();
  }

  /** Offline until the next attempt; `proxyError` says why when the account's proxy failed. */
  function scheduleReconnect(proxyError?: AppError): void {
    if (isStopped() || reconnectTimer || status.kind === 'logged-out') return;
    const { reconnectBaseMs, reconnectMaxMs } = context;
    const exp = Math.min(reconnectMaxMs, reconnectBaseMs * 2 ** Math.min(reconnectAttempt, 16));
    const delay = Math.max(1000, Math.round(exp / 2 + context.random() * (exp / 2)));
    reconnectAttempt++;
    const retryAt = clock.now() + delay;
    setStatus(proxyError ? { kind: 'offline', retryAt, proxyError } : { kind: 'offline', retryAt });
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      void connect();
    }, delay);
    reconnectTimer.unref();
  }

  function onTelegramEvent(eventGeneration: number, event: TelegramEvent): void {
    if (generation !== eventGeneration) return;
    context.onConnectionEvent(account, event);
    switch (event.kind) {
      case 'logged-out':
        markLoggedOut(event.code);
        return;
      case 'connection':
        if (event.state === 'connected') {
          // GramJS says "connected" as soon as TCP is up; only an answered call proves it.
          if (status.kind !== 'online') void probe(eventGeneration);
        } else if (status.kind === 'online') {
          scheduleReconnect();
        }
        return;
      case 'unread-changed':
        scheduleUnreadRefresh();
        return;
      case 'service-message':
        context.onServiceMessage(account, event.message);
        return;
      case 'sessions-changed':
        context.onSessionsChanged(account);
        return;
      case 'login-token':
        return;
      // Chats and messages (issue 16): the unread total follows new messages and reads. A
      // message the account sent adds nothing unread (issue 17: a call saved per message sent).
      case 'message-new':
        if (!event.message.isOutgoing) scheduleUnreadRefresh();
        return;
      case 'read':
        scheduleUnreadRefresh();
        return;
      default:
        return;
    }
  }

  /** After GramJS reconnected by itself: one real call decides whether the account is online. */
  async function probe(probeGeneration: number): Promise<void> {
    const current = connection;
    if (!current || isProbing) return;
    isProbing = true;
    try {
      await current.getMe();
      if (generation !== probeGeneration) return;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      reconnectAttempt = 0;
      setStatus({ kind: 'online' });
      scheduleUnreadRefresh();
    } catch (error) {
      if (generation !== probeGeneration) return;
      if (
        isAppFailure(error) &&
        (error.code === 'LOGGED_OUT' || error.code === 'AUTH_KEY_DUPLICATED')
      ) {
        markLoggedOut(error.code);
      }
      // Otherwise the scheduled reconnect (or GramJS's next attempt) tries again.
    } finally {
      isProbing = false;
    }
  }

  function scheduleUnreadRefresh(): void {
    if (unreadTimer) return;
    unreadTimer = setTimeout(() => {
      unreadTimer = null;
      void refreshUnread();
    }, 300);
    unreadTimer.unref();
  }

  async function refreshUnread(): Promise<void> {
    const current = connection;
    if (!current) return;
    try {
      const count = await current.getUnreadCount();
      if (count !== unreadCount) {
        unreadCount = count;
        context.onChange(account);
      }
    } catch (error) {
      handleCallFailure(error);
    }
  }

  async function refreshAvatar(): Promise<void> {
    const current = connection;
    if (!current) return;
    try {
      const avatar = await current.downloadAvatar();
      if (avatar !== account.record.avatar) {
        account.record = { ...account.record, avatar };
        context.onChange(account);
        if (account.isPersisted) await context.persist(account);
      }
    } catch (error) {
      log.log('debug', 'Avatar download failed', {
        account: account.id,
        code: isAppFailure(error) ? error.code : 'unknown',
      });
    }
  }

  /**
   * Keeps a day or more of server salts beside the session, so that the next restore's first
   * message is not refused for its salt (one round trip per account). Last after coming online:
   * nothing the user sees waits for it.
   */
  async function topUpServerSalts(): Promise<void> {
    const current = connection;
    if (!current) return;
    try {
      const serverSalts = await current.topUpServerSalts();
      if (!serverSalts || !account.secrets || current !== connection) return;
      account.secrets = { ...account.secrets, serverSalts };
      if (account.isPersisted && context.isVaultUnlocked()) await context.persist(account);
    } catch (error) {
      log.log('debug', 'Server salts not topped up', {
        account: account.id,
        code: isAppFailure(error) ? error.code : 'unknown',
      });
    }
  }

  /** Reacts to a failed call: a dead session is logged out, a lost network reconnects. */
  function handleCallFailure(error: unknown): void {
    if (!isAppFailure(error)) return;
    if (error.code === 'LOGGED_OUT' || error.code === 'AUTH_KEY_DUPLICATED') {
      markLoggedOut(error.code);
    } else if ((error.code === 'NETWORK' || error.code === 'TIMEOUT') && connection) {
      void detach().then(() => {
        scheduleReconnect();
      });
    }
  }

  function applyUser(user: TelegramUser, dcId: number): void {
    account.record = {
      ...account.record,
      userId: user.id,
      displayName: displayNameOf(user),
      username: user.username,
      isPremium: user.isPremium,
      phone: user.phone || account.record.phone,
      homeDcId: dcId,
    };
  }

  async function connect(): Promise<boolean> {
    await detach();
    const connectGeneration = generation;
    const isStale = () => generation !== connectGeneration || isStopped();
    const secrets = account.secrets;
    if (!secrets) {
      // Dropped at lock: there is no session to connect with until the vault gives it back.
      setStatus({ kind: 'locked' });
      return false;
    }
    setStatus({ kind: 'connecting' });
    const r = account.record;
    let opened: TelegramConnection | null = null;
    try {
      opened = await gateway.openClient({
        profile: r.serverProfile,
        apiId: r.apiId,
        apiHash: secrets.apiHash,
        session: secrets.session,
        serverSalts: secrets.serverSalts,
        proxy: r.proxy,
        logLabel: account.id,
      });
      if (isStale()) {
        await opened.destroy();
        return false;
      }
      const user = await opened.getMe();
      if (isStale()) {
        await opened.destroy();
        return false;
      }
      attach(opened, user);
      return true;
    } catch (error) {
      if (opened) await opened.destroy();
      if (isStale()) return false;
      const code = isAppFailure(error) ? error.code : 'INTERNAL';
      log.log('info', 'Account connect failed', { account: account.id, code });
      if (code === 'LOGGED_OUT' || code === 'AUTH_KEY_DUPLICATED') {
        setStatus({ kind: 'logged-out', reason: failure(code).message });
      } else if (code === 'NETWORK' || code === 'TIMEOUT') {
        scheduleReconnect();
      } else if (isAppFailure(error) && isProxyErrorCode(error.code)) {
        scheduleReconnect(error.toAppError());
      } else {
        setStatus({
          kind: 'error',
          reason: isAppFailure(error) ? error.message : 'Connecting failed.',
        });
      }
      return false;
    }
  }

  function attach(next: TelegramConnection, user: TelegramUser): void {
    connection = next;
    const attachGeneration = generation;
    unsubscribe = next.onEvent((event) => {
      onTelegramEvent(attachGeneration, event);
    });
    reconnectAttempt = 0;
    const before = account.record;
    const sessionBefore = account.secrets?.session;
    applyUser(user, next.dcId());
    const session = next.exportSession();
    if (session && account.secrets) account.secrets = { ...account.secrets, session };
    setStatus({ kind: 'online' });
    const after = account.record;
    const changed =
      sessionBefore !== account.secrets?.session ||
      before.displayName !== after.displayName ||
      before.username !== after.username ||
      before.isPremium !== after.isPremium ||
      before.homeDcId !== after.homeDcId;
    context.afterOnline(async () => {
      if (generation !== attachGeneration) return;
      // Saved in a batch with the other accounts' saves; the unread count need not wait for it.
      if (changed && account.isPersisted && context.isVaultUnlocked()) {
        void context.persist(account);
      }
      await refreshUnread();
      await refreshAvatar();
      await topUpServerSalts();
    });
  }

  function onlineConnection(): TelegramConnection {
    if (!connection) {
      if (status.kind === 'logged-out') throw failure('LOGGED_OUT');
      if (status.kind === 'locked') throw failure('LOCKED', { message: 'Unlock Gramdeck first.' });
      if (status.kind === 'connecting') {
        throw failure('NETWORK', {
          message: 'This account is still connecting. Try again in a moment.',
        });
      }
      throw failure('NETWORK', { message: 'This account is offline. Reconnect it and try again.' });
    }
    return connection;
  }

  return {
    get status() {
      return status;
    },
    get unreadCount() {
      return unreadCount;
    },
    get connection() {
      return connection;
    },
    connect,
    reconnectNow() {
      reconnectAttempt = 0;
      return connect();
    },
    attach,
    detach,
    markLocked() {
      status = { kind: 'locked' };
      for (const wake of [...statusWaiters]) wake();
    },
    async call(run) {
      // Asked while the account connects (a page opening as an unlock or a restart reconnects
      // it): wait for that connect instead of failing at once.
      if (!connection) await settled(callSettleMs);
      const current = onlineConnection();
      try {
        return await run(current);
      } catch (error) {
        handleCallFailure(error);
        throw error;
      }
    },
    refreshUnreadSoon: scheduleUnreadRefresh,
  };
}
