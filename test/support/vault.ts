import { afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AccountRecord } from '../../electron/core/ports';
import { createVault, type Vault, type VaultOptions } from '../../electron/core/vault';
import { memoryLogger } from './logger';
import { TestClock } from './timers';

/** Small scrypt parameters so tests run fast; production uses N = 2^17. */
export const TEST_KDF = { N: 1024, r: 8, p: 1 };

export function tempDir(prefix = 'gramdeck-vault-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function makeRecord(id: string, version = 1): AccountRecord {
  return {
    session: `1BSESSION-${id}-v${version}-${'x'.repeat(40)}`,
    phone: '+99966' + String(1000000 + version).slice(-7),
    userId: String(1000 + version),
    homeDcId: 2,
    serverProfile: { kind: 'test' },
    apiId: 12345,
    apiHash: '0123456789abcdef0123456789abcdef',
    proxy: null,
    displayName: `Account ${id} v${version}`,
    username: null,
    isPremium: false,
    avatar: null,
  };
}

export type TestVaultOptions = Partial<VaultOptions> & { directory: string };

export function openVault(options: TestVaultOptions) {
  const clock = options.clock ?? new TestClock();
  return createVault({
    cipher: null,
    clock,
    logger: memoryLogger(),
    getAutoLockMinutes: () => null,
    kdf: TEST_KDF,
    ...options,
  });
}

/** Awaits a promise that must reject with an AppFailure of `code`; returns the failure. */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; retryAfter?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string; retryAfter?: number };
  }
  throw new Error('Expected a failure');
}

/** The parts of an on-disk v2 header the tests look at. */
export interface HeaderOnDisk {
  version: number;
  backend: string;
  pendingRecordsFrom: number | null;
  keyCheck: unknown;
  keys: {
    os: { backend: string } | null;
    passcode: { kdf: { N: number; r: number; p: number; algorithm: string } } | null;
    plain: unknown;
  };
}

export async function readJson<T>(file: string): Promise<T> {
  const { readFile } = await import('node:fs/promises');
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

/**
 * A temporary folder per call and the vaults a test opens in it: after each test the vaults are
 * closed and the folders removed. Call it once at the top of a test file.
 */
export function tempVaults(): {
  folder: () => string;
  track: (vault: Promise<Vault>) => Promise<Vault>;
} {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    folder: () => {
      const { dir, cleanup } = tempDir();
      cleanups.push(cleanup);
      return dir;
    },
    track: async (vault) => {
      const opened = await vault;
      cleanups.push(() => opened.close());
      return opened;
    },
  };
}
