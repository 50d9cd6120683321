/**
 * A lost 2FA password without a recovery email, through the IPC router, the real GramJS adapter
 * and the local DC: no pointless recovery call, the account reset behind a typed confirmation,
 * Telegram's waiting period as a moment in time, and the sign-up that follows a reset.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startTestDc, type Scenario, type TestDc } from '../../tools/telegram-dc';
import { createGramJsGateway } from '../../electron/telegram';
import type { LoginView } from '../../electron/shared/dto';
import { createCoreHarness, type CoreHarness } from '../support/core-harness';
import { createRecordingLogger } from '../support/logger';

const WEEK = 7 * 24 * 3600;

const scenario: Scenario = {
  name: 'gramdeck-account-reset',
  accounts: [
    // Recently active (the default): Telegram holds a reset back for a week.
    { phone: '+9996630003', dcId: 3, firstName: 'Carol', twoFactor: { password: 'carol-pw' } },
    {
      phone: '+9996620031',
      dcId: 2,
      firstName: 'Rita',
      twoFactor: { password: 'rita-pw', resetWaitSeconds: 0 },
    },
    {
      phone: '+9996620032',
      dcId: 2,
      firstName: 'Walt',
      twoFactor: { password: 'walt-pw', resetWaitSeconds: 600 },
    },
    {
      phone: '+9996620033',
      dcId: 2,
      firstName: 'Quinn',
      twoFactor: { password: 'quinn-pw', recoveryEmail: 'quinn@example.com' },
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
  await h.stop();
});

const NOW = Date.UTC(2026, 10, 29, 14, 5);

async function harness(clock?: { now: () => number }): Promise<CoreHarness> {
  const profile = dc.profile();
  const gateway = createGramJsGateway({
    logger: createRecordingLogger(),
    connectTimeoutMs: 10_000,
    callTimeoutMs: 10_000,
  });
  const harness = createCoreHarness({
    gateway,
    target: { profile, apiId: profile.apiId ?? 1, apiHash: profile.apiHash ?? '' },
    ...(clock ? { clock } : {}),
  });
  await harness.start();
  return harness;
}

/** Phone, code, and the password step. */
async function atPassword(phone: string): Promise<LoginView> {
  const started = await h.ok('auth:start', { phone });
  const code = dc.control.lastCode(phone) ?? '';
  const view = await h.ok('auth:submit-code', { attemptId: started.attemptId, code });
  expect(view.step).toBe('password');
  return view;
}

const calls = (method: string): number => dc.control.callCount(method);

describe('no recovery email', () => {
  test('has_recovery false: email recovery is not tried; the refusal says why at once', async () => {
    h = await harness();
    const recoveryCalls = calls('auth.requestPasswordRecovery');
    const view = await atPassword('+9996630003');
    expect(view.password).toEqual({ hint: null, hasRecovery: false });

    const refused = await h.call('auth:request-recovery', { attemptId: view.attemptId });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('PASSWORD_RECOVERY_NA');
      expect(refused.error.message).toMatch(/no recovery email/);
      expect(refused.error.message).toMatch(/reset the account/);
    }
    expect(calls('auth.requestPasswordRecovery')).toBe(recoveryCalls);

    // The attempt is untouched: the password still signs in.
    const done = await h.ok('auth:submit-password', {
      attemptId: view.attemptId,
      password: 'carol-pw',
    });
    expect(done.step).toBe('done');
  });

  test('with a recovery email, the recovery call is made as before', async () => {
    h = await harness();
    const recoveryCalls = calls('auth.requestPasswordRecovery');
    const view = await atPassword('+9996620033');
    expect(view.password?.hasRecovery).toBe(true);
    const recovery = await h.ok('auth:request-recovery', { attemptId: view.attemptId });
    expect(recovery.step).toBe('recovery');
    expect(calls('auth.requestPasswordRecovery')).toBe(recoveryCalls + 1);
    await h.ok('auth:cancel', { attemptId: view.attemptId });
  });
});

