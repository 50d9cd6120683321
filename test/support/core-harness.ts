/**
 * A router harness for integration tests: the real login service and account manager behind the
 * real IPC router, with in-memory vault, UI store and settings, and a recording of every IPC
 * payload and push event. Channels outside auth:*, accounts:* and proxy:test answer UNAVAILABLE.
 */
import {
  createAccountManager,
  createAccountsHandlers,
  type AccountManager,
} from '../../electron/core/accounts';
import { createEventBus, type EventBus } from '../../electron/core/ipc/event-bus';
import { createRouter, type Router } from '../../electron/core/ipc/router';
import {
  createAuthHandlers,
  createLoginService,
  type LoginService,
} from '../../electron/core/login';
import type {
  Clock,
  KeyValueStore,
  LoginTarget,
  TelegramGateway,
  Timers,
} from '../../electron/core/ports';
import { createProxyTester } from '../../electron/core/settings/proxy-test';
import {
  channelNames,
  type Channel,
  type EventName,
  type Events,
  type Handlers,
  type InputOf,
  type ResultOf,
} from '../../electron/shared/contract';
import { AppFailure, type Envelope } from '../../electron/shared/errors';
import { applyAccountsChange, type AccountsChanged } from '../../electron/shared/accounts-change';
import type { AccountsState } from '../../electron/shared/dto';
import { createMemoryStore } from '../../electron/core/storage/conf-store';
import { createMemoryVault, type MemoryVault } from './memory-vault';
import { createTwoStepHandlers, createTwoStepService } from '../../electron/core/two-step';
import { createRecordingLogger } from './logger';
import { createTestSettings } from './settings';

/**
 * The push events as a listener sees them once it folded each `accounts:changed` (a whole list
 * or a patch, issue 17) into the list it holds: the list after that push.
 */
export type FoldedEvents = Omit<Events, 'accounts:changed'> & { 'accounts:changed': AccountsState };

export interface RecordedEvent {
  event: EventName;
  payload: unknown;
}

export interface HarnessOptions {
  gateway: TelegramGateway;
  target: LoginTarget;
  vault?: MemoryVault;
  uiState?: KeyValueStore;
  settings?: ReturnType<typeof createTestSettings>;
  clock?: Clock;
  /** The login service's timers (idle timeout, QR refresh); the system's by default. */
  timers?: Timers;
  restoreConcurrency?: number;
  coalesceMs?: number;
  /** Told when an account leaves Gramdeck (issue 15: its tags go). */
  onAccountRemoved?: (accountId: string) => void;
}

