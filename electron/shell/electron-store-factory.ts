import type ElectronStore from 'electron-store';
import type { KeyValueStoreFactory } from '../core/ports';
import { wrapConf } from '../core/storage/conf-store';

/**
 * The KeyValueStore factory of the desktop app: electron-store files, never silently reset when
 * damaged (`clearInvalidConfig: false`), readable by their owner only, and reporting a full disk
 * as `DISK_FULL`.
 */
export function createElectronStoreFactory(Store: typeof ElectronStore): KeyValueStoreFactory {
  return ({ name, directory }) =>
    wrapConf(new Store({ name, cwd: directory, clearInvalidConfig: false, configFileMode: 0o600 }));
}
