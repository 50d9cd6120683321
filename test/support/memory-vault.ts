/**
 * An in-memory `SessionVault` (test double of the port). It can be locked, made weak (refusing
 * writes with STORAGE_NOT_SECURE), and shared between two core instances to simulate a restart.
 */
import type { ProxyConfig } from '../../electron/shared/dto';
import { AppFailure } from '../../electron/shared/errors';
import type {
  AccountRecord,
  ApiCredentials,
  AuthTokens,
  SessionVault,
  VaultEvent,
} from '../../electron/core/ports';

export interface MemoryVault extends SessionVault {
  /** The stored records (what a restart would find). */
  readonly records: Map<string, AccountRecord>;
  lock(): void;
  unlock(): void;
  /** Weak storage not accepted: writes fail with STORAGE_NOT_SECURE. */
  setWeak(isWeak: boolean): void;
  /** Every value ever written, serialized, for leak checks. */
  readonly writes: string[];
  /** The future auth tokens kept per phone number. */
  readonly authTokens: Map<string, AuthTokens>;
}

export function createMemoryVault(
  initial: { records?: Map<string, AccountRecord>; isLocked?: boolean } = {},
): MemoryVault {
  const records = initial.records ?? new Map<string, AccountRecord>();
  const credentials = new Map<string, ApiCredentials>();
  const authTokens = new Map<string, AuthTokens>();
  let loginProxy: ProxyConfig | null = null;
  const listeners = new Set<(event: VaultEvent) => void>();
  let isLocked = initial.isLocked ?? false;
  let isWeak = false;
  const writes: string[] = [];
  const emit = (event: VaultEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  const requireUnlocked = () => {
    if (isLocked) throw new AppFailure('LOCKED', 'Gramdeck is locked.');
  };
  const requireWritable = () => {
    requireUnlocked();
    if (isWeak) {
      throw new AppFailure(
        'STORAGE_NOT_SECURE',
        'Sessions cannot be saved until you set a passcode or accept weak storage.',
      );
    }
  };
  return {
    records,
    writes,
    authTokens,
    isUnlocked: () => !isLocked,
    canStoreSessions: () => !isLocked && !isWeak,
    listAccountIds() {
      requireUnlocked();
      return Promise.resolve([...records.keys()]);
    },
    readAccount(id) {
      requireUnlocked();
      const record = records.get(id);
      if (!record) return Promise.reject(new AppFailure('NOT_FOUND', 'No such account.'));
      return Promise.resolve(structuredClone(record));
    },
    writeAccount(id, record) {
      requireWritable();
      writes.push(JSON.stringify(record));
      records.set(id, structuredClone(record));
      return Promise.resolve();
    },
    writeAccounts(batch) {
      requireWritable();
      for (const { accountId, record } of batch) {
        writes.push(JSON.stringify(record));
        records.set(accountId, structuredClone(record));
      }
      return Promise.resolve();
    },
    deleteAccount(id) {
      requireUnlocked();
      records.delete(id);
      return Promise.resolve();
    },
    readApiCredentials(key) {
      requireUnlocked();
      return Promise.resolve(credentials.get(key) ?? null);
    },
    writeApiCredentials(key, value) {
      requireWritable();
      credentials.set(key, value);
      return Promise.resolve();
    },
    readLoginProxy() {
      requireUnlocked();
      return Promise.resolve(structuredClone(loginProxy));
    },
    writeLoginProxy(proxy) {
      requireWritable();
      writes.push(JSON.stringify(proxy));
      loginProxy = structuredClone(proxy);
      return Promise.resolve();
    },
    readAuthTokens(phone) {
      requireUnlocked();
      return Promise.resolve(structuredClone(authTokens.get(phone) ?? { tokens: [] }));
    },
    writeAuthTokens(phone, value) {
      requireWritable();
      authTokens.set(phone, structuredClone(value));
      return Promise.resolve();
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    lock() {
      isLocked = true;
      emit({ kind: 'locked' });
    },
    unlock() {
      isLocked = false;
      emit({ kind: 'unlocked' });
    },
    setWeak(value) {
      isWeak = value;
      emit({ kind: 'changed' });
    },
  };
}
