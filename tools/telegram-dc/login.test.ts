import { Api, errors, type TelegramClient } from 'telegram';
import { computeCheck, computeDigest } from 'telegram/Password';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestDc, type Scenario, type TestDc } from './index';
import {
  connected,
  loggedIn,
  rpcErrorOf,
  sendCode,
  signInWithCode,
  withTimeout,
  floodSeconds,
  savedSession,
} from './test-helpers';

/** Login flows with unmodified GramJS against one sandbox shared by this file. */

const scenario: Scenario = {
  name: 'login-tests',
  accounts: [
    {
      phone: '+9996620101',
      dcId: 2,
      firstName: 'Ann',
      photoColor: '#112233',
      code: { types: ['app', 'sms', 'call'], length: 5, timeoutSeconds: 1 },
    },
    {
      phone: '+9996620102',
      dcId: 2,
      firstName: 'Ben',
      code: { types: ['sms'], length: 6, expirySeconds: 1 },
    },
    {
      phone: '+9996620103',
      dcId: 2,
      firstName: 'Cid',
      twoFactor: { password: 'right horse', hint: 'horse', recoveryEmail: 'cid@example.com' },
    },
    {
      phone: '+9996620104',
      dcId: 2,
      firstName: 'Dee',
      twoFactor: { password: 'dee-pass', hint: 'none' },
    },
    { phone: '+9996620105', dcId: 2, firstName: 'Eli' },
    {
      phone: '+9996620106',
      dcId: 2,
      firstName: 'Fay',
      code: { types: ['app'], timeoutSeconds: 1 },
    },
    {
      phone: '+9996620107',
      dcId: 2,
      firstName: 'Gus',
      twoFactor: { password: 'gus', recoveryEmail: 'gus@example.com', recoveryCode: '424242' },
    },
  ],
  floodRules: [{ phone: '+9996620109', method: 'auth.sendCode', error: 'FLOOD_WAIT_30' }],
};

let dc: TestDc;
const clients: TelegramClient[] = [];
async function track(p: Promise<TelegramClient>): Promise<TelegramClient> {
  const c = await p;
  clients.push(c);
  return c;
}

beforeAll(async () => {
  dc = await startTestDc({ scenario, smallPrimes: true });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.destroy().catch(() => undefined)));
  await dc.stop();
});

