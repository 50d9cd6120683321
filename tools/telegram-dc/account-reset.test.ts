import { Api, type TelegramClient } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { computeCheck } from 'telegram/Password';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestDc, type Scenario, type TestDc } from './index';
import { connected, rpcErrorOf, sendCode, withTimeout } from './test-helpers';

/**
 * account.deleteAccount as the reset of a 2FA account whose password is lost, with unmodified
 * GramJS: from a login waiting for its password, Telegram holds the reset back for a recently
 * active account (2FA_CONFIRM_WAIT_X), deletes it once allowed, and the number then signs up
 * anew with the code it already entered.
 */

const scenario: Scenario = {
  name: 'account-reset-tests',
  accounts: [
    { phone: '+9996620201', dcId: 2, firstName: 'Ada', twoFactor: { password: 'ada-pw' } },
    {
      phone: '+9996620202',
      dcId: 2,
      firstName: 'Bo',
      twoFactor: { password: 'bo-pw', resetWaitSeconds: 0 },
    },
    {
      phone: '+9996620203',
      dcId: 2,
      firstName: 'Cy',
      twoFactor: { password: 'cy-pw', resetWaitSeconds: 3600 },
    },
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

const call = <T>(p: Promise<T>, label: string): Promise<T> => withTimeout(p, 15_000, label);

/** A client that entered the right code and now waits for the 2FA password. */
async function atPassword(phone: string): Promise<{ client: TelegramClient; hash: string }> {
  const client = await connected(dc);
  clients.push(client);
  const sent = await sendCode(client, phone);
  const error = await rpcErrorOf(
    client.invoke(
      new Api.auth.SignIn({
        phoneNumber: phone,
        phoneCodeHash: sent.phoneCodeHash,
        phoneCode: dc.control.lastCode(phone) ?? '',
      }),
    ),
  );
  expect(error.errorMessage).toBe('SESSION_PASSWORD_NEEDED');
  return { client, hash: sent.phoneCodeHash };
}

/** A client signed in to `phone` with its password. */
async function signedIn(phone: string, password: string): Promise<TelegramClient> {
  const { client } = await atPassword(phone);
  const srp = await call(client.invoke(new Api.account.GetPassword()), 'getPassword');
  const check = await computeCheck(srp, password);
  await call(client.invoke(new Api.auth.CheckPassword({ password: check })), 'checkPassword');
  return client;
}

const resetRequest = () => new Api.account.DeleteAccount({ reason: 'Forgot password' });

test('an unauthorized key without a pending 2FA login cannot delete anything', async () => {
  const client = await connected(dc);
  clients.push(client);
  const error = await rpcErrorOf(client.invoke(resetRequest()));
  expect(error.errorMessage).toBe('AUTH_KEY_UNREGISTERED');
});

test('a recently active account answers 2FA_CONFIRM_WAIT_X (420) and stays', async () => {
  const device = await signedIn('+9996620201', 'ada-pw');
  const { client } = await atPassword('+9996620201');
  const first = await rpcErrorOf(client.invoke(resetRequest()));
  expect(first.code).toBe(420);
  expect(first.errorMessage).toBe(`2FA_CONFIRM_WAIT_${7 * 24 * 3600}`);
  const again = await rpcErrorOf(client.invoke(resetRequest()));
  const left = Number(/^2FA_CONFIRM_WAIT_(\d+)$/.exec(again.errorMessage)?.[1]);
  expect(left).toBeGreaterThan(7 * 24 * 3600 - 5);
  expect(left).toBeLessThanOrEqual(7 * 24 * 3600);

  // The account is untouched: its signed-in device still works and was told of the request.
  const me = await call(device.getMe(), 'getMe');
  expect(me.firstName).toBe('Ada');
  const dialogs = await call(
    device.invoke(
      new Api.messages.GetDialogs({
        offsetDate: 0,
        offsetId: 0,
        offsetPeer: new Api.InputPeerEmpty(),
        limit: 10,
        hash: returnBigInt(0),
      }),
    ),
    'getDialogs',
  );
  expect(JSON.stringify(dialogs)).toMatch(/reset your account/);
});

test('a reset allowed at once deletes the account; the same code signs the number up anew', async () => {
  const device = await signedIn('+9996620202', 'bo-pw');
  const oldId = (await call(device.getMe(), 'getMe')).id.toString();
  const { client, hash } = await atPassword('+9996620202');
  expect(await call(client.invoke(resetRequest()), 'deleteAccount')).toBe(true);

  const revoked = await rpcErrorOf(device.invoke(new Api.users.GetFullUser({ id: 'me' })));
  expect(revoked.errorMessage).toBe('AUTH_KEY_UNREGISTERED');

  const auth = await call(
    client.invoke(
      new Api.auth.SignUp({
        phoneNumber: '+9996620202',
        phoneCodeHash: hash,
        firstName: 'Bo',
        lastName: 'Anew',
      }),
    ),
    'signUp',
  );
  expect(auth).toBeInstanceOf(Api.auth.Authorization);
  const user = (auth as Api.auth.Authorization).user;
  expect(user.id.toString()).not.toBe(oldId);
  const fresh = await call(client.invoke(new Api.account.GetPassword()), 'getPassword');
  expect(fresh.hasPassword).toBeFalsy();
});

test('with the password, the account is deleted at once despite the waiting period', async () => {
  const { client } = await atPassword('+9996620203');
  const srp = await call(client.invoke(new Api.account.GetPassword()), 'getPassword');
  const wrong = await rpcErrorOf(
    client.invoke(
      new Api.account.DeleteAccount({ reason: '', password: await computeCheck(srp, 'nope') }),
    ),
  );
  expect(wrong.errorMessage).toBe('PASSWORD_HASH_INVALID');
  const srp2 = await call(client.invoke(new Api.account.GetPassword()), 'getPassword');
  const ok = await call(
    client.invoke(
      new Api.account.DeleteAccount({ reason: '', password: await computeCheck(srp2, 'cy-pw') }),
    ),
    'deleteAccount',
  );
  expect(ok).toBe(true);
});
