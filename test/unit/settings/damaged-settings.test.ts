/**
 * A damaged settings.json never stops start-up: the real core, on a real data dir with conf
 * files, moves the file aside, starts from the defaults, logs it and reports it in app:info.
 * A failed save (a full disk) leaves the settings as they were.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createGramdeckCore, type GramdeckCore } from '../../../electron/core/app';
import {
  createSettingsService,
  defaultSettings,
} from '../../../electron/core/settings/settings-service';
import { confStoreFactory, wrapConf } from '../../../electron/core/storage/conf-store';
import type { AppInfo, Settings } from '../../../electron/shared/dto';
import { AppFailure } from '../../../electron/shared/errors';
import { createFakeGateway } from '../../support/fake-gateway';
import { createRecordingLogger, silentLogger } from '../../support/logger';

let dataDir: string;
const running: GramdeckCore[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'gd-damaged-settings-'));
});
afterEach(async () => {
  for (const core of running.splice(0)) await core.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function startCore(now = 1_700_000_000_000) {
  const logger = createRecordingLogger();
  const core = await createGramdeckCore({
    dataDir,
    transport: 'web',
    app: { version: '0.1.0', platform: 'linux', isPackaged: false },
    storeFactory: confStoreFactory,
    cipher: null,
    gateway: createFakeGateway(),
    sandboxProfile: null,
    updater: null,
    logger,
    isTrustedSender: () => true,
    clock: { now: () => now },
    kdf: { N: 1024 },
  });
  running.push(core);
  const sender = { transport: 'web' as const, url: 'http://127.0.0.1' };
  const call = async <T>(channel: string, payload?: unknown): Promise<T> => {
    const result = await core.router.dispatch(channel, payload, sender);
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
    return result.value as T;
  };
  return { core, logger, call };
}

const settingsFile = () => join(dataDir, 'settings.json');

describe('a damaged settings.json', () => {
  test.each([
    ['cut short by a crash', '{"settings": {"theme": "da'],
    ['empty', ''],
    ['not JSON at all', 'theme = dark'],
    ['a JSON array', '[{"theme": "dark"}]'],
    ['a JSON string', '"dark"'],
    ['a JSON number', '42'],
    ['JSON null', 'null'],
  ])('%s: is moved aside, defaults load, the log and app:info name the file', async (_, text) => {
    writeFileSync(settingsFile(), text);
    const { call, logger } = await startCore(1_700_000_000_000);

    const movedTo = `${settingsFile()}.corrupt-1700000000000`;
    const info = await call<AppInfo>('app:info');
    expect(info.settingsDamage).toEqual({ file: settingsFile(), movedTo });
    expect(readFileSync(movedTo, 'utf8')).toBe(text);
    expect(await call<Settings>('settings:get')).toEqual(defaultSettings);
    expect(
      logger.records.find((record) => record.message.startsWith('The settings file was damaged')),
    ).toMatchObject({ level: 'warn', file: settingsFile(), movedTo });

    // The new file works: a change is saved and read back by the next start.
    await call('settings:update', { theme: 'dark' });
    const next = await startCore(1_700_000_000_001);
    expect((await next.call<Settings>('settings:get')).theme).toBe('dark');
    expect((await next.call<AppInfo>('app:info')).settingsDamage).toBeNull();
    expect(readdirSync(dataDir).filter((name) => name.includes('.corrupt-'))).toEqual([
      'settings.json.corrupt-1700000000000',
    ]);
  });

  test('values of the wrong type fall back to their defaults; the file and the rest are kept', async () => {
    const stored = {
      settings: { theme: 7, maskPhoneNumbers: false, autoLockMinutes: 'soon' },
      telegram: { profile: 'test', apiIds: { test: 'x' } },
      accountOrder: 'a,b',
    };
    writeFileSync(settingsFile(), JSON.stringify(stored));
    const { call, logger } = await startCore();
    expect(await call<Settings>('settings:get')).toEqual({
      ...defaultSettings,
      maskPhoneNumbers: false,
    });
    expect((await call<AppInfo>('app:info')).settingsDamage).toBeNull();
    expect(logger.records.map((record) => record.level)).toContain('warn');
    expect(existsSync(settingsFile())).toBe(true);
    expect(readdirSync(dataDir).some((name) => name.includes('.corrupt-'))).toBe(false);
  });

  test('the log says why in fixed words and never quotes the file', async () => {
    writeFileSync(settingsFile(), 'telegram api_hash = 0123456789abcdef');
    const { logger } = await startCore();
    expect(logger.text()).not.toContain('0123456789abcdef');
    expect(
      logger.records.find((record) => record.message.startsWith('The settings file was damaged')),
    ).toMatchObject({ reason: 'not JSON' });
  });

  test('a missing file is no damage', async () => {
    const { call } = await startCore();
    expect((await call<AppInfo>('app:info')).settingsDamage).toBeNull();
    expect(await call<Settings>('settings:get')).toEqual(defaultSettings);
  });
});

/** A conf-like object behind the real KeyValueStore adapter, whose writes can fail like a full disk. */
function storeWithFailingWrites(code: string) {
  const conf = new Map<string, unknown>();
  const state = { isFull: false };
  const store = wrapConf({
    get: (key) => conf.get(key),
    set: (key, value) => {
      if (state.isFull) {
        throw Object.assign(new Error(`${code}: no space left on device, write`), { code });
      }
      conf.set(key, value);
    },
    delete: (key) => conf.delete(key),
    has: (key) => conf.has(key),
    path: join(dataDir, 'settings.json'),
  });
  return { store, conf, state };
}

describe('a full disk', () => {
  test.each(['ENOSPC', 'EDQUOT'])(
    '%s: settings:update fails with DISK_FULL and nothing changes in memory or on disk',
    (code) => {
      const { store, conf, state } = storeWithFailingWrites(code);
      const settings = createSettingsService({
        store,
        logger: silentLogger,
      });
      const changed: Settings[] = [];
      settings.onChange((value) => changed.push(value));
      settings.update({ theme: 'light' });

      state.isFull = true;
      let failure: unknown;
      try {
        settings.update({ theme: 'dark', closeToTray: true });
      } catch (error) {
        failure = error;
      }
      expect(failure).toBeInstanceOf(AppFailure);
      expect((failure as AppFailure).toAppError()).toEqual({
        code: 'DISK_FULL',
        message: 'The disk is full. Free some space and try again.',
      });
      expect(settings.get()).toEqual({ ...defaultSettings, theme: 'light' });
      expect(conf.get('settings')).toEqual({ ...defaultSettings, theme: 'light' });
      expect(changed).toHaveLength(1);

      state.isFull = false;
      expect(settings.update({ theme: 'dark' }).theme).toBe('dark');
    },
  );

  test('other write errors pass through unchanged', () => {
    const { store, state } = storeWithFailingWrites('EACCES');
    state.isFull = true;
    expect(() => {
      store.set('settings', {});
    }).toThrow(/EACCES/);
  });
});
