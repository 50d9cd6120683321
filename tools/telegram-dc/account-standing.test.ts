import { Api, type TelegramClient } from 'telegram';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestDc, type Scenario, type TestDc } from './index';
import { isAllowedWhileFrozen } from './rpc/standing';
import { demoScenario } from './scenario';
import { loggedIn, rpcErrorOf, withTimeout } from './test-helpers';

/**
 * Account health (issue 15) with unmodified GramJS: a restricted account's own user carries
 * Telegram's reasons, a frozen account's app config carries its freeze and its writes are
 * refused, and a deactivated account's session answers USER_DEACTIVATED.
 */

const scenario: Scenario = {
  name: 'account-standing-tests',
  accounts: [
    { phone: '+9996620501', dcId: 2, firstName: 'Plain' },
    {
      phone: '+9996620502',
      dcId: 2,
      firstName: 'Rita',
      restrictions: [{ platform: 'all', reason: 'spam', text: 'Limited after spam reports.' }],
    },
    {
      phone: '+9996620503',
      dcId: 2,
      firstName: 'Fiona',
      frozen: { sinceDaysAgo: 2, untilInDays: 5, appealUrl: 'https://t.me/spambot' },
    },
    { phone: '+9996620504', dcId: 2, firstName: 'Dora', deactivated: 'banned' },
  ],
};

let dc: TestDc;
const clients: TelegramClient[] = [];

beforeAll(async () => {
  dc = await startTestDc({ scenario, smallPrimes: true });
});

afterAll(async () => {
  for (const c of clients) await c.destroy();
  await dc.stop();
});

async function signedIn(phone: string): Promise<TelegramClient> {
  const client = await loggedIn(dc, phone);
  clients.push(client);
  return client;
}

const call = <T>(p: Promise<T>): Promise<T> => withTimeout(p, 15_000, 'rpc');

async function self(client: TelegramClient): Promise<Api.User> {
  const [me] = await call(client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] })));
  if (!(me instanceof Api.User)) throw new Error('no self user');
  return me;
}

function configOf(result: Api.help.TypeAppConfig): Map<string, unknown> {
  if (!(result instanceof Api.help.AppConfig) || !(result.config instanceof Api.JsonObject)) {
    throw new Error('no app config');
  }
  return new Map(
    result.config.value.map((v) => [
      v.key,
      v.value instanceof Api.JsonNumber || v.value instanceof Api.JsonString ? v.value.value : null,
    ]),
  );
}

test('a restricted account reads restricted, with the reason Telegram gives; others do not', async () => {
  const rita = await self(await signedIn('+9996620502'));
  expect(rita.restricted).toBe(true);
  expect(rita.restrictionReason?.map((r) => [r.platform, r.reason, r.text])).toEqual([
    ['all', 'spam', 'Limited after spam reports.'],
  ]);
  const plain = await self(await signedIn('+9996620501'));
  expect(plain.restricted).toBeFalsy();
  expect(plain.restrictionReason ?? []).toEqual([]);
});

test('a frozen account: the freeze in help.getAppConfig, reads work, writes answer FROZEN_METHOD_INVALID', async () => {
  const client = await signedIn('+9996620503');
  const config = configOf(await call(client.invoke(new Api.help.GetAppConfig({ hash: 0 }))));
  // Seeded when the DC started, a moment ago on the DC clock.
  const now = Math.floor(dc.control.now() / 1000);
  const since = Number(config.get('freeze_since_date'));
  expect(now - 2 * 86_400 - since).toBeGreaterThanOrEqual(0);
  expect(now - 2 * 86_400 - since).toBeLessThan(60);
  expect(Number(config.get('freeze_until_date')) - since).toBe(7 * 86_400);
  expect(config.get('freeze_appeal_url')).toBe('https://t.me/spambot');

  const sessions = await call(client.invoke(new Api.account.GetAuthorizations()));
  expect(sessions.authorizations.length).toBeGreaterThan(0);
  const refused = await rpcErrorOf(client.invoke(new Api.account.UpdateStatus({ offline: false })));
  expect([refused.code, refused.errorMessage]).toEqual([420, 'FROZEN_METHOD_INVALID']);

  const other = await signedIn('+9996620501');
  const plain = configOf(await call(other.invoke(new Api.help.GetAppConfig({ hash: 0 }))));
  expect(plain.has('freeze_since_date')).toBe(false);
  expect(await call(other.invoke(new Api.account.UpdateStatus({ offline: false })))).toBe(true);
});

test('a deactivated account signs in, then its session answers USER_DEACTIVATED_BAN', async () => {
  const client = await signedIn('+9996620504');
  const error = await rpcErrorOf(
    client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] })),
  );
  expect([error.code, error.errorMessage]).toEqual([401, 'USER_DEACTIVATED_BAN']);
});

test('a frozen account may read and sign in, not write', () => {
  expect(
    ['help.getConfig', 'auth.logOut', 'account.getPassword', 'messages.getDialogs'].map(
      isAllowedWhileFrozen,
    ),
  ).toEqual([true, true, true, true]);
  expect(
    ['account.updateStatus', 'messages.readHistory', 'account.resetAuthorization'].map(
      isAllowedWhileFrozen,
    ),
  ).toEqual([false, false, false]);
});

test('the demo scenario has a restricted, a frozen and a deactivated account in +999662005x', () => {
  const byPhone = new Map(demoScenario.accounts.map((a) => [a.phone, a]));
  expect(byPhone.get('+9996620050')?.restrictions?.length).toBe(1);
  expect(byPhone.get('+9996620051')?.frozen?.appealUrl).toBe('https://t.me/spambot');
  expect(byPhone.get('+9996620052')?.deactivated).toBe('deleted');
  expect(byPhone.get('+9996620053')?.twoFactor?.recoveryEmail).toBe('nora@example.com');
});
