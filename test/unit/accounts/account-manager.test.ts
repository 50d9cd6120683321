/** The account manager with a fake gateway and fake timers: restore, backoff, lock, changes. */
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import {
  createAccountManager,
  type AccountManager,
  type LoginCodeNotice,
} from '../../../electron/core/accounts';
import type { AccountRecord, KeyValueStore } from '../../../electron/core/ports';
import type { AccountsState } from '../../../electron/shared/dto';
import {
  applyAccountsChange,
  type AccountsChanged,
} from '../../../electron/shared/accounts-change';
import { failure } from '../../../electron/shared/error-words';
import { createFakeGateway, fakeUser, type FakeGateway } from '../../support/fake-gateway';
import { createMemoryStore } from '../../../electron/core/storage/conf-store';
import { createMemoryVault, type MemoryVault } from '../../support/memory-vault';
import { createRecordingLogger } from '../../support/logger';
import { createTestSettings } from '../../support/settings';

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

let gateway: FakeGateway;
let vault: MemoryVault;
let uiState: KeyValueStore;
let settings: ReturnType<typeof createTestSettings>;
let pushes: AccountsState[];
let inbox: unknown[];
let sessionChanges: string[];
let manager: AccountManager;

/** The list after a push, as the renderer folds it (issue 17: long lists come as patches). */
const fold = (change: AccountsChanged): AccountsState =>
  applyAccountsChange(pushes.at(-1) ?? null, change) ?? {
    accounts: [],
    activeAccountId: null,
    restore: null,
  };

function make(extra: { restoreConcurrency?: number; random?: () => number } = {}): AccountManager {
  const created = createAccountManager({
    vault,
    gateway,
    uiState,
    settings,
    logger: createRecordingLogger(),
    clock: { now: () => Date.now() },
    isLocked: () => !vault.isUnlocked(),
    coalesceMs: 50,
    reconnectBaseMs: 1000,
    reconnectMaxMs: 16_000,
    ...extra,
  });
  created.onChange((change) => {
    if (change.kind === 'accounts') pushes.push(fold(change.state));
    else if (change.kind === 'inbox') inbox.push(change.inbox);
    else sessionChanges.push(change.accountId);
  });
  return created;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  gateway = createFakeGateway();
  vault = createMemoryVault();
  uiState = createMemoryStore();
  settings = createTestSettings();
  pushes = [];
  inbox = [];
  sessionChanges = [];
});

afterEach(async () => {
  await manager.stop();
  vi.useRealTimers();
});

const statuses = () => manager.state().accounts.map((a) => a.status.kind);

test('restore: bounded concurrency, progress, and coalesced pushes', async () => {
  for (let i = 0; i < 300; i++) vault.records.set(`a${i}`, record(i));
  let inFlight = 0;
  let maxInFlight = 0;
  const open = gateway.openClient.bind(gateway);
  gateway.openClient = async (options) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, 5));
    inFlight--;
    return open(options);
  };
  manager = make({ restoreConcurrency: 8 });
  const started = manager.start();
  await vi.advanceTimersByTimeAsync(2000);
  await started;
  await vi.advanceTimersByTimeAsync(100);
  expect(maxInFlight).toBe(8);
  expect(statuses().every((s) => s === 'online')).toBe(true);
  expect(manager.state().restore).toBeNull();
  expect(pushes.some((p) => p.restore !== null && p.restore.restored > 0)).toBe(true);
  // 300 accounts over ~200 ms of fake time: a few dozen pushes at most, not hundreds.
  expect(pushes.length).toBeLessThan(40);
});

test('the saves that follow a restore reach the vault in batches, every account saved', async () => {
  for (let i = 0; i < 200; i++) vault.records.set(`a${i}`, record(i));
  let single = 0;
  const batches: number[] = [];
  const writeOne = vault.writeAccount.bind(vault);
  vault.writeAccount = (id, value) => {
    single++;
    return writeOne(id, value);
  };
  const writeMany = vault.writeAccounts.bind(vault);
  vault.writeAccounts = (records) => {
    batches.push(records.length);
    return writeMany(records);
  };
  manager = make({ restoreConcurrency: 8 });
  const started = manager.start();
  await vi.advanceTimersByTimeAsync(2000);
  await started;
  await vi.advanceTimersByTimeAsync(2000);
  // Each account's newer session string is saved, none alone.
  expect([...vault.records.values()].every((r) => r.session === 'fake-session-string')).toBe(true);
  expect(single).toBe(0);
  expect(batches.reduce((a, b) => a + b, 0)).toBe(200);
  // Batches, not a write per account: here 64 + 64 + 64 + 8.
  expect(batches.length).toBeLessThanOrEqual(200 / 8);
});

