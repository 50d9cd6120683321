/**
 * Login through the IPC router against the local MTProto DC with the real GramJS adapter:
 * every path, every error the flow maps, QR, sign-up, concurrency, and a secret-leak check.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { StringSession } from 'telegram/sessions';
import { startTestDc, type Scenario, type TestDc } from '../../tools/telegram-dc';
import { createGramJsGateway } from '../../electron/telegram';
import type { LoginView } from '../../electron/shared/dto';
import { createCoreHarness, type CoreHarness } from '../support/core-harness';
import { createRecordingLogger } from '../support/logger';
import { recordSecrets } from '../support/secret-recording-gateway';

const scenario: Scenario = {
  name: 'gramdeck-login',
  accounts: [
    {
      phone: '+9996620001',
      dcId: 2,
      firstName: 'Alice',
      lastName: 'Demo',
      username: 'alice_demo',
      photoColor: '#e91e63',
      code: { types: ['app', 'sms', 'call'], length: 5, timeoutSeconds: 1 },
      dialogs: [
        { peer: { kind: 'user', firstName: 'Eve' }, lastMessage: 'Lunch?', unreadCount: 2 },
      ],
    },
    {
      phone: '+9996610002',
      dcId: 1,
      firstName: 'Bob',
      twoFactor: { password: 'bob-password', hint: 'pet + year', recoveryEmail: 'bob@example.com' },
      code: { types: ['sms'], length: 5 },
    },
    {
      phone: '+9996630003',
      dcId: 3,
      firstName: 'Carol',
      twoFactor: { password: 'carol-password', hint: 'colour' },
    },
    {
      phone: '+9996620004',
      dcId: 2,
      firstName: 'Dave',
      isPremium: true,
      twoFactor: {
        password: 'dave-pass',
        recoveryEmail: 'dave@example.com',
        recoveryCode: '13579',
      },
    },
    {
      phone: '+9996620005',
      dcId: 2,
      firstName: 'Erin',
      code: { types: ['sms'], length: 5, expirySeconds: 1 },
    },
    {
      phone: '+9996620006',
      dcId: 2,
      firstName: 'Finn',
      twoFactor: {
        password: 'finn-pass',
        recoveryEmail: 'finn@example.com',
        recoveryCode: '24680',
      },
    },
    { phone: '+9996620007', dcId: 2, firstName: 'Gail' },
    { phone: '+9996610010', dcId: 1, firstName: 'Hank' },
    {
      phone: '+9996620011',
      dcId: 2,
      firstName: 'Ivy',
      twoFactor: { password: 'ivy-pass' },
    },
  ],
  floodRules: [
    { phone: '+9996620009', method: 'auth.sendCode', error: 'FLOOD_WAIT_120' },
    { phone: '+9996620008', method: 'auth.sendCode', error: 'PHONE_NUMBER_FLOOD' },
  ],
  unknownNumberCode: { types: ['sms'], length: 5, timeoutSeconds: 30 },
  loginTokenSeconds: 3,
};

let dc: TestDc;
let h: CoreHarness;
const gatewayLogger = createRecordingLogger();

beforeAll(async () => {
  dc = await startTestDc({ scenario, smallPrimes: true });
});

afterAll(async () => {
  await dc.stop();
});

let gateway: ReturnType<typeof recordSecrets>;
let offsetMs = 0;

/** Moves the app's clock and the DC's forward together, so no test waits out a countdown. */
function advance(seconds: number): void {
  offsetMs += seconds * 1000;
  dc.control.advance(seconds);
}

function newHarness(): CoreHarness {
  offsetMs = 0;
  const profile = dc.profile();
  gateway = recordSecrets(
    createGramJsGateway({ logger: gatewayLogger, connectTimeoutMs: 10_000, callTimeoutMs: 10_000 }),
  );
  return createCoreHarness({
    gateway,
    target: { profile, apiId: profile.apiId ?? 1, apiHash: profile.apiHash ?? '' },
    clock: { now: () => Date.now() + offsetMs },
  });
}

afterEach(async () => {
  await h.stop();
});

