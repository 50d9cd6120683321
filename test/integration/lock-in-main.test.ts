/**
 * The lock in main, with the real core (real vault on disk, real settings, real GramJS) against
 * the local MTProto DC: with "stay connected while locked", a login code that arrives while
 * locked reaches no push-event listener and no notice in clear, the cached inbox is gone, and
 * everything comes back after unlock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { LoginCodeNotice } from '../../electron/core/accounts';
import { type GramdeckCore } from '../../electron/core/app';
import { createLogger, type LogRecord } from '../../electron/core/logging';
import type { Channel, EventName, InputOf, ResultOf } from '../../electron/shared/contract';
import { createGramJsGateway } from '../../electron/telegram';
import { createCoreHarness } from '../support/core-harness';
import { createRecordingLogger } from '../support/logger';
import { startTestDc, type TestDc } from '../../tools/telegram-dc';
import { answerOf, createWebTestCore, testSender, until } from '../support/web-core';

const phone = '+9996610002';
const davesPhone = '+9996620004';
const passcode = 'lock-in-main-4711';
const sender = testSender;

let dc: TestDc;
let dataDir: string;
let core: GramdeckCore;
const logs: LogRecord[] = [];
const pushed: { event: EventName; payload: unknown }[] = [];
const notices: LoginCodeNotice[] = [];

function ok<C extends Channel>(channel: C, args?: InputOf<C>): Promise<ResultOf<C>> {
  return answerOf(core, channel, args);
}

/** Another device asks Telegram for a login code: the DC sends it to Bob's open sessions. */
async function requestCodeElsewhere(): Promise<string> {
  const other = createCoreHarness({
    gateway: createGramJsGateway({ logger: createRecordingLogger() }),
    target: { profile: dc.profile(), apiId: 1, apiHash: 'a'.repeat(32) },
  });
  try {
    await other.ok('auth:start', { phone });
  } finally {
    await other.stop();
  }
  const code = dc.control.lastCode(phone);
  if (!code) throw new Error('the DC issued no code');
  return code;
}

beforeAll(async () => {
  dc = await startTestDc({
    scenario: {
      name: 'lock-in-main',
      accounts: [
        { phone, dcId: 1, firstName: 'Bob' },
        { phone: davesPhone, dcId: 2, firstName: 'Dave' },
      ],
    },
    smallPrimes: true,
  });
  dataDir = mkdtempSync(join(tmpdir(), 'gramdeck-lock-in-main-'));
  const logger = createLogger((record) => logs.push(record), { minLevel: 'debug' });
  core = await createWebTestCore({
    dataDir,
    logger,
    gateway: createGramJsGateway({ logger, connectTimeoutMs: 5_000, callTimeoutMs: 5_000 }),
    sandboxProfile: dc.profile(),
  });
  core.events.subscribe((event, payload) => {
    pushed.push({ event, payload: structuredClone(payload) });
  });
  core.onLoginCode((notice) => notices.push({ ...notice }));
  await core.start();
});

afterAll(async () => {
  await core.stop();
  await dc.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('a login code arriving while locked reaches no listener in clear; unlock brings it back', async () => {
  await ok('vault:set-passcode', { passcode });
  await ok('settings:update', { keepConnectedWhileLocked: true, notifyLoginCodes: true });
  const started = await ok('auth:start', { phone });
  const view = await ok('auth:submit-code', {
    attemptId: started.attemptId,
    code: dc.control.lastCode(phone) ?? '',
  });
  const bob = view.accountId ?? '';
  expect(view.step).toBe('done');

  // Unlocked: a code lands in the inbox, is pushed, and the notice carries it.
  const first = await requestCodeElsewhere();
  await until(() => notices.some((n) => n.code === first), 'notice of the first code');
  await until(() => pushed.some((p) => JSON.stringify(p).includes(first)), 'inbox push');
  expect((await ok('accounts:login-codes', { accountId: bob })).map((m) => m.code)).toContain(
    first,
  );

  await ok('vault:lock');
  const lockedAt = pushed.length;
  const noticesAtLock = notices.length;
  const second = await requestCodeElsewhere();
  await until(() => notices.length > noticesAtLock, 'notice while locked');
  // Give any stray push (the coalesced account list is due within 50 ms) time to show up.
  await until(() => pushed.slice(lockedAt).some((p) => p.event === 'accounts:changed'), 'push');

  const whileLocked = pushed.slice(lockedAt);
  expect(whileLocked.map((p) => p.event)).not.toContain('inbox:changed');
  for (const p of whileLocked.filter((q) => q.event === 'accounts:changed')) {
    expect(p.payload).toEqual({ accounts: [], activeAccountId: null, restore: null });
  }
  const leaked = JSON.stringify(whileLocked) + JSON.stringify(notices.slice(noticesAtLock));
  for (const secret of [first, second, 'Login code']) expect(leaked).not.toContain(secret);
  expect(notices.slice(noticesAtLock)).toEqual([
    expect.objectContaining({ accountId: bob, isLocked: true, hasCode: false, code: null }),
  ]);
  expect(JSON.stringify(logs)).not.toContain(second);

  // The router refuses the inbox and the account list while locked.
  for (const channel of ['accounts:login-codes', 'accounts:list-chats'] as const) {
    await expect(core.router.dispatch(channel, { accountId: bob }, sender)).resolves.toMatchObject({
      ok: false,
      error: { code: 'LOCKED' },
    });
  }

  // Unlocked again: the inbox is fetched from Telegram anew and holds both codes.
  await ok('vault:unlock', { passcode });
  const codes = (await ok('accounts:login-codes', { accountId: bob })).map((m) => m.code);
  expect(codes).toEqual(expect.arrayContaining([first, second]));
  expect((await ok('accounts:list')).accounts.map((a) => a.id)).toEqual([bob]);
});

test('a login still open at lock is cancelled, and no login step answers while locked', async () => {
  if (!(await ok('vault:status')).hasPasscode) await ok('vault:set-passcode', { passcode });
  const started = await ok('auth:start', { phone: davesPhone });
  const code = dc.control.lastCode(davesPhone) ?? '';
  await ok('vault:lock');
  const attemptId = started.attemptId;
  for (const [channel, args] of [
    ['auth:submit-code', { attemptId, code }],
    ['auth:get', { attemptId }],
    ['auth:start', { phone: davesPhone }],
  ] as const) {
    await expect(core.router.dispatch(channel, args, sender)).resolves.toMatchObject({
      ok: false,
      error: { code: 'LOCKED' },
    });
  }
  await ok('vault:unlock', { passcode });
  await expect
    .poll(async () => (await ok('auth:get', { attemptId })).step, { timeout: 15_000 })
    .toBe('cancelled');
  expect((await ok('auth:get', { attemptId })).error?.code).toBe('LOCKED');
  expect((await ok('accounts:list')).accounts.map((a) => a.displayName)).not.toContain('Dave');
});