describe('phone code login', () => {
  test('1: app code, then sign-in', async () => {
    const client = await track(connected(dc));
    const sent = await sendCode(client, '+999 662 0101');
    expect(sent.type).toBeInstanceOf(Api.auth.SentCodeTypeApp);
    expect((sent.type as Api.auth.SentCodeTypeApp).length).toBe(5);
    expect(sent.nextType).toBeInstanceOf(Api.auth.CodeTypeSms);
    expect(sent.timeout).toBe(1);
    const code = dc.control.lastCode('+9996620101');
    expect(code).toMatch(/^\d{5}$/);

    expect(
      (
        await rpcErrorOf(
          client.invoke(
            new Api.auth.SignIn({
              phoneNumber: '9996620101',
              phoneCodeHash: sent.phoneCodeHash,
              phoneCode: '',
            }),
          ),
        )
      ).errorMessage,
    ).toBe('PHONE_CODE_EMPTY');
    expect(
      (
        await rpcErrorOf(
          client.invoke(
            new Api.auth.SignIn({ phoneNumber: '9996620101', phoneCodeHash: '', phoneCode: '1' }),
          ),
        )
      ).errorMessage,
    ).toBe('PHONE_CODE_HASH_EMPTY');
    const wrong = code === '00000' ? '11111' : '00000';
    expect(
      (
        await rpcErrorOf(
          client.invoke(
            new Api.auth.SignIn({
              phoneNumber: '9996620101',
              phoneCodeHash: sent.phoneCodeHash,
              phoneCode: wrong,
            }),
          ),
        )
      ).errorMessage,
    ).toBe('PHONE_CODE_INVALID');

    const auth = await client.invoke(
      new Api.auth.SignIn({
        phoneNumber: '+9996620101',
        phoneCodeHash: sent.phoneCodeHash,
        phoneCode: code ?? '',
      }),
    );
    expect(auth).toBeInstanceOf(Api.auth.Authorization);
    const me = await client.getMe();
    expect(me.firstName).toBe('Ann');
    expect(me.self).toBe(true);
    // The profile photo downloads through upload.getFile.
    const photo = await withTimeout(client.downloadProfilePhoto('me'), 15_000, 'photo');
    expect(Buffer.isBuffer(photo) && photo.subarray(1, 4).toString()).toBe('PNG');
  });

  test('1b: malformed phone numbers are PHONE_NUMBER_INVALID', async () => {
    const client = await track(connected(dc));
    const err = await rpcErrorOf(sendCode(client, '12'));
    expect(err.errorMessage).toBe('PHONE_NUMBER_INVALID');
    expect(err.code).toBe(400);
  });

  test('2: resend app → SMS → call → SEND_CODE_UNAVAILABLE, honouring each timeout', async () => {
    const client = await track(connected(dc));
    const phone = '+9996620101';
    const first = await sendCode(client, phone);
    const codes = [dc.control.lastCode(phone)];
    const resend = (): Promise<Api.auth.TypeSentCode> =>
      client.invoke(
        new Api.auth.ResendCode({ phoneNumber: phone, phoneCodeHash: first.phoneCodeHash }),
      );
    // Resending before the reported timeout is a flood.
    const early = await rpcErrorOf(resend());
    expect(early).toBeInstanceOf(errors.FloodWaitError);
    expect(floodSeconds(early)).toBe(1);

    dc.control.advance(first.timeout ?? 0);
    const sms = (await resend()) as Api.auth.SentCode;
    expect(sms.type).toBeInstanceOf(Api.auth.SentCodeTypeSms);
    expect(sms.nextType).toBeInstanceOf(Api.auth.CodeTypeCall);
    expect(sms.timeout).toBe(1);
    codes.push(dc.control.lastCode(phone));

    dc.control.advance(sms.timeout ?? 0);
    const call = (await resend()) as Api.auth.SentCode;
    expect(call.type).toBeInstanceOf(Api.auth.SentCodeTypeCall);
    expect(call.nextType ?? undefined).toBeUndefined();
    codes.push(dc.control.lastCode(phone));
    expect(new Set(codes).size).toBe(3);

    const none = await rpcErrorOf(resend());
    expect(none.errorMessage).toBe('SEND_CODE_UNAVAILABLE');
    expect(none.code).toBe(406);

    // Only the newest code signs in.
    const stale = await rpcErrorOf(
      client.invoke(
        new Api.auth.SignIn({
          phoneNumber: phone,
          phoneCodeHash: first.phoneCodeHash,
          phoneCode: codes[0] ?? '',
        }),
      ),
    );
    expect(stale.errorMessage).toBe('PHONE_CODE_INVALID');
    const ok = await client.invoke(
      new Api.auth.SignIn({
        phoneNumber: phone,
        phoneCodeHash: first.phoneCodeHash,
        phoneCode: codes[2] ?? '',
      }),
    );
    expect(ok).toBeInstanceOf(Api.auth.Authorization);
  });

  test('2b: app-only delivery cannot be resent', async () => {
    const client = await track(connected(dc));
    const sent = await sendCode(client, '+9996620106');
    expect(sent.nextType ?? undefined).toBeUndefined();
    const err = await rpcErrorOf(
      client.invoke(
        new Api.auth.ResendCode({ phoneNumber: '+9996620106', phoneCodeHash: sent.phoneCodeHash }),
      ),
    );
    expect(err.errorMessage).toBe('SEND_CODE_UNAVAILABLE');
  });

  test('3: an expired code is PHONE_CODE_EXPIRED', async () => {
    const client = await track(connected(dc));
    const sent = await sendCode(client, '+9996620102');
    const code = dc.control.lastCode('+9996620102') ?? '';
    expect(code).toMatch(/^\d{6}$/);
    dc.control.advance(1.1);
    const err = await rpcErrorOf(
      client.invoke(
        new Api.auth.SignIn({
          phoneNumber: '+9996620102',
          phoneCodeHash: sent.phoneCodeHash,
          phoneCode: code,
        }),
      ),
    );
    expect(err.errorMessage).toBe('PHONE_CODE_EXPIRED');
    const resend = await rpcErrorOf(
      client.invoke(
        new Api.auth.ResendCode({ phoneNumber: '+9996620102', phoneCodeHash: sent.phoneCodeHash }),
      ),
    );
    expect(resend.errorMessage).toBe('PHONE_CODE_EXPIRED');
  });

  test('3b: cancelCode invalidates the code, and the DC counts each call', async () => {
    const client = await track(connected(dc));
    const cancelsBefore = dc.control.callCount('auth.cancelCode');
    const sent = await sendCode(client, '+9996620105');
    expect(
      await client.invoke(
        new Api.auth.CancelCode({ phoneNumber: '+9996620105', phoneCodeHash: sent.phoneCodeHash }),
      ),
    ).toBe(true);
    expect(dc.control.callCount('auth.cancelCode')).toBe(cancelsBefore + 1);
    const err = await rpcErrorOf(
      client.invoke(
        new Api.auth.SignIn({
          phoneNumber: '+9996620105',
          phoneCodeHash: sent.phoneCodeHash,
          phoneCode: dc.control.lastCode('+9996620105') ?? '',
        }),
      ),
    );
    expect(err.errorMessage).toBe('PHONE_CODE_EXPIRED');
  });

  test('unknown numbers must sign up, with terms of service', async () => {
    const client = await track(connected(dc));
    const phone = '+9996620177';
    const sent = await sendCode(client, phone);
    const res = await client.invoke(
      new Api.auth.SignIn({
        phoneNumber: phone,
        phoneCodeHash: sent.phoneCodeHash,
        phoneCode: dc.control.lastCode(phone) ?? '',
      }),
    );
    expect(res).toBeInstanceOf(Api.auth.AuthorizationSignUpRequired);
    const tos = (res as Api.auth.AuthorizationSignUpRequired).termsOfService;
    expect(tos?.text).toContain('sandbox');
    const up = await client.invoke(
      new Api.auth.SignUp({
        phoneNumber: phone,
        phoneCodeHash: sent.phoneCodeHash,
        firstName: 'New',
        lastName: 'Person',
      }),
    );
    expect(up).toBeInstanceOf(Api.auth.Authorization);
    expect(
      await client.invoke(
        new Api.help.AcceptTermsOfService({ id: tos?.id ?? new Api.DataJSON({ data: '{}' }) }),
      ),
    ).toBe(true);
    expect((await client.getMe()).firstName).toBe('New');
  });

  test('12: a flood wait is reported with its seconds', async () => {
    const client = await track(connected(dc));
    const err = await rpcErrorOf(sendCode(client, '+9996620109'));
    expect(err).toBeInstanceOf(errors.FloodWaitError);
    expect(floodSeconds(err)).toBe(30);
    dc.control.queueError('auth.sendCode', 'FLOOD_WAIT_7');
    const queued = await rpcErrorOf(sendCode(client, '+9996620105'));
    expect(floodSeconds(queued)).toBe(7);
    // The queued error was one-shot.
    expect(await sendCode(client, '+9996620105')).toBeInstanceOf(Api.auth.SentCode);
  });
});

