/**
 * The composition root of core, shared by the Electron shell and the web host: it builds every
 * service from the ports it is given and assembles the IPC handlers. Nothing here is a module
 * singleton; two instances (as in the restart tests) share nothing but files.
 */
import { join } from 'node:path';
import type { Channel, EventName, Events, Handlers } from '../shared/contract';
import type { AccountsState, Settings } from '../shared/dto';
import type { ServerProfile } from '../shared/server-profile';
import { createAccountManager, createAccountsHandlers, type LoginCodeNotice } from './accounts';
import { createBulkHandlers, createBulkRunner } from './accounts/bulk-actions';
import { createEventBus, type EventBus } from './ipc/event-bus';
import { channelLockPolicy, gateEventsWhileLocked, lockedFailure } from './ipc/lock-policy';
import { createRouter, describeError, type Router, type SenderInfo } from './ipc/router';
import { systemClock } from './logging';
import { createAuthHandlers, createLoginService } from './login';
import type {
  Clock,
  KeyValueStore,
  KeyValueStoreFactory,
  Logger,
  SecretCipher,
  TelegramGateway,
  Timers,
  UpdaterPort,
} from './ports';
import { buildAppInfo, createAppHandlers } from './settings/app-handlers';
import { createSettingsService, openSettingsStore } from './settings/settings-service';
import { createTagHandlers, createTagService } from './settings/tags';
import { createProxyTester } from './settings/proxy-test';
import { createTelegramSettings } from './settings/telegram-settings';
import { systemTimers } from './timers';
import { createTwoStepHandlers, createTwoStepService } from './two-step';
import { createUpdateHandlers, createUpdateService } from './updater';
import { createVault, createVaultHandlers, type ScryptParams } from './vault';
import { notSecureFailure } from './vault/failures';
import { createSessionExporter, createSessionExportHandlers } from './sessions/export';
// Account health (issue 15)
import { createAccountHealth } from './accounts/account-health';
import { createHealthHandlers } from './accounts/health-handlers';
import { createMemoryStore } from './storage/conf-store';
import { createSessionImportHandlers } from './sessions/handlers';
import { createSessionImportService } from './sessions/import-service';
// Chats, messages, the unified inbox and notifications (issue 16)
import { createChatHandlers } from './messages/handlers';
import { createMessagesService } from './messages/messages-service';
import { createNotificationService } from './messages/notifications';

/** How long logins outlive the last window or page: a reload attaches again well within it. */
export const lastWindowGraceMs = 10_000;

export interface CoreOptions {
  /** Settings, the vault and logs live here. */
  dataDir: string;
  transport: 'electron' | 'web';
  app: { version: string; platform: string; isPackaged: boolean };
  storeFactory: KeyValueStoreFactory;
  /** The OS keychain, or null where none exists (the web host). */
  cipher: SecretCipher | null;
  /** The Telegram adapter; core never imports GramJS itself. */
  gateway: TelegramGateway;
  /** A custom profile given at launch (`--server-profile FILE`), e.g. the local sandbox DC. */
  sandboxProfile: ServerProfile | null;
  updater: UpdaterPort | null;
  logger: Logger;
  isTrustedSender: (sender: SenderInfo) => boolean;
  clock?: Clock;
  /** Timers for core's own waits (the last window's grace period); the system's by default. */
  timers?: Timers;
  /** Lower scrypt cost for tests; production uses the vault's defaults. */
  kdf?: Partial<ScryptParams>;
  /** How many saved accounts connect at once during a restore. */
  restoreConcurrency?: number;
  // Session import (issue 15)
  /** How many imported sessions are checked at once (default 8). */
  importConcurrency?: number;
}

export interface GramdeckCore {
  router: Router;
  events: EventBus;
  /** Restores saved accounts and starts background work (update checks). */
  start(): Promise<void>;
  /** Disconnects every client and stops timers. */
  stop(): Promise<void>;
  /** Locks the app now (tray "Lock now"). */
  lock(): Promise<void>;
  /**
   * Live login codes for OS notifications, in main only (never a push event). While locked a
   * notice carries no code.
   */
  onLoginCode(listener: (notice: LoginCodeNotice) => void): () => void;
  /** One push event, typed, through the same lock gate as every other listener. */
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** The settings now (readable while locked, like `settings:get`). */
  settings(): Settings;
  /** The accounts, or null while locked (like `accounts:list`, which answers LOCKED then). */
  accounts(): AccountsState | null;
  /** Makes an account the active one (the tray's menu); refused with LOCKED while locked. */
  switchAccount(accountId: string): Promise<void>;
  /**
   * Asks the page to open a chat (a desktop notification's click, issue 16): `focus:changed`.
   * Refused with LOCKED while locked, like `switchAccount`.
   */
  openChat(accountId: string, chatId: string): Promise<void>;
  /**
   * A window (Electron) or page (web host) opened; call the returned function when it closes.
   * When the last one closes, every login in progress is cancelled (`auth.cancelCode`).
   */
  attachWindow(): () => void;
}

