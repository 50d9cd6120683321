/**
 * AES-256-IGE and SHA for every message a client sends or receives, without GramJS's garbage
 * (issue 17, figure 16: lag while 10,000 accounts receive updates).
 *
 * GramJS 2.26 encrypts and decrypts every MTProto message with `@cryptography/aes`, in plain
 * JavaScript: a new key schedule per message, and per 16-byte block a fresh `Uint32Array` and two
 * views. Measured in Node 20, that is about 21 bytes of garbage per byte of message (a 96-byte
 * ping 5 KB, a 100 KB dialog page 2 MB) at 1.8 ms per 100 KB. Its SHA-256 and SHA-1 build a
 * `Hash` stream object (with a handle the collector must process) per digest, and a message needs
 * three of them. At 10,000 idle accounts that was most of the ~13 MB allocated between two
 * young-generation collections.
 *
 * Here every MTProtoState encrypts and decrypts with functions of this file: the same steps as
 * GramJS's, each check kept (and one added: encrypted data must be whole AES blocks), with
 * mtcute's WebAssembly AES-IGE (about 200 bytes of garbage per call whatever the size, 3–10 times
 * faster), Node's one-shot `crypto.hash`, and one buffer per message where GramJS made five. A
 * message of 60 bytes went from 11.4 KB of garbage to 3.9 KB sent and 4.8 KB received. GramJS's
 * `IGE` class and its `sha1` / `sha256` helpers, which its handshake still uses, are replaced
 * too. The tests check every step against GramJS's own.
 */
import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ige256Decrypt, ige256Encrypt, initSync, SIMD_AVAILABLE } from '@mtcute/wasm';
import { InvalidBufferError, SecurityError } from 'telegram/errors';
import { BinaryReader } from 'telegram/extensions';
import type { returnBigInt } from 'telegram/Helpers';
import { MTProtoState } from 'telegram/network/MTProtoState';
import { TLMessage } from 'telegram/tl/core';
import { writeLong } from './native-longs';
import { randomBytesOf } from './random-pool';

const requireHere = createRequire(import.meta.url);

/** GramJS's IGE module and Helpers module themselves (an `import` would give copies). */
const igeModule = requireHere('telegram/crypto/IGE') as { IGE: IgeClass };
const helpers = requireHere('telegram/Helpers') as {
  sha1: (data: Buffer) => Buffer;
  sha256: (data: Buffer) => Buffer;
  readBigIntFromBuffer: (buffer: Buffer, little?: boolean, signed?: boolean) => BigInteger;
};

/** GramJS's BigInteger (big-integer, which only GramJS imports). */
type BigInteger = ReturnType<typeof returnBigInt>;

/** What this file reads and replaces of GramJS's MTProtoState (private there). */
interface StateInternals {
  authKey?: {
    keyId?: BigInteger;
    getKey(): Buffer | undefined;
    waitForKey(): Promise<void>;
  };
  salt?: BigInteger;
  id?: BigInteger;
  securityChecks: boolean;
  msgIds: {
    includes(id: string): boolean;
    push(id: string): unknown;
    shift(): unknown;
    length: number;
  };
  encryptMessageData(data: Buffer): Promise<Buffer>;
  decryptMessageData(body: Buffer): Promise<TLMessage>;
}

/** What GramJS constructs and calls of its `IGE` class. */
interface IgeCipher {
  encryptIge(plainText: Buffer): Buffer;
  decryptIge(cipherText: Buffer): Buffer;
}
type IgeClass = new (key: Buffer, iv: Buffer) => IgeCipher;

const BLOCK = 16;

/** A WebAssembly result (already copied out of its memory) as a Buffer, without a second copy. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** AES-256-IGE with one key and IV, as GramJS's `IGE` (crypto/IGE.js) does it. */
export class WasmIge implements IgeCipher {
  readonly #key: Buffer;
  readonly #iv: Buffer;

  constructor(key: Buffer, iv: Buffer) {
    if (key.length !== 32 || iv.length !== 32)
      throw new Error('AES-256-IGE takes a 32-byte key and IV.');
    this.#key = key;
    this.#iv = iv;
  }

