import type { Settings } from '../../electron/shared/dto';
import type { SettingsReader } from '../../electron/core/ports';

export const defaultTestSettings: Settings = {
  theme: 'system',
  maskPhoneNumbers: true,
  autoLockMinutes: null,
  keepConnectedWhileLocked: false,
  closeToTray: false,
  notifyLoginCodes: true,
  updateChannel: 'stable',
};

/** A `SettingsReader` whose values a test can change. */
export function createTestSettings(
  overrides: Partial<Settings> = {},
): SettingsReader & { update(patch: Partial<Settings>): void } {
  let current: Settings = { ...defaultTestSettings, ...overrides };
  const listeners = new Set<(s: Settings) => void>();
  return {
    get: () => ({ ...current }),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    update(patch) {
      current = { ...current, ...patch };
      for (const l of [...listeners]) l({ ...current });
    },
  };
}
