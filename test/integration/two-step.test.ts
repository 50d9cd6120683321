/**
 * Two-step verification of an added account (issue 15), through the IPC router, the real core,
 * the real GramJS adapter and the local DC: turning it on with a recovery email confirmed by its
 * emailed code, changing the password, changing and removing the email, turning it off, recovery
 * by email code, Telegram's reset with its waiting period, and every refusal in plain words next
 * to its field. No password or code ever reaches the log or a push event.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { startTestDc, type Scenario, type TestDc } from '../../tools/telegram-dc';
import { createGramJsGateway } from '../../electron/telegram';
import { createCoreHarness, type CoreHarness } from '../support/core-harness';
import { createRecordingLogger } from '../support/logger';
import type { AppError, Envelope } from '../../electron/shared/errors';

const scenario: Scenario = {
  name: 'gramdeck-two-step',
  accounts: [
    { phone: '+9996620060', dcId: 2, firstName: 'Tess' },
    { phone: '+9996620066', dcId: 2, firstName: 'Uma' },
    { phone: '+9996620067', dcId: 2, firstName: 'Vic' },
    {
      phone: '+9996620061',
      dcId: 2,
      firstName: 'Reese',
      twoFactor: { password: 'reese-pw', hint: 'usual', resetWaitSeconds: 7 * 24 * 3600 },
    },
  ],
};

let dc: TestDc;
let h: CoreHarness;

beforeAll(async () => {
  dc = await startTestDc({ scenario, smallPrimes: true });
});

afterAll(async () => {
  await dc.stop();
});

afterEach(async () => {
  // Nothing secret was logged or pushed along the way.
  const seen = h.logger.text() + JSON.stringify(h.pushed);
  for (const secret of ['tess-pw', 'tess-2', 'uma-pw', 'vic-pw', 'vic-new', 'reese-pw'])
    expect(seen).not.toContain(secret);
  for (const code of emailedCodes) expect(seen).not.toContain(code);
  await h.stop();
});

const emailedCodes: string[] = [];

async function harness(): Promise<CoreHarness> {
  const profile = dc.profile();
  const gateway = createGramJsGateway({
    logger: createRecordingLogger(),
    connectTimeoutMs: 10_000,
    callTimeoutMs: 10_000,
  });
  const harness = createCoreHarness({
    gateway,
    target: { profile, apiId: profile.apiId ?? 1, apiHash: profile.apiHash ?? '' },
  });
  await harness.start();
  return harness;
}

/** Adds the account through the login wizard's channels; its id. */
async function added(phone: string, password?: string): Promise<string> {
  h = await harness();
  const started = await h.ok('auth:start', { phone });
  let view = await h.ok('auth:submit-code', {
    attemptId: started.attemptId,
    code: dc.control.lastCode(phone) ?? '',
  });
  if (password) view = await h.ok('auth:submit-password', { attemptId: view.attemptId, password });
  expect(view.step).toBe('done');
  return view.accountId ?? '';
}

/** The code the DC e-mailed to confirm `phone`'s new recovery email. */
function emailCode(phone: string): string {
  const code = dc.control.lastPasswordEmailCode(phone) ?? '';
  emailedCodes.push(code);
  return code;
}

