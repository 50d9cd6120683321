import { join } from 'node:path';
import type { z } from 'zod';
import { settingsPatchSchema } from '../../shared/contract';
import type { Settings, SettingsDamage } from '../../shared/dto';
import type { Clock, KeyValueStore, KeyValueStoreFactory, Logger, SettingsReader } from '../ports';
import { moveAside, readText } from '../vault/atomic-file';

export const defaultSettings: Settings = {
  theme: 'system',
  maskPhoneNumbers: true,
  autoLockMinutes: null,
  keepConnectedWhileLocked: false,
  closeToTray: false,
  notifyLoginCodes: true,
  updateChannel: 'stable',
};

const storedSettingsSchema = settingsPatchSchema;

export interface SettingsService extends SettingsReader {
  /** Saves first, then changes and tells `onChange`: a failed save (DISK_FULL) leaves the settings as they were. */
  update(patch: z.output<typeof settingsPatchSchema>): Settings;
}

/** The store's name; conf and electron-store keep it as `<directory>/settings.json`. */
export const SETTINGS_STORE = 'settings';

/** Why a settings file cannot be used at all, or null when it is absent or a JSON object. */
function findDamage(text: string | null): string | null {
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Not the parser's message: V8 quotes part of the file in it, and the log gets no contents.
    return text.trim() === '' ? 'empty' : 'not JSON';
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? null
    : 'not a JSON object';
}

/**
 * Opens the settings store. A file that is not a JSON object (cut short by a crash, hand-edited)
 * must not stop start-up, and conf would either throw on it or silently rewrite it: it is moved
 * aside as `settings.json.corrupt-<time>` (never deleted), defaults load, and the damage is
 * returned for the app to show.
 */
export async function openSettingsStore(options: {
  storeFactory: KeyValueStoreFactory;
  directory: string;
  clock: Clock;
  logger: Logger;
}): Promise<{ store: KeyValueStore; damage: SettingsDamage | null }> {
  const file = join(options.directory, `${SETTINGS_STORE}.json`);
  const reason = findDamage(await readText(file));
  let damage: SettingsDamage | null = null;
  if (reason !== null) {
    damage = { file, movedTo: await moveAside(file, options.clock.now()) };
    options.logger.log('warn', 'The settings file was damaged; moved it aside, using defaults', {
      scope: 'settings',
      ...damage,
      reason,
    });
  }
  return {
    store: options.storeFactory({ name: SETTINGS_STORE, directory: options.directory }),
    damage,
  };
}

/**
 * The user's preferences in the plain settings store. A stored value that no longer validates
 * (hand-edited, or written by a newer version) falls back to its default and is logged; the rest
 * of the settings are kept.
 */
export function createSettingsService(options: {
  store: KeyValueStore;
  logger: Logger;
}): SettingsService {
  const { store } = options;
  const log = options.logger.child({ scope: 'settings' });
  const listeners = new Set<(settings: Settings) => void>();

  const load = (): Settings => {
    const raw = store.get('settings');
    if (raw === undefined) return { ...defaultSettings };
    const parsed = storedSettingsSchema.safeParse(raw);
    if (parsed.success) return { ...defaultSettings, ...parsed.data };
    log.log('warn', 'Stored settings were not valid; using defaults for the invalid ones', {
      issues: parsed.error.issues.length,
    });
    const kept: Record<string, unknown> = {};
    if (typeof raw === 'object' && raw !== null) {
      for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
        const one = storedSettingsSchema.safeParse({ [key]: value });
        if (one.success) Object.assign(kept, one.data);
      }
    }
    return { ...defaultSettings, ...kept };
  };

  let current = load();

  return {
    get: () => current,
    update(patch) {
      const next = { ...current, ...patch };
      store.set('settings', next);
      current = next;
      for (const listener of [...listeners]) listener(current);
      return current;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