describe('two-step verification', () => {
  test('4: 2FA with the wrong, then the right password', async () => {
    const client = await track(connected(dc));
    const err = await rpcErrorOf(signInWithCode(client, dc, '+9996620103'));
    expect(err.errorMessage).toBe('SESSION_PASSWORD_NEEDED');
    expect(err.code).toBe(401);
    const pw = await client.invoke(new Api.account.GetPassword());
    expect(pw.hasPassword).toBe(true);
    expect(pw.hasRecovery).toBe(true);
    expect(pw.hint).toBe('horse');
    const wrong = await rpcErrorOf(
      client.invoke(
        new Api.auth.CheckPassword({ password: await computeCheck(pw, 'wrong horse') }),
      ),
    );
    expect(wrong.errorMessage).toBe('PASSWORD_HASH_INVALID');
    // srp_id is single-use: the consumed challenge cannot be replayed even with the right password.
    const replay = await rpcErrorOf(
      client.invoke(
        new Api.auth.CheckPassword({ password: await computeCheck(pw, 'right horse') }),
      ),
    );
    expect(replay.errorMessage).toBe('SRP_ID_INVALID');
    const fresh = await client.invoke(new Api.account.GetPassword());
    const ok = await client.invoke(
      new Api.auth.CheckPassword({ password: await computeCheck(fresh, 'right horse') }),
    );
    expect(ok).toBeInstanceOf(Api.auth.Authorization);
    expect((await client.getMe()).firstName).toBe('Cid');
  });

  test('5: e-mail recovery with a new password, then login with it', async () => {
    const client = await track(connected(dc));
    await rpcErrorOf(signInWithCode(client, dc, '+9996620103'));
    const rec = await client.invoke(new Api.auth.RequestPasswordRecovery());
    expect(rec.emailPattern).toBe('c***@example.com');
    const code = dc.control.lastRecoveryCode('+9996620103') ?? '';
    expect(code).toMatch(/^\d{6}$/);
    expect(
      (await rpcErrorOf(client.invoke(new Api.auth.RecoverPassword({ code: '' })))).errorMessage,
    ).toBe('CODE_EMPTY');
    const bad = code === '000000' ? '111111' : '000000';
    expect(await client.invoke(new Api.auth.CheckRecoveryPassword({ code: bad }))).toBe(false);
    expect(await client.invoke(new Api.auth.CheckRecoveryPassword({ code }))).toBe(true);
    expect(
      (await rpcErrorOf(client.invoke(new Api.auth.RecoverPassword({ code: bad })))).errorMessage,
    ).toBe('CODE_INVALID');

    const pw = await client.invoke(new Api.account.GetPassword());
    const base =
      pw.newAlgo as Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow;
    const newAlgo = new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
      salt1: Buffer.concat([base.salt1, Buffer.alloc(32, 7)]),
      salt2: base.salt2,
      g: base.g,
      p: base.p,
    });
    const badSettings = new Api.account.PasswordInputSettings({
      newAlgo,
      newPasswordHash: Buffer.alloc(10, 1),
      hint: 'x',
    });
    expect(
      (
        await rpcErrorOf(
          client.invoke(new Api.auth.RecoverPassword({ code, newSettings: badSettings })),
        )
      ).errorMessage,
    ).toBe('NEW_SETTINGS_INVALID');
    const settings = new Api.account.PasswordInputSettings({
      newAlgo,
      newPasswordHash: await computeDigest(newAlgo, 'brand new'),
      hint: 'new one',
    });
    const done = await client.invoke(new Api.auth.RecoverPassword({ code, newSettings: settings }));
    expect(done).toBeInstanceOf(Api.auth.Authorization);

    // A second device now needs the new password; the old one is refused.
    const other = await track(connected(dc));
    expect((await rpcErrorOf(signInWithCode(other, dc, '+9996620103'))).errorMessage).toBe(
      'SESSION_PASSWORD_NEEDED',
    );
    const p2 = await other.invoke(new Api.account.GetPassword());
    expect(p2.hint).toBe('new one');
    expect(
      (
        await rpcErrorOf(
          other.invoke(
            new Api.auth.CheckPassword({ password: await computeCheck(p2, 'right horse') }),
          ),
        )
      ).errorMessage,
    ).toBe('PASSWORD_HASH_INVALID');
    const p3 = await other.invoke(new Api.account.GetPassword());
    expect(
      await other.invoke(
        new Api.auth.CheckPassword({ password: await computeCheck(p3, 'brand new') }),
      ),
    ).toBeInstanceOf(Api.auth.Authorization);
  });

  test('6: no recovery e-mail is PASSWORD_RECOVERY_NA', async () => {
    const client = await track(connected(dc));
    await rpcErrorOf(signInWithCode(client, dc, '+9996620104'));
    const pw = await client.invoke(new Api.account.GetPassword());
    expect(pw.hasRecovery).toBeFalsy();
    expect(
      (await rpcErrorOf(client.invoke(new Api.auth.RequestPasswordRecovery()))).errorMessage,
    ).toBe('PASSWORD_RECOVERY_NA');
    expect(
      (await rpcErrorOf(client.invoke(new Api.auth.RecoverPassword({ code: '123456' }))))
        .errorMessage,
    ).toBe('PASSWORD_RECOVERY_EXPIRED');
  });

  test('6b: recovery without new settings removes 2FA', async () => {
    const client = await track(connected(dc));
    await rpcErrorOf(signInWithCode(client, dc, '+9996620107'));
    await client.invoke(new Api.auth.RequestPasswordRecovery());
    const code = dc.control.lastRecoveryCode('+9996620107') ?? '';
    expect(await client.invoke(new Api.auth.RecoverPassword({ code }))).toBeInstanceOf(
      Api.auth.Authorization,
    );
    const other = await track(connected(dc));
    expect(await signInWithCode(other, dc, '+9996620107')).toBeInstanceOf(Api.auth.Authorization);
    expect((await other.invoke(new Api.account.GetPassword())).hasPassword).toBeFalsy();
  });
});

