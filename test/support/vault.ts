import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StorageBackend } from '../../electron/shared/dto';
import type {
  AccountRecord,
  LogFields,
  Logger,
  LogLevel,
  SecretCipher,
} from '../../electron/core/ports';
import { createVault, type Scheduler, type VaultOptions } from '../../electron/core/vault/vault';

/** Small scrypt parameters so tests run fast; production uses N = 2^17. */
export const TEST_KDF = { N: 1024, r: 8, p: 1 };

/** A stand-in for safeStorage: AES-CTR under a per-instance "keychain" key. */
export class FakeCipher implements SecretCipher {
  backend: StorageBackend;
  isDecryptBroken = false;
  available = true;
  encryptCalls = 0;
  readonly #key: Buffer;

  constructor(backend: StorageBackend = 'keychain', key: Buffer = randomBytes(32)) {
    this.backend = backend;
    this.#key = key;
  }

  isAvailable(): boolean {
    return this.available;
  }

  encrypt(plaintext: Uint8Array): Promise<Uint8Array> {
    this.encryptCalls += 1;
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-256-ctr', this.#key, iv);
    return Promise.resolve(Buffer.concat([iv, cipher.update(plaintext), cipher.final()]));
  }

  decrypt(ciphertext: Uint8Array): Promise<Uint8Array> {
    if (this.isDecryptBroken) return Promise.reject(new Error('keychain says no'));
    const bytes = Buffer.from(ciphertext);
    const decipher = createDecipheriv('aes-256-ctr', this.#key, bytes.subarray(0, 16));
    return Promise.resolve(Buffer.concat([decipher.update(bytes.subarray(16)), decipher.final()]));
  }
}

export interface LogLine {
  level: LogLevel;
  message: string;
  fields: LogFields;
}

export function memoryLogger(lines: LogLine[] = [], base: LogFields = {}): Logger {
  return {
    log(level, message, fields) {
      lines.push({ level, message, fields: { ...base, ...fields } });
    },
    child(fields) {
      return memoryLogger(lines, { ...base, ...fields });
    },
  };
}

export class TestClock {
  time = 1_800_000_000_000;
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

/** A scheduler whose timers fire only when the test says so. */
export class ManualScheduler implements Scheduler {
  timers = new Map<number, { at: number; callback: () => void }>();
  #next = 1;
  constructor(private readonly clock: TestClock) {}
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#next++;
    this.timers.set(id, { at: this.clock.now() + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  /** Advances the clock, firing due timers in order. */
  advance(ms: number): void {
    const end = this.clock.now() + ms;
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, timer]) => timer.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.clock.time = Math.max(this.clock.time, due[1].at);
      due[1].callback();
    }
    this.clock.time = end;
  }
}

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
