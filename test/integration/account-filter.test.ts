/**
 * The sidebar's filter through the IPC router, with accounts restored from the local DC: a full
 * number typed in any format finds its account while numbers are masked, and no answer or push
 * ever carries a full number.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { startTestDc, type Scenario, type TestDc } from '../../tools/telegram-dc';
import { createGramJsGateway } from '../../electron/telegram';
import type { AccountRecord } from '../../electron/core/ports';
import { createCoreHarness, type CoreHarness } from '../support/core-harness';
import { createMemoryVault } from '../support/memory-vault';
import { createRecordingLogger } from '../support/logger';

const scenario: Scenario = {
  name: 'account-filter',
  accounts: [
    { phone: '+9996620001', dcId: 2, firstName: 'Alice', lastName: 'Demo', username: 'alice_d' },
    { phone: '+9996610002', dcId: 1, firstName: 'Bob', lastName: 'Demo' },
    { phone: '+9996620004', dcId: 2, firstName: 'Dave', lastName: 'Demo' },
  ],
};
const [alice, bob, dave] = ['acc-alice', 'acc-bob', 'acc-dave'];

let dc: TestDc;
let h: CoreHarness | undefined;

async function seededRecord(phone: string): Promise<AccountRecord> {
  const { session, user, dcId } = await dc.control.seedAuthorizedSession(phone);
  const profile = dc.profile();
  return {
    session,
    phone: user.phone,
    userId: user.id.toString(),
    homeDcId: dcId,
    serverProfile: profile,
    apiId: profile.apiId ?? 1,
    apiHash: profile.apiHash ?? '',
    proxy: null,
    displayName: [user.firstName, user.lastName ?? ''].join(' ').trim(),
    username: user.username ?? null,
    isPremium: user.isPremium,
    avatar: null,
  };
}

beforeAll(async () => {
  dc = await startTestDc({ scenario, smallPrimes: true });
});

afterAll(async () => {
  await dc.stop();
});

afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function restoredHarness(): Promise<CoreHarness> {
  const vault = createMemoryVault();
  await vault.writeAccount(alice, await seededRecord('+9996620001'));
  await vault.writeAccount(bob, await seededRecord('+9996610002'));
  await vault.writeAccount(dave, await seededRecord('+9996620004'));
  const profile = dc.profile();
  h = createCoreHarness({
    gateway: createGramJsGateway({ logger: createRecordingLogger() }),
    target: { profile, apiId: profile.apiId ?? 1, apiHash: profile.apiHash ?? '' },
    vault,
  });
  await h.start();
  await h.waitForEvent(
    'accounts:changed',
    (s) => s.accounts.length === 3 && s.accounts.every((a) => a.status.kind === 'online'),
    30_000,
  );
  return h;
}

test('a masked full number finds its account by its digits; the numbers stay in main', async () => {
  const h = await restoredHarness();
  const list = await h.ok('accounts:list');
  expect(list.accounts.find((a) => a.id === alice)?.phone).toBe('+99966 • •001');

  for (const query of ['+9996620001', '9996620001', '+99966 2 0001', '99966-2-0001']) {
    expect(await h.ok('accounts:filter', { query })).toEqual([alice]);
  }
  expect(await h.ok('accounts:filter', { query: '0004' })).toEqual([dave]);
  expect(await h.ok('accounts:filter', { query: '99966' })).toEqual([alice, bob, dave]);
  expect(await h.ok('accounts:filter', { query: 'DEMO' })).toEqual([alice, bob, dave]);
  expect(await h.ok('accounts:filter', { query: '@alice_d' })).toEqual([alice]);
  expect(await h.ok('accounts:filter', { query: '+99966 • •001' })).toEqual([]);
  expect(await h.ok('accounts:filter', { query: '' })).toEqual([alice, bob, dave]);

  // Nothing main answered or pushed while masked holds a full number.
  const wire = JSON.stringify([h.calls.map((c) => c.result), h.pushed]);
  for (const number of ['+9996620001', '+9996610002', '+9996620004']) {
    expect(wire).not.toContain(number.slice(1));
    expect(wire).not.toContain(`${number.slice(6, 7)} ${number.slice(7)}`);
  }
});

test('the answer follows the list order and a bad query is refused in plain words', async () => {
  const h = await restoredHarness();
  await h.ok('accounts:reorder', { accountIds: [dave, bob, alice] });
  expect(await h.ok('accounts:filter', { query: 'Demo' })).toEqual([dave, bob, alice]);
  const refused = await h.call('accounts:filter', { query: '9'.repeat(65) });
  expect(refused).toMatchObject({
    ok: false,
    error: { code: 'VALIDATION', message: 'That filter is too long.' },
  });
});