test("a restore connects with the vault's server salts, and saves the ones it tops up", async () => {
  const kept = [{ salt: '-42', validSince: 1_000, validUntil: 4_600 }];
  const topped = [{ salt: '7', validSince: 2_000, validUntil: 5_600 }];
  // As the fake connects it: nothing but the salts has reason to save it.
  const current = { session: 'fake-session-string', displayName: fakeUser().firstName };
  vault.records.set('a0', { ...record(0), ...current, serverSalts: kept });
  vault.records.set('a1', record(1));
  // a0 is topped up, a1 has enough (the adapter answers null).
  const askedBy: string[] = [];
  const open = gateway.openClient.bind(gateway);
  gateway.openClient = async (options) => {
    const connection = await open(options);
    connection.topUpServerSalts = () => {
      askedBy.push(options.logLabel);
      return Promise.resolve(options.logLabel === 'a0' ? topped : null);
    };
    return connection;
  };
  manager = make();
  const started = manager.start();
  await vi.advanceTimersByTimeAsync(2000);
  await started;
  await vi.advanceTimersByTimeAsync(2000);
  const opened = new Map(gateway.connections.map((c) => [c.options.logLabel, c]));
  expect(opened.get('a0')?.options.serverSalts).toEqual(kept);
  expect(opened.get('a1')?.options.serverSalts).toBeUndefined();
  expect(askedBy.sort()).toEqual(['a0', 'a1']);
  expect(vault.records.get('a0')?.serverSalts).toEqual(topped);
  expect(vault.records.get('a1')?.serverSalts).toBeUndefined();

  // Reconnected after a lock, it uses the saved ones.
  vault.lock();
  await vi.advanceTimersByTimeAsync(1);
  vault.unlock();
  await vi.advanceTimersByTimeAsync(2000);
  const again = gateway.connections.filter((c) => c.options.logLabel === 'a0').at(-1);
  expect(gateway.connections.filter((c) => c.options.logLabel === 'a0')).toHaveLength(2);
  expect(again?.options.serverSalts).toEqual(topped);
});

test('network failures back off with jitter, at most once a second, capped', async () => {
  vault.records.set('a1', record(1));
  gateway.openError = failure('NETWORK');
  manager = make({ random: () => 0 });
  await manager.start();
  const times: number[] = [];
  const open = gateway.openClient.bind(gateway);
  gateway.openClient = (options) => {
    times.push(Date.now());
    return open(options);
  };
  const status = manager.state().accounts[0]?.status;
  expect(status?.kind).toBe('offline');
  if (status?.kind === 'offline') expect(status.retryAt).toBeGreaterThanOrEqual(Date.now() + 1000);
  await vi.advanceTimersByTimeAsync(120_000);
  const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
  expect(gaps.every((g) => g >= 1000)).toBe(true);
  expect(Math.max(...gaps)).toBeLessThanOrEqual(16_000);
  expect(gaps.at(-1)).toBe(8000); // random 0: half of the 16 s cap
  gateway.openError = null;
  await vi.advanceTimersByTimeAsync(16_000);
  expect(statuses()).toEqual(['online']);
});

test('a logged-out session is never retried', async () => {
  vault.records.set('a1', record(1));
  gateway.openError = failure('LOGGED_OUT');
  manager = make();
  await manager.start();
  expect(manager.state().accounts[0]?.status).toMatchObject({ kind: 'logged-out' });
  const count = gateway.openCount;
  await vi.advanceTimersByTimeAsync(300_000);
  expect(gateway.openCount).toBe(count);
});

