import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import {
  TELEGRAM_DH_G,
  TELEGRAM_DH_PRIME,
  TELEGRAM_DH_PRIME_INT,
  bigIntToBytes,
  bytesToBigInt,
  modPow,
  random,
  sha256,
} from './crypto';

/**
 * Server side of Telegram's SRP-2048 for 2FA (algo
 * PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow). The server only ever holds
 * the verifier v = g^x mod p; the password itself never reaches it, exactly as with Telegram.
 */

const pbkdf2Async = promisify(pbkdf2);
const P = TELEGRAM_DH_PRIME_INT;
const G = BigInt(TELEGRAM_DH_G);
const pad256 = (n: bigint): Buffer => bigIntToBytes(n, 256);

/** Stored password material. */
export interface SrpVerifier {
  salt1: Buffer;
  salt2: Buffer;
  /** g^x mod p, 256 bytes big-endian. */
  verifier: Buffer;
}

/** x = PH2(password, salt1, salt2) as Telegram defines it. */
export async function passwordHash(
  password: string,
  salt1: Buffer,
  salt2: Buffer,
): Promise<Buffer> {
  const h1 = sha256(salt1, Buffer.from(password, 'utf8'), salt1);
  const h2 = sha256(salt2, h1, salt2);
  const h3 = await pbkdf2Async(h2, salt1, 100000, 64, 'sha512');
  return sha256(salt2, h3, salt2);
}

/** Builds a verifier for `password` with fresh salts (salt1 = 8 server bytes + 32 client bytes, as Telegram does). */
export async function createVerifier(password: string, salt1Prefix: Buffer): Promise<SrpVerifier> {
  const salt1 = Buffer.concat([salt1Prefix, random(32)]);
  const salt2 = random(16);
  const x = bytesToBigInt(await passwordHash(password, salt1, salt2));
  return { salt1, salt2, verifier: pad256(modPow(G, x, P)) };
}

/** One getPassword challenge: the server's ephemeral b and B. */
export interface SrpChallenge {
  b: bigint;
  B: Buffer;
}

const K = bytesToBigInt(sha256(TELEGRAM_DH_PRIME, pad256(G)));

/** B = k·v + g^b mod p for a fresh random b. */
export function createChallenge(v: SrpVerifier): SrpChallenge {
  const b = bytesToBigInt(random(256));
  const vInt = bytesToBigInt(v.verifier);
  const B = (K * vInt + modPow(G, b, P)) % P;
  return { b, B: pad256(B) };
}

/** Checks the client's (A, M1) against a challenge; true when the password was right. */
export function verifyProof(v: SrpVerifier, ch: SrpChallenge, A: Buffer, M1: Buffer): boolean {
  const aInt = bytesToBigInt(A);
  if (aInt <= 1n || aInt >= P - 1n) return false;
  const aPad = pad256(aInt);
  const u = bytesToBigInt(sha256(aPad, ch.B));
  const vInt = bytesToBigInt(v.verifier);
  const S = modPow((aInt * modPow(vInt, u, P)) % P, ch.b, P);
  const Kh = sha256(pad256(S));
  const hp = sha256(TELEGRAM_DH_PRIME);
  const hg = sha256(pad256(G));
  for (let i = 0; i < hp.length; i++) hp[i] = (hp[i] ?? 0) ^ (hg[i] ?? 0);
  const expected = sha256(hp, sha256(v.salt1), sha256(v.salt2), aPad, ch.B, Kh);
  return M1.length === 32 && expected.equals(M1);
}
