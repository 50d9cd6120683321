import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Api, TelegramClient } from 'telegram';
import { _serverKeys } from 'telegram/crypto/RSA';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { returnBigInt } from 'telegram/Helpers';
import { ConnectionTCPFull } from 'telegram/network';
import { computeDigest } from 'telegram/Password';
import { StringSession } from 'telegram/sessions';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { withTimeout } from './test-helpers';

/**
 * The CLI as other tools use it: a child process, and nothing but its stdout JSON lines plus
 * GramJS. Logs in to every demo account, including 2FA and e-mail recovery.
 */

interface Listening {
  event: 'listening';
  dcs: { id: number; host: string; port: number }[];
  rsa: { fingerprint: string; n: string; e: number };
  accounts: {
    phone: string;
    firstName: string;
    dc: number;
    password?: string;
    hint?: string;
    recoveryEmail?: string;
    loginEmail?: string;
    codeTypes: string[];
    deactivated?: string;
  }[];
}
type Line =
  { event: string; phone?: string; code?: string; type?: string; email?: string } | Listening;

const root = join(__dirname, '..', '..');
let child: ChildProcessWithoutNullStreams;
const lines: Line[] = [];
const waiters: (() => void)[] = [];
const clients: TelegramClient[] = [];
let info: Listening;

function nextLine<T extends Line>(
  pred: (l: Line) => l is T,
  fromIndex: number,
  label: string,
): Promise<T> {
  return withTimeout(
    new Promise<T>((resolve) => {
      const check = (): boolean => {
        const hit = lines.slice(fromIndex).find(pred);
        if (hit) resolve(hit);
        return !!hit;
      };
      if (!check()) waiters.push(() => void check());
    }),
    15_000,
    label,
  );
}

beforeAll(async () => {
  child = spawn(
    join(root, 'node_modules', '.bin', 'tsx'),
    [join(__dirname, 'cli.ts'), '--scenario', 'demo', '--small-primes'],
    { cwd: root },
  );
  child.stderr.resume();
  createInterface({ input: child.stdout }).on('line', (l) => {
    lines.push(JSON.parse(l) as Line); // every stdout line must be JSON
    for (const w of waiters.splice(0)) w();
  });
  info = await nextLine((l): l is Listening => l.event === 'listening', 0, 'listening line');
  // Only what the CLI printed: trust its RSA key and route DC ids to its ports.
  _serverKeys.set(info.rsa.fingerprint, {
    n: returnBigInt(BigInt('0x' + info.rsa.n)),
    e: info.rsa.e,
  });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.destroy().catch(() => undefined)));
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
});

function newClient(saved = ''): TelegramClient {
  const dcs = info.dcs;
  class CliConnection extends ConnectionTCPFull {
    constructor(p: ConstructorParameters<typeof ConnectionTCPFull>[0]) {
      const dc = dcs.find((d) => d.id === p.dcId) ?? dcs.find((d) => d.id === 2);
      super({ ...p, ip: dc?.host ?? '127.0.0.1', port: dc?.port ?? 0 });
    }
  }
  const session = new StringSession(saved);
  const dc2 = dcs.find((d) => d.id === 2);
  if (dc2 && !saved) session.setDC(2, dc2.host, dc2.port);
  const client = new TelegramClient(session, 1, '0123456789abcdef0123456789abcdef', {
    connection: CliConnection,
    connectionRetries: 3,
    floodSleepThreshold: 0,
    baseLogger: new Logger(LogLevel.NONE),
  });
  clients.push(client);
  return client;
}

async function codeLogin(phone: string, password?: string): Promise<TelegramClient> {
  const client = newClient();
  await withTimeout(client.connect(), 15_000, 'connect');
  const from = lines.length;
  await withTimeout(
    client.start({
      phoneNumber: phone,
      phoneCode: async () =>
        (
          await nextLine(
            (l): l is Line & { code: string } => l.event === 'code' && l.phone === phone,
            from,
            'code line',
          )
        ).code,
      password: password === undefined ? undefined : async () => Promise.resolve(password),
      onError: (e) => Promise.reject(e),
    }),
    30_000,
    `login ${phone}`,
  );
  return client;
}