test('finds an added account by its phone number on the same servers only', async () => {
  vault.records.set('a1', record(1));
  manager = make();
  await manager.start();
  const target = { profile: { kind: 'test' as const }, apiId: 1, apiHash: 'f'.repeat(32) };
  // Once connected, the account has the number Telegram gives for the user.
  expect(manager.findAccountIdByPhone(fakeUser().phone, target)).toBe('a1');
  expect(manager.findAccountIdByPhone('447700900199', target)).toBeNull();
  expect(
    manager.findAccountIdByPhone(fakeUser().phone, { ...target, profile: { kind: 'production' } }),
  ).toBeNull();
});

test('a logged-out account is not found by its phone number: signing in again revives it', async () => {
  vault.records.set('a1', record(1));
  gateway.openError = failure('LOGGED_OUT');
  manager = make();
  await manager.start();
  const target = { profile: { kind: 'test' as const }, apiId: 1, apiHash: 'f'.repeat(32) };
  expect(manager.findAccountIdByPhone(record(1).phone, target)).toBeNull();
});

test('a dropped connection goes offline; a probe after GramJS reconnects brings it back', async () => {
  vault.records.set('a1', record(1));
  manager = make();
  await manager.start();
  const conn = gateway.connections[0]!;
  conn.emit({ kind: 'connection', state: 'disconnected' });
  expect(statuses()).toEqual(['offline']);
  conn.emit({ kind: 'connection', state: 'connected' });
  await vi.advanceTimersByTimeAsync(1);
  expect(statuses()).toEqual(['online']);
  expect(gateway.openCount).toBe(1);
  conn.emit({ kind: 'logged-out', code: 'AUTH_KEY_DUPLICATED' });
  expect(manager.state().accounts[0]?.status).toMatchObject({
    kind: 'logged-out',
    reason: expect.stringMatching(/two places/),
  });
});

test('vault lock disconnects unless keepConnectedWhileLocked; unlock restores', async () => {
  vault.records.set('a1', record(1));
  manager = make();
  await manager.start();
  vault.lock();
  await vi.advanceTimersByTimeAsync(1);
  expect(statuses()).toEqual(['locked']);
  expect(gateway.connections[0]!.isDestroyed).toBe(true);
  vault.unlock();
  await vi.advanceTimersByTimeAsync(100);
  expect(statuses()).toEqual(['online']);

  settings.update({ keepConnectedWhileLocked: true });
  vault.lock();
  await vi.advanceTimersByTimeAsync(1);
  expect(statuses()).toEqual(['online']);
});

test('an account the vault refused survives a lock and is saved and reconnected on unlock', async () => {
  manager = make();
  await manager.start();
  vault.setWeak(true);
  const connection = await gateway.openClient({
    profile: { kind: 'test' },
    apiId: 1,
    apiHash: 'f'.repeat(32),
    session: null,
    proxy: null,
    logLabel: 't',
  });
  const { accountId, persistError } = await manager.adoptLogin({
    connection,
    user: {
      id: '55',
      firstName: 'New',
      lastName: null,
      username: null,
      phone: '1',
      isPremium: false,
    },
    phone: '447700900155',
    target: { profile: { kind: 'test' }, apiId: 1, apiHash: 'f'.repeat(32) },
    proxy: null,
  });
  expect(persistError?.code).toBe('STORAGE_NOT_SECURE');
  vault.lock();
  await vi.advanceTimersByTimeAsync(1);
  expect(statuses()).toEqual(['locked']);
  vault.setWeak(false);
  vault.unlock();
  await vi.advanceTimersByTimeAsync(100);
  expect(vault.records.has(accountId)).toBe(true);
  expect(statuses()).toEqual(['online']);
});

test('secrets dropped at lock are never written back nor used to connect', async () => {
  vault.records.set('a1', record(1));
  vault.records.set('a2', record(2));
  manager = make();
  await manager.start();
  vault.lock();
  await vi.advanceTimersByTimeAsync(1);
  // Unlocked again, a2's record is gone from the vault, so its secrets do not come back.
  vault.records.delete('a2');
  vault.unlock();
  await vi.advanceTimersByTimeAsync(100);
  const opened = gateway.openCount;
  await manager.setProxy('a2', { type: 'socks5', host: 'h', port: 1 });
  await vi.advanceTimersByTimeAsync(100);
  expect(gateway.openCount).toBe(opened);
  expect(vault.records.has('a2')).toBe(false);
  expect(
    vault.writes.every((w) => !w.includes('"session":""') && !w.includes('"apiHash":""')),
  ).toBe(true);
  expect(manager.state().accounts.find((a) => a.id === 'a2')?.status.kind).toBe('locked');
});