  /** Pads to whole blocks with random bytes, as GramJS does (its callers mostly pad already). */
  encryptIge(plainText: Buffer): Buffer {
    const short = plainText.length % BLOCK;
    const whole =
      short === 0 ? plainText : Buffer.concat([plainText, randomBytesOf(BLOCK - short)]);
    return asBuffer(ige256Encrypt(whole, this.#key, this.#iv));
  }

  /**
   * Telegram's encrypted data is whole blocks; anything else did not come from the server (GramJS
   * deciphered it as garbage and refused it at the msg_key check; it is refused here first).
   */
  decryptIge(cipherText: Buffer): Buffer {
    if (cipherText.length % BLOCK !== 0) {
      throw new SecurityError('The encrypted data is not a whole number of AES blocks.');
    }
    return asBuffer(ige256Decrypt(cipherText, this.#key, this.#iv));
  }
}

/** One SHA-256 input of the key derivation (16 + 36 bytes), reused: each use is synchronous. */
const derivationInput = Buffer.allocUnsafeSlow(52);

/**
 * MTProto 2.0's AES key and IV for one message (x = 0 for what the client sends, 8 for what it
 * receives): https://core.telegram.org/mtproto/description#defining-aes-key-and-initialization-vector
 */
export function messageAesKey(
  authKey: Buffer,
  msgKey: Buffer,
  isFromClient: boolean,
): { key: Buffer; iv: Buffer } {
  const x = isFromClient ? 0 : 8;
  msgKey.copy(derivationInput, 0);
  authKey.copy(derivationInput, 16, x, x + 36);
  const a = hash('sha256', derivationInput, 'buffer');
  authKey.copy(derivationInput, 0, x + 40, x + 76);
  msgKey.copy(derivationInput, 36);
  const b = hash('sha256', derivationInput, 'buffer');
  derivationInput.fill(0);
  const key = Buffer.allocUnsafe(32);
  a.copy(key, 0, 0, 8);
  b.copy(key, 8, 8, 24);
  a.copy(key, 24, 24, 32);
  const iv = Buffer.allocUnsafe(32);
  b.copy(iv, 0, 0, 8);
  a.copy(iv, 8, 8, 24);
  b.copy(iv, 24, 24, 32);
  return { key, iv };
}

/**
 * GramJS's `MTProtoState.encryptMessageData` in one buffer: salt, session id, the message and
 * 12–27 random bytes of padding to whole blocks; msg_key from SHA-256 of auth_key[88..120] and
 * all that; the result is auth_key_id, msg_key and the AES-IGE of it. Its errors are GramJS's.
 */
async function encryptMessageData(this: StateInternals, data: Buffer): Promise<Buffer> {
  const authKey = this.authKey;
  if (!authKey) throw new Error('Auth key unset');
  if (!authKey.keyId) await authKey.waitForKey();
  const key = authKey.getKey();
  if (!key) throw new Error('Auth key unset');
  const keyId = authKey.keyId;
  if (!this.salt || !this.id || !keyId) throw new Error('Unset params');
  const length = 16 + data.length;
  const padding = (((-(length + 12) % BLOCK) + BLOCK) % BLOCK) + 12;
  // auth_key[88..120] | salt | session id | data | padding; the plaintext is all but the first 32.
  const hashed = Buffer.allocUnsafe(32 + length + padding);
  key.copy(hashed, 0, 88, 120);
  writeLong(hashed, this.salt, 32);
  writeLong(hashed, this.id, 40);
  data.copy(hashed, 48);
  randomBytesOf(padding).copy(hashed, 48 + data.length);
  const msgKey = hash('sha256', hashed, 'buffer').subarray(8, 24);
  hashed.fill(0, 0, 32); // no copy of the auth key left in Node's buffer pool
  const aes = messageAesKey(key, msgKey, true);
  const cipher = ige256Encrypt(hashed.subarray(32), aes.key, aes.iv);
  const packet = Buffer.allocUnsafe(24 + cipher.length);
  writeLong(packet, keyId, 0); // unsigned below 2^64: the same 8 bytes
  msgKey.copy(packet, 8);
  packet.set(cipher, 24);
  return packet;
}

/**
 * GramJS's `MTProtoState.decryptMessageData`, check for check: the auth key id, whole blocks, the
 * msg_key (SHA-256 of auth_key[96..128] and the plaintext), a msg id not seen among the last 500;
 * then the message's object. Like GramJS, it does not check the salt or the session id.
 */
function decryptMessage(this: StateInternals, body: Buffer): TLMessage {
  const authKey = this.authKey;
  if (!authKey) throw new Error('Auth key unset');
  if (body.length < 8) throw new InvalidBufferError(body);
  const keyId = helpers.readBigIntFromBuffer(body.subarray(0, 8));
  if (!authKey.keyId || keyId.neq(authKey.keyId)) {
    throw new SecurityError('Server replied with an invalid auth key');
  }
  const key = authKey.getKey();
  if (!key) throw new SecurityError('Unset AuthKey');
  const msgKey = body.subarray(8, 24);
  const cipher = body.subarray(24);
  if (cipher.length % BLOCK !== 0) {
    throw new SecurityError('The encrypted data is not a whole number of AES blocks.');
  }
  const aes = messageAesKey(key, msgKey, false);
  // auth_key[96..128] | plaintext, hashed as one.
  const hashed = Buffer.allocUnsafe(32 + cipher.length);
  key.copy(hashed, 0, 96, 128);
  hashed.set(ige256Decrypt(cipher, aes.key, aes.iv), 32);
  const isIntact = msgKey.equals(hash('sha256', hashed, 'buffer').subarray(8, 24));
  hashed.fill(0, 0, 32); // no copy of the auth key left in Node's buffer pool
  if (!isIntact) throw new SecurityError("Received msg_key doesn't match with expected one");
  const reader = new BinaryReader(hashed.subarray(32));
  reader.readLong(); // the salt
  reader.readLong(); // the session id
  const remoteMsgId = reader.readLong();
  const seen = remoteMsgId.toString();
  if (this.msgIds.includes(seen) && this.securityChecks) {
    throw new SecurityError('Duplicate msgIds');
  }
  if (this.msgIds.length > 500) this.msgIds.shift();
  this.msgIds.push(seen);
  const remoteSequence = reader.readInt();
  reader.readInt(); // the object's length; the padding after it is not read
  return new TLMessage(remoteMsgId, remoteSequence, reader.tgReadObject());
}

/** As GramJS's, a promise: its errors are rejections. */
function decryptMessageData(this: StateInternals, body: Buffer): Promise<TLMessage> {
  return new Promise((resolve) => {
    resolve(decryptMessage.call(this, body));
  });
}

let gramjsIge: IgeClass | null = null;
let gramjsEncrypt: StateInternals['encryptMessageData'] | null = null;
let gramjsDecrypt: StateInternals['decryptMessageData'] | null = null;

/**
 * Makes every GramJS client in this process encrypt with `WasmIge` and hash with `crypto.hash`
 * (once per process; later calls do nothing).
 */
export function installMessageCrypto(): void {
  if (gramjsIge) return;
  const wasmFile = SIMD_AVAILABLE ? 'mtcute-simd.wasm' : 'mtcute.wasm';
  initSync(readFileSync(requireHere.resolve(`@mtcute/wasm/${wasmFile}`)));
  gramjsIge = igeModule.IGE;
  igeModule.IGE = WasmIge;
  helpers.sha256 = (data) => hash('sha256', data, 'buffer');
  helpers.sha1 = (data) => hash('sha1', data, 'buffer');
  const state = MTProtoState.prototype as unknown as StateInternals;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- only ever called with a state
  gramjsEncrypt = state.encryptMessageData;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- only ever called with a state
  gramjsDecrypt = state.decryptMessageData;
  state.encryptMessageData = encryptMessageData;
  state.decryptMessageData = decryptMessageData;
}

/** GramJS's own `encryptMessageData` and `decryptMessageData` (the tests compare with them). */
export function gramjsMessageCrypto(): Pick<
  StateInternals,
  'encryptMessageData' | 'decryptMessageData'
> {
  if (!gramjsEncrypt || !gramjsDecrypt) throw new Error('installMessageCrypto() was not called.');
  return { encryptMessageData: gramjsEncrypt, decryptMessageData: gramjsDecrypt };
}

/** GramJS's own IGE class (the tests compare with it). */
export function gramjsIgeClass(): IgeClass {
  return gramjsIge ?? igeModule.IGE;
}
