/**
 * Session import (issue 15) with the real core (real vault on disk, real settings, the GramJS
 * gateway) against the local MTProto DC, whose control channel mints the sessions: a mixed
 * batch gives the right outcome per row and one vault record per new user; a cancelled or
 * aborted import leaves no account behind in the vault; sessions reach no event and no log.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { GramdeckCore } from '../../electron/core/app';
import { createLogger, type LogRecord } from '../../electron/core/logging';
import type { Channel, EventName, InputOf, ResultOf } from '../../electron/shared/contract';
import type { AccountsState } from '../../electron/shared/dto';
import type { Envelope } from '../../electron/shared/errors';
import type { ImportJobView } from '../../electron/shared/session-import-dto';
import { createGramJsGateway } from '../../electron/telegram';
import { demoScenario, startTestDc, type TestDc } from '../../tools/telegram-dc';
import { pyrogramSessionFile } from '../../tools/telegram-dc/mint';
import { answerOf, createWebTestCore, testSender, until } from '../support/web-core';

const passcode = 'session-import-4711';
let dc: TestDc;
let dataDir: string;
let core: GramdeckCore;
const logs: LogRecord[] = [];
const pushed: { event: EventName; payload: unknown }[] = [];
const secrets: string[] = [];

async function call<C extends Channel>(
  channel: C,
  args?: InputOf<C>,
): Promise<Envelope<ResultOf<C>>> {
  return (await core.router.dispatch(channel, args, testSender)) as Envelope<ResultOf<C>>;
}

function ok<C extends Channel>(channel: C, args?: InputOf<C>): Promise<ResultOf<C>> {
  return answerOf(core, channel, args);
}

async function openCore(): Promise<GramdeckCore> {
  const logger = createLogger((record) => logs.push(record), { minLevel: 'debug' });
  const c = await createWebTestCore({
    dataDir,
    logger,
    gateway: createGramJsGateway({ logger, connectTimeoutMs: 5_000, callTimeoutMs: 5_000 }),
    sandboxProfile: dc.profile(),
  });
  c.events.subscribe((event, payload) => {
    pushed.push({ event, payload: structuredClone(payload) });
  });
  await c.start();
  return c;
}

/** The import's last pushed view once it has ended. */
async function ended(jobId: string): Promise<ImportJobView> {
  let view: ImportJobView | undefined;
  await until(() => {
    view = pushed
      .filter((p) => p.event === 'import:changed')
      .map((p) => p.payload as ImportJobView)
      .findLast((v) => v.jobId === jobId);
    return view?.state === 'done' || view?.state === 'cancelled';
  }, 'end of the import');
  if (!view) throw new Error('no view');
  return view;
}

async function mint(phone: string) {
  const minted = await dc.control.mintSessions(phone);
  secrets.push(minted.gramjs, minted.telethon, minted.pyrogram, minted.mtcute);
  secrets.push(Buffer.from(minted.seeded.authKey).toString('hex').slice(0, 32));
  return minted;
}

/**
 * The accounts the vault holds a record of: `<id>.json`, or only `<id>.json.bak` while that record
 * is being rewritten (atomic-file.ts; the salts an account tops up once online rewrite it).
 */
function vaultRecords(): string[] {
  const dir = join(dataDir, 'vault', 'accounts');
  const ids = readdirSync(dir)
    .filter((f) => f.endsWith('.json') || f.endsWith('.json.bak'))
    .map((f) => f.replace(/\.bak$/, ''));
  return [...new Set(ids)];
}

beforeAll(async () => {
  dc = await startTestDc({ scenario: demoScenario, smallPrimes: true });
  dataDir = mkdtempSync(join(tmpdir(), 'gramdeck-session-import-'));
  core = await openCore();
  await ok('vault:set-passcode', { passcode });
  // One account already signed in the usual way: Alice.
  const started = await ok('auth:start', { phone: '+9996620001' });
  const view = await ok('auth:submit-code', {
    attemptId: started.attemptId,
    code: dc.control.lastCode('+9996620001') ?? '',
  });
  expect(view.step).toBe('done');
});

