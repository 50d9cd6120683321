import { Api, type TelegramClient } from 'telegram';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { demoScenario, startTestDc, type TestDc } from './index';
import { connected, rpcErrorOf, sendCode, withTimeout } from './test-helpers';

/**
 * The demo scenario's code types answered as Telegram does, with unmodified GramJS and raw
 * requests: what each auth.SentCodeType carries, and the only way each code signs in.
 */

let dc: TestDc;
const clients: TelegramClient[] = [];

beforeAll(async () => {
  dc = await startTestDc({ scenario: demoScenario, smallPrimes: true });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.destroy().catch(() => undefined)));
  await dc.stop();
});

async function client(): Promise<TelegramClient> {
  const c = await connected(dc);
  clients.push(c);
  return c;
}

function signIn(
  c: TelegramClient,
  phone: string,
  hash: string,
  code: { phoneCode?: string; emailCode?: string },
): Promise<Api.auth.TypeAuthorization> {
  return withTimeout(
    c.invoke(
      new Api.auth.SignIn({
        phoneNumber: phone,
        phoneCodeHash: hash,
        phoneCode: code.phoneCode,
        emailVerification:
          code.emailCode === undefined
            ? undefined
            : new Api.EmailVerificationCode({ code: code.emailCode }),
      }),
    ),
    15_000,
    'signIn',
  );
}

/**
 * GramJS's invoke() throws on account.SentEmailCode (its entity cache takes any result with a
 * numeric `length` for an array), so this request goes through the sender directly.
 */
async function sendVerifyEmailCode(
  c: TelegramClient,
  request: Api.account.SendVerifyEmailCode,
): Promise<Api.account.SentEmailCode> {
  const sender = c._sender;
  if (!sender) throw new Error('not connected');
  return (await withTimeout(
    sender.send(request) ?? Promise.reject(new Error('not sent')),
    15_000,
    'sendVerifyEmailCode',
  )) as Api.account.SentEmailCode;
}