async function refusal(p: Promise<Envelope<unknown>>): Promise<AppError> {
  const result = await p;
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

test('turn it on with a recovery email, confirmed by the emailed code; wrong code and resend', async () => {
  const accountId = await added('+9996620060');
  expect(await h.ok('two-step:get', { accountId })).toEqual({
    accountId,
    isOn: false,
    hint: null,
    hasRecoveryEmail: false,
    unconfirmedEmailPattern: null,
    emailCodeLength: null,
    pendingResetAt: null,
  });
  const waiting = await h.ok('two-step:enable', {
    accountId,
    password: 'tess-pw',
    hint: 'the hint',
    email: 'tess@example.com',
  });
  expect(waiting).toMatchObject({
    isOn: false,
    unconfirmedEmailPattern: 't***@example.com',
    emailCodeLength: 6,
  });
  const first = emailCode('+9996620060');
  const wrong = await refusal(h.call('two-step:confirm-email', { accountId, code: '000000' }));
  expect(wrong).toMatchObject({
    code: 'CODE_INVALID',
    field: 'code',
    message: 'That code is not right. Check the email and enter it again.',
  });
  await h.ok('two-step:resend-email', { accountId });
  const second = emailCode('+9996620060');
  expect(second).not.toBe(first);
  const on = await h.ok('two-step:confirm-email', { accountId, code: second });
  expect(on).toMatchObject({
    isOn: true,
    hint: 'the hint',
    hasRecoveryEmail: true,
    unconfirmedEmailPattern: null,
  });
  const again = await refusal(
    h.call('two-step:enable', { accountId, password: 'tess-2', hint: '' }),
  );
  expect(again.code).toBe('TWO_STEP_ALREADY_ON');
  expect(again.message).toBe('Two-step verification is already on for this account.');

  // Change the password: the wrong current one is refused in plain words next to its field.
  const bad = await refusal(
    h.call('two-step:change-password', {
      accountId,
      currentPassword: 'not-it',
      newPassword: 'tess-2',
      hint: 'new',
    }),
  );
  expect(bad).toMatchObject({
    code: 'PASSWORD_HASH_INVALID',
    field: 'currentPassword',
    message: 'That password is not right. Check it and try again.',
  });
  const changed = await h.ok('two-step:change-password', {
    accountId,
    currentPassword: 'tess-pw',
    newPassword: 'tess-2',
    hint: 'new',
  });
  expect(changed).toMatchObject({ isOn: true, hint: 'new', hasRecoveryEmail: true });

  // Forgotten: recovery by the emailed code, with a new password.
  const recovery = await h.ok('two-step:request-recovery', { accountId });
  expect(recovery.emailPattern).toBe('t***@example.com');
  const recoveryCode = dc.control.lastRecoveryCode('+9996620060') ?? '';
  emailedCodes.push(recoveryCode);
  const wrongRecovery = await refusal(
    h.call('two-step:recover', { accountId, code: '999999', newPassword: null }),
  );
  expect(wrongRecovery).toMatchObject({ code: 'CODE_INVALID', field: 'code' });
  const recovered = await h.ok('two-step:recover', {
    accountId,
    code: recoveryCode,
    newPassword: { password: 'tess-pw', hint: 'recovered' },
  });
  expect(recovered).toMatchObject({ isOn: true, hint: 'recovered' });
  // The account stayed signed in, and the recovered password is the one now.
  const off = await h.ok('two-step:disable', { accountId, currentPassword: 'tess-pw' });
  expect(off).toMatchObject({ isOn: false, hasRecoveryEmail: false });
});

test('change, cancel and remove the recovery email; without one, recovery by email is not available', async () => {
  const accountId = await added('+9996620066');
  await h.ok('two-step:enable', { accountId, password: 'uma-pw', hint: '' });
  const invalid = await refusal(
    h.call('two-step:set-email', { accountId, currentPassword: 'uma-pw', email: 'not-an-email' }),
  );
  expect(invalid).toMatchObject({ code: 'VALIDATION', field: 'email' });
  const pending = await h.ok('two-step:set-email', {
    accountId,
    currentPassword: 'uma-pw',
    email: 'uma@example.com',
  });
  expect(pending).toMatchObject({
    hasRecoveryEmail: false,
    unconfirmedEmailPattern: 'u***@example.com',
  });
  emailCode('+9996620066');
  const cancelled = await h.ok('two-step:cancel-email', { accountId });
  expect(cancelled).toMatchObject({ isOn: true, unconfirmedEmailPattern: null });
  const expired = await refusal(h.call('two-step:confirm-email', { accountId, code: '123456' }));
  expect(expired).toMatchObject({ code: 'EMAIL_HASH_EXPIRED', field: 'code' });

  await h.ok('two-step:set-email', {
    accountId,
    currentPassword: 'uma-pw',
    email: 'uma@example.com',
  });
  const set = await h.ok('two-step:confirm-email', { accountId, code: emailCode('+9996620066') });
  expect(set.hasRecoveryEmail).toBe(true);
  const removed = await h.ok('two-step:set-email', {
    accountId,
    currentPassword: 'uma-pw',
    email: null,
  });
  expect(removed).toMatchObject({ isOn: true, hasRecoveryEmail: false });
  const na = await refusal(h.call('two-step:request-recovery', { accountId }));
  expect(na.code).toBe('PASSWORD_RECOVERY_NA');
  expect(na.message).toMatch(/no recovery email/);
});

test('Telegram refusals of new settings are plain words next to their field', async () => {
  const accountId = await added('+9996620067');
  const cases = [
    ['NEW_SALT_INVALID', 'newPassword'],
    ['NEW_SETTINGS_INVALID', 'newPassword'],
    ['EMAIL_INVALID', 'email'],
  ] as const;
  for (const [error, field] of cases) {
    dc.control.queueError('account.updatePasswordSettings', error);
    const refused = await refusal(
      h.call('two-step:enable', {
        accountId,
        password: 'vic-pw',
        hint: '',
        email: 'vic@example.com',
      }),
    );
    expect(refused.code).toBe(error);
    expect(refused.field).toBe(field);
    expect(refused.message).toMatch(/^Telegram did not accept/);
  }
  const tooLong = await refusal(
    h.call('two-step:enable', { accountId, password: 'x'.repeat(257), hint: '' }),
  );
  expect(tooLong).toMatchObject({ code: 'VALIDATION', field: 'password' });
  expect((await h.ok('two-step:get', { accountId })).isOn).toBe(false);
  const off = await refusal(h.call('two-step:disable', { accountId, currentPassword: 'vic-pw' }));
  expect(off.code).toBe('TWO_STEP_OFF');
});

test('a forgotten password without a recovery email: the reset waits a week on the DC clock, can be cancelled, then goes through', async () => {
  const accountId = await added('+9996620061', 'reese-pw');
  const start = dc.control.now();
  const requested = await h.ok('two-step:reset', { accountId });
  expect(requested.isOn).toBe(true);
  const week = 7 * 24 * 3600 * 1000;
  expect(Math.abs((requested.pendingResetAt ?? 0) - (start + week))).toBeLessThan(2000);
  expect((await h.ok('two-step:get', { accountId })).pendingResetAt).toBe(requested.pendingResetAt);
  const declined = await h.ok('two-step:decline-reset', { accountId });
  expect(declined.pendingResetAt).toBeNull();
  const missing = await refusal(h.call('two-step:decline-reset', { accountId }));
  expect(missing.message).toBe('No password reset is waiting for this account.');

  await h.ok('two-step:reset', { accountId });
  dc.control.advance(7 * 24 * 3600 + 1);
  const done = await h.ok('two-step:reset', { accountId });
  expect(done).toMatchObject({ isOn: false, pendingResetAt: null });
});
