/**
 * Account health (issue 15) with the real core (conf files, the vault on disk, GramJS) against
 * the local MTProto DC: restricted with Telegram's reason, frozen with its dates and appeal link,
 * two-step verification on or off and its recovery email, the count of other sessions, the
 * needs-attention flag on the account list, and "last checked" after a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TelegramClient } from 'telegram';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { GramdeckCore } from '../../electron/core/app';
import type { Channel, EventName, InputOf, ResultOf } from '../../electron/shared/contract';
import type { AccountsState } from '../../electron/shared/dto';
import type { AccountHealth, HealthChange } from '../../electron/shared/health-dto';
import { createGramJsGateway } from '../../electron/telegram';
import { startTestDc, type TestDc } from '../../tools/telegram-dc';
import { createRecordingLogger } from '../support/logger';
import { openOnDc } from '../support/seeded-client';
import { answerOf, createWebTestCore, until } from '../support/web-core';

const plain = '+9996620511';
const restricted = '+9996620512';
const frozen = '+9996620513';
const guarded = '+9996620514';
const noRecovery = '+9996620515';
const deactivated = '+9996620516';

let dc: TestDc;
let dataDir: string;
let core: GramdeckCore;
let pushed: { event: EventName; payload: unknown }[] = [];
const otherDevices: TelegramClient[] = [];

function ok<C extends Channel>(channel: C, args?: InputOf<C>): Promise<ResultOf<C>> {
  return answerOf(core, channel, args);
}

async function startCore(): Promise<void> {
  const logger = createRecordingLogger();
  core = await createWebTestCore({
    dataDir,
    logger,
    gateway: createGramJsGateway({ logger, connectTimeoutMs: 5_000, callTimeoutMs: 5_000 }),
    sandboxProfile: dc.profile(),
  });
  pushed = [];
  core.events.subscribe((event, payload) => {
    pushed.push({ event, payload: structuredClone(payload) });
  });
  await core.start();
}

async function signIn(phone: string, password?: string): Promise<string> {
  const started = await ok('auth:start', { phone });
  let view = await ok('auth:submit-code', {
    attemptId: started.attemptId,
    code: dc.control.lastCode(phone) ?? '',
  });
  if (view.step === 'password' && password !== undefined) {
    view = await ok('auth:submit-password', { attemptId: started.attemptId, password });
  }
  if (view.step !== 'done' || view.accountId === null) throw new Error(`${phone}: ${view.step}`);
  return view.accountId;
}

/** Health as the renderer keeps it: `health:list`, then the deltas of `health:changed`. */
function latestHealth(): Map<string, AccountHealth> {
  const byId = new Map<string, AccountHealth>();
  for (const p of pushed) {
    if (p.event !== 'health:changed') continue;
    for (const a of (p.payload as HealthChange).accounts) byId.set(a.accountId, a);
  }
  return byId;
}

function lastAccounts(): AccountsState | null {
  const last = [...pushed].reverse().find((p) => p.event === 'accounts:changed');
  return last ? (last.payload as AccountsState) : null;
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  dc = await startTestDc({
    scenario: {
      name: 'account-health',
      accounts: [
        { phone: plain, dcId: 2, firstName: 'Paula' },
        {
          phone: restricted,
          dcId: 2,
          firstName: 'Rita',
          twoFactor: { password: 'rita-pw', recoveryEmail: 'rita@example.com' },
          restrictions: [{ platform: 'all', reason: 'spam', text: 'Limited after spam reports.' }],
        },
        {
          phone: frozen,
          dcId: 2,
          firstName: 'Fiona',
          twoFactor: { password: 'fiona-pw', recoveryEmail: 'fiona@example.com' },
          frozen: { sinceDaysAgo: 3, untilInDays: 27, appealUrl: 'https://t.me/spambot' },
        },
        {
          phone: guarded,
          dcId: 2,
          firstName: 'Gus',
          isPremium: true,
          twoFactor: { password: 'gus-pw', recoveryEmail: 'gus@example.com' },
        },
        { phone: noRecovery, dcId: 2, firstName: 'Nico', twoFactor: { password: 'nico-pw' } },
        { phone: deactivated, dcId: 2, firstName: 'Dora', deactivated: 'deleted' },
      ],
    },
    smallPrimes: true,
  });
  dataDir = mkdtempSync(join(tmpdir(), 'gramdeck-health-'));
  await startCore();
  await ok('vault:accept-weak-storage');
  ids.plain = await signIn(plain);
  ids.restricted = await signIn(restricted, 'rita-pw');
  ids.frozen = await signIn(frozen, 'fiona-pw');
  ids.guarded = await signIn(guarded, 'gus-pw');
  ids.noRecovery = await signIn(noRecovery, 'nico-pw');
  // Two more devices of Gus's: Gramdeck sees two other sessions.
  otherDevices.push(await loggedInWithPassword(guarded), await loggedInWithPassword(guarded));
}, 120_000);

/** A plain GramJS client signed in elsewhere: another device of the account. */
async function loggedInWithPassword(phone: string): Promise<TelegramClient> {
  const client = dc.gramjs.newClient();
  await client.start({
    phoneNumber: phone,
    phoneCode: () => Promise.resolve(dc.control.lastCode(phone) ?? ''),
    password: () => Promise.resolve('gus-pw'),
    onError: (error) => {
      throw error;
    },
  });
  return client;
}