function codeFor(phone: string): string {
  const code = dc.control.lastCode(phone);
  if (!code) throw new Error(`no code for ${phone}`);
  return code;
}

describe('phone login through the router', () => {
  test('code login: start, resend sequence with countdowns, sign in, account online', async () => {
    h = newHarness();
    await h.start();
    const started = await h.ok('auth:start', { phone: '+999 66 2 0001' });
    expect(started.step).toBe('code');
    expect(started.phone).toBe('+99966 2 0001');
    expect(started.code).toMatchObject({
      type: 'app',
      nextType: 'sms',
      length: 5,
      canResend: true,
    });
    expect(started.code?.resendAt).toBeGreaterThan(Date.now());

    // Too early: the countdown is still running, refused locally.
    const early = await h.call('auth:resend-code', { attemptId: started.attemptId });
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.error.code).toBe('TOO_MANY_REQUESTS');

    advance(1.1);
    const sms = await h.ok('auth:resend-code', { attemptId: started.attemptId });
    expect(sms.code).toMatchObject({ type: 'sms', nextType: 'call', canResend: true });
    advance(1.1);
    const call = await h.ok('auth:resend-code', { attemptId: started.attemptId });
    expect(call.code?.type).toBe('call');
    // The call is the last way: no next_type, so no resend is offered or sent.
    expect(call.code).toMatchObject({ nextType: null, canResend: false, resendAt: null });
    const none = await h.call('auth:resend-code', { attemptId: started.attemptId });
    expect(!none.ok && none.error.code).toBe('SEND_CODE_UNAVAILABLE');
    expect(!none.ok && none.error.message).toMatch(/every way/);

    // A wrong code, then the right one.
    const wrong = await h.ok('auth:submit-code', { attemptId: started.attemptId, code: '00000' });
    expect(wrong.error?.code).toBe('PHONE_CODE_INVALID');
    const done = await h.ok('auth:submit-code', {
      attemptId: started.attemptId,
      code: codeFor('+9996620001'),
    });
    expect(done.step).toBe('done');
    expect(done.error).toBeNull();
    expect(done.accountId).toBeTruthy();

    const state = await h.waitForEvent('accounts:changed', (s) =>
      s.accounts.some((a) => a.id === done.accountId && a.status.kind === 'online'),
    );
    const account = state.accounts.find((a) => a.id === done.accountId);
    expect(account).toMatchObject({
      displayName: 'Alice Demo',
      username: 'alice_demo',
      isSandbox: true,
    });
    expect(account?.phone).toContain('•');
    expect(state.activeAccountId).toBe(done.accountId);
    expect(h.vault.records.has(done.accountId ?? '')).toBe(true);
  });

  test('bad input is refused before Telegram is called', async () => {
    h = newHarness();
    await h.start();
    const bad = await h.call('auth:start', { phone: '+12' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatchObject({ code: 'PHONE_NUMBER_INVALID', field: 'phone' });
    const letters = await h.call('auth:start', { phone: 'call me' });
    if (!letters.ok) expect(letters.error.code).toBe('VALIDATION');

    const started = await h.ok('auth:start', { phone: '+9996620007' });
    const short = await h.call('auth:submit-code', { attemptId: started.attemptId, code: '123' });
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.error).toMatchObject({ code: 'VALIDATION', field: 'code' });
    const empty = await h.call('auth:submit-code', { attemptId: started.attemptId, code: ' ' });
    if (!empty.ok) expect(empty.error).toMatchObject({ code: 'PHONE_CODE_EMPTY', field: 'code' });
    expect(empty.ok).toBe(false);
    await h.ok('auth:cancel', { attemptId: started.attemptId });
  });

  test('2FA on another DC: wrong password, then right; details show the password', async () => {
    h = newHarness();
    await h.start();
    const started = await h.ok('auth:start', { phone: '+9996610002' });
    const pw = await h.ok('auth:submit-code', {
      attemptId: started.attemptId,
      code: codeFor('+9996610002'),
    });
    expect(pw.step).toBe('password');
    expect(pw.password).toEqual({ hint: 'pet + year', hasRecovery: true });
    const empty = await h.call('auth:submit-password', {
      attemptId: started.attemptId,
      password: '',
    });
    expect(empty.ok).toBe(false);
    const wrong = await h.ok('auth:submit-password', {
      attemptId: started.attemptId,
      password: 'nope',
    });
    expect(wrong.error?.code).toBe('PASSWORD_HASH_INVALID');
    const done = await h.ok('auth:submit-password', {
      attemptId: started.attemptId,
      password: 'bob-password',
    });
    expect(done.step).toBe('done');
    const accountId = done.accountId ?? '';
    const details = await h.ok('accounts:get-details', { accountId });
    expect(details.security).toEqual({
      hasPassword: true,
      hasRecoveryEmail: true,
      passwordHint: 'pet + year',
    });
    expect(details.summary.homeDcId).toBe(1);
  });

  test('recovery without a recovery email explains the reset path', async () => {
    h = newHarness();
    await h.start();
    const started = await h.ok('auth:start', { phone: '+9996630003' });
    await h.ok('auth:submit-code', { attemptId: started.attemptId, code: codeFor('+9996630003') });
    const na = await h.call('auth:request-recovery', { attemptId: started.attemptId });
    expect(na.ok).toBe(false);
    if (!na.ok) {
      expect(na.error.code).toBe('PASSWORD_RECOVERY_NA');
      expect(na.error.message).toMatch(/no recovery email/);
      expect(na.error.message).toMatch(/reset the account/);
    }
    expect((await h.ok('auth:get', { attemptId: started.attemptId })).step).toBe('password');
    await h.ok('auth:cancel', { attemptId: started.attemptId });
  });

  test('recovery with a new password, then that password works', async () => {
    h = newHarness();
    await h.start();
    const started = await h.ok('auth:start', { phone: '+9996620004' });
    await h.ok('auth:submit-code', { attemptId: started.attemptId, code: codeFor('+9996620004') });
    const rec = await h.ok('auth:request-recovery', { attemptId: started.attemptId });
    expect(rec.step).toBe('recovery');
    expect(rec.recovery?.emailPattern).toContain('@');
    const badCode = await h.ok('auth:check-recovery-code', {
      attemptId: started.attemptId,
      code: '99999',
    });
    expect(badCode.error?.code).toBe('CODE_INVALID');
    const checked = await h.ok('auth:check-recovery-code', {
      attemptId: started.attemptId,
      code: '13579',
    });
    expect(checked.recovery?.isCodeChecked).toBe(true);
    const done = await h.ok('auth:recover-password', {
      attemptId: started.attemptId,
      code: '13579',
      newPassword: 'new-dave-pass',
      hint: 'new',
    });
    expect(done.step).toBe('done');
    await h.ok('accounts:remove', { accountId: done.accountId ?? '', confirm: true });

    // The new password now signs in.
    const again = await h.ok('auth:start', { phone: '+9996620004' });
    const pw = await h.ok('auth:submit-code', {
      attemptId: again.attemptId,
      code: codeFor('+9996620004'),
    });
    expect(pw.password?.hint).toBe('new');
    const ok = await h.ok('auth:submit-password', {
      attemptId: again.attemptId,
      password: 'new-dave-pass',
    });
    expect(ok.step).toBe('done');
  });

  test('recovery without a new password removes 2FA', async () => {
    h = newHarness();
    await h.start();
    const started = await h.ok('auth:start', { phone: '+9996620006' });
    await h.ok('auth:submit-code', { attemptId: started.attemptId, code: codeFor('+9996620006') });
    await h.ok('auth:request-recovery', { attemptId: started.attemptId });
    const done = await h.ok('auth:recover-password', {
      attemptId: started.attemptId,
      code: '24680',
    });
    expect(done.step).toBe('done');
    const details = await h.ok('accounts:get-details', { accountId: done.accountId ?? '' });
    expect(details.security.hasPassword).toBe(false);
  });

  test('an expired code says so and a fresh start works', async () => {
    h = newHarness();
    await h.start();
    const started = await h.ok('auth:start', { phone: '+9996620005' });
    const code = codeFor('+9996620005');
    advance(1.3);
    const expired = await h.ok('auth:submit-code', { attemptId: started.attemptId, code });
    expect(expired.error?.code).toBe('PHONE_CODE_EXPIRED');
    expect(expired.error?.message).toMatch(/expired/);
    const fresh = await h.ok('auth:start', { phone: '+9996620005' });
    const done = await h.ok('auth:submit-code', {
      attemptId: fresh.attemptId,
      code: codeFor('+9996620005'),
    });
    expect(done.step).toBe('done');
  });

  test('flood waits are reported in words and refused locally until they end', async () => {
    h = newHarness();
    await h.start();
    const flood = await h.call('auth:start', { phone: '+9996620009' });
    expect(flood.ok).toBe(false);
    if (!flood.ok) {
      expect(flood.error.code).toBe('FLOOD_WAIT');
      expect(flood.error.retryAfter).toBe(120);
      expect(flood.error.message).toContain('Try again in 2 minutes');
    }
    const again = await h.call('auth:start', { phone: '+9996620009' });
    if (!again.ok) {
      expect(again.error.code).toBe('FLOOD_WAIT');
      expect(again.error.retryAfter).toBeLessThanOrEqual(120);
    }
    expect(again.ok).toBe(false);
    const phoneFlood = await h.call('auth:start', { phone: '+9996620008' });
    expect(phoneFlood.ok).toBe(false);
    if (!phoneFlood.ok) expect(phoneFlood.error.code).toBe('PHONE_NUMBER_FLOOD');
  });

  test('sign-up of a new number shows the terms of service', async () => {
    h = newHarness();
    await h.start();
    const started = await h.ok('auth:start', { phone: '+9996620055' });
    const signUp = await h.ok('auth:submit-code', {
      attemptId: started.attemptId,
      code: codeFor('+9996620055'),
    });
    expect(signUp.step).toBe('sign-up');
    expect(signUp.signUp?.termsOfService.length).toBeGreaterThan(0);
    const noTerms = await h.call('auth:sign-up', {
      attemptId: started.attemptId,
      firstName: 'New',
      lastName: '',
      acceptTerms: false as unknown as true,
    });
    expect(noTerms.ok).toBe(false);
    const done = await h.ok('auth:sign-up', {
      attemptId: started.attemptId,
      firstName: 'New',
      lastName: 'Person',
      acceptTerms: true,
    });
    expect(done.step).toBe('done');
    const state = await h.ok('accounts:list');
    expect(state.accounts.find((a) => a.id === done.accountId)?.displayName).toBe('New Person');
  });

  test('two accounts log in concurrently without interfering', async () => {
    h = newHarness();
    await h.start();
    const [a, b] = await Promise.all([
      h.ok('auth:start', { phone: '+9996620007' }),
      h.ok('auth:start', { phone: '+9996610010' }),
    ]);
    expect(a.attemptId).not.toBe(b.attemptId);
    const [da, db] = await Promise.all([
      h.ok('auth:submit-code', { attemptId: a.attemptId, code: codeFor('+9996620007') }),
      h.ok('auth:submit-code', { attemptId: b.attemptId, code: codeFor('+9996610010') }),
    ]);
    expect(da.step).toBe('done');
    expect(db.step).toBe('done');
    const state = await h.waitForEvent(
      'accounts:changed',
      (s) => s.accounts.filter((x) => x.status.kind === 'online').length === 2,
    );
    expect(state.accounts.map((x) => x.displayName).sort()).toEqual(['Gail', 'Hank']);
  });

  test('cancel sends the attempt to cancelled and later calls are refused', async () => {
    h = newHarness();
    await h.start();
    const started = await h.ok('auth:start', { phone: '+9996620007' });
    const cancelled = await h.ok('auth:cancel', { attemptId: started.attemptId });
    expect(cancelled.step).toBe('cancelled');
    const late = await h.call('auth:submit-code', {
      attemptId: started.attemptId,
      code: codeFor('+9996620007'),
    });
    expect(late.ok).toBe(false);
    const got = await h.ok('auth:get', { attemptId: started.attemptId });
    expect(got.step).toBe('cancelled');
  });
});