test('order and the active account persist as UI state', async () => {
  for (let i = 1; i <= 3; i++) vault.records.set(`a${i}`, record(i));
  manager = make();
  await manager.start();
  manager.reorder(['a3', 'a1']);
  manager.switchTo('a1');
  await manager.stop();
  manager = make();
  await manager.start();
  const state = manager.state();
  expect(state.accounts.map((a) => a.id)).toEqual(['a3', 'a1', 'a2']);
  expect(state.activeAccountId).toBe('a1');
  expect(() => manager.switchTo('nope')).toThrow();
});

test('service messages from 777000 fill the inbox with the code', async () => {
  vault.records.set('a1', record(1));
  manager = make();
  await manager.start();
  gateway.connections[0]!.emit({
    kind: 'service-message',
    message: { id: '5', text: 'Login code: 12345. Do not give this code to anyone', date: 1000 },
  });
  expect(inbox).toEqual([
    { accountId: 'a1', messages: [expect.objectContaining({ id: '5', code: '12345' })] },
  ]);
  const codes = await manager.loginCodes('a1');
  expect(codes[0]?.code).toBe('12345');
});

test('a sign-in elsewhere that Telegram announces tells which account’s sessions changed', async () => {
  vault.records.set('a1', record(1));
  vault.records.set('a2', record(2));
  manager = make();
  await manager.start();
  gateway.connections[1]!.emit({ kind: 'sessions-changed' });
  expect(sessionChanges).toEqual(['a2']);
});

test('the lock drops cached login codes; while locked none is kept, fetched or pushed', async () => {
  vault.records.set('a1', record(1));
  settings.update({ keepConnectedWhileLocked: true });
  manager = make();
  const notices: LoginCodeNotice[] = [];
  manager.onLoginCode((notice) => notices.push(notice));
  await manager.start();
  const connection = gateway.connections[0]!;
  connection.emit({
    kind: 'service-message',
    message: { id: '5', text: 'Login code: 12345. Do not give this code to anyone', date: 1000 },
  });
  expect(notices).toEqual([expect.objectContaining({ isLocked: false, code: '12345' })]);

  vault.lock();
  await vi.advanceTimersByTimeAsync(1);
  expect(statuses()).toEqual(['online']);
  await expect(manager.loginCodes('a1')).rejects.toMatchObject({ code: 'LOCKED' });
  connection.emit({
    kind: 'service-message',
    message: { id: '6', text: 'Login code: 67890. Do not give this code to anyone', date: 2000 },
  });
  expect(inbox).toHaveLength(1);
  expect(notices[1]).toEqual({
    accountId: 'a1',
    messageId: '6',
    accountName: 'Test',
    receivedAt: 2000,
    isLocked: true,
    hasCode: false,
    code: null,
  });
  expect(JSON.stringify(notices.slice(1))).not.toContain('67890');
  expect(connection.calls).not.toContain('listServiceMessages');

  // Unlocked again, the inbox is fetched anew rather than served from before the lock.
  vault.unlock();
  await vi.advanceTimersByTimeAsync(100);
  expect(await manager.loginCodes('a1')).toEqual([]);
  expect(gateway.connections.at(-1)!.calls).toContain('listServiceMessages');
});

test('summaries carry no secrets', async () => {
  vault.records.set('a1', {
    ...record(1),
    proxy: { type: 'socks5', host: 'h', port: 1, password: 'proxy-pw' },
  });
  manager = make();
  await manager.start();
  await vi.advanceTimersByTimeAsync(100);
  const text = JSON.stringify(pushes) + JSON.stringify(manager.state());
  expect(text).not.toContain('session-1');
  expect(text).not.toContain('proxy-pw');
  expect(text).not.toContain('f'.repeat(32));
  expect(manager.state().accounts[0]?.proxy).toEqual({
    type: 'socks5',
    host: 'h',
    port: 1,
    hasCredentials: true,
  });
});
