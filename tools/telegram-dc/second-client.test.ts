import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { TelegramClient } from '@mtcute/core/client.js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { mtcuteClient, type MtcuteTarget } from '../../test/support/mtcute-client';
import { demoScenario, normalizePhone } from './index';
import { withTimeout } from './test-helpers';

/**
 * A second MTProto client that shares no code with GramJS (mtcute, on its own newer API layer)
 * signs in to `npm run dc -- --scenario demo` with nothing but what the CLI prints: the address,
 * the RSA key as PEM, the api id/hash, the demo accounts with their 2FA passwords, and the code
 * lines. Nothing on stderr may report a protocol problem (bad_msg_notification, an unreadable
 * query, an answer the client's layer cannot express).
 */

interface Listening {
  event: 'listening';
  dcs: { id: number; host: string; port: number }[];
  defaultDc: number;
  rsa: { fingerprint: string; fingerprintHex: string; pem: string };
  apiId: number;
  apiHash: string;
  layers: number[];
  accounts: { phone: string; firstName: string; password?: string; codeTypes: string[] }[];
}
interface CodeLine {
  event: 'code' | 'email-code';
  phone: string;
  code: string;
}
type Line = { event: string } | Listening | CodeLine;

/** What mtcute's layer answers to a raw auth.signIn that signed in. */
interface RawAuthorization {
  _: string;
  user: { _: string; id: number; firstName?: string; phone?: string };
}

/**
 * Every demo account that can sign in: the flood and blocked numbers are in no account list, and
 * a deactivated account signs in only to answer USER_DEACTIVATED (account-standing.test.ts).
 */
const signInAccounts = demoScenario.accounts.filter((a) => a.deactivated === undefined);
const root = join(__dirname, '..', '..');
let child: ChildProcessWithoutNullStreams;
const lines: Line[] = [];
const stderr: string[] = [];
const waiters: (() => void)[] = [];
const clients: TelegramClient[] = [];
let info: Listening;
let target: MtcuteTarget;

function nextLine<T extends Line>(
  pred: (l: Line) => l is T,
  from: number,
  label: string,
): Promise<T> {
  return withTimeout(
    new Promise<T>((resolve) => {
      const check = (): boolean => {
        const hit = lines.slice(from).find(pred);
        if (hit) resolve(hit);
        return !!hit;
      };
      if (!check()) waiters.push(() => void check());
    }),
    30_000,
    label,
  );
}

beforeAll(async () => {
  child = spawn(
    join(root, 'node_modules', '.bin', 'tsx'),
    [join(__dirname, 'cli.ts'), '--scenario', 'demo'],
    { cwd: root },
  );
  createInterface({ input: child.stderr }).on('line', (l) => stderr.push(l));
  createInterface({ input: child.stdout }).on('line', (l) => {
    lines.push(JSON.parse(l) as Line);
    for (const w of waiters.splice(0)) w();
  });
  info = await nextLine((l): l is Listening => l.event === 'listening', 0, 'listening line');
  const dc = info.dcs.find((d) => d.id === info.defaultDc);
  if (!dc) throw new Error('the banner names no default DC');
  target = { dc, publicKeyPem: info.rsa.pem, apiId: info.apiId, apiHash: info.apiHash };
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.destroy().catch(() => undefined)));
  child.kill('SIGTERM');
});

test('the banner lists every demo account and a layer newer than GramJS’s', () => {
  expect(info.accounts.map((a) => a.phone)).toEqual(demoScenario.accounts.map((a) => a.phone));
  expect(info.rsa.pem).toMatch(/^-----BEGIN RSA PUBLIC KEY-----/);
  expect(Math.max(...info.layers)).toBeGreaterThan(Math.min(...info.layers));
});

/** The code line the DC prints for `phone` after line `from`. */
function codeLine(
  phone: string,
  from: number,
  event: CodeLine['event'] = 'code',
): Promise<CodeLine> {
  return nextLine(
    (l): l is CodeLine => l.event === event && 'phone' in l && l.phone === phone,
    from,
    `${event} line`,
  );
}