export interface CoreHarness {
  router: Router;
  events: EventBus;
  vault: MemoryVault;
  uiState: KeyValueStore;
  settings: ReturnType<typeof createTestSettings>;
  accounts: AccountManager;
  login: LoginService;
  logger: ReturnType<typeof createRecordingLogger>;
  /** Every push event, in order; an `accounts:changed` as the list after it (`FoldedEvents`). */
  pushed: RecordedEvent[];
  /** Every `accounts:changed` payload as sent, whole or a patch. */
  accountsPushes: AccountsChanged[];
  /** Every call and its envelope, in order. */
  calls: { channel: string; args: unknown; result: Envelope<unknown> }[];
  /** Dispatches through the router as the web transport would. */
  call<C extends Channel>(channel: C, args?: InputOf<C>): Promise<Envelope<ResultOf<C>>>;
  /** Like `call`, but throws unless the envelope is ok. */
  ok<C extends Channel>(channel: C, args?: InputOf<C>): Promise<ResultOf<C>>;
  /**
   * Resolves with the first push matching `predicate`, already seen or future; with `since`
   * (an index into `pushed`), only pushes from that index on count.
   */
  waitForEvent<E extends EventName>(
    event: E,
    predicate: (payload: FoldedEvents[E]) => boolean,
    timeoutMs?: number,
    since?: number,
  ): Promise<FoldedEvents[E]>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createCoreHarness(options: HarnessOptions): CoreHarness {
  const logger = createRecordingLogger();
  const events = createEventBus();
  const vault = options.vault ?? createMemoryVault();
  const uiState = options.uiState ?? createMemoryStore();
  const settings = options.settings ?? createTestSettings();
  const clock = options.clock ?? { now: () => Date.now() };
  const pushed: RecordedEvent[] = [];
  const waiters = new Set<() => void>();
  const accountsPushes: AccountsChanged[] = [];
  let accountsList: AccountsState | null = null;
  events.subscribe((event, payload) => {
    if (event === 'accounts:changed') {
      const change = structuredClone(payload as AccountsChanged);
      accountsPushes.push(change);
      accountsList = applyAccountsChange(accountsList, change);
      pushed.push({ event, payload: structuredClone(accountsList) });
    } else {
      pushed.push({ event, payload: structuredClone(payload) });
    }
    for (const w of [...waiters]) w();
  });

  const accounts = createAccountManager({
    vault,
    gateway: options.gateway,
    uiState,
    settings,
    logger,
    clock,
    isLocked: () => !vault.isUnlocked(),
    ...(options.restoreConcurrency ? { restoreConcurrency: options.restoreConcurrency } : {}),
    coalesceMs: options.coalesceMs ?? 20,
    ...(options.onAccountRemoved ? { onAccountRemoved: options.onAccountRemoved } : {}),
  });
  accounts.onChange((change) => {
    if (change.kind === 'accounts') events.emit('accounts:changed', change.state);
    else if (change.kind === 'inbox') events.emit('inbox:changed', change.inbox);
    else events.emit('sessions:changed', { accountId: change.accountId });
  });
  const login = createLoginService({
    gateway: options.gateway,
    telegramConfig: { loginTarget: () => Promise.resolve(options.target) },
    accounts,
    logger,
    clock,
    ...(options.timers ? { timers: options.timers } : {}),
  });
  login.onChange((view) => {
    events.emit('auth:changed', view);
  });

  const testProxy = createProxyTester({
    gateway: options.gateway,
    telegramConfig: { loginTarget: () => Promise.resolve(options.target) },
    clock,
    logger,
  });
  const unavailable = () =>
    Promise.reject(new AppFailure('UNAVAILABLE', 'Not part of this test harness.'));
  const stubs = Object.fromEntries(
    channelNames.map((c) => [c, unavailable]),
  ) as unknown as Handlers;
  const handlers: Handlers = {
    ...stubs,
    'proxy:test': ({ proxy }) => testProxy(proxy),
    ...createAuthHandlers(login),
    ...createAccountsHandlers(accounts),
    // Two-step verification of an added account (issue 15)
    ...createTwoStepHandlers(createTwoStepService({ accounts, logger, clock })),
  };
  const router = createRouter({ handlers, logger, isTrustedSender: () => true });
  const calls: CoreHarness['calls'] = [];

  const call = async <C extends Channel>(channel: C, args?: InputOf<C>) => {
    const result = await router.dispatch(channel, args, { transport: 'web', url: null });
    calls.push({ channel, args: structuredClone(args), result: structuredClone(result) });
    return result as Envelope<ResultOf<C>>;
  };

  return {
    router,
    events,
    vault,
    uiState,
    settings,
    accounts,
    login,
    logger,
    pushed,
    accountsPushes,
    calls,
    call,
    async ok(channel, args) {
      const result = await call(channel, args);
      if (!result.ok) {
        throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
      }
      return result.value;
    },
    waitForEvent(event, predicate, timeoutMs = 15_000, since = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (const p of pushed.slice(since)) {
            if (p.event === event && predicate(p.payload as FoldedEvents[typeof event])) {
              waiters.delete(check);
              clearTimeout(timer);
              resolve(p.payload as FoldedEvents[typeof event]);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const last = [...pushed].reverse().find((p) => p.event === event);
          reject(
            new Error(
              `no ${event} matching the condition within ${timeoutMs} ms; last: ${JSON.stringify(last?.payload).slice(0, 1500)}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    start: () => accounts.start(),
    async stop() {
      await login.dispose();
      await accounts.stop();
    },
  };
}
