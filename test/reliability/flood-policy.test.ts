/**
 * Flood policy: with FLOOD_WAIT_X, PHONE_NUMBER_FLOOD and PHONE_PASSWORD_FLOOD injected at the
 * local DC, no login call reaches Telegram again before the wait is over (counted at the DC,
 * which also sees any retry GramJS would make on its own), the refusal carries `retryAfter`, and
 * the login view pushed on `auth:changed` carries the error. Time is advanced with an injected
 * clock, so no test sleeps through a wait.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import type { LoginView } from '../../electron/shared/dto';
import { createGramJsGateway } from '../../electron/telegram';
import { createCoreHarness, type CoreHarness } from '../support/core-harness';
import { createRecordingLogger } from '../support/logger';
import { sleep } from '../support/timers';
import { collectUnhandledRejections } from './support/collect';
import { startTestDc, type TestDc } from '../../tools/telegram-dc';
import { seededScenario } from './support/seeded-accounts';

const alice = '+9996620101';
const bob = '+9996620102';
const carol = '+9996620103';
const counted = [
  'auth.sendCode',
  'auth.resendCode',
  'auth.signIn',
  'auth.checkPassword',
  'account.getPassword',
];

let dc: TestDc;
let h: CoreHarness;
let offsetMs = 0;
const calls = new Map<string, number>();
const rejections = collectUnhandledRejections();

beforeAll(async () => {
  dc = await startTestDc({
    smallPrimes: true,
    scenario: seededScenario(0, [
      {
        phone: alice,
        dcId: 2,
        firstName: 'Alice',
        code: { types: ['sms', 'call', 'flash-call'], timeoutSeconds: 1 },
      },
      { phone: bob, dcId: 2, firstName: 'Bob' },
      { phone: carol, dcId: 2, firstName: 'Carol', twoFactor: { password: 'carol-pw' } },
    ]),
  });
  // A 1 ms delay on a method makes the DC report every call of it: an exact RPC count.
  for (const method of counted) dc.control.setDelay(method, 1);
  dc.control.on('fault', (fault) => {
    if (fault.kind === 'delay') calls.set(fault.method, (calls.get(fault.method) ?? 0) + 1);
  });
}, 60_000);

beforeEach(() => {
  offsetMs = 0;
  const profile = dc.profile();
  h = createCoreHarness({
    gateway: createGramJsGateway({ logger: createRecordingLogger() }),
    target: { profile, apiId: profile.apiId ?? 1, apiHash: profile.apiHash ?? '' },
    clock: { now: () => Date.now() + offsetMs },
  });
});

afterEach(async () => {
  await h.stop();
});

afterAll(async () => {
  await dc.stop();
  rejections.dispose();
  expect(rejections.reasons).toEqual([]);
});

const count = (method: string) => calls.get(method) ?? 0;

/** The last `auth:changed` push for an attempt. */
function lastView(attemptId: string): LoginView | undefined {
  return h.pushed
    .filter((p) => p.event === 'auth:changed')
    .map((p) => p.payload as LoginView)
    .filter((v) => v.attemptId === attemptId)
    .at(-1);
}

test('FLOOD_WAIT on auth.sendCode: auth:start is refused with retryAfter until the wait ends', async () => {
  const before = count('auth.sendCode');
  dc.control.queueError('auth.sendCode', 'FLOOD_WAIT_7');
  const first = await h.call('auth:start', { phone: bob });
  expect(first).toMatchObject({ ok: false, error: { code: 'FLOOD_WAIT', retryAfter: 7 } });
  expect(count('auth.sendCode')).toBe(before + 1);

  offsetMs = 3_000;
  const again = await h.call('auth:start', { phone: bob });
  expect(again.ok).toBe(false);
  if (!again.ok) {
    expect(again.error.code).toBe('FLOOD_WAIT');
    expect(again.error.retryAfter).toBeGreaterThan(0);
    expect(again.error.retryAfter).toBeLessThanOrEqual(4);
  }
  await sleep(1_500);
  expect(count('auth.sendCode'), 'no call before the wait ends, no automatic retry').toBe(
    before + 1,
  );

  offsetMs = 7_100;
  const later = await h.ok('auth:start', { phone: bob });
  expect(later.step).toBe('code');
  expect(count('auth.sendCode')).toBe(before + 2);
});

test('PHONE_NUMBER_FLOOD on auth.sendCode is reported and never retried', async () => {
  const before = count('auth.sendCode');
  dc.control.queueError('auth.sendCode', 'PHONE_NUMBER_FLOOD');
  const refused = await h.call('auth:start', { phone: bob });
  expect(refused).toMatchObject({ ok: false, error: { code: 'PHONE_NUMBER_FLOOD' } });
  await sleep(1_500);
  expect(count('auth.sendCode')).toBe(before + 1);
});