describe('account reset', () => {
  test('the reset needs the phone number typed again; a wrong one never reaches Telegram', async () => {
    h = await harness();
    const deletes = calls('account.deleteAccount');
    const view = await atPassword('+9996620031');
    for (const confirmation of ['RESET', '+9996620030', '9996620031 0']) {
      const refused = await h.call('auth:reset-account', {
        attemptId: view.attemptId,
        confirmation,
      });
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.error.code).toBe('VALIDATION');
        expect(refused.error.field).toBe('confirmation');
        expect(refused.error.message).toContain('+99966 2 0031');
      }
    }
    const empty = await h.call('auth:reset-account', {
      attemptId: view.attemptId,
      confirmation: ' ',
    });
    expect(empty.ok).toBe(false);
    expect(calls('account.deleteAccount')).toBe(deletes);
    expect((await h.ok('auth:get', { attemptId: view.attemptId })).step).toBe('password');
    await h.ok('auth:cancel', { attemptId: view.attemptId });
  });

  test('a recently active account: the wait becomes the moment the reset is allowed, and the attempt stays usable', async () => {
    h = await harness({ now: () => NOW });
    const deletes = calls('account.deleteAccount');
    const view = await atPassword('+9996630003');
    const held = await h.ok('auth:reset-account', {
      attemptId: view.attemptId,
      confirmation: '+999 66 3 0003',
    });
    expect(calls('account.deleteAccount')).toBe(deletes + 1);
    expect(held.step).toBe('password');
    expect(held.error).toBeNull();
    expect(held.reset).toEqual({ availableAt: NOW + WEEK * 1000 });

    // Still the same attempt: the password works, and the account was not deleted.
    const done = await h.ok('auth:submit-password', {
      attemptId: view.attemptId,
      password: 'carol-pw',
    });
    expect(done.step).toBe('done');
    const state = await h.ok('accounts:list');
    expect(state.accounts.find((a) => a.id === done.accountId)?.displayName).toBe('Carol');
  });

  test('a reset allowed at once goes on to sign-up with the same code: the number is a new account', async () => {
    h = await harness();
    const signUps = calls('auth.signUp');
    const view = await atPassword('+9996620031');
    const reset = await h.ok('auth:reset-account', {
      attemptId: view.attemptId,
      confirmation: '9996620031',
    });
    expect(reset.step).toBe('sign-up');
    expect(reset.error).toBeNull();
    expect(reset.reset).toBeNull();
    const done = await h.ok('auth:sign-up', {
      attemptId: view.attemptId,
      firstName: 'Rita',
      lastName: 'Again',
      acceptTerms: true,
    });
    expect(done.step).toBe('done');
    expect(calls('auth.signUp')).toBe(signUps + 1);
    const state = await h.ok('accounts:list');
    expect(state.accounts.find((a) => a.id === done.accountId)?.displayName).toBe('Rita Again');

    // The new account is in Gramdeck now: its number is refused before a code is sent.
    const codesSent = calls('auth.sendCode');
    const again = await h.call('auth:start', { phone: '+9996620031' });
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.error).toMatchObject({
        code: 'ACCOUNT_ALREADY_ADDED',
        accountId: done.accountId,
      });
    }
    expect(calls('auth.sendCode')).toBe(codesSent);
  });

  test('after the waiting period the reset goes through on a new attempt', async () => {
    h = await harness();
    const first = await atPassword('+9996620032');
    const held = await h.ok('auth:reset-account', {
      attemptId: first.attemptId,
      confirmation: '+9996620032',
    });
    expect(held.reset?.availableAt).toBeGreaterThan(Date.now() + 590_000);
    await h.ok('auth:cancel', { attemptId: first.attemptId });

    // Ten minutes later on the DC's clock.
    dc.control.advance(601);
    const second = await atPassword('+9996620032');
    const reset = await h.ok('auth:reset-account', {
      attemptId: second.attemptId,
      confirmation: '+9996620032',
    });
    expect(reset.step).toBe('sign-up');
    await h.ok('auth:cancel', { attemptId: second.attemptId });
  });
});
