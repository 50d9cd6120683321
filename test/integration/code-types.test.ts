/**
 * Every auth.SentCodeType through the IPC router, the real login service and the GramJS adapter,
 * against the test DC's demo accounts (one per type): what the code view says, what the code
 * field accepts, and the call that signs in. Then resend by the rules: offered only with a
 * next_type, and ended by PHONE_CODE_EXPIRED or PHONE_NUMBER_INVALID from auth.resendCode.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { demoScenario, startTestDc, type TestDc } from '../../tools/telegram-dc';
import { createGramJsGateway } from '../../electron/telegram';
import type { LoginView } from '../../electron/shared/dto';
import { createCoreHarness, type CoreHarness } from '../support/core-harness';
import { createRecordingLogger } from '../support/logger';

/** The demo accounts of tools/telegram-dc/scenario.ts, by code type. */
const phones = {
  email: '+9996620031',
  setupEmail: '+9996620032',
  smsWord: '+9996620033',
  smsPhrase: '+9996620034',
  missedCall: '+9996620035',
  flashCall: '+9996620036',
  fragment: '+9996620037',
  firebase: '+9996620038',
  appOnly: '+9996620004',
  appThenSms: '+9996620001',
} as const;

let dc: TestDc;
let h: CoreHarness;
/** The core's clock: resend countdowns pass without waiting. */
let now = Date.now();

beforeAll(async () => {
  dc = await startTestDc({ scenario: demoScenario, smallPrimes: true });
});

afterAll(async () => {
  await dc.stop();
});

afterEach(async () => {
  await h.stop();
});

async function harness(): Promise<CoreHarness> {
  const profile = dc.profile();
  now = Date.now();
  h = createCoreHarness({
    gateway: createGramJsGateway({
      logger: createRecordingLogger(),
      connectTimeoutMs: 10_000,
      callTimeoutMs: 10_000,
    }),
    target: { profile, apiId: profile.apiId ?? 1, apiHash: profile.apiHash ?? '' },
    clock: { now: () => now },
  });
  await h.start();
  return h;
}

function lastCode(phone: string): string {
  const code = dc.control.lastCode(phone);
  if (code === undefined) throw new Error(`the DC sent no code to ${phone}`);
  return code;
}

async function submit(view: LoginView, code: string) {
  return h.call('auth:submit-code', { attemptId: view.attemptId, code });
}

function expectDone(result: Awaited<ReturnType<typeof submit>>): void {
  expect(result.ok && result.value.error).toBe(null);
  expect(result.ok && result.value.step).toBe('done');
}

describe('every code type, signed in through the app', () => {
  test('email: the code goes to the login email and signs in as email_verification', async () => {
    await harness();
    const view = await h.ok('auth:start', { phone: phones.email });
    expect(view.code).toMatchObject({
      type: 'email',
      emailPattern: 'e***@example.com',
      length: 5,
      nextType: 'sms',
    });
    const before = dc.control.callCount('auth.signIn');
    // The DC, like Telegram, takes an email code only as email_verification: a phone_code with
    // the same digits would be PHONE_CODE_INVALID.
    expectDone(await submit(view, lastCode(phones.email)));
    expect(dc.control.callCount('auth.signIn')).toBe(before + 1);
  });

  test('setUpEmailRequired: add a login email, confirm it, then the code sent there', async () => {
    await harness();
    const view = await h.ok('auth:start', { phone: phones.setupEmail });
    expect(view.code).toMatchObject({ type: 'setup-email-required', emailSetup: null });
    const early = await submit(view, '12345');
    expect(!early.ok && early.error).toMatchObject({ code: 'VALIDATION', field: 'code' });

    const sent = await h.ok('auth:set-login-email', {
      attemptId: view.attemptId,
      email: 'sam@example.com',
    });
    expect(sent.error).toBeNull();
    expect(sent.code?.emailSetup).toEqual({ emailPattern: 's***@example.com', length: 6 });
    const emailCode = dc.control.lastEmailSetupCode(phones.setupEmail) ?? '';
    const wrong = await h.ok('auth:verify-login-email', {
      attemptId: view.attemptId,
      code: emailCode === '000000' ? '111111' : '000000',
    });
    expect(wrong.error).toMatchObject({ code: 'CODE_INVALID', field: 'emailCode' });
    expect(wrong.error?.message).toMatch(/email code is not right/);

    const verified = await h.ok('auth:verify-login-email', {
      attemptId: view.attemptId,
      code: emailCode,
    });
    expect(verified.code).toMatchObject({ type: 'email', emailPattern: 's***@example.com' });
    expectDone(await submit(view, lastCode(phones.setupEmail)));
  });

  test('smsWord: the field takes the word, whatever its case and spacing', async () => {
    await harness();
    const view = await h.ok('auth:start', { phone: phones.smsWord });
    const word = lastCode(phones.smsWord);
    expect(word).toMatch(/^[a-z]+$/);
    expect(view.code).toMatchObject({ type: 'sms-word', beginning: word.charAt(0) });
    const digits = await submit(view, '12345');
    expect(!digits.ok && digits.error).toMatchObject({ code: 'VALIDATION', field: 'code' });
    expectDone(await submit(view, `  ${word.toUpperCase()} `));
  });

  test('smsPhrase: the field takes the phrase, its first word shown', async () => {
    await harness();
    const view = await h.ok('auth:start', { phone: phones.smsPhrase });
    const phrase = lastCode(phones.smsPhrase);
    expect(phrase.split(' ')).toHaveLength(3);
    expect(view.code).toMatchObject({ type: 'sms-phrase', beginning: phrase.split(' ')[0] });
    expectDone(await submit(view, phrase.replace(/ /g, '   ')));
  });

  test('missedCall: the last digits of the calling number, with its prefix shown', async () => {
    await harness();
    const view = await h.ok('auth:start', { phone: phones.missedCall });
    expect(view.code).toMatchObject({ type: 'missed-call', prefix: '+999771', length: 4 });
    const caller = dc.control.lastCallingNumber(phones.missedCall) ?? '';
    expect(caller.startsWith('+999771')).toBe(true);
    const tooLong = await submit(view, caller);
    expect(!tooLong.ok && tooLong.error).toMatchObject({ code: 'VALIDATION', field: 'code' });
    expectDone(await submit(view, caller.slice(-4)));
  });

  test('flashCall: the whole calling number, checked against the pattern first', async () => {
    await harness();
    const view = await h.ok('auth:start', { phone: phones.flashCall });
    expect(view.code).toMatchObject({ type: 'flash-call', pattern: '999772*****' });
    const before = dc.control.callCount('auth.signIn');
    const other = await submit(view, '+999 773 12345');
    expect(!other.ok && other.error).toMatchObject({ code: 'VALIDATION', field: 'code' });
    expect(!other.ok && other.error.message).toContain('+999772•••••');
    expect(dc.control.callCount('auth.signIn')).toBe(before);
    const caller = dc.control.lastCallingNumber(phones.flashCall) ?? '';
    expectDone(await submit(view, `${caller.slice(0, 7)} ${caller.slice(7)}`));
  });

  test('fragmentSms: the code with the https page of the number', async () => {
    await harness();
    const view = await h.ok('auth:start', { phone: phones.fragment });
    expect(view.code).toMatchObject({
      type: 'fragment-sms',
      url: 'https://fragment.com/number/9996620037/code',
      nextType: null,
      canResend: false,
    });
    expectDone(await submit(view, lastCode(phones.fragment)));
  });

  test('firebaseSms: nothing arrives, so no field; resend goes to the next type', async () => {
    await harness();
    const codesBefore = dc.control.lastCode(phones.firebase);
    const view = await h.ok('auth:start', { phone: phones.firebase });
    expect(view.code).toMatchObject({
      type: 'firebase-sms',
      nextType: 'sms',
      canResend: true,
      resendAt: null,
    });
    expect(dc.control.lastCode(phones.firebase)).toBe(codesBefore);
    const typed = await submit(view, '12345');
    expect(!typed.ok && typed.error).toMatchObject({ code: 'VALIDATION', field: 'code' });
    const sms = await h.ok('auth:resend-code', { attemptId: view.attemptId });
    expect(sms.code).toMatchObject({ type: 'sms', nextType: null, canResend: false });
    expectDone(await submit(view, lastCode(phones.firebase)));
  });
});