test('FLOOD_WAIT on auth.resendCode: the pushed view carries the wait; resend is refused until it ends', async () => {
  const started = await h.ok('auth:start', { phone: alice });
  offsetMs += 1_100; // past the code's resend timeout (1 s in this scenario), for the app
  dc.control.advance(1.1); // and for the DC
  const before = count('auth.resendCode');
  dc.control.queueError('auth.resendCode', 'FLOOD_WAIT_30');
  const view = await h.ok('auth:resend-code', { attemptId: started.attemptId });
  expect(view.error).toMatchObject({ code: 'FLOOD_WAIT', retryAfter: 30 });
  expect(lastView(started.attemptId)?.error).toMatchObject({ code: 'FLOOD_WAIT', retryAfter: 30 });
  expect(count('auth.resendCode')).toBe(before + 1);

  offsetMs += 10_000;
  const refused = await h.call('auth:resend-code', { attemptId: started.attemptId });
  expect(refused.ok).toBe(false);
  if (!refused.ok) {
    expect(refused.error.code).toBe('FLOOD_WAIT');
    expect(refused.error.retryAfter).toBeGreaterThan(0);
    expect(refused.error.retryAfter).toBeLessThanOrEqual(20);
  }
  await sleep(1_000);
  expect(count('auth.resendCode')).toBe(before + 1);

  offsetMs += 20_100;
  const resent = await h.ok('auth:resend-code', { attemptId: started.attemptId });
  expect(resent.error).toBeNull();
  expect(count('auth.resendCode')).toBe(before + 2);
});

test('FLOOD_WAIT on auth.signIn: submit-code is refused until the wait ends, then the login finishes', async () => {
  const started = await h.ok('auth:start', { phone: bob });
  const code = dc.control.lastCode(bob) ?? '';
  const before = count('auth.signIn');
  dc.control.queueError('auth.signIn', 'FLOOD_WAIT_5');
  const view = await h.ok('auth:submit-code', { attemptId: started.attemptId, code });
  expect(view.error).toMatchObject({ code: 'FLOOD_WAIT', retryAfter: 5 });
  expect(lastView(started.attemptId)?.error).toMatchObject({ code: 'FLOOD_WAIT', retryAfter: 5 });

  const refused = await h.call('auth:submit-code', { attemptId: started.attemptId, code });
  expect(refused).toMatchObject({ ok: false, error: { code: 'FLOOD_WAIT' } });
  await sleep(1_000);
  expect(count('auth.signIn')).toBe(before + 1);

  offsetMs = 5_100;
  const done = await h.ok('auth:submit-code', { attemptId: started.attemptId, code });
  expect(done.step).toBe('done');
  expect(count('auth.signIn')).toBe(before + 2);
});

test('FLOOD_WAIT and PHONE_PASSWORD_FLOOD on auth.checkPassword are surfaced, not retried', async () => {
  const started = await h.ok('auth:start', { phone: carol });
  const code = dc.control.lastCode(carol) ?? '';
  const atPassword = await h.ok('auth:submit-code', { attemptId: started.attemptId, code });
  expect(atPassword.step).toBe('password');

  const before = count('auth.checkPassword');
  dc.control.queueError('auth.checkPassword', 'FLOOD_WAIT_9');
  const view = await h.ok('auth:submit-password', {
    attemptId: started.attemptId,
    password: 'carol-pw',
  });
  expect(view.error).toMatchObject({ code: 'FLOOD_WAIT', retryAfter: 9 });
  expect(lastView(started.attemptId)?.error).toMatchObject({ code: 'FLOOD_WAIT', retryAfter: 9 });
  const refused = await h.call('auth:submit-password', {
    attemptId: started.attemptId,
    password: 'carol-pw',
  });
  expect(refused).toMatchObject({ ok: false, error: { code: 'FLOOD_WAIT' } });
  expect(count('auth.checkPassword')).toBe(before + 1);

  offsetMs = 9_100;
  dc.control.queueError('auth.checkPassword', 'PHONE_PASSWORD_FLOOD');
  const flooded = await h.ok('auth:submit-password', {
    attemptId: started.attemptId,
    password: 'carol-pw',
  });
  expect(flooded.error?.code).toBe('PHONE_PASSWORD_FLOOD');
  expect(lastView(started.attemptId)?.error?.code).toBe('PHONE_PASSWORD_FLOOD');
  await sleep(1_000);
  expect(count('auth.checkPassword')).toBe(before + 2);
});