afterAll(async () => {
  for (const c of otherDevices) await c.destroy();
  await core.stop();
  await dc.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('each account is checked as it comes online and by "Check all": what Telegram says, in the table and the list', async () => {
  await until(
    () => Object.values(ids).every((id) => latestHealth().get(id)?.last != null),
    'health of every account',
  );
  // A fresh check, now that Gus's other devices are signed in.
  const since = pushed.length;
  const queued = await ok('health:check', { accountId: null });
  expect(queued.progress).toEqual({ total: 5, done: 0, failed: 0 });
  await until(() => {
    const last = pushed.slice(since).findLast((p) => p.event === 'health:changed');
    return last !== undefined && (last.payload as HealthChange).progress === null;
  }, 'the end of "Check all"');
  const { accounts, progress } = await ok('health:list');
  expect(progress).toBeNull();
  const byId = new Map(accounts.map((a) => [a.accountId, a]));

  expect(byId.get(ids.restricted ?? '')).toMatchObject({
    connection: 'online',
    key: 'valid',
    needsAttention: true,
    attentionReasons: ['Telegram restricts it: Limited after spam reports.'],
    last: {
      isRestricted: true,
      restrictions: [{ platform: 'all', reason: 'spam', text: 'Limited after spam reports.' }],
      freeze: null,
      hasPassword: true,
      hasRecoveryEmail: true,
    },
  });
  const fiona = byId.get(ids.frozen ?? '');
  expect(fiona).toMatchObject({
    needsAttention: true,
    attentionReasons: ['Telegram has frozen it: it can read but not send.'],
    last: { isRestricted: false, freeze: { appealUrl: 'https://t.me/spambot' } },
  });
  const freeze = fiona?.last?.freeze;
  expect(((freeze?.until ?? 0) - (freeze?.since ?? 0)) / 86_400_000).toBe(30);

  expect(byId.get(ids.guarded ?? '')).toMatchObject({
    needsAttention: false,
    attentionReasons: [],
    last: { isPremium: true, hasPassword: true, hasRecoveryEmail: true, otherSessions: 2 },
  });
  expect(byId.get(ids.noRecovery ?? '')).toMatchObject({
    needsAttention: false,
    last: { hasPassword: true, hasRecoveryEmail: false, otherSessions: 0 },
  });
  expect(byId.get(ids.plain ?? '')).toMatchObject({
    needsAttention: true,
    attentionReasons: ['Two-step verification is off.'],
    last: { hasPassword: false, hasRecoveryEmail: false, isPremium: false },
  });

  // The account list carries the flag for the sidebar's badge.
  await until(
    () => lastAccounts()?.accounts.find((a) => a.id === ids.frozen)?.needsAttention === true,
    'the flag on the account list',
  );
  const flags = Object.fromEntries(
    (lastAccounts()?.accounts ?? []).map((a) => [a.id, a.needsAttention]),
  );
  expect(flags).toEqual({
    [ids.plain ?? '']: true,
    [ids.restricted ?? '']: true,
    [ids.frozen ?? '']: true,
    [ids.guarded ?? '']: false,
    [ids.noRecovery ?? '']: false,
  });
});

test('one account is checked on demand; "last checked" survives a restart', async () => {
  const before = (await ok('health:get', { accountId: ids.guarded ?? '' })).last?.checkedAt ?? 0;
  await otherDevices.pop()?.destroy();
  const asked = await ok('health:check', { accountId: ids.guarded ?? '' });
  expect(asked.accounts.find((a) => a.accountId === ids.guarded)?.isChecking).toBe(true);
  await until(() => {
    const gus = latestHealth().get(ids.guarded ?? '');
    return gus?.isChecking === false && (gus.last?.checkedAt ?? 0) > before;
  }, "Gus's new check");
  const checkedAt = (await ok('health:get', { accountId: ids.guarded ?? '' })).last?.checkedAt;

  await core.stop();
  await startCore();
  // The saved accounts come back from the vault just after start; health follows the account
  // list's (coalesced) changes, as the sidebar does, and says so on health:changed.
  await until(() => latestHealth().has(ids.guarded ?? ''), 'Gus back in the health list');
  const after = await ok('health:get', { accountId: ids.guarded ?? '' });
  expect(after.last?.checkedAt).toBe(checkedAt);
  expect(after.last?.otherSessions).toBeGreaterThanOrEqual(1);
});

test("the adapter reads a deactivated account's USER_DEACTIVATED as a finding, not a log-out", async () => {
  const seeded = await dc.control.seedAuthorizedSession(deactivated);
  const connection = await openOnDc(dc, {
    session: seeded.session,
    logLabel: 'dora',
    callTimeoutMs: 5_000,
  });
  const events: string[] = [];
  connection.onEvent((event) => events.push(event.kind));
  try {
    expect(await connection.getStanding()).toEqual({
      isDeactivated: true,
      isPremium: false,
      isRestricted: false,
      restrictions: [],
    });
    expect(events).not.toContain('logged-out');
    // Any other call is the end of the session, as for a revoked key.
    await expect(connection.getPasswordInfo()).rejects.toMatchObject({ code: 'LOGGED_OUT' });
  } finally {
    await connection.destroy();
  }
});
