import { Api, type TelegramClient } from 'telegram';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestDc, type Scenario, type TestDc } from './index';
import {
  connected,
  floodSeconds,
  loggedIn,
  rpcErrorOf,
  sendCode,
  withTimeout,
} from './test-helpers';

/**
 * The DC clock: Telegram's waits and expiries follow `control.advance(seconds)` (or an injected
 * clock), so no test waits in real time, while the transport stays on real time.
 */

const ann = '+9996620301';
const cid = '+9996620303';
const eli = '+9996620305';
const fay = '+9996620306';

const scenario: Scenario = {
  name: 'clock-tests',
  accounts: [
    {
      phone: ann,
      dcId: 2,
      firstName: 'Ann',
      code: { types: ['sms', 'call'], timeoutSeconds: 60, expirySeconds: 300 },
    },
    {
      phone: cid,
      dcId: 2,
      firstName: 'Cid',
      twoFactor: {
        password: 'cid-pass',
        recoveryEmail: 'cid@example.com',
        recoveryCodeExpirySeconds: 600,
      },
    },
    { phone: eli, dcId: 2, firstName: 'Eli' },
    { phone: fay, dcId: 2, firstName: 'Fay' },
  ],
  floodRules: [{ phone: fay, method: 'auth.sendCode', afterCalls: 1, error: 'FLOOD_WAIT_30' }],
  loginTokenSeconds: 30,
};

let dc: TestDc;
const clients: TelegramClient[] = [];
async function track(p: Promise<TelegramClient>): Promise<TelegramClient> {
  const c = await p;
  clients.push(c);
  return c;
}

function signIn(client: TelegramClient, phone: string, hash: string): Promise<unknown> {
  return withTimeout(
    client.invoke(
      new Api.auth.SignIn({
        phoneNumber: phone,
        phoneCodeHash: hash,
        phoneCode: dc.control.lastCode(phone) ?? '',
      }),
    ),
    15_000,
    'signIn',
  );
}

beforeAll(async () => {
  dc = await startTestDc({ scenario, smallPrimes: true, dcIds: [2] });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.destroy().catch(() => undefined)));
  await dc.stop();
});

