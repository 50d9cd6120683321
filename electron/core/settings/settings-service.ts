import type { z } from 'zod';
import { settingsPatchSchema } from '../../shared/contract';
import type { Settings } from '../../shared/dto';
import type { EventBus } from '../ipc/event-bus';
import type { KeyValueStore, Logger, SettingsReader } from '../ports';

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
  update(patch: z.output<typeof settingsPatchSchema>): Settings;
}

/**
 * The user's preferences in the plain settings store. A stored value that no longer validates
 * (hand-edited, or written by a newer version) falls back to its default and is logged; the rest
 * of the settings are kept.
 */
export function createSettingsService(options: {
  store: KeyValueStore;
  events: EventBus;
  logger: Logger;
}): SettingsService {
  const { store, events } = options;
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
      current = { ...current, ...patch };
      store.set('settings', current);
      events.emit('settings:changed', current);
      for (const listener of [...listeners]) listener(current);
      return current;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
