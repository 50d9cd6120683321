/**
 * The vault's cryptographic primitives: AES-256-GCM sealing with associated data, scrypt key
 * derivation and recovery codes. Everything here is built on node:crypto; nothing is logged.
 */
import {
  createCipheriv,
  createDecipheriv,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';

export const DATA_KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const SALT_BYTES = 16;

/** scrypt cost parameters. `N` is the CPU/memory cost (a power of two). */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * Production scrypt parameters: N = 2^17, r = 8, p = 1 (128 MiB, the OWASP recommendation).
 * About 0.6 s per derivation on a 2-core CI machine. Stored with every wrap, so they can grow
 * later: a wrap made with weaker parameters is rewrapped on the next successful unlock.
 */
export const DEFAULT_SCRYPT: Readonly<ScryptParams> = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });

/** A sealed value: the 12-byte nonce and the ciphertext with the 16-byte GCM tag appended. */
export interface Sealed {
  nonce: string;
  ciphertext: string;
}

export function randomKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

export function randomSalt(): Buffer {
  return randomBytes(SALT_BYTES);
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Strict base64 decoding: anything that does not round-trip is rejected. */
export function fromBase64(text: string): Buffer {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) throw new CryptoError('Malformed base64');
  return bytes;
}

/** Any failure to open a sealed value: wrong key, wrong associated data, or damaged bytes. */
export class CryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CryptoError';
  }
}

/** AES-256-GCM with a fresh random nonce; `aad` binds the ciphertext to its context. */
export function seal(key: Uint8Array, plaintext: Uint8Array, aad: string): Sealed {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { nonce: toBase64(nonce), ciphertext: toBase64(body) };
}

/** Opens a value made by `seal`; throws `CryptoError` unless key, data and aad all match. */
export function open(key: Uint8Array, sealed: Sealed, aad: string): Buffer {
  let nonce: Buffer;
  let body: Buffer;
  try {
    nonce = fromBase64(sealed.nonce);
    body = fromBase64(sealed.ciphertext);
  } catch {
    throw new CryptoError('Malformed sealed value');
  }
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) {
    throw new CryptoError('Malformed sealed value');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(body.subarray(0, body.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new CryptoError('Authentication failed');
  }
}

/** Whether stored parameters are weaker than `target` in any dimension. */
export function isWeakerThan(stored: ScryptParams, target: ScryptParams): boolean {
  return stored.N < target.N || stored.r < target.r || stored.p < target.p;
}

/**
 * Derives a 32-byte key with scrypt on the libuv thread pool, so the main process's event loop
 * stays responsive during the ~0.6 s derivation.
 */
export function deriveKey(secret: string, salt: Uint8Array, params: ScryptParams): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes; allow twice that so the default 32 MiB cap never trips.
  const maxmem = 256 * params.N * params.r + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFC'), salt, DATA_KEY_BYTES, { ...params, maxmem }, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

export function keysEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

// ---------------------------------------------------------------------------------------------
// Recovery codes

/** Crockford's base32: no I, L, O or U, so codes survive being read aloud and retyped. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 4;
const GROUP_LENGTH = 5;
const CODE_LENGTH = GROUPS * GROUP_LENGTH;

/**
 * A new recovery code: 20 random Crockford base32 characters (100 bits) in four groups of five,
 * e.g. `7K2QD-MZ4XT-0P9RB-HC3VW`.
 */
export function generateRecoveryCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  let code = '';
  for (let index = 0; index < CODE_LENGTH; index += 1) {
    // 256 is a multiple of 32, so `byte % 32` is uniform.
    code += CROCKFORD.charAt((bytes[index] ?? 0) % 32);
    if (index % GROUP_LENGTH === GROUP_LENGTH - 1 && index < CODE_LENGTH - 1) code += '-';
  }
  return code;
}

/**
 * The canonical form of a typed recovery code (upper case, no separators, I/L read as 1 and O
 * as 0), or null when it cannot be a recovery code at all.
 */
export function normalizeRecoveryCode(input: string): string | null {
  const compact = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (compact.length !== CODE_LENGTH) return null;
  for (const char of compact) if (!CROCKFORD.includes(char)) return null;
  return compact;
}

/** Formats a canonical recovery code into its display groups. */
export function formatRecoveryCode(canonical: string): string {
  const groups: string[] = [];
  for (let index = 0; index < canonical.length; index += GROUP_LENGTH) {
    groups.push(canonical.slice(index, index + GROUP_LENGTH));
  }
  return groups.join('-');
}
