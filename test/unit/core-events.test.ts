/** The push-event table of core/app.ts: a service's change reaches every listener as its event. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { type GramdeckCore } from '../../electron/core/app';
import type { UpdaterEvent, UpdaterPort } from '../../electron/core/ports';
import type { Channel, EventName, InputOf } from '../../electron/shared/contract';
import { createWebTestCore, testSender } from '../support/web-core';
import { silentLogger } from '../support/logger';

const sender = testSender;

/** An updater that finds version 9.9.9 on every check. */
function updaterWithAnUpdate(): UpdaterPort {
  const listeners = new Set<(event: UpdaterEvent) => void>();
  return {
    disabledReason: null,
    setChannel: () => undefined,
    checkForUpdates() {
      for (const listener of [...listeners]) {
        listener({ kind: 'available', version: '9.9.9', notes: null });
      }
      return Promise.resolve();
    },
    downloadUpdate: () => Promise.resolve(),
    quitAndInstall: () => undefined,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

let dataDir: string;
let core: GramdeckCore;
const pushed: { event: EventName; payload: unknown }[] = [];

async function call<C extends Channel>(channel: C, args?: InputOf<C>) {
  const envelope = await core.router.dispatch(channel, args, sender);
  expect(envelope.ok, `${channel}: ${JSON.stringify(envelope)}`).toBe(true);
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gramdeck-core-events-'));
  const logger = silentLogger;
  core = await createWebTestCore({ dataDir, logger, updater: updaterWithAnUpdate() });
  pushed.length = 0;
  core.events.subscribe((event, payload) => pushed.push({ event, payload }));
});

afterEach(async () => {
  await core.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('a settings change is pushed as settings:changed with the new settings', async () => {
  await call('settings:update', { theme: 'dark' });
  expect(pushed).toEqual([
    { event: 'settings:changed', payload: expect.objectContaining({ theme: 'dark' }) },
  ]);
});

test('a server profile change is pushed as app:changed with the new app info', async () => {
  await call('settings:set-server-profile', { kind: 'test' });
  expect(pushed).toEqual([
    {
      event: 'app:changed',
      payload: expect.objectContaining({
        serverProfile: expect.objectContaining({ kind: 'test' }),
      }),
    },
  ]);
});

test('an update state change is pushed as update:changed', async () => {
  await call('update:check');
  expect(pushed.filter((p) => p.event === 'update:changed').at(-1)).toEqual({
    event: 'update:changed',
    payload: expect.objectContaining({ kind: 'available', version: '9.9.9' }),
  });
});

test("the shell's typed reads follow the lock policy of the channels they stand for", async () => {
  const heard: string[] = [];
  core.on('settings:changed', (settings) => heard.push(settings.theme));
  await call('settings:update', { theme: 'light' });
  expect(heard).toEqual(['light']);
  expect(core.accounts()).toMatchObject({ accounts: [], activeAccountId: null });

  await call('vault:set-passcode', { passcode: 'core-events-passcode' });
  await core.lock();
  expect(core.settings().theme).toBe('light');
  expect(core.accounts()).toBeNull();
  await expect(core.switchAccount('a1')).rejects.toMatchObject({ code: 'LOCKED' });
});

test("a notification's click asks the page to open its chat, and not while locked", async () => {
  await core.openChat('a1', 'u42');
  expect(pushed.filter((p) => p.event === 'focus:changed')).toEqual([
    { event: 'focus:changed', payload: { accountId: 'a1', chatId: 'u42' } },
  ]);
  await call('vault:set-passcode', { passcode: 'core-events-passcode' });
  await core.lock();
  await expect(core.openChat('a1', 'u43')).rejects.toMatchObject({ code: 'LOCKED' });
  expect(pushed.filter((p) => p.event === 'focus:changed')).toHaveLength(1);
});

test('a vault change is pushed as vault:changed with the new status', async () => {
  await call('vault:set-passcode', { passcode: 'core-events-passcode' });
  expect(pushed.filter((p) => p.event === 'vault:changed').at(-1)).toEqual({
    event: 'vault:changed',
    payload: expect.objectContaining({ hasPasscode: true, isLocked: false }),
  });
});
