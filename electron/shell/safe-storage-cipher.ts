/**
 * The OS keychain as a `SecretCipher`, over Electron's safeStorage. Only the async API is used:
 * the sync methods are deprecated since Electron 45.
 *
 * The safeStorage object is passed in (structurally typed), so this file never loads `electron`
 * at runtime and tests pass a fake.
 */
import type { SafeStorage } from 'electron';
import type { StorageBackend } from '../shared/dto';
import type { SecretCipher } from '../core/ports';

/** The part of Electron's `safeStorage` this adapter uses. */
export interface SafeStorageLike {
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>;
  isAsyncEncryptionAvailable?(): Promise<boolean>;
  /** Deprecated in Electron 45; only a fallback when the async check does not exist. */
  isEncryptionAvailable(): boolean;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

/**
 * Maps the platform and safeStorage's Linux backend to the vault's notion of strength:
 * `basic_text` (no keyring, a hard-coded key) is weak; every real keyring is a keychain.
 */
export function storageBackendOf(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform,
  isAvailable: boolean,
): StorageBackend {
  if (!isAvailable) return 'unavailable';
  if (platform !== 'linux') return 'keychain';
  const selected = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
  if (selected === 'basic_text') return 'basic_text';
  // `unknown` means "asked before app ready": treat it as weak rather than promise a keyring.
  if (selected === 'unknown') return 'basic_text';
  return 'keychain';
}

export class SafeStorageCipher implements SecretCipher {
  readonly backend: StorageBackend;
  readonly #safeStorage: SafeStorageLike;
  readonly #isAvailable: boolean;

  private constructor(safeStorage: SafeStorageLike, backend: StorageBackend, isAvailable: boolean) {
    this.#safeStorage = safeStorage;
    this.backend = backend;
    this.#isAvailable = isAvailable;
  }

  /** Call after `app.whenReady()`: before it, Linux reports no backend. */
  static async create(
    safeStorage: SafeStorageLike,
    platform: NodeJS.Platform = process.platform,
  ): Promise<SafeStorageCipher> {
    let isAvailable: boolean;
    try {
      isAvailable = safeStorage.isAsyncEncryptionAvailable
        ? await safeStorage.isAsyncEncryptionAvailable()
        : safeStorage.isEncryptionAvailable();
    } catch {
      isAvailable = false;
    }
    const backend = storageBackendOf(safeStorage, platform, isAvailable);
    return new SafeStorageCipher(safeStorage, backend, isAvailable);
  }

  isAvailable(): boolean {
    return this.#isAvailable;
  }

  /** safeStorage encrypts strings, so the bytes travel as base64. */
  async encrypt(plaintext: Uint8Array): Promise<Uint8Array> {
    const encrypted = await this.#safeStorage.encryptStringAsync(
      Buffer.from(plaintext).toString('base64'),
    );
    return new Uint8Array(encrypted);
  }

  async decrypt(ciphertext: Uint8Array): Promise<Uint8Array> {
    const { result } = await this.#safeStorage.decryptStringAsync(Buffer.from(ciphertext));
    return new Uint8Array(Buffer.from(result, 'base64'));
  }
}

/**
 * The composition root's entry point: `createSafeStorageCipher(safeStorage)` after app ready.
 * Typed with Electron's own `SafeStorage`, which proves it fits `SafeStorageLike`.
 */
export function createSafeStorageCipher(
  safeStorage: SafeStorage,
  platform: NodeJS.Platform = process.platform,
): Promise<SafeStorageCipher> {
  return SafeStorageCipher.create(safeStorage, platform);
}