export async function createGramdeckCore(options: CoreOptions): Promise<GramdeckCore> {
  const { logger, storeFactory, gateway } = options;
  const clock = options.clock ?? systemClock;
  // Every push leaves core through the lock gate. Until the vault exists core counts as locked
  // (nothing pushes that early); from then on the vault's status decides.
  let isLocked = (): boolean => true;
  const events = gateEventsWhileLocked(
    createEventBus((error) => {
      logger.log('error', 'A push-event listener failed', { error: describeError(error) });
    }),
    () => isLocked(),
  );

  const { store: settingsStore, damage: settingsDamage } = await openSettingsStore({
    storeFactory,
    directory: options.dataDir,
    clock,
    logger,
  });
  const settings = createSettingsService({ store: settingsStore, logger });

  const vault = await createVault({
    directory: join(options.dataDir, 'vault'),
    cipher: options.cipher,
    clock,
    logger,
    storeFactory,
    getAutoLockMinutes: () => settings.get().autoLockMinutes,
    ...(options.kdf ? { kdf: options.kdf } : {}),
  });
  isLocked = () => vault.isLocked();

  const appInfo = () =>
    buildAppInfo(
      { ...options.app, transport: options.transport },
      options.cipher?.backend ?? 'unavailable',
      telegram,
      settingsDamage,
    );
  const telegram = createTelegramSettings({
    store: settingsStore,
    vault,
    sandboxProfile: options.sandboxProfile,
    logger,
  });

  // Tags (issue 15): in the settings store; an account that leaves Gramdeck leaves its tags.
  const tags = createTagService({
    store: settingsStore,
    logger,
    accountIds: () => accounts.state().accounts.map((a) => a.id),
  });
  const timers = options.timers ?? systemTimers;
  const health = createAccountHealth({
    store: openHealthStore(storeFactory, options.dataDir, logger),
    clock,
    timers,
    logger,
  });
  const accounts = createAccountManager({
    vault,
    gateway,
    uiState: settingsStore,
    settings,
    logger,
    clock,
    isLocked,
    ...(options.restoreConcurrency ? { restoreConcurrency: options.restoreConcurrency } : {}),
    onAccountRemoved: (id) => {
      tags.forgetAccount(id);
      // Chats and messages (issue 16)
      messages.forgetAccount(id);
      notifications.forgetAccount(id);
    },
    needsAttention: health.needsAttention,
  });
  health.onChange((change) => {
    events.emit('health:changed', change);
  });
  accounts.onChange((change) => {
    if (change.kind === 'accounts') events.emit('accounts:changed', change.state);
    else if (change.kind === 'inbox') events.emit('inbox:changed', change.inbox);
    else events.emit('sessions:changed', { accountId: change.accountId });
  });
  const login = createLoginService({
    gateway,
    telegramConfig: telegram,
    accounts,
    logger,
    clock,
  });
  // No account is added while locked: a login still open at lock is cancelled.
  vault.onEvent((event) => {
    if (event.kind !== 'locked') return;
    login.cancelAll('locked').catch((error: unknown) => {
      logger.log('warn', 'Cancelling logins at lock failed', { error: describeError(error) });
    });
  });
  const updates = createUpdateService({ port: options.updater, settings, logger, clock });
  // Two-step verification of an added account (issue 15)
  const twoStep = createTwoStepService({
    accounts,
    logger,
    clock,
    onChanged: (accountId) => health.check(accountId),
  });
  let openWindows = 0;
  // Chats, messages, the unified inbox and notifications (issue 16): the lock drops them all.
  const notifications = createNotificationService({
    store: settingsStore,
    logger,
    timers,
    isLocked,
  });
  const messages = createMessagesService({
    accounts,
    notifications,
    tagIdsOf: (id) => tags.tagIdsOf(id),
    logger,
    clock,
    timers,
  });
  vault.onEvent((event) => {
    if (event.kind === 'locked') messages.lock();
  });
  messages.onChange((change) => {
    events.emit(change.event, change.payload);
  });
  // Bulk actions (issue 15): refused while locked, and the lock cancels a running job.
  const bulk = createBulkRunner({ deps: { accounts, twoStep }, timers, logger, isLocked });
  vault.onEvent((event) => {
    if (event.kind === 'locked') bulk.cancelAll('Cancelled: Gramdeck locked.');
  });
  // Session import (issue 15)
  const sessionImport = createSessionImportService({
    gateway,
    telegramConfig: telegram,
    currentProfile: () => {
      const kind = telegram.profileView().kind;
      if (kind === 'sandbox' && options.sandboxProfile) return options.sandboxProfile;
      return { kind: kind === 'test' ? 'test' : 'production' };
    },
    accounts,
    logger,
    timers,
    storageRefusal: () =>
      vault.canStoreSessions() ? null : notSecureFailure(vault.status().backend),
    ...(options.importConcurrency ? { concurrency: options.importConcurrency } : {}),
  });
  vault.onEvent((event) => {
    if (event.kind !== 'locked') return;
    sessionImport.lock().catch((error: unknown) => {
      logger.log('warn', 'Cancelling the import at lock failed', { error: describeError(error) });
    });
  });
  sessionImport.onChange((view) => {
    events.emit('import:changed', view);
  });
  /** Ends the logins once the last window's grace period is over, unless one attaches first. */
  let cancelClosing: (() => void) | null = null;

  // The one table of push events: each service's change becomes one event (through the lock
  // gate above). Registered before start(), so a push precedes the services' own reactions.
  settings.onChange((value) => {
    events.emit('settings:changed', value);
  });
  telegram.onChange(() => {
    events.emit('app:changed', appInfo());
  });
  login.onChange((view) => {
    events.emit('auth:changed', view);
  });
  updates.onChange((state) => {
    events.emit('update:changed', state);
  });
  // Every vault state change, including auto-lock and failed attempts.
  vault.onEvent(() => {
    events.emit('vault:changed', vault.status());
  });
  // Tags and bulk actions (issue 15)
  tags.onChange((state) => {
    events.emit('tags:changed', state);
  });
  bulk.onChange((change) => {
    events.emit('bulk:changed', change);
  });

  const handlers = {
    ...createAppHandlers({
      appInfo,
      settings,
      telegram,
      testProxy: createProxyTester({ gateway, telegramConfig: telegram, clock, logger }),
    }),
    ...createAuthHandlers(login),
    ...createAccountsHandlers(accounts, (id) => tags.tagIdsOf(id)),
    ...createVaultHandlers(vault),
    ...createUpdateHandlers(updates),
    // Session export (issue 15)
    ...createSessionExportHandlers(createSessionExporter({ vault, logger })),
    // Two-step verification of an added account (issue 15)
    ...createTwoStepHandlers(twoStep),
    // Tags and bulk actions (issue 15)
    ...createTagHandlers(tags),
    ...createBulkHandlers(bulk),
    ...createHealthHandlers(health),
    // Session import (issue 15)
    ...createSessionImportHandlers(sessionImport),
    // Chats, messages, the unified inbox and notifications (issue 16)
    ...createChatHandlers(messages, notifications),
  } satisfies Handlers;

  // The shell's typed reads follow the lock policy of the channel they stand for.
  const isAllowedNow = (channel: Channel) => channelLockPolicy[channel] === 'always' || !isLocked();

  const router = createRouter({
    handlers,
    logger,
    isTrustedSender: options.isTrustedSender,
    isLocked,
  });

  return {
    router,
    events,
    async start() {
      updates.start();
      health.start(accounts);
      messages.start();
      await accounts.start();
    },
    async stop() {
      cancelClosing?.();
      updates.stop();
      await sessionImport.lock();
      await login.dispose();
      health.stop();
      messages.stop();
      await accounts.stop();
      await gateway.dispose?.();
      await vault.close();
    },
    async lock() {
      await vault.lock();
    },
    onLoginCode: (listener) => accounts.onLoginCode(listener),
    on(event, listener) {
      return events.subscribe((name: EventName, payload: Events[EventName]) => {
        // The bus's listener takes every event; `name === event` fixes the payload's type.
        if (name === event) listener(payload as Events[typeof event]);
      });
    },
    settings: () => settings.get(),
    accounts: () => (isAllowedNow('accounts:list') ? accounts.state() : null),
    switchAccount(accountId) {
      if (!isAllowedNow('accounts:switch')) return Promise.reject(lockedFailure());
      accounts.switchTo(accountId);
      return Promise.resolve();
    },
    openChat(accountId, chatId) {
      if (!isAllowedNow('chats:history')) return Promise.reject(lockedFailure());
      events.emit('focus:changed', { accountId, chatId });
      return Promise.resolve();
    },
    attachWindow() {
      openWindows++;
      cancelClosing?.();
      cancelClosing = null;
      let isAttached = true;
      return () => {
        if (!isAttached) return;
        isAttached = false;
        openWindows--;
        if (openWindows > 0) return;
        // Nobody can see a login any more: end them rather than leave codes open at Telegram. A
        // page that reloads, or a window that is replaced, attaches again within the grace period.
        cancelClosing = timers.schedule(() => {
          cancelClosing = null;
          login.cancelAll('closed').catch((error: unknown) => {
            logger.log('warn', 'Cancelling logins after the last window closed failed', {
              error: describeError(error),
            });
          });
        }, lastWindowGraceMs);
      };
    },
  };
}

/**
 * Account health (issue 15): the last check per account, in `health.json` beside the settings.
 * A damaged file only costs the results: this run keeps them in memory, and checks start afresh.
 */
function openHealthStore(
  storeFactory: KeyValueStoreFactory,
  directory: string,
  logger: Logger,
): KeyValueStore {
  try {
    return storeFactory({ name: 'health', directory });
  } catch {
    logger.log('warn', 'The health results file could not be read; checks start afresh');
    return createMemoryStore();
  }
}
