import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api, type TelegramClient } from 'telegram';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  DcStateError,
  demoScenario,
  persistDcState,
  readDcState,
  startTestDc,
  type Scenario,
  type TestDc,
} from './index';
import { connected, loggedIn, savedSession, signInWithCode, withTimeout } from './test-helpers';

/** The sandbox's state file: a DC restarted on it still serves the sessions signed in before. */

const scenario: Scenario = {
  name: 'state-tests',
  accounts: [
    {
      phone: '+9996620201',
      dcId: 2,
      firstName: 'Ivy',
      dialogs: [{ peer: { kind: 'user', firstName: 'Pal' }, lastMessage: 'see you tomorrow' }],
    },
    {
      phone: '+9996620202',
      dcId: 2,
      firstName: 'Jon',
      twoFactor: { password: 'jon-pass', hint: 'jon' },
    },
  ],
};

let dir: string;
const dcs: TestDc[] = [];
const clients: TelegramClient[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dc-state-'));
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.destroy().catch(() => undefined)));
  await Promise.all(dcs.splice(0).map((d) => d.stop()));
  rmSync(dir, { recursive: true, force: true });
});

async function start(state?: ReturnType<typeof readDcState>): Promise<TestDc> {
  const dc = await startTestDc({ scenario, smallPrimes: true, ...(state ? { state } : {}) });
  dcs.push(dc);
  return dc;
}

/** A manual interval for the persister: `tick()` runs what the interval would run. */
function manualEvery(): { every: (ms: number, fn: () => void) => () => void; tick(): void } {
  let run: (() => void) | undefined;
  return {
    every: (_ms, fn) => {
      run = fn;
      return () => {
        run = undefined;
      };
    },
    tick: () => run?.(),
  };
}

describe('a DC restarted on its state file', () => {
  test('still serves a session signed in before the restart, on the same ports and RSA key', async () => {
    const file = join(dir, 'dc-state.json');
    const first = await start();
    const timer = manualEvery();
    const persister = persistDcState(file, () => first.snapshot(), { every: timer.every });
    const before = readFileSync(file, 'utf8');

    const ivy = await loggedIn(first, '+9996620201');
    clients.push(ivy);
    const session = savedSession(ivy);
    const ivyId = (await withTimeout(ivy.getMe(), 15_000, 'getMe')).id.toString();
    timer.tick();
    const afterSignIn = readFileSync(file, 'utf8');
    expect(afterSignIn).not.toBe(before);
    await ivy.destroy();
    persister.stop();
    await first.stop();

    const state = readDcState(file, scenario.name);
    expect(state).not.toBeNull();
    const second = await start(state);
    expect(second.dcs).toEqual(first.dcs);
    expect(second.rsa).toEqual(first.rsa);

    const again = await connected(second, session);
    clients.push(again);
    const me = await withTimeout(again.getMe(), 15_000, 'getMe after restart');
    expect(me.id.toString()).toBe(ivyId);
    expect(me.firstName).toBe('Ivy');
    const dialogs = await withTimeout(again.getDialogs({}), 15_000, 'getDialogs');
    expect(dialogs.map((d) => d.message?.message)).toContain('see you tomorrow');
    const auths = await withTimeout(
      again.invoke(new Api.account.GetAuthorizations()),
      15_000,
      'getAuthorizations',
    );
    expect(auths.authorizations.some((a) => a.current)).toBe(true);
  });

  test('keeps passwords: a 2FA account still needs its password after the restart', async () => {
    const file = join(dir, 'dc-state.json');
    const first = await start();
    persistDcState(file, () => first.snapshot(), { every: manualEvery().every }).stop();
    await first.stop();

    const second = await start(readDcState(file, scenario.name));
    const client = await connected(second);
    clients.push(client);
    await expect(signInWithCode(client, second, '+9996620202')).rejects.toMatchObject({
      errorMessage: 'SESSION_PASSWORD_NEEDED',
    });
    const password = await withTimeout(
      client.invoke(new Api.account.GetPassword()),
      15_000,
      'getPassword',
    );
    expect(password.hint).toBe('jon');
  });

  test('keeps a requested password reset and its date (issue 15)', async () => {
    const file = join(dir, 'dc-state.json');
    const first = await start();
    const seeded = await first.control.seedAuthorizedSession('+9996620202');
    const jon = await connected(first, seeded.session);
    clients.push(jon);
    const requested = await withTimeout(
      jon.invoke(new Api.account.ResetPassword()),
      15_000,
      'resetPassword',
    );
    if (!(requested instanceof Api.account.ResetPasswordRequestedWait))
      throw new Error(`unexpected ${requested.className}`);
    persistDcState(file, () => first.snapshot(), { every: manualEvery().every }).stop();
    await jon.destroy();
    await first.stop();

    const second = await start(readDcState(file, scenario.name));
    const again = await connected(second, seeded.session);
    clients.push(again);
    const password = await withTimeout(
      again.invoke(new Api.account.GetPassword()),
      15_000,
      'getPassword',
    );
    expect(password.pendingResetDate).toBe(requested.untilDate);
  });

  test('keeps a key GramJS stores without its leading zero byte (about 1 in 256)', async () => {
    const file = join(dir, 'dc-state.json');
    const first = await start();
    clients.push(await loggedIn(first, '+9996620201'));
    persistDcState(file, () => first.snapshot()).stop();
    const json = JSON.parse(readFileSync(file, 'utf8')) as {
      store: { keys: { key: string }[] };
    };
    const short = Buffer.alloc(255, 7).toString('base64');
    for (const key of json.store.keys) key.key = short;
    writeFileSync(file, JSON.stringify(json));
    const state = readDcState(file, scenario.name);
    expect(state?.store.keys.map((k) => k.key.length)).toEqual(json.store.keys.map(() => 255));
  });

  test('the persister writes only when the state changed', async () => {
    const file = join(dir, 'dc-state.json');
    const dc = await start();
    const timer = manualEvery();
    const persister = persistDcState(file, () => dc.snapshot(), { every: timer.every });
    expect(persister.save()).toBe(false);
    const client = await connected(dc);
    clients.push(client);
    expect(persister.save()).toBe(true);
    expect(persister.save()).toBe(false);
  });
});

