/**
 * The lock is enforced in main: a real core (real vault on disk, real settings, real router)
 * answers LOCKED on every channel the lock policy does not allow, and works again after unlock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type GramdeckCore } from '../../../electron/core/app';
import { channelLockPolicy } from '../../../electron/core/ipc/lock-policy';
import { channelNames, type EventName } from '../../../electron/shared/contract';
import type { Envelope } from '../../../electron/shared/errors';
import { createWebTestCore, testSender } from '../../support/web-core';
import { silentLogger } from '../../support/logger';

const sender = testSender;
const passcode = 'lock-gate-passcode-4711';

/** What the lock policy allows while locked: vault:*, settings reads, app:info, update status/check. */
const allowedWhileLocked = [
  ...channelNames.filter((channel) => channel.startsWith('vault:')),
  'settings:get',
  'settings:get-telegram',
  'app:info',
  'update:status',
  'update:check',
].sort();
const refusedWhileLocked = channelNames.filter((channel) => !allowedWhileLocked.includes(channel));

let dataDir: string;
let core: GramdeckCore;
const pushed: { event: EventName; payload: unknown }[] = [];

async function call(channel: string, payload?: unknown): Promise<Envelope<unknown>> {
  return core.router.dispatch(channel, payload, sender);
}

async function ok(channel: string, payload?: unknown): Promise<unknown> {
  const result = await call(channel, payload);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gramdeck-lock-gate-'));
  const logger = silentLogger;
  core = await createWebTestCore({ dataDir, logger });
  pushed.length = 0;
  core.events.subscribe((event, payload) => pushed.push({ event, payload }));
  await core.start();
  await ok('vault:set-passcode', { passcode });
});

afterEach(async () => {
  await core.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the lock policy', () => {
  test('allows exactly the vault, settings-read, app:info and update status/check channels', () => {
    const allowed = channelNames.filter((channel) => channelLockPolicy[channel] === 'always');
    expect(allowed.sort()).toEqual(allowedWhileLocked);
  });
});

describe('a locked core', () => {
  test('answers LOCKED on every other channel, whatever the payload, and works after unlock', async () => {
    await ok('vault:lock');
    for (const channel of refusedWhileLocked) {
      for (const payload of [undefined, { accountId: 'a1' }, { attemptId: 'x', code: '1' }]) {
        const result = await call(channel, payload);
        expect({ channel, result }).toMatchObject({
          channel,
          result: { ok: false, error: { code: 'LOCKED' } },
        });
      }
    }

    await ok('vault:unlock', { passcode });
    for (const channel of refusedWhileLocked) {
      const result = await call(channel, undefined);
      expect({ channel, code: result.ok ? null : result.error.code }).not.toEqual({
        channel,
        code: 'LOCKED',
      });
    }
    await expect(ok('accounts:list')).resolves.toMatchObject({ accounts: [] });
    await expect(ok('settings:update', { theme: 'dark' })).resolves.toMatchObject({
      theme: 'dark',
    });
  });

  test('still answers the reads the lock screen needs, and the vault channels', async () => {
    await ok('vault:lock');
    for (const channel of [
      'app:info',
      'settings:get',
      'settings:get-telegram',
      'update:status',
      'update:check',
    ]) {
      await expect(call(channel)).resolves.toMatchObject({ ok: true });
    }
    await expect(ok('vault:status')).resolves.toMatchObject({ isLocked: true });
    await expect(call('vault:get-recovery-code', { passcode: 'wrong' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'INCORRECT_CODE' },
    });
    await expect(ok('vault:unlock', { passcode })).resolves.toMatchObject({ isLocked: false });
  });

  test('pushes an empty account list at lock and no account data while locked', async () => {
    await ok('vault:lock');
    const since = pushed.length;
    core.events.emit('accounts:changed', {
      accounts: [
        {
          id: 'a1',
          displayName: 'Alice',
          username: 'alice',
          phone: '+44 7700 900123',
          avatar: null,
          initials: 'A',
          colorIndex: 1,
          homeDcId: 2,
          status: { kind: 'online' },
          unreadCount: 3,
          isPremium: false,
          isSandbox: false,
          proxy: null,
          needsAttention: false,
        },
      ],
      activeAccountId: 'a1',
      restore: null,
    });
    core.events.emit('inbox:changed', {
      accountId: 'a1',
      messages: [{ id: '1', accountId: 'a1', text: 'Code 12345', code: '12345', receivedAt: 1 }],
    });
    core.events.emit('sessions:changed', { accountId: 'a1' });
    expect(pushed.slice(since)).toEqual([
      {
        event: 'accounts:changed',
        payload: { accounts: [], activeAccountId: null, restore: null },
      },
    ]);
  });
});