/**
 * Signs in with a code sent by e-mail, which Telegram takes as `email_verification` and not as
 * `phone_code`; mtcute's `signIn` knows only the latter, so this is a raw call.
 */
async function signInByEmail(
  tg: TelegramClient,
  phone: string,
  phoneCodeHash: string,
  code: string,
): Promise<{ firstName: string | null; phoneNumber: string | null; id: number }> {
  const answer = (await tg.call({
    _: 'auth.signIn',
    phoneNumber: phone,
    phoneCodeHash,
    emailVerification: { _: 'emailVerificationCode', code },
  })) as unknown as RawAuthorization;
  if (answer._ !== 'auth.authorization') throw new Error(`signIn answered ${answer._}`);
  return {
    firstName: answer.user.firstName ?? null,
    phoneNumber: answer.user.phone ?? null,
    id: answer.user.id,
  };
}

test.each(signInAccounts.map((a) => [a.phone, a.firstName] as const))(
  'mtcute signs in %s (%s) from the printed banner and code line',
  async (phone, firstName) => {
    const printed = info.accounts.find((a) => a.phone === phone);
    if (!printed) throw new Error(`${phone} is not in the banner`);
    const tg = mtcuteClient(target);
    clients.push(tg);
    let from = lines.length;
    let sent = await withTimeout(tg.sendCode({ phone }), 60_000, 'sendCode');
    if (!('phoneCodeHash' in sent)) throw new Error('already signed in');
    const purpose = {
      _: 'emailVerifyPurposeLoginSetup',
      phoneNumber: phone,
      phoneCodeHash: sent.phoneCodeHash,
    } as const;
    const firstType = printed.codeTypes[0];
    if (firstType === 'firebase-sms') {
      // Only official apps can receive Firebase SMS: ask for the next way, as Telegram expects.
      from = lines.length;
      sent = await withTimeout(
        tg.resendCode({ phone, phoneCodeHash: sent.phoneCodeHash }),
        60_000,
        'resendCode',
      );
    } else if (firstType === 'setup-email-required') {
      // Telegram first wants a login email: add one, confirm it with the code sent there.
      await tg.call({ _: 'account.sendVerifyEmailCode', purpose, email: 'second@example.com' });
      const confirm = await codeLine(phone, from, 'email-code');
      from = lines.length;
      await tg.call({
        _: 'account.verifyEmail',
        purpose,
        verification: { _: 'emailVerificationCode', code: confirm.code },
      });
    }
    const line = await codeLine(phone, from);
    const isEmail = firstType === 'email' || firstType === 'setup-email-required';
    let user;
    try {
      user = isEmail
        ? await withTimeout(
            signInByEmail(tg, phone, sent.phoneCodeHash, line.code),
            60_000,
            'signIn by email',
          )
        : await withTimeout(
            tg.signIn({ phone, phoneCodeHash: sent.phoneCodeHash, phoneCode: line.code }),
            60_000,
            'signIn',
          );
    } catch (e) {
      if (!(e instanceof Error) || !e.message.includes('SESSION_PASSWORD_NEEDED')) throw e;
      if (!printed.password) throw new Error('2FA asked for an account printed without one');
      user = await withTimeout(tg.checkPassword(printed.password), 60_000, 'checkPassword');
    }
    expect(user.firstName).toBe(firstName);
    expect(user.phoneNumber).toBe(normalizePhone(phone));
    const me = await withTimeout(tg.getMe(), 60_000, 'getMe');
    expect(me.id).toBe(user.id);
    await tg.destroy();
  },
  180_000,
);

test('the DC reported no protocol problem on stderr', () => {
  expect(
    stderr.filter((l) => /bad_msg_notification|cannot read|cannot express|not sent/.test(l)),
  ).toEqual([]);
});
