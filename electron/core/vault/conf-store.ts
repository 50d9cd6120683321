import Conf from 'conf';
import type { KeyValueStore, KeyValueStoreFactory } from '../ports';
import { FILE_MODE } from './atomic-file';

/**
 * A `KeyValueStoreFactory` over plain `conf`, for Node (tests and the web host). The Electron
 * shell passes electron-store, which extends conf, with the same options.
 *
 * `clearInvalidConfig: false` makes a damaged file throw instead of being reset; dot notation is
 * off so keys are taken literally.
 */
export function createConfStoreFactory(): KeyValueStoreFactory {
  return ({ name, directory }) => {
    const conf = new Conf<Record<string, unknown>>({
      projectName: 'gramdeck',
      cwd: directory,
      configName: name,
      fileExtension: 'json',
      clearInvalidConfig: false,
      accessPropertiesByDotNotation: false,
      configFileMode: FILE_MODE,
    });
    const store: KeyValueStore = {
      get: (key) => conf.get(key),
      set: (key, value) => {
        conf.set(key, value);
      },
      delete: (key) => {
        conf.delete(key);
      },
      has: (key) => conf.has(key),
      path: conf.path,
    };
    return store;
  };
}

/** An in-memory store, used when the state file cannot be opened at all. */
export function createMemoryStore(storePath: string): KeyValueStore {
  const values = new Map<string, unknown>();
  return {
    get: (key) => values.get(key),
    set: (key, value) => {
      values.set(key, value);
    },
    delete: (key) => {
      values.delete(key);
    },
    has: (key) => values.has(key),
    path: storePath,
  };
}
