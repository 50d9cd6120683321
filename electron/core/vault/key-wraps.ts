/**
 * The data key's wraps, as pure functions: by the OS keychain, by the passcode and by the
 * recovery code (scrypt), and the header's key check. Nothing here reads or writes a file.
 */
import type { StorageBackend } from '../../shared/dto';
import type { SecretCipher } from '../ports';
import {
  CryptoError,
  DATA_KEY_BYTES,
  deriveKey,
  fromBase64,
  generateRecoveryCode,
  normalizeRecoveryCode,
  open,
  randomSalt,
  seal,
  toBase64,
  type ScryptParams,
} from './crypto';
import {
  KEY_CHECK_TEXT,
  wrapAad,
  type HeaderV2,
  type LoadedHeader,
  type SecretWrap,
} from './format';

export type SecretKind = 'passcode' | 'recovery';

type Keys = HeaderV2['keys'];

/** No wrap at all. */
export function emptyKeys(): Keys {
  return { os: null, passcode: null, recovery: null, plain: null };
}

/** The key check of a header: a constant sealed with the data key. */
export function keyCheckFor(key: Buffer, vaultId: string): HeaderV2['keyCheck'] {
  return seal(key, Buffer.from(KEY_CHECK_TEXT), wrapAad('key-check', vaultId));
}

/** Checks the key check; a header without one is decided by the records (`keyFitsRecords`). */
export function isRightKey(header: LoadedHeader, key: Buffer): boolean {
  if (key.length !== DATA_KEY_BYTES) return false;
  if (!header.keyCheck) return true;
  try {
    const text = open(key, header.keyCheck, wrapAad('key-check', header.vaultId));
    return text.toString('utf8') === KEY_CHECK_TEXT;
  } catch {
    return false;
  }
}

/** `key` wrapped by the OS cipher, labelled with the backend it was made under. */
export async function wrapWithCipher(
  cipher: SecretCipher,
  backend: StorageBackend,
  key: Buffer,
): Promise<NonNullable<Keys['os']>> {
  return { backend, ciphertext: toBase64(await cipher.encrypt(key)) };
}

/** The data key the OS cipher unwraps; throws when the cipher fails. */
export async function unwrapWithCipher(
  cipher: SecretCipher,
  wrap: NonNullable<Keys['os']>,
): Promise<Buffer> {
  return Buffer.from(await cipher.decrypt(fromBase64(wrap.ciphertext)));
}

/** The best wrap available without a passcode: the (weak) OS cipher, else the clear key. */
export async function weakKeys(
  key: Buffer,
  cipher: SecretCipher | null,
  backend: StorageBackend,
): Promise<Keys> {
  const keys = emptyKeys();
  if (cipher && backend !== 'unavailable') {
    keys.os = await wrapWithCipher(cipher, backend, key);
  } else {
    keys.plain = { key: toBase64(key) };
  }
  return keys;
}

export async function wrapSecret(
  secret: string,
  key: Buffer,
  kind: SecretKind,
  vaultId: string,
  kdf: ScryptParams,
): Promise<SecretWrap> {
  const salt = randomSalt();
  const kek = await deriveKey(secret, salt, kdf);
  const wrap: SecretWrap = {
    kdf: { algorithm: 'scrypt', ...kdf, salt: toBase64(salt) },
    sealed: seal(kek, key, wrapAad(kind, vaultId)),
  };
  kek.fill(0);
  return wrap;
}

/** The data key `secret` unwraps and the key check accepts, or null. */
export async function unwrapSecret(
  secret: string,
  wrap: SecretWrap,
  kind: SecretKind,
  header: LoadedHeader,
): Promise<Buffer | null> {
  const { N, r, p, salt } = wrap.kdf;
  const kek = await deriveKey(secret, fromBase64(salt), { N, r, p });
  try {
    const key = open(kek, wrap.sealed, wrapAad(kind, header.vaultId));
    return isRightKey(header, key) ? key : null;
  } catch (error) {
    if (error instanceof CryptoError) return null;
    throw error;
  } finally {
    kek.fill(0);
  }
}

export interface SealedRecoveryCode {
  code: string;
  recovery: SecretWrap;
  recoveryCode: NonNullable<HeaderV2['recoveryCode']>;
}

/** The recovery wrap of `key` under `code`, and `code` sealed by `key` to show it again. */
export async function sealRecoveryCode(
  code: string,
  key: Buffer,
  vaultId: string,
  kdf: ScryptParams,
): Promise<SealedRecoveryCode> {
  const canonical = normalizeRecoveryCode(code);
  if (!canonical) throw new Error('Invalid recovery code');
  return {
    code,
    recovery: await wrapSecret(canonical, key, 'recovery', vaultId, kdf),
    recoveryCode: seal(key, Buffer.from(code, 'utf8'), wrapAad('recovery-code', vaultId)),
  };
}

export function newRecoveryCode(
  key: Buffer,
  vaultId: string,
  kdf: ScryptParams,
): Promise<SealedRecoveryCode> {
  return sealRecoveryCode(generateRecoveryCode(), key, vaultId, kdf);
}

/** The recovery code the header keeps sealed by the data key, to show it again. */
export function openRecoveryCode(
  key: Buffer,
  sealed: NonNullable<HeaderV2['recoveryCode']>,
  vaultId: string,
): string {
  return open(key, sealed, wrapAad('recovery-code', vaultId)).toString('utf8');
}
