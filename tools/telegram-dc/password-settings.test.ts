import { randomBytes } from 'node:crypto';
import { Api, errors, type TelegramClient } from 'telegram';
import { computeCheck, computeDigest } from 'telegram/Password';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestDc, type Scenario, type TestDc } from './index';
import { loggedIn, rpcErrorOf, withTimeout } from './test-helpers';

/**
 * Two-step verification of a signed-in account with unmodified GramJS: setting a password from
 * none, the recovery email and its emailed code, changing and removing the password, recovery by
 * email code from a signed-in session, and the password reset's waiting period on the DC clock.
 */

const scenario: Scenario = {
  name: 'password-settings-tests',
  accounts: [
    { phone: '+9996620061', dcId: 2, firstName: 'Nia' },
    {
      phone: '+9996620062',
      dcId: 2,
      firstName: 'Pat',
      twoFactor: { password: 'pat-pw', hint: 'old', recoveryEmail: 'pat@example.com' },
    },
    { phone: '+9996620063', dcId: 2, firstName: 'Rex', twoFactor: { password: 'rex-pw' } },
    {
      phone: '+9996620064',
      dcId: 2,
      firstName: 'Sol',
      twoFactor: { password: 'sol-pw', resetWaitSeconds: 3600 },
    },
    { phone: '+9996620065', dcId: 2, firstName: 'Tia' },
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

const call = <T>(p: Promise<T>, label = 'rpc'): Promise<T> => withTimeout(p, 15_000, label);

/** A client signed in to `phone` (accounts with a password are signed in by a seeded key). */
async function signedIn(phone: string): Promise<TelegramClient> {
  const hasPassword = scenario.accounts.find((a) => a.phone === phone)?.twoFactor;
  let client: TelegramClient;
  if (hasPassword) {
    const seeded = await dc.control.seedAuthorizedSession(phone);
    client = dc.gramjs.newClient(seeded.session);
    await withTimeout(client.connect(), 15_000, 'connect');
  } else {
    client = await loggedIn(dc, phone);
  }
  clients.push(client);
  return client;
}

const getPassword = (c: TelegramClient) => call(c.invoke(new Api.account.GetPassword()));

/** The proof of `password` from a fresh account.getPassword (or the empty check without one). */
async function proof(c: TelegramClient, password: string | null) {
  const srp = await getPassword(c);
  return password === null ? new Api.InputCheckPasswordEmpty() : computeCheck(srp, password);
}

/** New password settings on the server's new_algo (salt1 + 32 client bytes, as apps do). */
async function newSettings(
  c: TelegramClient,
  change: { password?: string; hint?: string; email?: string; salt1?: Buffer },
): Promise<Api.account.PasswordInputSettings> {
  const { newAlgo } = await getPassword(c);
  if (!(newAlgo instanceof Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow))
    throw new Error('unexpected algo');
  const algo = new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
    salt1: change.salt1 ?? Buffer.concat([newAlgo.salt1, randomBytes(32)]),
    salt2: newAlgo.salt2,
    g: newAlgo.g,
    p: newAlgo.p,
  });
  return new Api.account.PasswordInputSettings({
    ...(change.password === undefined
      ? {}
      : {
          newAlgo: algo,
          newPasswordHash:
            change.password === '' ? Buffer.alloc(0) : await computeDigest(algo, change.password),
          hint: change.hint ?? '',
        }),
    ...(change.email === undefined ? {} : { email: change.email }),
  });
}

async function update(
  c: TelegramClient,
  current: string | null,
  change: Parameters<typeof newSettings>[1],
): Promise<boolean> {
  return call(
    c.invoke(
      new Api.account.UpdatePasswordSettings({
        password: await proof(c, current),
        newSettings: await newSettings(c, change),
      }),
    ),
  );
}

