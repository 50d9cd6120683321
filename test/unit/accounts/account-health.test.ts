/**
 * Account health (issue 15): the needs-attention rules, and the check queue with the real
 * account manager over a fake gateway, fake timers and an injected clock: low concurrency, the
 * user's checks first, background checks held until a restore ends, "Check all" progress, a
 * failed check keeping the earlier findings, and results that survive a restart.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  attentionReasons,
  createAccountHealth,
  type AccountHealthService,
} from '../../../electron/core/accounts/account-health';
import { createAccountManager, type AccountManager } from '../../../electron/core/accounts';
import type {
  AccountRecord,
  KeyValueStore,
  TelegramConnection,
} from '../../../electron/core/ports';
import { systemTimers } from '../../../electron/core/timers';
import { createMemoryStore } from '../../../electron/core/storage/conf-store';
import type { AccountStatus } from '../../../electron/shared/dto';
import { failure } from '../../../electron/shared/error-words';
import type { HealthChange, HealthCheckResult } from '../../../electron/shared/health-dto';
import { createFakeGateway, fakeUser, type FakeGateway } from '../../support/fake-gateway';
import { createMemoryVault, type MemoryVault } from '../../support/memory-vault';
import { createRecordingLogger } from '../../support/logger';
import { createTestSettings } from '../../support/settings';
import { TestClock } from '../../support/timers';

const healthy: HealthCheckResult = {
  checkedAt: 1,
  isRestricted: false,
  restrictions: [],
  freeze: null,
  isDeactivated: false,
  isPremium: false,
  hasPassword: true,
  hasRecoveryEmail: true,
  otherSessions: 0,
};
const online: AccountStatus = { kind: 'online' };

describe('needs attention', () => {
  test.each<[string, AccountStatus, Partial<HealthCheckResult> | null, string[]]>([
    ['online and never checked', online, null, []],
    ['online, two-step verification on', online, {}, []],
    ['offline for now', { kind: 'offline', retryAt: null }, {}, []],
    ['locked', { kind: 'locked' }, {}, []],
    [
      'logged out',
      { kind: 'logged-out', reason: 'x' },
      null,
      ['Its session no longer works: sign in again.'],
    ],
    [
      'an error',
      { kind: 'error', reason: 'Telegram refused the request.' },
      null,
      ['It cannot connect: Telegram refused the request.'],
    ],
    [
      'two-step verification off',
      online,
      { hasPassword: false },
      ['Two-step verification is off.'],
    ],
    [
      'restricted, with the reasons',
      online,
      {
        isRestricted: true,
        restrictions: [
          { platform: 'all', reason: 'spam', text: 'Limited after spam reports' },
          { platform: 'ios', reason: 'spam', text: 'Limited after spam reports' },
        ],
      },
      ['Telegram restricts it: Limited after spam reports.'],
    ],
    ['restricted without a reason', online, { isRestricted: true }, ['Telegram restricts it.']],
    [
      'frozen',
      online,
      { freeze: { since: 1, until: 2, appealUrl: null } },
      ['Telegram has frozen it: it can read but not send.'],
    ],
    [
      'deactivated (its password is not known then)',
      online,
      { isDeactivated: true, hasPassword: false },
      ['Telegram has deactivated this account.'],
    ],
    [
      'several at once',
      { kind: 'logged-out', reason: 'x' },
      { hasPassword: false, freeze: { since: 1, until: 2, appealUrl: null } },
      [
        'Its session no longer works: sign in again.',
        'Telegram has frozen it: it can read but not send.',
        'Two-step verification is off.',
      ],
    ],
  ])('%s', (_name, status, last, reasons) => {
    expect(attentionReasons(status, last === null ? null : { ...healthy, ...last })).toEqual(
      reasons,
    );
  });
});

const record = (i: number): AccountRecord => ({
  session: `session-${i}`,
  phone: `4477009001${String(i).padStart(2, '0')}`,
  userId: String(1000 + i),
  homeDcId: 2,
  serverProfile: { kind: 'test' },
  apiId: 1,
  apiHash: 'f'.repeat(32),
  proxy: null,
  displayName: `User ${i}`,
  username: null,
  isPremium: false,
  avatar: null,
});

describe('the check queue', () => {
  let gateway: FakeGateway;
  let vault: MemoryVault;
  let store: KeyValueStore;
  let clock: TestClock;
  let manager: AccountManager;
  let health: AccountHealthService;
  let changes: HealthChange[];
  /** Account ids in the order their checks started, and how many ran at once at most. */
  let started: string[];
  let maxRunning: number;
  let running: number;
  /** Checks wait for this before they answer, while a test holds them. */
  let gate: Promise<void>;
  let openGate: () => void;

  function build(options: { concurrency?: number } = {}): void {
    health = createAccountHealth({
      store,
      clock,
      timers: systemTimers,
      logger: createRecordingLogger(),
      concurrency: options.concurrency ?? 2,
      recheckAfterMs: 60_000,
      coalesceMs: 10,
      saveDelayMs: 500,
    });
    manager = createAccountManager({
      vault,
      gateway,
      uiState: createMemoryStore(),
      settings: createTestSettings(),
      logger: createRecordingLogger(),
      clock,
      isLocked: () => !vault.isUnlocked(),
      coalesceMs: 10,
      needsAttention: health.needsAttention,
    });
    health.onChange((change) => changes.push(change));
  }

  async function start(): Promise<void> {
    health.start(manager);
    const begun = manager.start();
    await vi.advanceTimersByTimeAsync(50);
    await begun;
  }

  /** The connection of the account with the given record index answers as the test says. */
  function answers(byUser: Record<string, Partial<TelegramConnection>>): void {
    const open = gateway.openClient.bind(gateway);
    gateway.openClient = async (options) => {
      // A connect takes a moment, longer than the account list's coalescing.
      await new Promise((resolve) => setTimeout(resolve, 30));
      // The vault ids are a1, a2, …: the account's log label.
      const index = Number(options.logLabel.slice(1));
      const userId = String(1000 + index);
      gateway.overrides = {
        getMe: () => Promise.resolve(fakeUser(userId, `User ${index}`)),
        getStanding: async () => {
          started.push(userId);
          running++;
          maxRunning = Math.max(maxRunning, running);
          await gate;
          running--;
          return { isDeactivated: false, isPremium: false, isRestricted: false, restrictions: [] };
        },
        ...byUser[userId],
      };
      return open(options);
    };
  }

  const idOf = (userId: string) =>
    manager.state().accounts.find((a) => a.displayName === `User ${Number(userId) - 1000}`)?.id ??
    '';

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    gateway = createFakeGateway();
    vault = createMemoryVault();
    store = createMemoryStore();
    clock = new TestClock();
    changes = [];
    started = [];
    maxRunning = 0;
    running = 0;
    gate = new Promise((resolve) => {
      openGate = resolve;
    });
  });

  afterEach(async () => {
    health.stop();
    await manager.stop();
    vi.useRealTimers();
  });

  test('accounts that come online are checked after the restore, a few at once', async () => {
    for (let i = 1; i <= 6; i++) vault.records.set(`a${i}`, record(i));
    // The restore holds on account 6 until the test lets it connect.
    let releaseLast = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      releaseLast = resolve;
    });
    answers({});
    const open = gateway.openClient.bind(gateway);
    gateway.openClient = async (options) => {
      if (options.session === 'session-6') await held;
      return open(options);
    };
    build();
    void start();
    await vi.advanceTimersByTimeAsync(100);
    expect(manager.state().restore).not.toBeNull();
    expect(started).toEqual([]);
    expect(health.list().accounts.filter((a) => a.isChecking)).toHaveLength(5);

    releaseLast();
    await vi.advanceTimersByTimeAsync(100);
    expect(manager.state().restore).toBeNull();
    expect(started).toHaveLength(2);
    openGate();
    await vi.advanceTimersByTimeAsync(100);
    expect(started).toHaveLength(6);
    expect(maxRunning).toBe(2);
    expect(health.list().accounts.every((a) => a.last?.checkedAt === clock.now())).toBe(true);
    expect(health.list().accounts.some((a) => a.isChecking)).toBe(false);
  });

  test("the user's check goes before the background ones", async () => {
    for (let i = 1; i <= 5; i++) vault.records.set(`a${i}`, record(i));
    answers({});
    build({ concurrency: 1 });
    await start();
    expect(started).toEqual(['1001']);
    health.check(idOf('1005'));
    openGate();
    await vi.advanceTimersByTimeAsync(100);
    expect(started).toEqual(['1001', '1005', '1002', '1003', '1004']);
  });

  test('what a check finds: 2FA off and other sessions count, and the badge follows', async () => {
    vault.records.set('a1', record(1));
    answers({
      '1001': {
        getPasswordInfo: () =>
          Promise.resolve({
            hasPassword: false,
            hasRecovery: false,
            hint: null,
            emailUnconfirmedPattern: null,
          }),
        listSessions: () =>
          Promise.resolve(
            [true, false, false].map((isCurrent, i) => ({
              id: String(i),
              isCurrent,
              deviceModel: 'd',
              platform: 'p',
              systemVersion: 's',
              appName: 'a',
              appVersion: '1',
              ip: '',
              country: '',
              createdAt: 0,
              activeAt: 0,
            })),
          ),
      },
    });
    openGate();
    build();
    await start();
    await vi.advanceTimersByTimeAsync(100);
    const [view] = health.list().accounts;
    expect(view).toMatchObject({
      connection: 'online',
      key: 'valid',
      needsAttention: true,
      attentionReasons: ['Two-step verification is off.'],
      last: { hasPassword: false, hasRecoveryEmail: false, otherSessions: 2 },
    });
    expect(manager.state().accounts[0]?.needsAttention).toBe(true);
    // The change reached listeners as a delta with this account.
    expect(changes.some((c) => c.accounts.some((a) => a.needsAttention))).toBe(true);
  });

  test('check all: progress, a failure keeps the earlier findings and says why', async () => {
    for (let i = 1; i <= 3; i++) vault.records.set(`a${i}`, record(i));
    answers({});
    openGate();
    build();
    await start();
    await vi.advanceTimersByTimeAsync(100);
    const firstCheck = clock.now();
    clock.advance(5000);
    gateway.connections
      .filter((c) => c.options.session === 'session-2')
      .forEach((c) => {
        c.getFreeze = () => Promise.reject(failure('TIMEOUT'));
      });
    const queued = health.check(null);
    expect(queued.progress).toEqual({ total: 3, done: 0, failed: 0 });
    const progressSeen: unknown[] = [];
    health.onChange((c) => progressSeen.push(c.progress));
    await vi.advanceTimersByTimeAsync(100);
    expect(health.list().progress).toBeNull();
    expect(progressSeen.at(-1)).toBeNull();
    const failed = health.get(idOf('1002'));
    expect(failed.checkError?.code).toBe('TIMEOUT');
    expect(failed.last?.checkedAt).toBe(firstCheck);
    expect(health.get(idOf('1001')).last?.checkedAt).toBe(firstCheck + 5000);
  });

  test('an account checked a moment ago is not checked again when it reconnects', async () => {
    vault.records.set('a1', record(1));
    answers({});
    openGate();
    build();
    await start();
    await vi.advanceTimersByTimeAsync(100);
    expect(started).toEqual(['1001']);
    const id = idOf('1001');
    const reconnected = manager.reconnect(id);
    await vi.advanceTimersByTimeAsync(100);
    await reconnected;
    expect(started).toEqual(['1001']);
    clock.advance(60_000);
    const again = manager.reconnect(id);
    await vi.advanceTimersByTimeAsync(100);
    await again;
    expect(started).toEqual(['1001', '1001']);
  });

  test('"last checked" survives a restart; a removed account leaves no result', async () => {
    vault.records.set('a1', record(1));
    vault.records.set('a2', record(2));
    answers({});
    openGate();
    build();
    await start();
    await vi.advanceTimersByTimeAsync(1000);
    const checkedAt = clock.now();
    await manager.remove(idOf('1002'));
    await vi.advanceTimersByTimeAsync(1000);
    health.stop();
    await manager.stop();

    clock.advance(1000);
    started = [];
    build();
    await start();
    await vi.advanceTimersByTimeAsync(100);
    expect(started).toEqual([]);
    expect(health.list().accounts.map((a) => a.last?.checkedAt)).toEqual([checkedAt]);
    expect(Object.keys(store.get('results') as object)).toEqual(['a1']);
  });

  test('unknown accounts are refused', () => {
    build();
    health.start(manager);
    expect(() => health.get('nope')).toThrow(/no such account/);
    expect(() => health.check('nope')).toThrow(/no such account/);
  });
});