describe('the DC answers each code type as Telegram does', () => {
  test('email: sentCodeTypeEmailCode, and the code signs in only as email_verification', async () => {
    const c = await client();
    const sent = await sendCode(c, '+9996620031');
    expect(sent.type).toBeInstanceOf(Api.auth.SentCodeTypeEmailCode);
    expect((sent.type as Api.auth.SentCodeTypeEmailCode).emailPattern).toBe('e***@example.com');
    const code = dc.control.lastCode('+9996620031') ?? '';
    const asPhoneCode = await rpcErrorOf(
      signIn(c, '9996620031', sent.phoneCodeHash, { phoneCode: code }),
    );
    expect(asPhoneCode.errorMessage).toBe('PHONE_CODE_INVALID');
    const auth = await signIn(c, '9996620031', sent.phoneCodeHash, { emailCode: code });
    expect(auth).toBeInstanceOf(Api.auth.Authorization);
  });

  test('setUpEmailRequired: verify a login email, then the login code goes there', async () => {
    const c = await client();
    const sent = await sendCode(c, '+9996620032');
    expect(sent.type).toBeInstanceOf(Api.auth.SentCodeTypeSetUpEmailRequired);
    const purpose = new Api.EmailVerifyPurposeLoginSetup({
      phoneNumber: '9996620032',
      phoneCodeHash: sent.phoneCodeHash,
    });
    const bad = await rpcErrorOf(
      sendVerifyEmailCode(c, new Api.account.SendVerifyEmailCode({ purpose, email: 'nope' })),
    );
    expect(bad.errorMessage).toBe('EMAIL_INVALID');
    const mailed = await sendVerifyEmailCode(
      c,
      new Api.account.SendVerifyEmailCode({ purpose, email: 'sam@example.org' }),
    );
    expect(mailed).toMatchObject({ emailPattern: 's***@example.org', length: 6 });
    const emailCode = dc.control.lastEmailSetupCode('+9996620032') ?? '';
    const wrong = await rpcErrorOf(
      c.invoke(
        new Api.account.VerifyEmail({
          purpose,
          verification: new Api.EmailVerificationCode({
            code: emailCode === '000000' ? '111111' : '000000',
          }),
        }),
      ),
    );
    expect(wrong.errorMessage).toBe('CODE_INVALID');
    const verified = await c.invoke(
      new Api.account.VerifyEmail({
        purpose,
        verification: new Api.EmailVerificationCode({ code: emailCode }),
      }),
    );
    expect(verified).toBeInstanceOf(Api.account.EmailVerifiedLogin);
    const next = (verified as Api.account.EmailVerifiedLogin).sentCode;
    if (!(next instanceof Api.auth.SentCode)) throw new Error('expected auth.sentCode');
    expect(next.type).toBeInstanceOf(Api.auth.SentCodeTypeEmailCode);
    const code = dc.control.lastCode('+9996620032') ?? '';
    const auth = await signIn(c, '9996620032', next.phoneCodeHash, { emailCode: code });
    expect(auth).toBeInstanceOf(Api.auth.Authorization);
  });

  test('smsWord and smsPhrase: words, compared without case or extra spaces', async () => {
    const c = await client();
    const word = await sendCode(c, '+9996620033');
    const w = dc.control.lastCode('+9996620033') ?? '';
    expect(word.type).toBeInstanceOf(Api.auth.SentCodeTypeSmsWord);
    expect((word.type as Api.auth.SentCodeTypeSmsWord).beginning).toBe(w.charAt(0));
    expect(
      await signIn(c, '9996620033', word.phoneCodeHash, { phoneCode: ` ${w.toUpperCase()} ` }),
    ).toBeInstanceOf(Api.auth.Authorization);

    const c2 = await client();
    const phrase = await sendCode(c2, '+9996620034');
    const p = dc.control.lastCode('+9996620034') ?? '';
    expect((phrase.type as Api.auth.SentCodeTypeSmsPhrase).beginning).toBe(p.split(' ')[0]);
    const partial = await rpcErrorOf(
      signIn(c2, '9996620034', phrase.phoneCodeHash, { phoneCode: p.split(' ')[0] }),
    );
    expect(partial.errorMessage).toBe('PHONE_CODE_INVALID');
    expect(
      await signIn(c2, '9996620034', phrase.phoneCodeHash, { phoneCode: p.replace(/ /g, '  ') }),
    ).toBeInstanceOf(Api.auth.Authorization);
  });

  test('missedCall and flashCall: the calling number carries the code', async () => {
    const c = await client();
    const missed = await sendCode(c, '+9996620035');
    const missedType = missed.type as Api.auth.SentCodeTypeMissedCall;
    expect(missedType).toMatchObject({ prefix: '+999771', length: 4 });
    const caller = dc.control.lastCallingNumber('+9996620035') ?? '';
    expect(caller).toMatch(/^\+999771\d{4}$/);
    expect(
      await signIn(c, '9996620035', missed.phoneCodeHash, { phoneCode: caller.slice(-4) }),
    ).toBeInstanceOf(Api.auth.Authorization);

    const c2 = await client();
    const flash = await sendCode(c2, '+9996620036');
    expect((flash.type as Api.auth.SentCodeTypeFlashCall).pattern).toBe('999772*****');
    const flashCaller = dc.control.lastCallingNumber('+9996620036') ?? '';
    expect(
      await signIn(c2, '9996620036', flash.phoneCodeHash, { phoneCode: flashCaller.slice(1) }),
    ).toBeInstanceOf(Api.auth.Authorization);
  });

  test('fragmentSms carries its URL; firebaseSms sends nothing and resends without a wait', async () => {
    const c = await client();
    const fragment = await sendCode(c, '+9996620037');
    expect((fragment.type as Api.auth.SentCodeTypeFragmentSms).url).toBe(
      'https://fragment.com/number/9996620037/code',
    );
    expect(fragment.nextType ?? null).toBeNull();

    const before = dc.control.lastCode('+9996620038');
    const firebase = await sendCode(c, '+9996620038');
    expect(firebase.type).toBeInstanceOf(Api.auth.SentCodeTypeFirebaseSms);
    expect(firebase.nextType).toBeInstanceOf(Api.auth.CodeTypeSms);
    expect(firebase.timeout ?? null).toBeNull();
    expect(dc.control.lastCode('+9996620038')).toBe(before);
    const sms = await c.invoke(
      new Api.auth.ResendCode({ phoneNumber: '9996620038', phoneCodeHash: firebase.phoneCodeHash }),
    );
    if (!(sms instanceof Api.auth.SentCode)) throw new Error('expected auth.sentCode');
    expect(sms.type).toBeInstanceOf(Api.auth.SentCodeTypeSms);
    expect(sms.nextType ?? null).toBeNull();
    const unavailable = await rpcErrorOf(
      c.invoke(
        new Api.auth.ResendCode({ phoneNumber: '9996620038', phoneCodeHash: sms.phoneCodeHash }),
      ),
    );
    expect(unavailable.errorMessage).toBe('SEND_CODE_UNAVAILABLE');
  });
});