describe('a state file that cannot be used', () => {
  test('is absent: the DC starts clean', () => {
    expect(readDcState(join(dir, 'none.json'), scenario.name)).toBeNull();
  });

  test('cut short, not ours, or another scenario: one sentence that names --fresh', async () => {
    const file = join(dir, 'dc-state.json');
    const dc = await start();
    persistDcState(file, () => dc.snapshot(), { every: manualEvery().every }).stop();
    const whole = readFileSync(file, 'utf8');
    const damaged = JSON.parse(whole) as { store: { keys: unknown[] } };
    damaged.store.keys.push({ dcId: 'two' });
    const cases: [string, RegExp][] = [
      [whole.slice(0, whole.length / 2), /not valid JSON/],
      ['{"hello":"world"}', /not a sandbox DC state file/],
      [JSON.stringify(damaged), /damaged \(store\.keys\.0\.dcId: /],
    ];
    for (const [text, why] of cases) {
      writeFileSync(file, text);
      const error = catchError(() => readDcState(file, scenario.name));
      expect(error).toBeInstanceOf(DcStateError);
      expect(error.message).toMatch(why);
      expect(error.message).toContain('--fresh');
      expect(error.message).not.toContain('\n');
    }
    writeFileSync(file, whole);
    expect(catchError(() => readDcState(file, 'demo')).message).toMatch(
      /belongs to the scenario "state-tests"/,
    );
  });

  test('the CLI stops with that sentence on stderr, without a stack trace', async () => {
    const file = join(dir, 'dc-state.json');
    writeFileSync(file, '{"format":"gramdeck-sandbox-dc-state","version":1,"scen');
    expect(await runCli(file)).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        `[telegram-dc] The sandbox state file ${file} cannot be used: it is not valid JSON (cut short or edited?). Start with --fresh to begin with a clean sandbox (its accounts and sign-ins are lost), or move the file away.`,
      ],
    });
  });

  test('the CLI says in one sentence when the saved ports are taken (another DC on the same state)', async () => {
    const file = join(dir, 'dc-state.json');
    const running = await startTestDc({ scenario: demoScenario, smallPrimes: true });
    dcs.push(running);
    persistDcState(file, () => running.snapshot(), { every: manualEvery().every }).stop();
    const result = await runCli(file);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(
      new RegExp(
        `^\\[telegram-dc\\] Port ${running.dcs[0]?.port ?? 0} on 127\\.0\\.0\\.1, .* is in use: .* start with --fresh`,
      ),
    );
  });
});

/** Runs the CLI on a state file until it exits by itself. */
async function runCli(
  stateFile: string,
): Promise<{ code: number | null; stdout: string; stderr: string[] }> {
  const root = join(__dirname, '..', '..');
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), [
    join(__dirname, 'cli.ts'),
    '--scenario',
    'demo',
    '--state',
    stateFile,
  ]);
  let stderr = '';
  let stdout = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  const code = await withTimeout(
    new Promise<number | null>((resolve) => child.once('exit', resolve)),
    30_000,
    'the CLI to exit',
  ).finally(() => child.kill('SIGKILL'));
  return { code, stdout, stderr: stderr.trim().split('\n') };
}

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    if (e instanceof Error) return e;
  }
  throw new Error('expected an error');
}
