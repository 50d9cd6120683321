import type ElectronStore from 'electron-store';
import type { KeyValueStoreFactory } from '../core/ports';

/**
 * The KeyValueStore factory of the desktop app: electron-store files, never silently reset when
 * damaged (`clearInvalidConfig: false`) and readable by their owner only.
 */
export function createElectronStoreFactory(Store: typeof ElectronStore): KeyValueStoreFactory {
  return ({ name, directory }) =>
    new Store({ name, cwd: directory, clearInvalidConfig: false, configFileMode: 0o600 });
}