test('the listening line describes DCs, RSA key and demo accounts', () => {
  expect(info.dcs.map((d) => d.id)).toEqual([1, 2, 3]);
  for (const d of info.dcs) {
    expect(d.host).toBe('127.0.0.1');
    expect(d.port).toBeLessThanOrEqual(32767);
  }
  expect(info.rsa.fingerprint).toMatch(/^-?\d+$/);
  const phones = info.accounts.map((a) => a.phone);
  expect(phones.slice(0, 4)).toEqual(['+9996620001', '+9996610002', '+9996630003', '+9996620004']);
  // One account per code type beyond app, SMS and call.
  expect(info.accounts.map((a) => a.codeTypes[0])).toEqual(
    expect.arrayContaining([
      'email',
      'setup-email-required',
      'sms-word',
      'sms-phrase',
      'missed-call',
      'flash-call',
      'fragment-sms',
      'firebase-sms',
    ]),
  );
  expect(info.accounts.find((a) => a.codeTypes[0] === 'email')).toMatchObject({
    loginEmail: 'emma@example.com',
  });
  expect(phones).toContain('+9996630042');
  expect(info.accounts.find((a) => a.phone === '+9996610002')).toMatchObject({
    password: 'bob-password',
    hint: 'pet + year',
    recoveryEmail: 'bob@example.com',
  });
  expect(info.accounts.find((a) => a.phone === '+9996620001')?.password).toBeUndefined();
});

test('logs in to every demo account with a phone code, with codes and passwords from stdout', async () => {
  // GramJS's client.start() sends every code as phone_code; email, login-email setup and
  // Firebase need their own calls (tools/telegram-dc/code-types.test.ts).
  // A deactivated account signs in, then answers USER_DEACTIVATED (account-standing.test.ts).
  const byPhoneCode = info.accounts.filter(
    (a) =>
      !['email', 'setup-email-required', 'firebase-sms'].includes(a.codeTypes[0] ?? '') &&
      a.deactivated === undefined,
  );
  expect(byPhoneCode.length).toBeGreaterThanOrEqual(9);
  for (const a of byPhoneCode) {
    const client = await codeLogin(a.phone, a.password);
    const me = await client.getMe();
    expect(me.firstName).toBe(a.firstName);
    expect(client.session.dcId).toBe(a.dc);
  }
});

test('Bob recovers his password by e-mail (code from stdout) and logs in with the new one', async () => {
  const phone = '+9996610002';
  const client = newClient();
  await withTimeout(client.connect(), 15_000, 'connect');
  const from = lines.length;
  await client
    .invoke(
      new Api.auth.SendCode({
        phoneNumber: phone,
        apiId: 1,
        apiHash: 'x',
        settings: new Api.CodeSettings({}),
      }),
    )
    .then(async (sent) => {
      const code = (
        await nextLine(
          (l): l is Line & { code: string } => l.event === 'code' && l.phone === phone,
          from,
          'code',
        )
      ).code;
      await client
        .invoke(
          new Api.auth.SignIn({
            phoneNumber: phone,
            phoneCodeHash: (sent as Api.auth.SentCode).phoneCodeHash,
            phoneCode: code,
          }),
        )
        .catch((e: unknown) => {
          expect((e as { errorMessage?: string }).errorMessage).toBe('SESSION_PASSWORD_NEEDED');
        });
    });
  const recFrom = lines.length;
  const rec = await client.invoke(new Api.auth.RequestPasswordRecovery());
  expect(rec.emailPattern).toBe('b***@example.com');
  const line = await nextLine(
    (l): l is Line & { code: string } => l.event === 'recovery-code' && l.phone === phone,
    recFrom,
    'recovery-code line',
  );
  expect(line).toMatchObject({ email: 'bob@example.com' });
  const pw = await client.invoke(new Api.account.GetPassword());
  const base = pw.newAlgo as Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow;
  const algo = new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
    salt1: Buffer.concat([base.salt1, Buffer.alloc(32, 3)]),
    salt2: base.salt2,
    g: base.g,
    p: base.p,
  });
  const settings = new Api.account.PasswordInputSettings({
    newAlgo: algo,
    newPasswordHash: await computeDigest(algo, 'bob-password-2'),
    hint: 'new pet',
  });
  expect(
    await client.invoke(new Api.auth.RecoverPassword({ code: line.code, newSettings: settings })),
  ).toBeInstanceOf(Api.auth.Authorization);

  const again = await codeLogin(phone, 'bob-password-2');
  expect((await again.getMe()).firstName).toBe('Bob');
  const p2 = await again.invoke(new Api.account.GetPassword());
  expect(p2.hint).toBe('new pet');
});