test('GramJS updateTwoFaSettings sets a password with a recovery email, confirmed by the emailed code', async () => {
  const client = await signedIn('+9996620061');
  const emailed: string[] = [];
  dc.control.on('password-email-code', (e) => {
    if (e.phone === '+9996620061') emailed.push(e.code);
  });
  const wrongCodes: string[] = [];
  let attempts = 0;
  await call(
    client.updateTwoFaSettings({
      newPassword: 'nia-pw',
      hint: 'a hint',
      email: 'nia@example.com',
      emailCodeCallback: (length) => {
        attempts++;
        expect(length).toBe(6);
        // First a wrong code (CODE_INVALID), then the one the DC e-mailed.
        return Promise.resolve(attempts === 1 ? '000000' : (emailed.at(-1) ?? ''));
      },
      onEmailCodeError: (e) => wrongCodes.push(e instanceof Error ? e.message : String(e)),
    }),
  );
  expect(wrongCodes).toHaveLength(1);
  expect(wrongCodes[0]).toContain('CODE_INVALID');
  const pw = await getPassword(client);
  expect(pw.hasPassword).toBe(true);
  expect(pw.hasRecovery).toBe(true);
  expect(pw.hint).toBe('a hint');
  expect(pw.emailUnconfirmedPattern).toBeFalsy();
  const settings = await call(
    client.invoke(new Api.account.GetPasswordSettings({ password: await proof(client, 'nia-pw') })),
  );
  expect(settings.email).toBe('nia@example.com');
});

test('a new recovery email waits for its code: EMAIL_UNCONFIRMED_6, the pattern, resend and cancel', async () => {
  const client = await signedIn('+9996620065');
  const error = await rpcErrorOf(
    update(client, null, { password: 'tia-pw', hint: 'h', email: 'tia@example.com' }),
  );
  // EMAIL_UNCONFIRMED_6, as GramJS parses it.
  if (!(error instanceof errors.EmailUnconfirmedError)) throw new Error(error.errorMessage);
  expect(error.codeLength).toBe(6);
  let pw = await getPassword(client);
  // Nothing applies until the code is confirmed.
  expect(pw.hasPassword).toBeFalsy();
  expect(pw.emailUnconfirmedPattern).toBe('t***@example.com');
  const first = dc.control.lastPasswordEmailCode('+9996620065');
  expect(await call(client.invoke(new Api.account.ResendPasswordEmail()))).toBe(true);
  const second = dc.control.lastPasswordEmailCode('+9996620065');
  expect(second).toMatch(/^\d{6}$/);
  expect(second).not.toBe(first);
  expect(await call(client.invoke(new Api.account.CancelPasswordEmail()))).toBe(true);
  pw = await getPassword(client);
  expect(pw.emailUnconfirmedPattern).toBeFalsy();
  expect(pw.hasPassword).toBeFalsy();
  expect(
    (await rpcErrorOf(client.invoke(new Api.account.ConfirmPasswordEmail({ code: second ?? '' }))))
      .errorMessage,
  ).toBe('EMAIL_HASH_EXPIRED');
  expect(
    (await rpcErrorOf(update(client, null, { password: 'tia-pw', email: 'not an email' })))
      .errorMessage,
  ).toBe('EMAIL_INVALID');
});

test('the wrong current password, a bad salt and bad settings are refused', async () => {
  const client = await signedIn('+9996620063');
  expect(
    (await rpcErrorOf(update(client, 'not-rex', { password: 'x', hint: '' }))).errorMessage,
  ).toBe('PASSWORD_HASH_INVALID');
  expect(
    (
      await rpcErrorOf(
        client.invoke(
          new Api.account.GetPasswordSettings({ password: await proof(client, 'nope') }),
        ),
      )
    ).errorMessage,
  ).toBe('PASSWORD_HASH_INVALID');
  expect(
    (await rpcErrorOf(update(client, 'rex-pw', { password: 'x', salt1: randomBytes(40) })))
      .errorMessage,
  ).toBe('NEW_SALT_INVALID');
  const bad = await newSettings(client, { password: 'x' });
  bad.newPasswordHash = Buffer.alloc(10, 1);
  expect(
    (
      await rpcErrorOf(
        client.invoke(
          new Api.account.UpdatePasswordSettings({
            password: await proof(client, 'rex-pw'),
            newSettings: bad,
          }),
        ),
      )
    ).errorMessage,
  ).toBe('NEW_SETTINGS_INVALID');
  expect((await getPassword(client)).hasPassword).toBe(true);
});

