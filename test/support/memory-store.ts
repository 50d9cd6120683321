import type { KeyValueStore } from '../../electron/core/ports';

/** An in-memory `KeyValueStore`; share one between two cores to simulate a restart. */
export function createMemoryStore(
  path = ':memory:',
): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
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
