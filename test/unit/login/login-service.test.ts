/** The login state machine with a fake gateway: every transition, local refusals, flood waits. */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  createLoginService,
  type AdoptedLogin,
  type LoginAccountSink,
  type LoginService,
} from '../../../electron/core/login';
import type { LoginTarget, SendCodeResult, SentCodeInfo } from '../../../electron/core/ports';
import type { AppError, AppErrorCode } from '../../../electron/shared/errors';
import { AppFailure } from '../../../electron/shared/errors';
import type { LoginView } from '../../../electron/shared/dto';
import { createFakeGateway, fakeUser, type FakeGateway } from '../../support/fake-gateway';
import { failure } from '../../../electron/shared/error-words';
import { createRecordingLogger } from '../../support/logger';

const testTarget: LoginTarget = { profile: { kind: 'test' }, apiId: 1, apiHash: 'f'.repeat(32) };
const prodTarget: LoginTarget = {
  profile: { kind: 'production' },
  apiId: 1,
  apiHash: 'f'.repeat(32),
};

let now = 1_000_000;
let gateway: FakeGateway;
let pushes: LoginView[];
let adopted: AdoptedLogin[];
let persistError: AppError | null;
let existing: string | null;
/** Phone digits of accounts already in Gramdeck, by account id. */
let addedPhones: Record<string, string>;
let target: LoginTarget;
let login: LoginService;

function make(): LoginService {
  const accounts: LoginAccountSink = {
    findAccountIdByUser: () => existing,
    findAccountIdByPhone: (phone) =>
      Object.entries(addedPhones).find(([, digits]) => digits === phone)?.[0] ?? null,
    userIdsOn: () => [],
    adoptLogin(l) {
      adopted.push(l);
      return Promise.resolve({ accountId: `acc${adopted.length}`, persistError });
    },
  };
  const service = createLoginService({
    gateway,
    telegramConfig: { loginTarget: () => Promise.resolve(target) },
    accounts,
    logger: createRecordingLogger(),
    clock: { now: () => now },
  });
  service.onChange((view) => pushes.push(view));
  return service;
}

beforeEach(() => {
  now = 1_000_000;
  gateway = createFakeGateway();
  pushes = [];
  adopted = [];
  persistError = null;
  existing = null;
  addedPhones = {};
  target = testTarget;
  login = make();
});

afterEach(async () => {
  vi.useRealTimers();
  await login.dispose();
});