describe('resend by the rules', () => {
  test('without a next_type no resend is offered, and none reaches Telegram', async () => {
    await harness();
    const view = await h.ok('auth:start', { phone: phones.appOnly });
    expect(view.code).toMatchObject({ type: 'app', nextType: null, canResend: false });
    expect(view.code?.resendAt).toBeNull();
    const before = dc.control.callCount('auth.resendCode');
    now += 3_600_000;
    const refused = await h.call('auth:resend-code', { attemptId: view.attemptId });
    expect(!refused.ok && refused.error.code).toBe('SEND_CODE_UNAVAILABLE');
    expect(dc.control.callCount('auth.resendCode')).toBe(before);
    await h.ok('auth:cancel', { attemptId: view.attemptId });
  });

  test.each(['PHONE_CODE_EXPIRED', 'PHONE_NUMBER_INVALID'])(
    '%s from auth.resendCode ends the code; a new code starts over',
    async (error) => {
      await harness();
      const view = await h.ok('auth:start', { phone: phones.appThenSms });
      expect(view.code).toMatchObject({ nextType: 'sms', canResend: true });
      now += 60_000;
      dc.control.queueError('auth.resendCode', error, error === 'PHONE_NUMBER_INVALID' ? 406 : 400);
      const ended = await h.ok('auth:resend-code', { attemptId: view.attemptId });
      expect(ended.error?.code).toBe(error);
      expect(ended.code).toMatchObject({ isEnded: true, canResend: false, resendAt: null });

      // Resend and the old code are off; nothing more reaches Telegram for this attempt.
      const resends = dc.control.callCount('auth.resendCode');
      const signIns = dc.control.callCount('auth.signIn');
      const again = await h.call('auth:resend-code', { attemptId: view.attemptId });
      expect(again.ok).toBe(false);
      const code = await submit(view, lastCode(phones.appThenSms));
      expect(!code.ok && code.error.code).toBe('PHONE_CODE_EXPIRED');
      expect(dc.control.callCount('auth.resendCode')).toBe(resends);
      expect(dc.control.callCount('auth.signIn')).toBe(signIns);

      // "Send a new code" is auth:start again: a fresh attempt that signs in.
      const fresh = await h.ok('auth:start', { phone: phones.appThenSms });
      expect(fresh.code).toMatchObject({ isEnded: false, canResend: true });
      expectDone(await submit(fresh, lastCode(phones.appThenSms)));
    },
  );

  test('PHONE_CODE_EXPIRED from sign-in ends the code the same way', async () => {
    await harness();
    const view = await h.ok('auth:start', { phone: phones.appThenSms });
    dc.control.queueError('auth.signIn', 'PHONE_CODE_EXPIRED');
    const ended = await h.ok('auth:submit-code', {
      attemptId: view.attemptId,
      code: lastCode(phones.appThenSms),
    });
    expect(ended.code).toMatchObject({ isEnded: true, canResend: false, resendAt: null });
    await h.ok('auth:cancel', { attemptId: view.attemptId });
  });
});