describe('control.advance', () => {
  test('a resend is a flood until the timeout has passed on the DC clock', async () => {
    const client = await track(connected(dc));
    const sent = await sendCode(client, ann);
    expect(sent.timeout).toBe(60);
    const resend = (): Promise<Api.auth.TypeSentCode> =>
      withTimeout(
        client.invoke(
          new Api.auth.ResendCode({ phoneNumber: ann, phoneCodeHash: sent.phoneCodeHash }),
        ),
        15_000,
        'resendCode',
      );
    expect(floodSeconds(await rpcErrorOf(resend()))).toBe(60);
    dc.control.advance(59);
    expect(floodSeconds(await rpcErrorOf(resend()))).toBe(1);
    dc.control.advance(1);
    const call = await resend();
    expect(call).toBeInstanceOf(Api.auth.SentCode);
    expect((call as Api.auth.SentCode).type).toBeInstanceOf(Api.auth.SentCodeTypeCall);
  });

  test('a login code is valid until its expiry on the DC clock, and expired after it', async () => {
    const client = await track(connected(dc));
    const stale = await sendCode(client, ann);
    dc.control.advance(301);
    expect((await rpcErrorOf(signIn(client, ann, stale.phoneCodeHash))).errorMessage).toBe(
      'PHONE_CODE_EXPIRED',
    );

    const fresh = await sendCode(client, ann);
    dc.control.advance(299);
    expect(await signIn(client, ann, fresh.phoneCodeHash)).toBeInstanceOf(Api.auth.Authorization);
  });

  test('a password-recovery code expires on the DC clock', async () => {
    const client = await track(connected(dc));
    const sent = await sendCode(client, cid);
    expect((await rpcErrorOf(signIn(client, cid, sent.phoneCodeHash))).errorMessage).toBe(
      'SESSION_PASSWORD_NEEDED',
    );
    await withTimeout(client.invoke(new Api.auth.RequestPasswordRecovery()), 15_000, 'recovery');
    const code = dc.control.lastRecoveryCode(cid) ?? '';
    const check = (): Promise<boolean> =>
      withTimeout(
        client.invoke(new Api.auth.CheckRecoveryPassword({ code })),
        15_000,
        'checkRecoveryPassword',
      );
    dc.control.advance(599);
    expect(await check()).toBe(true);
    dc.control.advance(2);
    expect((await rpcErrorOf(check())).errorMessage).toBe('PASSWORD_RECOVERY_EXPIRED');
  });

  test('a QR login token expires on the DC clock and reports its expiry in DC time', async () => {
    const client = await track(connected(dc));
    const exported = await withTimeout(
      client.invoke(
        new Api.auth.ExportLoginToken({
          apiId: client.apiId,
          apiHash: client.apiHash,
          exceptIds: [],
        }),
      ),
      15_000,
      'exportLoginToken',
    );
    if (!(exported instanceof Api.auth.LoginToken)) throw new Error(exported.className);
    expect(exported.expires).toBe(Math.floor(dc.control.now() / 1000) + 30);
    dc.control.advance(31);
    expect(() => {
      dc.control.acceptQrLogin(exported.token, eli);
    }).toThrow(/AUTH_TOKEN_EXPIRED/);
    const imported = await rpcErrorOf(
      client.invoke(new Api.auth.ImportLoginToken({ token: exported.token })),
    );
    expect(imported.errorMessage).toBe('AUTH_TOKEN_EXPIRED');
  });

  test('a flood rule counts its wait down on the DC clock, then allows calls again', async () => {
    const client = await track(connected(dc));
    await sendCode(client, fay);
    expect(floodSeconds(await rpcErrorOf(sendCode(client, fay)))).toBe(30);
    dc.control.advance(10);
    expect(floodSeconds(await rpcErrorOf(sendCode(client, fay)))).toBe(20);
    dc.control.advance(20);
    expect(await sendCode(client, fay)).toBeInstanceOf(Api.auth.SentCode);
    expect(floodSeconds(await rpcErrorOf(sendCode(client, fay)))).toBe(30);
  });

  test('a day on the DC clock keeps a live client working and lets new clients connect', async () => {
    const client = await track(loggedIn(dc, eli));
    dc.control.advance(86_400);
    const state = await withTimeout(client.invoke(new Api.updates.GetState()), 15_000, 'getState');
    expect(state.pts).toBeGreaterThan(0);
    const fresh = await track(connected(dc));
    expect(await sendCode(fresh, eli)).toBeInstanceOf(Api.auth.SentCode);
  });

  test('the clock only moves forward', () => {
    const before = dc.control.now();
    expect(() => {
      dc.control.advance(-1);
    }).toThrow(/only moves forward/);
    expect(() => {
      dc.control.advance(Number.NaN);
    }).toThrow(/only moves forward/);
    expect(dc.control.now() - before).toBeLessThan(1_000);
  });
});

test('an injected clock is the DC time, and advance adds to it', async () => {
  const fixed = Date.UTC(2030, 0, 1);
  const other = await startTestDc({
    scenario,
    smallPrimes: true,
    dcIds: [2],
    clock: { now: () => fixed },
  });
  try {
    expect(other.control.now()).toBe(fixed);
    other.control.advance(90);
    expect(other.control.now()).toBe(fixed + 90_000);
    const client = await track(connected(other));
    const sent = await sendCode(client, ann);
    const resend = await rpcErrorOf(
      client.invoke(
        new Api.auth.ResendCode({ phoneNumber: ann, phoneCodeHash: sent.phoneCodeHash }),
      ),
    );
    expect(floodSeconds(resend), 'a frozen clock never lets the timeout pass').toBe(60);
  } finally {
    await other.stop();
  }
});