async function refusal(p: Promise<unknown>): Promise<AppFailure> {
  try {
    await p;
  } catch (error) {
    if (error instanceof AppFailure) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const rejectWith = (code: AppErrorCode, retryAfter?: number) => () =>
  Promise.reject(failure(code, retryAfter === undefined ? undefined : { retryAfter }));

describe('phone validation happens before Telegram', () => {
  test.each(['+12', '12345', '+44 12', '0000000'])('%s is refused', async (phone) => {
    const error = await refusal(login.start(phone));
    expect(error.code).toBe('PHONE_NUMBER_INVALID');
    expect(error.field).toBe('phone');
    expect(gateway.openCount).toBe(0);
  });

  test('test numbers need the test profile or a sandbox', async () => {
    target = prodTarget;
    login = make();
    const error = await refusal(login.start('+99966 2 0001'));
    expect(error.code).toBe('PHONE_NUMBER_INVALID');
    expect(error.message).toMatch(/test servers/);
    target = testTarget;
    login = make();
    const view = await login.start('+99966 2 0001');
    expect(view.phone).toBe('+99966 2 0001');
    expect(gateway.connections[0]?.calls).toContain('sendCode');
  });

  test('a real number is normalized for Telegram and formatted for people', async () => {
    target = prodTarget;
    login = make();
    let sentTo = '';
    gateway.overrides = {
      sendCode: (phone) => {
        sentTo = phone;
        return Promise.resolve({
          kind: 'code',
          phoneCodeHash: 'h',
          sentCode: {
            type: 'sms',
            nextType: null,
            length: 5,
            prefix: null,
            pattern: null,
            beginning: null,
            url: null,
            timeout: null,
            emailPattern: null,
          },
        });
      },
    };
    const view = await login.start('+1 (202) 555-0123');
    expect(sentTo).toBe('12025550123');
    expect(view.phone).toBe('+1 202 555 0123');
  });
});

describe('code step', () => {
  test('start shows the code view with a countdown and no secret', async () => {
    const view = await login.start('+9996620001');
    expect(view).toMatchObject({
      step: 'code',
      code: { type: 'app', nextType: 'sms', length: 5, canResend: true, resendAt: now + 30_000 },
      isBusy: false,
      error: null,
    });
    expect(JSON.stringify(pushes)).not.toContain('secret-hash');
  });

  test('resend waits for the countdown, restarts it, and stops at SEND_CODE_UNAVAILABLE', async () => {
    const view = await login.start('+9996620001');
    const early = await refusal(login.resendCode(view.attemptId));
    expect(early.code).toBe('TOO_MANY_REQUESTS');
    expect(early.retryAfter).toBe(30);
    now += 30_000;
    gateway.connections[0]!.resendCode = () =>
      Promise.resolve({
        kind: 'code',
        phoneCodeHash: 'secret-hash-2',
        sentCode: {
          type: 'sms',
          nextType: 'call',
          length: 5,
          prefix: null,
          pattern: null,
          beginning: null,
          url: null,
          timeout: 60,
          emailPattern: null,
        },
      });
    const sms = await login.resendCode(view.attemptId);
    expect(sms.code).toMatchObject({ type: 'sms', nextType: 'call', resendAt: now + 60_000 });
    now += 60_000;
    gateway.connections[0]!.resendCode = rejectWith('SEND_CODE_UNAVAILABLE');
    const none = await login.resendCode(view.attemptId);
    expect(none.error?.code).toBe('SEND_CODE_UNAVAILABLE');
    expect(none.code?.canResend).toBe(false);
    const refused = await refusal(login.resendCode(view.attemptId));
    expect(refused.code).toBe('SEND_CODE_UNAVAILABLE');
  });

  test('codes of the wrong length or empty are refused locally', async () => {
    const view = await login.start('+9996620001');
    const calls = gateway.connections[0]!.calls.length;
    expect((await refusal(login.submitCode(view.attemptId, '1234'))).code).toBe('VALIDATION');
    expect((await refusal(login.submitCode(view.attemptId, ' - '))).code).toBe('PHONE_CODE_EMPTY');
    expect(gateway.connections[0]!.calls.length).toBe(calls);
  });

  test('a wrong code stays on the step with the error; the right one finishes', async () => {
    const view = await login.start('+9996620001');
    const conn = gateway.connections[0]!;
    conn.signIn = rejectWith('PHONE_CODE_INVALID');
    const wrong = await login.submitCode(view.attemptId, '11111');
    expect(wrong).toMatchObject({ step: 'code', error: { code: 'PHONE_CODE_INVALID' } });
    conn.signIn = () => Promise.resolve({ kind: 'authorized', user: fakeUser('7', 'Ann') });
    const done = await login.submitCode(view.attemptId, '12 345');
    expect(done).toMatchObject({ step: 'done', accountId: 'acc1', error: null });
    expect(adopted[0]?.user.id).toBe('7');
    expect(adopted[0]?.connection).toBe(conn);
  });

  test('an expired code says so and offers no resend', async () => {
    const view = await login.start('+9996620001');
    gateway.connections[0]!.signIn = rejectWith('PHONE_CODE_EXPIRED');
    const expired = await login.submitCode(view.attemptId, '12345');
    expect(expired.error?.code).toBe('PHONE_CODE_EXPIRED');
    expect(expired.error?.message).toMatch(/expired/);
    expect(expired.code?.canResend).toBe(false);
  });

  test('SentCodeSuccess (future auth token) finishes at once', async () => {
    gateway.overrides = {
      sendCode: () => Promise.resolve({ kind: 'authorized', user: fakeUser() }),
    };
    const view = await login.start('+9996620001');
    expect(view.step).toBe('done');
  });

  test('sign-up required shows the terms, then signs up', async () => {
    const view = await login.start('+9996620001');
    gateway.connections[0]!.signIn = () =>
      Promise.resolve({ kind: 'sign-up-required', termsOfService: 'Be nice.', minAgeConfirm: 16 });
    const signUp = await login.submitCode(view.attemptId, '12345');
    expect(signUp).toMatchObject({
      step: 'sign-up',
      signUp: { termsOfService: 'Be nice.', minAgeConfirm: 16 },
    });
    const done = await login.signUp(view.attemptId, ' Ann ', '');
    expect(done.step).toBe('done');
  });

  test('cancel sends cancelCode and destroys the client', async () => {
    const view = await login.start('+9996620001');
    const conn = gateway.connections[0]!;
    const cancelled = await login.cancel(view.attemptId);
    expect(cancelled.step).toBe('cancelled');
    expect(conn.calls).toContain('cancelCode');
    expect(conn.isDestroyed).toBe(true);
    expect((await refusal(login.submitCode(view.attemptId, '12345'))).code).toBe('VALIDATION');
  });

  test('quitting while Telegram sends the code cancels that code as soon as it is sent', async () => {
    let release: (() => void) | undefined;
    gateway.overrides = {
      sendCode: async () => {
        await new Promise<void>((r) => {
          release = r;
        });
        return {
          kind: 'code',
          phoneCodeHash: 'h',
          sentCode: {
            type: 'sms',
            nextType: null,
            length: 5,
            prefix: null,
            pattern: null,
            beginning: null,
            url: null,
            timeout: null,
            emailPattern: null,
          },
        };
      },
    };
    const starting = login.start('+9996620001');
    await vi.waitFor(() => {
      expect(release).toBeDefined();
    });
    await login.dispose();
    release?.();
    expect((await starting).step).toBe('cancelled');
    const conn = gateway.connections[0]!;
    expect(conn.calls.filter((c) => c === 'cancelCode')).toHaveLength(1);
    expect(conn.isDestroyed).toBe(true);
  });

  test('quitting waits for an unanswered cancelCode 3 s at most, then closes the client', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    login = make();
    gateway.overrides = { cancelCode: () => new Promise<void>(() => undefined) };
    await login.start('+9996620001');
    let isDone = false;
    const disposing = login.dispose().then(() => {
      isDone = true;
    });
    await vi.advanceTimersByTimeAsync(2_900);
    expect(isDone).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    await disposing;
    expect(gateway.connections[0]!.calls).toContain('cancelCode');
    expect(gateway.connections[0]!.isDestroyed).toBe(true);
  });

  test('a second start for the same number replaces the first attempt', async () => {
    const first = await login.start('+9996620001');
    const second = await login.start('+9996620001');
    expect(second.attemptId).not.toBe(first.attemptId);
    expect(login.get(first.attemptId).step).toBe('cancelled');
  });
});

describe('code types and resend rules', () => {
  const sentAs =
    (patch: Partial<SentCodeInfo>): (() => Promise<SendCodeResult>) =>
    () =>
      Promise.resolve({
        kind: 'code',
        phoneCodeHash: 'secret-hash-2',
        sentCode: {
          type: 'sms',
          nextType: null,
          length: 5,
          prefix: null,
          pattern: null,
          beginning: null,
          url: null,
          timeout: null,
          emailPattern: null,
          ...patch,
        },
      });

  test('an email code signs in as email_verification', async () => {
    gateway.overrides = { sendCode: sentAs({ type: 'email', emailPattern: 'e***@example.com' }) };
    const view = await login.start('+9996620001');
    let credential: string | undefined;
    gateway.connections[0]!.signIn = (_phone, _hash, _code, how) => {
      credential = how;
      return Promise.resolve({ kind: 'authorized', user: fakeUser() });
    };
    expect((await login.submitCode(view.attemptId, '12345')).step).toBe('done');
    expect(credential).toBe('email-code');
  });

  test('without next_type no resend is offered and none is sent', async () => {
    gateway.overrides = { sendCode: sentAs({ timeout: 30 }) };
    const view = await login.start('+9996620001');
    expect(view.code).toMatchObject({ canResend: false, resendAt: null, isEnded: false });
    now += 60_000;
    const calls = gateway.connections[0]!.calls.length;
    expect((await refusal(login.resendCode(view.attemptId))).code).toBe('SEND_CODE_UNAVAILABLE');
    expect(gateway.connections[0]!.calls.length).toBe(calls);
  });

  test.each(['PHONE_CODE_EXPIRED', 'PHONE_NUMBER_INVALID'] as const)(
    '%s from resendCode ends the code: no resend, no sign-in',
    async (code) => {
      const view = await login.start('+9996620001');
      now += 30_000;
      const conn = gateway.connections[0]!;
      conn.resendCode = rejectWith(code);
      const ended = await login.resendCode(view.attemptId);
      expect(ended.error?.code).toBe(code);
      expect(ended.code).toMatchObject({ isEnded: true, canResend: false, resendAt: null });
      const calls = conn.calls.length;
      expect((await refusal(login.submitCode(view.attemptId, '12345'))).code).toBe(
        'PHONE_CODE_EXPIRED',
      );
      expect((await refusal(login.resendCode(view.attemptId))).code).toBe('PHONE_CODE_EXPIRED');
      expect(conn.calls.length).toBe(calls);
    },
  );

  test('word codes keep their words; a flash call must match its pattern', async () => {
    gateway.overrides = { sendCode: sentAs({ type: 'sms-phrase', length: null }) };
    const phrase = await login.start('+9996620001');
    let sent = '';
    gateway.connections[0]!.signIn = (_phone, _hash, code) => {
      sent = code;
      return Promise.resolve({ kind: 'authorized', user: fakeUser() });
    };
    expect((await refusal(login.submitCode(phrase.attemptId, '12345'))).code).toBe('VALIDATION');
    await login.submitCode(phrase.attemptId, '  amber   river quartz ');
    expect(sent).toBe('amber river quartz');

    gateway.overrides = {
      sendCode: sentAs({ type: 'flash-call', length: null, pattern: '999772*****' }),
    };
    const flash = await login.start('+9996620002');
    const conn = gateway.connections[1]!;
    conn.signIn = (_phone, _hash, code) => {
      sent = code;
      return Promise.resolve({ kind: 'authorized', user: fakeUser('8') });
    };
    const wrong = await refusal(login.submitCode(flash.attemptId, '+999 773 12345'));
    expect(wrong).toMatchObject({ code: 'VALIDATION', field: 'code' });
    expect(wrong.message).toContain('+999772•••••');
    await login.submitCode(flash.attemptId, '+999 772 12345');
    expect(sent).toBe('99977212345');
  });

  test('a login email is set up, verified, and the code sent there continues', async () => {
    gateway.overrides = {
      sendCode: sentAs({ type: 'setup-email-required', length: null }),
      verifyLoginEmail: sentAs({ type: 'email', emailPattern: 's***@example.com' }),
    };
    const view = await login.start('+9996620001');
    expect((await refusal(login.submitCode(view.attemptId, '12345'))).code).toBe('VALIDATION');
    expect((await refusal(login.verifyLoginEmail(view.attemptId, '123456'))).code).toBe(
      'VALIDATION',
    );
    const mailed = await login.setLoginEmail(view.attemptId, ' sam@example.com ');
    expect(mailed.code?.emailSetup).toEqual({ emailPattern: 'n***@example.com', length: 6 });
    const conn = gateway.connections[0]!;
    conn.verifyLoginEmail = rejectWith('CODE_INVALID');
    const wrong = await login.verifyLoginEmail(view.attemptId, '000000');
    expect(wrong.error).toMatchObject({ code: 'CODE_INVALID', field: 'emailCode' });
    conn.verifyLoginEmail = sentAs({ type: 'email', emailPattern: 's***@example.com' });
    const verified = await login.verifyLoginEmail(view.attemptId, '123456');
    expect(verified.code).toMatchObject({ type: 'email', emailSetup: null });
    expect(JSON.stringify(pushes)).not.toContain('secret-hash');
  });
});

describe('flood waits', () => {
  test('FLOOD_WAIT is shown with the wait and refused locally until it ends', async () => {
    const view = await login.start('+9996620001');
    const conn = gateway.connections[0]!;
    conn.signIn = rejectWith('FLOOD_WAIT', 120);
    const flooded = await login.submitCode(view.attemptId, '12345');
    expect(flooded.error).toMatchObject({ code: 'FLOOD_WAIT', retryAfter: 120 });
    expect(flooded.error?.message).toContain('Try again in 2 minutes');
    const calls = conn.calls.length;
    now += 30_000;
    const local = await refusal(login.submitCode(view.attemptId, '12345'));
    expect(local.code).toBe('FLOOD_WAIT');
    expect(local.retryAfter).toBe(90);
    expect(conn.calls.length).toBe(calls);
    now += 91_000;
    conn.signIn = () => Promise.resolve({ kind: 'authorized', user: fakeUser() });
    expect((await login.submitCode(view.attemptId, '12345')).step).toBe('done');
  });

  test('a flood on sendCode blocks a new start for that number only', async () => {
    gateway.overrides = { sendCode: rejectWith('FLOOD_WAIT', 60) };
    expect((await refusal(login.start('+9996620001'))).code).toBe('FLOOD_WAIT');
    const opened = gateway.openCount;
    const again = await refusal(login.start('+9996620001'));
    expect(again.retryAfter).toBe(60);
    expect(gateway.openCount).toBe(opened);
    gateway.overrides = {};
    expect((await login.start('+9996620002')).step).toBe('code');
  });
});

describe('password, recovery', () => {
  async function atPassword(): Promise<string> {
    gateway.overrides = { signIn: () => Promise.resolve({ kind: 'password-needed' }) };
    const view = await login.start('+9996620001');
    const pw = await login.submitCode(view.attemptId, '12345');
    expect(pw).toMatchObject({ step: 'password', password: { hint: 'hint', hasRecovery: true } });
    return view.attemptId;
  }

  test('wrong password, empty password, then right', async () => {
    const id = await atPassword();
    const conn = gateway.connections[0]!;
    expect((await refusal(login.submitPassword(id, ''))).code).toBe('PASSWORD_EMPTY');
    conn.checkPassword = rejectWith('PASSWORD_HASH_INVALID');
    expect((await login.submitPassword(id, 'nope')).error?.code).toBe('PASSWORD_HASH_INVALID');
    conn.checkPassword = () => Promise.resolve({ kind: 'authorized', user: fakeUser() });
    expect((await login.submitPassword(id, 'pw-Secret-42')).step).toBe('done');
    expect(JSON.stringify(pushes)).not.toContain('pw-Secret-42');
  });

  test('PASSWORD_RECOVERY_NA explains the reset path', async () => {
    const id = await atPassword();
    gateway.connections[0]!.requestPasswordRecovery = rejectWith('PASSWORD_RECOVERY_NA');
    const na = await login.requestRecovery(id);
    expect(na.step).toBe('password');
    expect(na.error?.message).toMatch(/no recovery email/);
    expect(na.error?.message).toMatch(/lose all chats/);
  });

  test('recovery: check code, recover with or without a new password', async () => {
    const id = await atPassword();
    const conn = gateway.connections[0]!;
    const rec = await login.requestRecovery(id);
    expect(rec).toMatchObject({
      step: 'recovery',
      recovery: { emailPattern: 'b***@example.com', isCodeChecked: false },
    });
    conn.checkRecoveryCode = () => Promise.resolve(false);
    expect((await login.checkRecoveryCode(id, '99999')).error?.code).toBe('CODE_INVALID');
    conn.checkRecoveryCode = () => Promise.resolve(true);
    expect((await login.checkRecoveryCode(id, '12345')).recovery?.isCodeChecked).toBe(true);
    expect((await refusal(login.recoverPassword(id, '', undefined, undefined))).code).toBe(
      'CODE_EMPTY',
    );
    expect((await refusal(login.recoverPassword(id, '12345', '', undefined))).field).toBe(
      'newPassword',
    );
    conn.recoverPassword = rejectWith('PASSWORD_RECOVERY_EXPIRED');
    expect((await login.recoverPassword(id, '12345', undefined, undefined)).error?.code).toBe(
      'PASSWORD_RECOVERY_EXPIRED',
    );
    let settings: unknown = 'unset';
    conn.recoverPassword = (_code, newPassword) => {
      settings = newPassword;
      return Promise.resolve({ kind: 'authorized', user: fakeUser() });
    };
    expect((await login.recoverPassword(id, '12345', undefined, undefined)).step).toBe('done');
    expect(settings).toBeNull();
  });
});

describe('no recovery email: the account reset', () => {
  async function atPasswordWithoutRecovery(): Promise<string> {
    gateway.overrides = {
      signIn: () => Promise.resolve({ kind: 'password-needed' }),
      getPasswordInfo: () =>
        Promise.resolve({
          hasPassword: true,
          hasRecovery: false,
          hint: null,
          emailUnconfirmedPattern: null,
        }),
    };
    const view = await login.start('+9996630003');
    const pw = await login.submitCode(view.attemptId, '12345');
    expect(pw.password).toEqual({ hint: null, hasRecovery: false });
    return view.attemptId;
  }

  test('has_recovery false: recovery is refused without asking Telegram', async () => {
    const id = await atPasswordWithoutRecovery();
    const error = await refusal(login.requestRecovery(id));
    expect(error.code).toBe('PASSWORD_RECOVERY_NA');
    expect(gateway.connections[0]?.calls).not.toContain('requestPasswordRecovery');
    expect(login.get(id).step).toBe('password');
  });

  test('PASSWORD_RECOVERY_NA from Telegram turns email recovery off for the attempt', async () => {
    gateway.overrides = {
      signIn: () => Promise.resolve({ kind: 'password-needed' }),
      requestPasswordRecovery: rejectWith('PASSWORD_RECOVERY_NA'),
    };
    const view = await login.start('+9996620001');
    await login.submitCode(view.attemptId, '12345');
    expect((await login.requestRecovery(view.attemptId)).password?.hasRecovery).toBe(false);
    expect((await refusal(login.requestRecovery(view.attemptId))).code).toBe(
      'PASSWORD_RECOVERY_NA',
    );
    const calls = gateway.connections[0]?.calls ?? [];
    expect(calls.filter((c) => c === 'requestPasswordRecovery')).toHaveLength(1);
  });

  test('the reset: typed confirmation, the wait as a moment, then sign-up', async () => {
    const id = await atPasswordWithoutRecovery();
    const conn = gateway.connections[0]!;
    const wrong = await refusal(login.resetAccount(id, '+9996630004'));
    expect(wrong).toMatchObject({ code: 'VALIDATION', field: 'confirmation' });
    expect(conn.calls).not.toContain('resetAccount');

    conn.resetAccount = rejectWith('ACCOUNT_RESET_WAIT', 604_800);
    const held = await login.resetAccount(id, '+999 66 3 0003');
    expect(held).toMatchObject({
      step: 'password',
      error: null,
      reset: { availableAt: now + 604_800_000 },
    });
    conn.resetAccount = rejectWith('TELEGRAM_ERROR');
    expect((await login.resetAccount(id, '9996630003')).error?.code).toBe('TELEGRAM_ERROR');

    conn.resetAccount = () => Promise.resolve();
    const reset = await login.resetAccount(id, '9996630003');
    expect(reset).toMatchObject({
      step: 'sign-up',
      reset: null,
      password: null,
      signUp: { termsOfService: '', minAgeConfirm: null },
    });
    let signedUpWith = '';
    conn.signUp = (_phone, hash) => {
      signedUpWith = hash;
      return Promise.resolve({ kind: 'authorized', user: fakeUser() });
    };
    expect((await login.signUp(id, 'Carol', '')).step).toBe('done');
    expect(signedUpWith).toBe('secret-hash-1');
  });

  test('a QR login cannot reset: it has no code to sign up with', async () => {
    gateway.overrides = { exportLoginToken: () => Promise.resolve({ kind: 'password-needed' }) };
    const view = await login.startQr();
    expect(view.step).toBe('password');
    const error = await refusal(login.resetAccount(view.attemptId, '+9996630003'));
    expect(error.message).toMatch(/phone number instead of the QR code/);
  });
});

describe('finishing', () => {
  test('a vault refusal finishes the login with the error; the account is kept', async () => {
    persistError = { code: 'STORAGE_NOT_SECURE', message: 'Set a passcode.' };
    const view = await login.start('+9996620001');
    const done = await login.submitCode(view.attemptId, '12345');
    expect(done).toMatchObject({
      step: 'done',
      accountId: 'acc1',
      error: { code: 'STORAGE_NOT_SECURE' },
    });
    expect(gateway.connections[0]!.isDestroyed).toBe(false);
  });

  test('an account already in Gramdeck ends the new session', async () => {
    existing = 'acc-old';
    const view = await login.start('+9996620001');
    const done = await login.submitCode(view.attemptId, '12345');
    expect(done).toMatchObject({
      step: 'done',
      accountId: 'acc-old',
      error: { code: 'ACCOUNT_ALREADY_ADDED' },
    });
    expect(gateway.connections[0]!.calls).toContain('logOut');
    expect(gateway.connections[0]!.isDestroyed).toBe(true);
    expect(adopted).toHaveLength(0);
  });

  test('a number already in Gramdeck is refused at the phone step; no code is sent', async () => {
    addedPhones = { 'acc-old': '9996620001' };
    const error = await refusal(login.start('+999 66 2 0001'));
    expect(error).toMatchObject({
      code: 'ACCOUNT_ALREADY_ADDED',
      field: 'phone',
      accountId: 'acc-old',
      message: '+99966 2 0001 is already in Gramdeck.',
    });
    expect(error.toAppError()).toMatchObject({ accountId: 'acc-old' });
    expect(gateway.connections).toHaveLength(0);
    expect(login.list()).toHaveLength(0);
  });

  test('an account already in Gramdeck after the code names it in the error', async () => {
    existing = 'acc-old';
    const view = await login.start('+9996620001');
    const done = await login.submitCode(view.attemptId, '12345');
    expect(done.error).toMatchObject({ code: 'ACCOUNT_ALREADY_ADDED', accountId: 'acc-old' });
  });

  test('two attempts run side by side without sharing state', async () => {
    const a = await login.start('+9996620001');
    const b = await login.start('+9996620002');
    gateway.connections[1]!.signIn = rejectWith('PHONE_CODE_INVALID');
    const [da, db] = await Promise.all([
      login.submitCode(a.attemptId, '12345'),
      login.submitCode(b.attemptId, '12345'),
    ]);
    expect(da.step).toBe('done');
    expect(db).toMatchObject({ step: 'code', error: { code: 'PHONE_CODE_INVALID' } });
  });

  test('unknown attempts are NOT_FOUND', async () => {
    expect((await refusal(login.submitCode('nope', '12345'))).code).toBe('NOT_FOUND');
  });
});

describe('QR login', () => {
  test('export, refresh before expiry, scan, 2FA', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let exports = 0;
    gateway.overrides = {
      exportLoginToken: () => {
        exports++;
        return Promise.resolve({
          kind: 'token',
          url: `tg://login?token=t${exports}`,
          expiresAt: now + 30_000,
        });
      },
    };
    const view = await login.startQr();
    expect(view).toMatchObject({ step: 'qr', phone: null, qr: { url: 'tg://login?token=t1' } });
    await vi.advanceTimersByTimeAsync(29_500);
    expect(exports).toBe(2);
    expect(pushes.at(-1)?.qr?.url).toBe('tg://login?token=t2');
    const conn = gateway.connections[0]!;
    conn.exportLoginToken = () => Promise.resolve({ kind: 'password-needed' });
    conn.emit({ kind: 'login-token' });
    await vi.advanceTimersByTimeAsync(10);
    expect(pushes.at(-1)?.step).toBe('password');
    conn.checkPassword = () => Promise.resolve({ kind: 'authorized', user: fakeUser() });
    expect((await login.submitPassword(view.attemptId, 'pw')).step).toBe('done');
  });

  test('a scan during an export in flight is not lost', async () => {
    let release: (() => void) | undefined;
    let exports = 0;
    gateway.overrides = {
      exportLoginToken: async () => {
        exports++;
        if (exports === 2) {
          await new Promise<void>((r) => {
            release = r;
          });
        }
        if (exports === 3) return { kind: 'authorized', user: fakeUser() };
        return { kind: 'token', url: `tg://login?token=t${exports}`, expiresAt: now + 30_000 };
      },
    };
    const view = await login.startQr();
    const conn = gateway.connections[0]!;
    conn.emit({ kind: 'login-token' }); // export #2 starts and hangs
    await Promise.resolve();
    conn.emit({ kind: 'login-token' }); // arrives while #2 is in flight
    release?.();
    await vi.waitFor(() => {
      expect(login.get(view.attemptId).step).toBe('done');
    });
    expect(exports).toBe(3);
  });

  test('a failing first export fails the call', async () => {
    gateway.overrides = { exportLoginToken: rejectWith('NETWORK') };
    expect((await refusal(login.startQr())).code).toBe('NETWORK');
    expect(gateway.connections[0]!.isDestroyed).toBe(true);
  });
});

test('idle attempts are cancelled', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  login = make();
  const view = await login.start('+9996620001');
  await vi.advanceTimersByTimeAsync(15 * 60_000 + 10);
  expect(login.get(view.attemptId)).toMatchObject({
    step: 'cancelled',
    error: { code: 'TIMEOUT' },
  });
  expect(gateway.connections[0]!.isDestroyed).toBe(true);
});
