import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Server-side crypto primitives. AES-IGE is built on node:crypto's AES-256-ECB instead of
 * GramJS's pure-JS IGE because the DC must serve hundreds of clients in the benchmark;
 * `crypto.test.ts` checks it against GramJS's implementation byte for byte.
 */

/** SHA-1 digest. */
export function sha1(...parts: Buffer[]): Buffer {
  const h = createHash('sha1');
  for (const p of parts) h.update(p);
  return h.digest();
}

/** SHA-256 digest. */
export function sha256(...parts: Buffer[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

function xorInto(target: Buffer, a: Buffer, b: Buffer): void {
  for (let i = 0; i < target.length; i++) target[i] = (a[i] ?? 0) ^ (b[i] ?? 0);
}

/** AES-256-IGE encryption; `data.length` must be a multiple of 16. */
export function igeEncrypt(data: Buffer, key: Buffer, iv: Buffer): Buffer {
  if (data.length % 16 !== 0) throw new Error('IGE input must be a multiple of 16 bytes');
  const cipher = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  const out = Buffer.alloc(data.length);
  let prevCipher = iv.subarray(0, 16);
  let prevPlain = iv.subarray(16, 32);
  const block = Buffer.alloc(16);
  for (let off = 0; off < data.length; off += 16) {
    const plain = data.subarray(off, off + 16);
    xorInto(block, plain, prevCipher);
    const enc = cipher.update(block);
    const c = out.subarray(off, off + 16);
    xorInto(c, enc, prevPlain);
    prevCipher = c;
    prevPlain = plain;
  }
  return out;
}

/** AES-256-IGE decryption; `data.length` must be a multiple of 16. */
export function igeDecrypt(data: Buffer, key: Buffer, iv: Buffer): Buffer {
  if (data.length % 16 !== 0) throw new Error('IGE input must be a multiple of 16 bytes');
  const decipher = createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  const out = Buffer.alloc(data.length);
  let prevCipher = iv.subarray(0, 16);
  let prevPlain = iv.subarray(16, 32);
  const block = Buffer.alloc(16);
  for (let off = 0; off < data.length; off += 16) {
    const c = data.subarray(off, off + 16);
    xorInto(block, c, prevPlain);
    const dec = decipher.update(block);
    const p = out.subarray(off, off + 16);
    xorInto(p, dec, prevCipher);
    prevCipher = c;
    prevPlain = p;
  }
  return out;
}

/** Big-endian unsigned bytes to bigint. */
export function bytesToBigInt(buf: Buffer): bigint {
  return buf.length === 0 ? 0n : BigInt('0x' + buf.toString('hex'));
}

/** bigint to big-endian unsigned bytes; `length` pads on the left, omitted means minimal. */
export function bigIntToBytes(n: bigint, length?: number): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = '0' + hex;
  const raw = Buffer.from(hex, 'hex');
  if (length === undefined) return raw;
  if (raw.length > length) throw new Error(`integer does not fit in ${length} bytes`);
  return Buffer.concat([Buffer.alloc(length - raw.length), raw]);
}

/** Modular exponentiation with native bigints (square-and-multiply). */
export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = ((base % mod) + mod) % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    e >>= 1n;
    b = (b * b) % mod;
  }
  return result;
}

/** Random bytes. */
export function random(n: number): Buffer {
  return randomBytes(n);
}

/** A random signed 64-bit value. */
export function randomLong(): bigint {
  return randomBytes(8).readBigInt64LE(0);
}

/**
 * Telegram's 2048-bit safe prime, used both for the handshake's Diffie-Hellman (g = 3) and for
 * SRP. GramJS's `Password.js` refuses any other prime, so SRP must use exactly this one.
 */
export const TELEGRAM_DH_PRIME = Buffer.from(
  'c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f' +
    '48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c37' +
    '20fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64' +
    '2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4' +
    'a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754' +
    'fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4' +
    'e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f' +
    '0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b',
  'hex',
);

/** The same prime as a bigint. */
export const TELEGRAM_DH_PRIME_INT = bytesToBigInt(TELEGRAM_DH_PRIME);

/** Generator paired with {@link TELEGRAM_DH_PRIME}. */
export const TELEGRAM_DH_G = 3;

/** Deterministic Miller-Rabin primality test, exact for n < 3.3e24 (covers every pq factor). */
export function isProbablePrime(n: bigint): boolean {
  if (n < 2n) return false;
  const small = [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n, 41n];
  for (const p of small) {
    if (n === p) return true;
    if (n % p === 0n) return false;
  }
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  for (const a of small) {
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    let composite = true;
    for (let r = 1; r < s; r++) {
      x = (x * x) % n;
      if (x === n - 1n) {
        composite = false;
        break;
      }
    }
    if (composite) return false;
  }
  return true;
}

/** A random prime in [lo, hi). */
export function randomPrime(lo: bigint, hi: bigint): bigint {
  const span = hi - lo;
  for (;;) {
    const r = bytesToBigInt(randomBytes(8)) % span;
    let c = (lo + r) | 1n;
    while (c < hi) {
      if (isProbablePrime(c)) return c;
      c += 2n;
    }
  }
}

/**
 * Generates the pq of req_pq. It must be exactly 8 bytes: GramJS's Pollard-Brent factorizer
 * loops forever on shorter values. Realistic mode uses two ~31-bit primes like Telegram; the
 * small mode pairs a tiny prime with a large one so the client factors it instantly.
 */
export function generatePq(smallPrimes: boolean): { p: bigint; q: bigint; pq: bigint } {
  for (;;) {
    const p = smallPrimes ? randomPrime(1000n, 5000n) : randomPrime(1n << 30n, 1n << 31n);
    const q = smallPrimes
      ? randomPrime((1n << 57n) / p + 1n, (1n << 63n) / p)
      : randomPrime(1n << 30n, 1n << 31n);
    const pq = p * q;
    if (p !== q && pq >= 1n << 56n && pq < 1n << 64n)
      return p < q ? { p, q, pq } : { p: q, q: p, pq };
  }
}
