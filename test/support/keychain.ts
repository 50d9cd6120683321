import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SecretCipher } from '../../electron/core/ports';
import type { StorageBackend } from '../../electron/shared/dto';

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

/** A keychain whose key follows from `name`, so that another process can open the same vault. */
export function fixedKeychain(name: string): FakeCipher {
  return new FakeCipher('keychain', createHash('sha256').update(name).digest());
}