describe('sessions', () => {
  test('9: a stored StringSession resumes without a new handshake', async () => {
    const first = await track(loggedIn(dc, '+9996620105'));
    const saved = savedSession(first);
    expect(saved.length).toBeGreaterThan(100);
    await first.destroy();
    const resumed = await track(connected(dc, saved));
    expect((await resumed.getMe()).firstName).toBe('Eli');
    const dialogs = await resumed.getDialogs({});
    expect(dialogs.length).toBe(0);
    // After a reconnect GramJS opens a new session without initConnection: the key keeps its layer.
    const state = await resumed.invoke(new Api.updates.GetState());
    expect(state.pts).toBeGreaterThan(0);
  });

  test('10: after logOut the key is rejected with AUTH_KEY_UNREGISTERED', async () => {
    const client = await track(loggedIn(dc, '+9996620105'));
    const saved = savedSession(client);
    expect(await client.invoke(new Api.auth.LogOut())).toBeInstanceOf(Api.auth.LoggedOut);
    const err = await rpcErrorOf(
      client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] })),
    );
    expect(err.errorMessage).toBe('AUTH_KEY_UNREGISTERED');
    expect(err.code).toBe(401);
    await client.destroy();
    const again = await track(connected(dc, saved));
    expect(await again.checkAuthorization()).toBe(false);
  });

  test('account.getAuthorizations / resetAuthorization revoke another session', async () => {
    const a = await track(loggedIn(dc, '+9996620105'));
    const b = await track(loggedIn(dc, '+9996620105'));
    const list = await a.invoke(new Api.account.GetAuthorizations());
    const current = list.authorizations.filter((x) => x.current);
    expect(current).toHaveLength(1);
    const others = list.authorizations.filter((x) => !x.current);
    expect(others.length).toBeGreaterThanOrEqual(1);
    for (const o of others)
      expect(await a.invoke(new Api.account.ResetAuthorization({ hash: o.hash }))).toBe(true);
    const err = await rpcErrorOf(b.invoke(new Api.updates.GetState()));
    expect(err.errorMessage).toBe('SESSION_REVOKED');
    expect(await a.invoke(new Api.account.UpdateStatus({ offline: false }))).toBe(true);
  });
});