describe('QR login', () => {
  test('QR token refreshes before expiry, scan on another DC, then 2FA', async () => {
    h = newHarness();
    await h.start();
    const qr = await h.ok('auth:start-qr');
    expect(qr.step).toBe('qr');
    expect(qr.qr?.url).toMatch(/^tg:\/\/login\?token=[A-Za-z0-9_-]+$/);
    const firstUrl = qr.qr?.url;
    const refreshed = await h.waitForEvent(
      'auth:changed',
      (v: LoginView) => v.attemptId === qr.attemptId && v.qr !== null && v.qr.url !== firstUrl,
      10_000,
    );
    const token = new URL(refreshed.qr?.url ?? '').searchParams.get('token') ?? '';
    // Ivy lives on DC 2 with a password; approving from her device continues to 2FA.
    dc.control.acceptQrLogin(token, '+9996620011');
    const pw = await h.waitForEvent(
      'auth:changed',
      (v: LoginView) => v.attemptId === qr.attemptId && v.step === 'password',
    );
    expect(pw.password?.hasRecovery).toBe(false);
    const done = await h.ok('auth:submit-password', {
      attemptId: qr.attemptId,
      password: 'ivy-pass',
    });
    expect(done.step).toBe('done');
  });

  test('QR approval by an account on another DC migrates and completes', async () => {
    h = newHarness();
    await h.start();
    const qr = await h.ok('auth:start-qr');
    const token = new URL(qr.qr?.url ?? '').searchParams.get('token') ?? '';
    dc.control.acceptQrLogin(token, '+9996610010');
    const done = await h.waitForEvent(
      'auth:changed',
      (v: LoginView) => v.attemptId === qr.attemptId && v.step === 'done',
    );
    const state = await h.waitForEvent('accounts:changed', (s) =>
      s.accounts.some((a) => a.id === done.accountId && a.status.kind === 'online'),
    );
    expect(state.accounts.find((a) => a.id === done.accountId)?.homeDcId).toBe(1);
  });
});

