import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { AccountRecord, Clock, Logger, SecretCipher } from '../../../electron/core/ports';
import { createVault, type Vault } from '../../../electron/core/vault/vault';

/** A keychain stand-in whose key is fixed, so a restarted process can open the same vault. */
export class FixedKeychain implements SecretCipher {
  readonly backend = 'keychain' as const;
  readonly #key = createHash('sha256').update('gramdeck reliability keychain').digest();
  isAvailable(): boolean {
    return true;
  }
  encrypt(plaintext: Uint8Array): Promise<Uint8Array> {
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-256-ctr', this.#key, iv);
    return Promise.resolve(Buffer.concat([iv, cipher.update(plaintext), cipher.final()]));
  }
  decrypt(ciphertext: Uint8Array): Promise<Uint8Array> {
    const bytes = Buffer.from(ciphertext);
    const decipher = createDecipheriv('aes-256-ctr', this.#key, bytes.subarray(0, 16));
    return Promise.resolve(Buffer.concat([decipher.update(bytes.subarray(16)), decipher.final()]));
  }
}

export const silentLogger: Logger = {
  log() {
    // Reliability runs check outcomes, not log lines.
  },
  child() {
    return silentLogger;
  },
};

export const RELIABILITY_KDF = { N: 1024, r: 8, p: 1 };
export const ACCOUNTS = ['acc0', 'acc1', 'acc2', 'acc3'];

/** Opens the vault in `directory` the way every reliability run does: fixed keychain, cheap KDF. */
export function openReliabilityVault(
  directory: string,
  clock: Clock = { now: () => Date.now() },
): Promise<Vault> {
  return createVault({
    directory,
    cipher: new FixedKeychain(),
    clock,
    logger: silentLogger,
    getAutoLockMinutes: () => null,
    kdf: RELIABILITY_KDF,
  });
}

/** A record whose version is recoverable from its content; padded to a realistic size. */
export function recordAt(id: string, version: number): AccountRecord {
  return {
    session: `1BV${version}-${id}-${'s'.repeat(340)}`,
    phone: '+999661234567',
    userId: '42',
    homeDcId: 2,
    serverProfile: { kind: 'test' },
    apiId: 1,
    apiHash: '0123456789abcdef0123456789abcdef',
    proxy: null,
    displayName: `${id}#${version}`,
    username: null,
    isPremium: false,
    avatar: null,
  };
}

export function versionOf(record: AccountRecord): number {
  const match = /#(\d+)$/.exec(record.displayName);
  if (!match?.[1]) throw new Error('Record without a version');
  return Number(match[1]);
}
