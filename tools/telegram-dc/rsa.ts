import {
  constants,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  privateDecrypt,
  type KeyObject,
} from 'node:crypto';
import { serializeBytes } from 'telegram/tl';
import { sha1 } from './crypto';

/** The DC's RSA key: a throwaway test keypair generated at start, never a Telegram key. */
export interface DcRsaKey {
  /** Signed 64-bit fingerprint as a decimal string (GramJS's `_serverKeys` key). */
  fingerprint: string;
  fingerprintValue: bigint;
  /** Modulus, lowercase hex. */
  n: string;
  e: number;
  privateKey: KeyObject;
}

/**
 * Telegram's key fingerprint: the low 64 bits of SHA1 of the TL-serialised
 * `rsa_public_key n:bytes e:bytes`, read little-endian and signed.
 */
export function rsaFingerprint(nHex: string, e: number): bigint {
  const eHex = e.toString(16);
  const nBytes = Buffer.from(nHex.length % 2 ? '0' + nHex : nHex, 'hex');
  const eBytes = Buffer.from(eHex.length % 2 ? '0' + eHex : eHex, 'hex');
  const digest = sha1(Buffer.concat([serializeBytes(nBytes), serializeBytes(eBytes)]));
  return digest.readBigInt64LE(12);
}

/** Generates a fresh 2048-bit test key (about 100-500 ms). */
export function generateRsaKey(): DcRsaKey {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicExponent: 65537,
  });
  return describeKey(privateKey);
}

/** The key saved by {@link privateKeyPem} (a restarted DC keeps the key its clients trust). */
export function rsaKeyFromPem(pem: string): DcRsaKey {
  return describeKey(createPrivateKey({ key: pem, format: 'pem' }));
}

/** The private key as PKCS#8 PEM, for the DC's state file. */
export function privateKeyPem(key: DcRsaKey): string {
  return key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function describeKey(privateKey: KeyObject): DcRsaKey {
  if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('not an RSA key');
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string') throw new Error('RSA export failed');
  const n = Buffer.from(jwk.n, 'base64url').toString('hex').replace(/^0+/, '');
  const e = Number.parseInt(Buffer.from(jwk.e, 'base64url').toString('hex'), 16);
  const fp = rsaFingerprint(n, e);
  return { fingerprint: fp.toString(), fingerprintValue: fp, n, e, privateKey };
}

/** Raw RSA (no padding) decryption of a 256-byte block, as RSA_PAD requires. */
export function rsaDecryptRaw(key: DcRsaKey, data: Buffer): Buffer {
  return privateDecrypt({ key: key.privateKey, padding: constants.RSA_NO_PADDING }, data);
}

/** The public key as PKCS#1 PEM ("BEGIN RSA PUBLIC KEY"), the form Telegram publishes its keys in. */
export function publicKeyPem(nHex: string, e: number): string {
  const eHex = e.toString(16);
  const toB64 = (hex: string): string =>
    Buffer.from(hex.length % 2 ? '0' + hex : hex, 'hex').toString('base64url');
  return createPublicKey({ key: { kty: 'RSA', n: toB64(nHex), e: toB64(eHex) }, format: 'jwk' })
    .export({ type: 'pkcs1', format: 'pem' })
    .toString();
}