describe('secrets', () => {
  test('no session, auth key, phone_code_hash or password in any payload, push or log', async () => {
    h = newHarness();
    await h.start();
    const phone = '+9996610002';
    const started = await h.ok('auth:start', { phone });
    await h.ok('auth:submit-code', { attemptId: started.attemptId, code: codeFor(phone) });
    await h.ok('auth:submit-password', {
      attemptId: started.attemptId,
      password: 'wrong-secret-pw',
    });
    const done = await h.ok('auth:submit-password', {
      attemptId: started.attemptId,
      password: 'bob-password',
    });
    const accountId = done.accountId ?? '';
    await h.ok('accounts:list');
    await h.ok('accounts:get-details', { accountId });
    await h.ok('accounts:list-sessions', { accountId });
    const record = h.vault.records.get(accountId);
    expect(record?.session.length).toBeGreaterThan(100);
    const secrets: string[] = [
      record?.session ?? 'missing',
      record?.apiHash ?? 'missing',
      'bob-password',
      'wrong-secret-pw',
      ...gateway.secrets,
    ];
    expect(gateway.secrets.size).toBeGreaterThanOrEqual(2);
    // The auth key itself, in the encodings a careless log line would use.
    const session = new StringSession(record?.session ?? '');
    await session.load();
    const authKey = session.getAuthKey()?.getKey();
    expect(authKey?.length).toBeGreaterThanOrEqual(255);
    secrets.push(
      authKey?.toString('hex').slice(0, 64) ?? 'missing',
      authKey?.toString('base64').slice(0, 44) ?? 'missing',
    );
    const sessionBody = (record?.session ?? '').slice(1, 60);
    // What main sends: every result envelope and every push (the renderer's own input is not checked).
    const everything = JSON.stringify({ results: h.calls.map((c) => c.result), pushed: h.pushed });
    const logs = h.logger.text() + gatewayLogger.text();
    for (const secret of [...secrets, sessionBody]) {
      expect(everything).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    expect(everything).not.toMatch(/phone_?code_?hash/i);
  });
});
