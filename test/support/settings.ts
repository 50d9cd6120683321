import {
  createSettingsService,
  defaultSettings,
  type SettingsService,
} from '../../electron/core/settings/settings-service';
import { createMemoryStore } from '../../electron/core/storage/conf-store';
import type { Settings } from '../../electron/shared/dto';
import { silentLogger } from './logger';

export { defaultSettings as defaultTestSettings };

/** The real settings service on a memory store, starting from `overrides`. */
export function createTestSettings(overrides: Partial<Settings> = {}): SettingsService {
  const settings = createSettingsService({
    store: createMemoryStore(),
    logger: silentLogger,
  });
  if (Object.keys(overrides).length > 0) settings.update(overrides);
  return settings;
}