test('change the password and hint, remove the recovery email, recover by email, turn it off', async () => {
  const client = await signedIn('+9996620062');
  expect(await update(client, 'pat-pw', { password: 'pat-2', hint: 'new hint' })).toBe(true);
  let pw = await getPassword(client);
  expect(pw.hint).toBe('new hint');
  expect(pw.hasRecovery).toBe(true);
  expect(
    (await rpcErrorOf(update(client, 'pat-pw', { password: 'x', hint: '' }))).errorMessage,
  ).toBe('PASSWORD_HASH_INVALID');

  // Recovery by email code from this signed-in session: the session stays, the password changes.
  const recovery = await call(client.invoke(new Api.auth.RequestPasswordRecovery()));
  expect(recovery.emailPattern).toBe('p***@example.com');
  const code = dc.control.lastRecoveryCode('+9996620062') ?? '';
  expect(
    (await rpcErrorOf(client.invoke(new Api.auth.RecoverPassword({ code: '000000' }))))
      .errorMessage,
  ).toBe('CODE_INVALID');
  const recovered = await call(
    client.invoke(
      new Api.auth.RecoverPassword({
        code,
        newSettings: await newSettings(client, { password: 'pat-3', hint: 'third' }),
      }),
    ),
  );
  expect(recovered).toBeInstanceOf(Api.auth.Authorization);
  pw = await getPassword(client);
  expect(pw.hint).toBe('third');

  // Removing the recovery email: recovery by email is then not available.
  expect(await update(client, 'pat-3', { email: '' })).toBe(true);
  pw = await getPassword(client);
  expect(pw.hasRecovery).toBeFalsy();
  expect(
    (await rpcErrorOf(client.invoke(new Api.auth.RequestPasswordRecovery()))).errorMessage,
  ).toBe('PASSWORD_RECOVERY_NA');

  // An empty new password hash turns two-step verification off.
  expect(await update(client, 'pat-3', { password: '' })).toBe(true);
  expect((await getPassword(client)).hasPassword).toBeFalsy();
  const me = await call(client.getMe());
  expect(me.firstName).toBe('Pat');
});

test('a password reset waits on the DC clock, can be declined, and then goes through', async () => {
  const client = await signedIn('+9996620064');
  const start = Math.floor(dc.control.now() / 1000);
  const first = await call(client.invoke(new Api.account.ResetPassword()));
  expect(first).toBeInstanceOf(Api.account.ResetPasswordRequestedWait);
  const until = (first as Api.account.ResetPasswordRequestedWait).untilDate;
  expect(until - start).toBeGreaterThanOrEqual(3599);
  expect(until - start).toBeLessThanOrEqual(3601);
  expect((await getPassword(client)).pendingResetDate).toBe(until);

  expect(await call(client.invoke(new Api.account.DeclinePasswordReset()))).toBe(true);
  expect((await getPassword(client)).pendingResetDate).toBeFalsy();
  expect(
    (await rpcErrorOf(client.invoke(new Api.account.DeclinePasswordReset()))).errorMessage,
  ).toBe('RESET_REQUEST_MISSING');

  const again = await call(client.invoke(new Api.account.ResetPassword()));
  expect(again).toBeInstanceOf(Api.account.ResetPasswordRequestedWait);
  dc.control.advance(1800);
  expect(await call(client.invoke(new Api.account.ResetPassword()))).toBeInstanceOf(
    Api.account.ResetPasswordRequestedWait,
  );
  expect((await getPassword(client)).hasPassword).toBe(true);
  dc.control.advance(1801);
  expect(await call(client.invoke(new Api.account.ResetPassword()))).toBeInstanceOf(
    Api.account.ResetPasswordOk,
  );
  const pw = await getPassword(client);
  expect(pw.hasPassword).toBeFalsy();
  expect(pw.pendingResetDate).toBeFalsy();
});
