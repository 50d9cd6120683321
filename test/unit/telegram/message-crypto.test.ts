/**
 * The adapter's AES-256-IGE and hashes give GramJS the bytes its own gave: every message every
 * client sends or receives is enciphered and checked through them (the integration tests then
 * talk to the DC through them).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { Api } from 'telegram';
import { InvalidBufferError, SecurityError } from 'telegram/errors';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { returnBigInt } from 'telegram/Helpers';
import { MTProtoState } from 'telegram/network/MTProtoState';
import {
  gramjsIgeClass,
  gramjsMessageCrypto,
  installMessageCrypto,
  messageAesKey,
  WasmIge,
} from '../../../electron/telegram/message-crypto';
import { installNativeLongs } from '../../../electron/telegram/native-longs';
import {
  gramjsAesKey,
  newClientState,
  serverPacket,
  SERVER_SALT,
  SERVER_SEQ_NO,
  SESSION_ID,
} from '../../support/mtproto-packets';

installNativeLongs();
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

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

describe('MTProto 2.0 messages', () => {
  test("the AES key and IV of a message are GramJS's, both ways", async () => {
    const authKey = randomBytes(256);
    for (const client of [true, false]) {
      const msgKey = randomBytes(16);
      expect(messageAesKey(authKey, msgKey, client)).toEqual(
        await gramjsAesKey(authKey, msgKey, client),
      );
    }
  });

  test('a message sent is what the server reads: key id, msg_key, salt, session id, data, padding', async () => {
    const { state, key } = await newClientState();
    const authKey = key.getKey() as Buffer;
    for (const size of [0, 4, 20, 60, 1000, 4097]) {
      const data = randomBytes(size);
      const packet = await state.encryptMessageData(data);
      expect(packet.readBigUInt64LE(0).toString()).toBe(key.keyId?.toString());
      const msgKey = packet.subarray(8, 24);
      const { key: aesKey, iv } = await gramjsAesKey(authKey, msgKey, true);
      const plain = new (gramjsIgeClass())(aesKey, iv).decryptIge(packet.subarray(24));
      expect(plain.length % 16).toBe(0);
      const padding = plain.length - 16 - size;
      expect(padding).toBeGreaterThanOrEqual(12);
      expect(padding).toBeLessThanOrEqual(27);
      expect(sha256(authKey.subarray(88, 120), plain).subarray(8, 24)).toEqual(msgKey);
      expect(plain.readBigInt64LE(0)).toBe(SERVER_SALT);
      expect(plain.readBigInt64LE(8)).toBe(SESSION_ID);
      expect(plain.subarray(16, 16 + size)).toEqual(data);
    }
  });

  test("a message received reads as GramJS's own decryption reads it", async () => {
    const { state, key } = await newClientState();
    const gramjs = gramjsMessageCrypto();
    const twin = new MTProtoState(key, new Logger(LogLevel.NONE), true);
    const pong = new Api.Pong({ msgId: returnBigInt(77n << 32n), pingId: returnBigInt(-5n) });
    const packet = serverPacket(key, (1n << 62n) + 4n, pong.getBytes());
    const ours = await state.decryptMessageData(packet);
    const theirs = await gramjs.decryptMessageData.call(twin as never, packet);
    expect(ours.msgId.toString()).toBe(((1n << 62n) + 4n).toString());
    expect((ours as unknown as { seqNo: number }).seqNo).toBe(SERVER_SEQ_NO);
    expect(ours.obj).toBeInstanceOf(Api.Pong);
    expect(ours).toEqual(theirs);
  });

  test('a tampered, foreign, cut, short or repeated message is refused', async () => {
    const { state, key } = await newClientState();
    const body = new Api.Pong({ msgId: returnBigInt(1n), pingId: returnBigInt(2n) }).getBytes();
    const good = serverPacket(key, 1n << 40n, body);

    const tampered = Buffer.from(good);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 1) ^ 1, tampered.length - 1);
    await expect(state.decryptMessageData(tampered)).rejects.toThrow(/msg_key/);
    const foreign = Buffer.from(good);
    foreign.writeUInt8(foreign.readUInt8(0) ^ 1, 0);
    await expect(state.decryptMessageData(foreign)).rejects.toThrow(/invalid auth key/);
    await expect(state.decryptMessageData(good.subarray(0, good.length - 1))).rejects.toThrow(
      SecurityError,
    );
    await expect(state.decryptMessageData(good.subarray(0, 7))).rejects.toThrow(InvalidBufferError);

    await state.decryptMessageData(good);
    await expect(state.decryptMessageData(good)).rejects.toThrow(/Duplicate/);
  });
});
