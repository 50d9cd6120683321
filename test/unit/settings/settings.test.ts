import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createLogger, type LogRecord } from '../../../electron/core/logging';
import type { ApiCredentials, SessionVault, VaultEvent } from '../../../electron/core/ports';
import {
  createSettingsService,
  defaultSettings,
} from '../../../electron/core/settings/settings-service';
import { createTelegramSettings } from '../../../electron/core/settings/telegram-settings';
import { confStoreFactory } from '../../../electron/core/storage/conf-store';
import { AppFailure } from '../../../electron/shared/errors';
import type { CustomServerProfile } from '../../../electron/shared/server-profile';
import { silentLogger } from '../../support/logger';
import { createMemoryVault } from '../../support/memory-vault';

const store = () =>
  confStoreFactory({ name: 'settings', directory: mkdtempSync(join(tmpdir(), 'gd-settings-')) });

describe('settings', () => {
  test('start from the defaults, persist changes and report them', () => {
    const kv = store();
    const settings = createSettingsService({
      store: kv,
      logger: silentLogger,
    });
    const changed: unknown[] = [];
    settings.onChange((value) => changed.push(value));
    expect(settings.get()).toEqual(defaultSettings);
    settings.update({ theme: 'dark', autoLockMinutes: 5 });
    expect(changed).toEqual([{ ...defaultSettings, theme: 'dark', autoLockMinutes: 5 }]);
    const reopened = createSettingsService({
      store: kv,
      logger: silentLogger,
    });
    expect(reopened.get().theme).toBe('dark');
  });

  test('keep the valid values of a hand-edited file and log the rest', () => {
    const kv = store();
    kv.set('settings', { theme: 'neon', maskPhoneNumbers: false });
    const lines: LogRecord[] = [];
    const settings = createSettingsService({
      store: kv,
      logger: createLogger((line) => lines.push(line)),
    });
    expect(settings.get()).toEqual({ ...defaultSettings, maskPhoneNumbers: false });
    expect(lines.map((line) => line.level)).toContain('warn');
  });

  test('a corrupt settings file throws instead of being reset', () => {
    const directory = mkdtempSync(join(tmpdir(), 'gd-settings-'));
    writeFileSync(join(directory, 'settings.json'), '{"settings": {"theme": "da');
    expect(() => confStoreFactory({ name: 'settings', directory })).toThrow();
  });
});

/** An in-memory vault that can refuse writes, as the real one does while storage is weak. */
function fakeVault() {
  const saved = new Map<string, ApiCredentials>();
  const listeners = new Set<(event: VaultEvent) => void>();
  let canStore = false;
  const vault = {
    isUnlocked: () => true,
    canStoreSessions: () => canStore,
    readApiCredentials: (key: string) => Promise.resolve(saved.get(key) ?? null),
    writeApiCredentials: (key: string, value: ApiCredentials) => {
      if (!canStore) return Promise.reject(new AppFailure('STORAGE_NOT_SECURE', 'weak'));
      saved.set(key, value);
      return Promise.resolve();
    },
    onEvent: (listener: (event: VaultEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as SessionVault;
  return {
    vault,
    saved,
    allowStoring() {
      canStore = true;
      for (const listener of listeners) listener({ kind: 'changed' });
    },
  };
}

const sandbox: CustomServerProfile = {
  kind: 'custom',
  label: 'Gramdeck sandbox',
  isSandbox: true,
  defaultDcId: 2,
  dcs: [{ id: 2, host: '127.0.0.1', port: 20002 }],
  rsaKeys: [{ fingerprint: '-123', n: 'abcdef', e: 65537 }],
  apiId: 94575,
  apiHash: 'a3406de8d171bb422bb6ddf3bbd800e2',
};

describe('telegram settings', () => {
  const make = (sandboxProfile: CustomServerProfile | null, vault = fakeVault()) => ({
    vault,
    telegram: createTelegramSettings({
      store: store(),
      vault: vault.vault,
      sandboxProfile,
      logger: silentLogger,
    }),
  });

  test('need setup until a profile is chosen', () => {
    const { telegram } = make(sandbox);
    expect(telegram.needsSetup()).toBe(true);
    telegram.setProfile('sandbox');
    expect(telegram.needsSetup()).toBe(false);
    expect(telegram.profileView()).toEqual({
      kind: 'sandbox',
      label: 'Gramdeck sandbox (not Telegram)',
      isSandbox: true,
    });
  });

  test('offer the sandbox only when one was given at launch', () => {
    expect(make(null).telegram.availableProfiles()).toEqual(['production', 'test']);
    expect(() => make(null).telegram.setProfile('sandbox')).toThrow(AppFailure);
  });

  test('refuse a login on Telegram before API credentials exist', async () => {
    const { telegram } = make(null);
    telegram.setProfile('production');
    await expect(telegram.loginTarget()).rejects.toMatchObject({ code: 'API_ID_INVALID' });
  });

  test('keep credentials in memory while the vault cannot store them, then save them', async () => {
    const { telegram, vault } = make(null);
    telegram.setProfile('production');
    const view = await telegram.setApiCredentials({
      apiId: 12345,
      apiHash: 'ABCDEF0123456789ABCDEF0123456789',
    });
    expect(view).toMatchObject({ apiId: 12345, hasApiCredentials: true });
    expect(vault.saved.size).toBe(0);
    await expect(telegram.loginTarget()).resolves.toMatchObject({
      profile: { kind: 'production' },
      apiId: 12345,
      apiHash: 'abcdef0123456789abcdef0123456789',
    });
    vault.allowStoring();
    await expect
      .poll(() => vault.saved.get('production'))
      .toEqual({ apiId: 12345, apiHash: 'abcdef0123456789abcdef0123456789' });
    expect(JSON.stringify(view)).not.toContain('abcdef0123456789');
  });

  test('use the sandbox profile and its own credentials', async () => {
    const { telegram } = make(sandbox);
    telegram.setProfile('sandbox');
    await expect(telegram.loginTarget()).resolves.toEqual({
      profile: sandbox,
      apiId: 94575,
      apiHash: sandbox.apiHash,
    });
  });

  test('keep the default login proxy in the vault; settings and the view show no password', async () => {
    const vault = createMemoryVault();
    const settingsStore = store();
    const open = () =>
      createTelegramSettings({
        store: settingsStore,
        vault,
        sandboxProfile: sandbox,
        logger: silentLogger,
      });
    const telegram = open();
    telegram.setProfile('sandbox');
    const proxy = {
      type: 'socks5' as const,
      host: '127.0.0.1',
      port: 1080,
      username: 'gd',
      password: 'proxy-password',
    };
    const view = await telegram.setLoginProxy(proxy);
    const shown = {
      type: 'socks5',
      host: '127.0.0.1',
      port: 1080,
      username: 'gd',
      hasCredentials: true,
    };
    expect(view.loginProxy).toEqual(shown);
    expect(readFileSync(settingsStore.path, 'utf8')).not.toContain('proxy-password');
    await expect(telegram.loginTarget()).resolves.toMatchObject({ proxy });

    const restarted = open();
    expect(restarted.view().loginProxy).toEqual(shown);
    await expect(restarted.loginTarget()).resolves.toMatchObject({ proxy });
    expect((await restarted.setLoginProxy(null)).loginProxy).toBeNull();
    expect((await restarted.loginTarget()).proxy).toBeUndefined();
  });
});
