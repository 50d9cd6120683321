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
 * Here GramJS's `IGE` class is replaced by one that runs mtcute's WebAssembly AES-IGE (the same
 * bytes out, checked against GramJS's in the tests: about 200 bytes of garbage per call whatever
 * the size, 3–10 times faster), and its `sha1` / `sha256` helpers by Node's one-shot
 * `crypto.hash`. GramJS reads both through its modules' exports at each call (MTProtoState, the
 * handshake), so replacing them there reaches every sender. Nothing else of GramJS changes: the
 * message keys, padding and checks are still its own.
 */
import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ige256Decrypt, ige256Encrypt, initSync, SIMD_AVAILABLE } from '@mtcute/wasm';
import { SecurityError } from 'telegram/errors';
import { randomBytesOf } from './random-pool';

const requireHere = createRequire(import.meta.url);

/** GramJS's IGE module and Helpers module themselves (an `import` would give copies). */
const igeModule = requireHere('telegram/crypto/IGE') as { IGE: IgeClass };
const helpers = requireHere('telegram/Helpers') as {
  sha1: (data: Buffer) => Buffer;
  sha256: (data: Buffer) => Buffer;
};

/** What GramJS constructs and calls of its `IGE` class. */
interface IgeCipher {
  encryptIge(plainText: Buffer): Buffer;
  decryptIge(cipherText: Buffer): Buffer;
}
type IgeClass = new (key: Buffer, iv: Buffer) => IgeCipher;

const BLOCK = 16;

/** A WebAssembly result as a Buffer over the same memory (no copy). */
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

let gramjsIge: IgeClass | null = null;

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
}

/** GramJS's own IGE class (the tests compare with it). */
export function gramjsIgeClass(): IgeClass {
  return gramjsIge ?? igeModule.IGE;
}