afterAll(async () => {
  await core.stop();
  await dc.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a mixed batch', () => {
  test('gives the right outcome per row and exactly one vault record per new user', async () => {
    const ida = await mint('+9996620070');
    const jack = await mint('+9996610071');
    const kim = await mint('+9996630072');
    const lena = await mint('+9996620073');
    const alice = await mint('+9996620001');
    const revoked = await mint('+9996620074');
    dc.control.forgetAuthKeys({ keyId: revoked.seeded.authKeyId });
    const idaAgain = await mint('+9996620070');
    const text = [
      ida.gramjs,
      jack.telethon,
      '',
      kim.pyrogram,
      lena.mtcute,
      alice.mtcute,
      revoked.gramjs,
      'not a session at all',
      idaAgain.telethon,
    ].join('\n');
    const file = Buffer.from(await pyrogramSessionFile(alice.seeded)).toString('base64');
    const before = vaultRecords().length;

    const preview = await ok('sessions:preview', {
      items: [
        { name: '', text },
        { name: 'alice.session', base64: file },
      ],
    });
    expect(preview.rows.map((r) => [r.source, r.format, r.dcId, r.userId])).toEqual([
      ['line 1', 'gramjs', 2, null],
      ['line 2', 'telethon', 1, null],
      ['line 4', 'pyrogram', 3, kim.userId],
      ['line 5', 'mtcute', 2, lena.userId],
      ['line 6', 'mtcute', 2, alice.userId],
      ['line 7', 'gramjs', 2, null],
      ['line 8', null, null, null],
      ['line 9', 'telethon', 2, null],
      ['alice.session', 'pyrogram-file', 2, alice.userId],
    ]);
    expect(preview.rows.map((r) => r.problem)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      expect.stringMatching(/not a session string/),
      null,
      null,
    ]);
    // Alice is an account already: the rows whose format names her user say so before importing.
    const aliceId = (await ok('accounts:list')).accounts.find(
      (a) => a.displayName === 'Alice Demo',
    )?.id;
    expect(aliceId).toBeDefined();
    expect(preview.rows.map((r) => r.knownAccountId)).toEqual([
      null,
      null,
      null,
      null,
      aliceId,
      null,
      null,
      null,
      aliceId,
    ]);

    const started = await ok('sessions:import', {
      previewId: preview.previewId,
      rowIds: preview.rows.map((r) => r.rowId),
    });
    // Rows that need no connect (an unreadable line, a user already here) may end before the
    // answer: only the total is fixed at the start.
    expect(started).toMatchObject({ total: 9 });
    const view = await ended(started.jobId);
    const outcomeOf = (source: string) => view.results.find((r) => r.source === source)?.outcome;
    expect(Object.fromEntries(preview.rows.map((r) => [r.source, outcomeOf(r.source)]))).toEqual({
      'line 1': 'added',
      'line 2': 'added',
      'line 4': 'added',
      'line 5': 'added',
      'line 6': 'already-added',
      'line 7': 'key-invalid',
      'line 8': 'unreadable',
      'line 9': 'already-added',
      'alice.session': 'already-added',
    });
    expect(view.counts).toMatchObject({
      added: 4,
      'already-added': 3,
      'key-invalid': 1,
      unreadable: 1,
    });
    expect(view.results.find((r) => r.source === 'line 8')?.message).toMatch(
      /not a session string/,
    );
    expect(view.results.find((r) => r.source === 'line 7')?.message).toMatch(/no longer valid/);

    // Online at once, one account per user, and one vault record per new user.
    await until(() => {
      const s = core.accounts();
      return (
        (s?.accounts.length ?? 0) === 5 &&
        (s?.accounts.every((a) => a.status.kind === 'online') ?? false)
      );
    }, 'five accounts online');
    const names = (core.accounts() as AccountsState).accounts.map((a) => a.displayName).sort();
    expect(names).toEqual(['Alice Demo', 'Ida Import', 'Jack Import', 'Kim Import', 'Lena Import']);
    expect(vaultRecords().length).toBe(before + 4);
  });

  test('no session or key reached a push event or a log line', () => {
    const seen = JSON.stringify(pushed) + JSON.stringify(logs);
    for (const secret of secrets) expect(seen).not.toContain(secret);
  });

  test('the imported accounts come back from the vault after a restart', async () => {
    await core.stop();
    core = await openCore();
    await ok('vault:unlock', { passcode });
    await until(() => {
      const s = core.accounts();
      return (
        (s?.accounts.length ?? 0) === 5 &&
        (s?.accounts.every((a) => a.status.kind === 'online') ?? false)
      );
    }, 'five accounts restored online');
  });
});

