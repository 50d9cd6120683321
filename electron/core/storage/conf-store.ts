import Conf from 'conf';
import type { KeyValueStore, KeyValueStoreFactory } from '../ports';
import { diskFullOr } from './disk-full';

/**
 * Stores on `conf`, the class electron-store extends, for the web host and Node tests. A damaged
 * file throws (`clearInvalidConfig: false`) instead of being reset, files are private to the
 * user, and writes are atomic (conf writes through `atomically`).
 */
export const confStoreFactory: KeyValueStoreFactory = ({ name, directory }) => {
  const conf = new Conf<Record<string, unknown>>({
    projectName: 'gramdeck',
    cwd: directory,
    configName: name,
    clearInvalidConfig: false,
    configFileMode: 0o600,
    accessPropertiesByDotNotation: false,
  });
  return wrapConf(conf);
};

/**
 * Adapts a conf or electron-store instance (same API) to the KeyValueStore port. A write that
 * fails for lack of space throws `AppFailure('DISK_FULL')`.
 */
export function wrapConf(conf: {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  has(key: string): boolean;
  readonly path: string;
}): KeyValueStore {
  return {
    get: (key) => conf.get(key),
    set: (key, value) => {
      try {
        conf.set(key, value);
      } catch (error) {
        throw diskFullOr(error);
      }
    },
    delete: (key) => {
      try {
        conf.delete(key);
      } catch (error) {
        throw diskFullOr(error);
      }
    },
    has: (key) => conf.has(key),
    path: conf.path,
  };
}

/**
 * A store that lives in memory only: the vault falls back to it when its state file can be
 * neither read nor moved aside, and tests use it to share state between two cores. Values are
 * cloned in and out, as a JSON file would.
 */
export function createMemoryStore(path = ':memory:'): KeyValueStore {
  const data = new Map<string, unknown>();
  return {
    path,
    get: (key) => structuredClone(data.get(key)),
    set: (key, value) => {
      data.set(key, structuredClone(value));
    },
    delete: (key) => {
      data.delete(key);
    },
    has: (key) => data.has(key),
  };
}
