/**
 * The adapter's AES-256-IGE and hashes give GramJS the bytes its own gave: every message every
 * client sends or receives is enciphered and checked through them (the integration tests then
 * talk to the DC through them).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { SecurityError } from 'telegram/errors';
import {
  gramjsIgeClass,
  installMessageCrypto,
  WasmIge,
} from '../../../electron/telegram/message-crypto';

installMessageCrypto();

const requireHere = createRequire(import.meta.url);
const gramjs = {
  ige: requireHere('telegram/crypto/IGE') as { IGE: unknown },
  helpers: requireHere('telegram/Helpers') as {
    sha1: (data: Buffer) => Buffer | Promise<Buffer>;
    sha256: (data: Buffer) => Buffer | Promise<Buffer>;
  },
};

const SIZES = [16, 32, 48, 96, 1024, 4096 + 16, 100_000 - (100_000 % 16), 1024 * 1024];

describe('AES-256-IGE', () => {
  test("enciphers and deciphers whole blocks to GramJS's bytes", () => {
    const Gramjs = gramjsIgeClass();
    for (const size of SIZES) {
      const key = randomBytes(32);
      const iv = randomBytes(32);
      const plain = randomBytes(size);
      const cipher = new WasmIge(key, iv).encryptIge(plain);
      expect(cipher.equals(new Gramjs(key, iv).encryptIge(plain)), `${size} bytes`).toBe(true);
      expect(new WasmIge(key, iv).decryptIge(cipher).equals(plain), `${size} bytes`).toBe(true);
      expect(new Gramjs(key, iv).decryptIge(cipher).equals(plain), `${size} bytes`).toBe(true);
    }
  });

  test('pads a short last block with random bytes, as GramJS does', () => {
    const key = randomBytes(32);
    const iv = randomBytes(32);
    const plain = randomBytes(45);
    const first = new WasmIge(key, iv).encryptIge(plain);
    const second = new WasmIge(key, iv).encryptIge(plain);
    expect(first.length).toBe(48);
    expect(new WasmIge(key, iv).decryptIge(first).subarray(0, 45).equals(plain)).toBe(true);
    expect(first.equals(second)).toBe(false);
  });

  test('refuses to decipher what is not whole blocks', () => {
    const ige = new WasmIge(randomBytes(32), randomBytes(32));
    expect(() => ige.decryptIge(randomBytes(33))).toThrow(SecurityError);
    expect(() => new WasmIge(randomBytes(16), randomBytes(32))).toThrow(/32-byte/);
  });

  test('each result is a buffer of its own: a later call does not change an earlier one', () => {
    const key = randomBytes(32);
    const iv = randomBytes(32);
    const plain = randomBytes(64);
    const first = new WasmIge(key, iv).encryptIge(plain);
    const copy = Buffer.from(first);
    new WasmIge(randomBytes(32), randomBytes(32)).encryptIge(randomBytes(64 * 1024));
    expect(first.equals(copy)).toBe(true);
  });

  test("GramJS's senders and handshake construct it", () => {
    expect(gramjs.ige.IGE).toBe(WasmIge);
  });
});

describe('hashes', () => {
  test("GramJS's sha1 and sha256 give Node's digests", async () => {
    for (const size of [0, 1, 52, 100_000]) {
      const data = randomBytes(size);
      expect(await gramjs.helpers.sha256(data)).toEqual(createHash('sha256').update(data).digest());
      expect(await gramjs.helpers.sha1(data)).toEqual(createHash('sha1').update(data).digest());
    }
  });
});