describe('cancel, abort and lock', () => {
  test('cancel stops new rows and rolls back rows in flight: nothing is saved', async () => {
    const sessions = await Promise.all(['+9996620004', '+9996620031', '+9996620033'].map(mint));
    const before = vaultRecords().length;
    const preview = await ok('sessions:preview', {
      items: [{ name: 'list.txt', text: sessions.map((s) => s.gramjs).join('\n') }],
    });
    dc.control.setDelay('users.getUsers', 2_000);
    const getUsersBefore = dc.control.callCount('users.getUsers');
    try {
      const started = await ok('sessions:import', {
        previewId: preview.previewId,
        rowIds: preview.rows.map((r) => r.rowId),
      });
      await until(() => dc.control.callCount('users.getUsers') > getUsersBefore, 'a row in flight');
      const cancelled = await ok('sessions:import-cancel');
      expect(cancelled?.state).toBe('cancelled');
      const view = await ended(started.jobId);
      expect(view.counts.cancelled).toBe(3);
      expect(view.results.map((r) => r.outcome)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    } finally {
      dc.control.setDelay('users.getUsers', 0);
    }
    expect(vaultRecords().length).toBe(before);
    expect(core.accounts()?.accounts.length).toBe(5);
  });

  test('an import aborted mid-way (the app stops) leaves no half-saved account; the vault reopens', async () => {
    const sessions = await Promise.all(['+9996620035', '+9996620036'].map(mint));
    const before = vaultRecords().length;
    const preview = await ok('sessions:preview', {
      items: [{ name: '', text: sessions.map((s) => s.mtcute).join('\n') }],
    });
    dc.control.setDelay('users.getUsers', 2_000);
    try {
      await ok('sessions:import', {
        previewId: preview.previewId,
        rowIds: preview.rows.map((r) => r.rowId),
      });
      await core.stop();
    } finally {
      dc.control.setDelay('users.getUsers', 0);
    }
    core = await openCore();
    await ok('vault:unlock', { passcode });
    await until(() => (core.accounts()?.accounts.length ?? 0) === 5, 'the saved accounts');
    expect(vaultRecords().length).toBe(before);
    expect(core.accounts()?.accounts.map((a) => a.displayName)).not.toContain('Mia Demo');
  });

  test('while locked every import channel answers LOCKED; the lock drops the preview', async () => {
    const s = await mint('+9996620037');
    const preview = await ok('sessions:preview', { items: [{ name: '', text: s.gramjs }] });
    await ok('vault:lock');
    for (const [channel, args] of [
      ['sessions:preview', { items: [{ name: '', text: s.gramjs }] }],
      ['sessions:import', { previewId: preview.previewId, rowIds: ['r1'] }],
      ['sessions:import-cancel', undefined],
      ['sessions:import-status', undefined],
    ] as const) {
      const result = await call(channel, args as never);
      expect(result.ok ? 'ok' : result.error.code, channel).toBe('LOCKED');
    }
    await ok('vault:unlock', { passcode });
    const again = await call('sessions:import', { previewId: preview.previewId, rowIds: ['r1'] });
    expect(again.ok ? 'ok' : again.error.code).toBe('NOT_FOUND');
  });
});

describe('storage not protected yet', () => {
  test('an import is refused up front, in words, before any row connects', async () => {
    const bareDir = mkdtempSync(join(tmpdir(), 'gramdeck-session-import-bare-'));
    const logger = createLogger(() => undefined, { minLevel: 'debug' });
    // No passcode, weak storage not accepted: nothing may be saved.
    const bare = await createWebTestCore({
      dataDir: bareDir,
      logger,
      gateway: createGramJsGateway({ logger, connectTimeoutMs: 5_000, callTimeoutMs: 5_000 }),
      sandboxProfile: dc.profile(),
    });
    await bare.start();
    try {
      const minted = await mint('+9996620073');
      const preview = await answerOf(bare, 'sessions:preview', {
        items: [{ name: '', text: minted.gramjs }],
      });
      const checks = dc.control.callCount('users.getUsers');
      const started = (await bare.router.dispatch(
        'sessions:import',
        { previewId: preview.previewId, rowIds: preview.rows.map((r) => r.rowId) },
        testSender,
      )) as Envelope<ImportJobView>;
      expect(started.ok).toBe(false);
      if (started.ok) return;
      expect(started.error.code).toBe('STORAGE_NOT_SECURE');
      expect(started.error.message).toMatch(/Set an app passcode, or accept weak storage/);
      expect(dc.control.callCount('users.getUsers')).toBe(checks);
    } finally {
      await bare.stop();
      rmSync(bareDir, { recursive: true, force: true });
    }
  });
});
