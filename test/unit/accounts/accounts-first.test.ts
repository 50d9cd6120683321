/**
 * `accounts:list-first` through the router (issue 17): the first screenful of the account list
 * is the first N rows of what `accounts:list` answers, in order, built the same way; the limit
 * is validated before the core sees it.
 */
import { afterEach, expect, test } from 'vitest';
import { createAccountManager, createAccountsHandlers } from '../../../electron/core/accounts';
import { createRouter, type SenderInfo } from '../../../electron/core/ipc/router';
import { createMemoryStore } from '../../../electron/core/storage/conf-store';
import type { AccountRecord } from '../../../electron/core/ports';
import { type AccountsChanged, isAccountsPatch } from '../../../electron/shared/accounts-change';
import type { AccountsFirst } from '../../../electron/shared/accounts-first';
import { channelNames, type Handlers } from '../../../electron/shared/contract';
import type { AccountsState } from '../../../electron/shared/dto';
import { AppFailure } from '../../../electron/shared/errors';
import { createFakeGateway } from '../../support/fake-gateway';
import { createRecordingLogger, memoryLogger } from '../../support/logger';
import { createMemoryVault } from '../../support/memory-vault';
import { fromFirst, reduceAccounts } from '../../../renderer/src/state/first-accounts';
import { createTestSettings } from '../../support/settings';

const sender: SenderInfo = { transport: 'web', url: 'http://127.0.0.1' };

const record = (i: number): AccountRecord => ({
  session: `session-${i}`,
  phone: `44770090${String(i).padStart(4, '0')}`,
  userId: String(1000 + i),
  homeDcId: 2,
  serverProfile: { kind: 'test' },
  apiId: 1,
  apiHash: 'f'.repeat(32),
  proxy: null,
  displayName: `User ${i}`,
  username: i % 2 === 0 ? `user${i}` : null,
  isPremium: i % 3 === 0,
  avatar: null,
});

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function setup(count: number) {
  const gateway = createFakeGateway();
  const vault = createMemoryVault();
  for (let i = 0; i < count; i++) vault.records.set(`a${i}`, record(i));
  const settings = createTestSettings();
  const manager = createAccountManager({
    vault,
    gateway,
    coalesceMs: 5,
    uiState: createMemoryStore(),
    settings,
    logger: createRecordingLogger(),
    clock: { now: () => Date.now() },
    isLocked: () => !vault.isUnlocked(),
  });
  stops.push(() => manager.stop());
  await manager.start();
  const unavailable = () => Promise.reject(new AppFailure('UNAVAILABLE', 'Not in this test.'));
  const others = Object.fromEntries(
    channelNames.map((name) => [name, unavailable]),
  ) as unknown as Handlers;
  const router = createRouter({
    handlers: { ...others, ...createAccountsHandlers(manager) },
    logger: memoryLogger(),
    isTrustedSender: () => true,
  });
  const call = async <T>(channel: string, args?: unknown): Promise<T> => {
    const answer = await router.dispatch(channel, args, sender);
    if (!answer.ok) throw new Error(`${channel}: ${answer.error.code}`);
    return answer.value as T;
  };
  return { manager, gateway, router, settings, call };
}

test('the first N rows are the first N of the whole list, in its order, with the total', async () => {
  const { call } = await setup(150);
  // A user order that is not the vault's: the first screenful follows it.
  const reversed = Array.from({ length: 150 }, (_, i) => `a${149 - i}`);
  await call('accounts:reorder', { accountIds: reversed });
  await call('accounts:switch', { accountId: 'a140' });

  const whole = await call<AccountsState>('accounts:list');
  const first = await call<AccountsFirst>('accounts:list-first', { limit: 60 });

  expect(first.accounts).toHaveLength(60);
  expect(first.accounts).toEqual(whole.accounts.slice(0, 60));
  expect(first.accounts[0]?.id).toBe('a149');
  expect(first.total).toBe(150);
  expect(first.activeAccountId).toBe(whole.activeAccountId);
  expect(first.restore).toEqual(whole.restore);
  // The active account (a140, 10th in this order) is among the rows: no separate row.
  expect(first.activeAccount).toBeNull();
});

test('an active account further down the list comes as a row of its own', async () => {
  const { call } = await setup(150);
  await call('accounts:switch', { accountId: 'a120' });
  const whole = await call<AccountsState>('accounts:list');
  const first = await call<AccountsFirst>('accounts:list-first', { limit: 60 });
  expect(first.activeAccountId).toBe('a120');
  expect(first.activeAccount).toEqual(whole.accounts.find((a) => a.id === 'a120'));
});

test('masked phone numbers are masked in the first rows as in the whole list', async () => {
  const { call, settings } = await setup(80);
  settings.update({ maskPhoneNumbers: true });
  const whole = await call<AccountsState>('accounts:list');
  const first = await call<AccountsFirst>('accounts:list-first', { limit: 60 });
  expect(first.accounts).toEqual(whole.accounts.slice(0, 60));
  expect(first.accounts[0]?.phone).not.toContain('0000');
});

test('a limit past the end answers the whole list', async () => {
  const { call } = await setup(12);
  const whole = await call<AccountsState>('accounts:list');
  const first = await call<AccountsFirst>('accounts:list-first', { limit: 60 });
  expect(first).toEqual({ ...whole, total: 12, activeAccount: null });
});

test.each([
  [{ limit: 0 }],
  [{ limit: 201 }],
  [{ limit: 1.5 }],
  [{ limit: '60' }],
  [{}],
  [{ limit: 60, all: true }],
  [undefined],
])('the limit is validated: %j is refused', async (args) => {
  const { router } = await setup(3);
  const answer = await router.dispatch('accounts:list-first', args, sender);
  expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
});

const settle = () => new Promise((done) => setTimeout(done, 30));

test("the core's own pushes between the first screenful and the whole list fold into both", async () => {
  const { manager, gateway, call } = await setup(150);
  const changes: AccountsChanged[] = [];
  manager.onChange((change) => {
    if (change.kind === 'accounts') changes.push(change.state);
  });
  await settle();
  // The core's first push is the whole list; a window opened later gets patches only.
  changes.splice(0);

  let view = fromFirst(await call<AccountsFirst>('accounts:list-first', { limit: 60 }));
  // Rows change on both sides of the 60th: statuses, and two accounts removed.
  gateway.connections.forEach((connection, i) => {
    if (i % 2 === 0) connection.emit({ kind: 'connection', state: 'disconnected' });
  });
  const order = manager.state().accounts.map((a) => a.id);
  await call('accounts:remove', { accountId: order[3], confirm: true });
  await call('accounts:remove', { accountId: order[100], confirm: true });
  await settle();
  expect(changes.length).toBeGreaterThan(0);
  expect(changes.every(isAccountsPatch)).toBe(true);
  for (const change of changes) view = reduceAccounts(view, { kind: 'pushed', change });

  const whole = await call<AccountsState>('accounts:list');
  expect(view.partial?.total).toBe(148);
  expect(view.accounts.accounts).toEqual(whole.accounts.slice(0, view.accounts.accounts.length));
  expect(view.accounts.accounts.length).toBe(59);

  view = reduceAccounts(view, { kind: 'whole', state: whole });
  expect(view).toEqual({ accounts: whole, partial: null });
});