test('stdin commands act as another device (QR approval)', async () => {
  const client = newClient();
  await withTimeout(client.connect(), 15_000, 'connect');
  const user = await withTimeout(
    client.signInUserWithQrCode(
      { apiId: 1, apiHash: 'x' },
      {
        qrCode: async () => {
          child.stdin.write('accept-qr +9996620004\n');
          await Promise.resolve();
        },
        onError: async () => Promise.resolve(true),
      },
    ),
    20_000,
    'qr via stdin',
  );
  expect((user as Api.User).firstName).toBe('Dave');
});

test('a new 2FA recovery email of a signed-in account is confirmed with the code from stdout', async () => {
  const phone = '+9996620060';
  const client = await codeLogin(phone);
  const from = lines.length;
  await withTimeout(
    client.updateTwoFaSettings({
      newPassword: 'tess-password',
      hint: 'tess',
      email: 'tess@example.com',
      emailCodeCallback: async () =>
        (
          await nextLine(
            (l): l is Line & { code: string } =>
              l.event === 'password-email-code' && l.phone === phone,
            from,
            'password-email-code line',
          )
        ).code,
      onEmailCodeError: (e) => {
        throw e;
      },
    }),
    20_000,
    'updateTwoFaSettings',
  );
  const pw = await client.invoke(new Api.account.GetPassword());
  expect(pw.hasPassword).toBe(true);
  expect(pw.hasRecovery).toBe(true);
});
// Session import (issue 15)
test('stdin `sessions <phone> <dir>` prints a signed-in session in every format and writes .session files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gramdeck-cli-sessions-'));
  try {
    const from = lines.length;
    child.stdin.write(`sessions +9996620073 ${dir}\n`);
    const line = await nextLine(
      (l): l is SessionsLine => l.event === 'sessions',
      from,
      'sessions line',
    );
    expect(line).toMatchObject({ phone: '9996620073', dcId: 2 });
    expect(line.telethon).toMatch(/^1/);
    expect(line.pyrogram.length).toBeGreaterThan(300);
    expect(line.mtcute.length).toBeGreaterThan(300);
    expect(readFileSync(line.files.telethon).subarray(0, 15).toString()).toBe('SQLite format 3');
    expect(readFileSync(line.files.pyrogram).subarray(0, 15).toString()).toBe('SQLite format 3');
    const client = newClient(line.gramjs);
    await withTimeout(client.connect(), 15_000, 'connect');
    const me = await withTimeout(client.getMe(), 15_000, 'getMe');
    expect([me.id.toString(), me.firstName]).toEqual([line.userId, 'Lena']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

interface SessionsLine {
  event: 'sessions';
  phone: string;
  userId: string;
  dcId: number;
  gramjs: string;
  telethon: string;
  pyrogram: string;
  mtcute: string;
  files: { telethon: string; pyrogram: string };
}

// Chats and messages (issue 16)
test('stdin `say` makes one demo account write to another and to a group, live', async () => {
  const alice = await codeLogin('+9996620001');
  clients.push(alice);
  const seen: unknown[] = [];
  alice.addEventHandler((u: unknown) => {
    seen.push(u);
  });
  await withTimeout(alice.invoke(new Api.updates.GetState()), 15_000, 'state');
  child.stdin.write('say +9996610002 +9996620001 Are you there, Alice?\n');
  child.stdin.write('say +9996620090 #Weekend plans I will bring the map\n');
  await withTimeout(
    (async () => {
      for (;;) {
        const texts = seen.map((u) =>
          u instanceof Api.UpdateShortMessage || u instanceof Api.UpdateShortChatMessage
            ? u.message
            : '',
        );
        if (texts.includes('Are you there, Alice?') && texts.includes('I will bring the map'))
          return;
        await new Promise((r) => setTimeout(r, 50));
      }
    })(),
    10_000,
    'both messages arrive',
  );
  const dialogs = await withTimeout(alice.getDialogs({}), 15_000, 'dialogs');
  expect(dialogs.find((d) => d.title === 'Weekend plans')?.message?.message).toBe(
    'I will bring the map',
  );
  expect(dialogs.find((d) => d.name === 'Bob Demo')?.message?.message).toBe(
    'Are you there, Alice?',
  );
});
