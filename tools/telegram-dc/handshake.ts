import { createDiffieHellman } from 'node:crypto';
import { Api } from 'telegram';
import { readBigIntFromBuffer, toSignedLittleBuffer } from 'telegram/Helpers';
import { BinaryReader } from 'telegram/extensions/BinaryReader';
import {
  TELEGRAM_DH_G,
  TELEGRAM_DH_PRIME,
  bigIntToBytes,
  bytesToBigInt,
  generatePq,
  igeDecrypt,
  igeEncrypt,
  random,
  sha1,
  sha256,
} from './crypto';
import { rsaDecryptRaw, type DcRsaKey } from './rsa';
import type { AccountStore, AuthKeyRecord } from './store';
import { readObject, toLong, type BigInteger, type TlObject } from './tl';

/**
 * The unencrypted half of MTProto: creating an auth key (req_pq_multi / req_pq, req_DH_params
 * with RSA_PAD, set_client_DH_params answered with dh_gen_ok / retry / fail).
 * https://core.telegram.org/mtproto/auth_key
 */

let dhContext: ReturnType<typeof createDiffieHellman> | undefined;
/**
 * One DiffieHellman context for the process: creating one validates the 2048-bit prime, which
 * costs about half a second, so handshakes only swap the private exponent (setPrivateKey).
 */
function sharedDh(): ReturnType<typeof createDiffieHellman> {
  dhContext ??= createDiffieHellman(TELEGRAM_DH_PRIME, Buffer.from([TELEGRAM_DH_G]));
  return dhContext;
}

/** Thrown when a handshake message is malformed; the connection is closed like Telegram does. */
export class HandshakeError extends Error {}

interface PendingHandshake {
  nonce: BigInteger;
  serverNonce: BigInteger;
  p: bigint;
  q: bigint;
  pq: bigint;
  newNonce?: BigInteger;
  newNonceBuf?: Buffer;
  tmpKey?: Buffer;
  tmpIv?: Buffer;
  /** The server's DH exponent a. */
  dhPrivate?: Buffer;
  retries: number;
}

/** Options for one DC's handshake handler. */
export interface HandshakeOptions {
  dcId: number;
  rsa: DcRsaKey;
  smallPrimes: boolean;
  store: AccountStore;
}

function int128Hex(n: BigInteger): string {
  return toSignedLittleBuffer(n, 16).toString('hex');
}

/** Handles handshake messages on one connection; returns answers to send in plain messages. */
export class Handshake {
  private readonly pending = new Map<string, PendingHandshake>();

  constructor(private readonly opts: HandshakeOptions) {}

  /** Processes one unencrypted message body. Returns the answer, or throws {@link HandshakeError}. */
  async handle(body: Buffer): Promise<{ answer: TlObject; created?: AuthKeyRecord }> {
    const obj = await readObject(body);
    if (obj instanceof Api.ReqPqMulti || obj instanceof Api.ReqPq)
      return { answer: this.reqPq(obj.nonce) };
    if (obj instanceof Api.ReqDHParams) return { answer: this.reqDhParams(obj) };
    if (obj instanceof Api.SetClientDHParams) return this.setClientDhParams(obj);
    throw new HandshakeError('unexpected unencrypted message');
  }

  private reqPq(nonce: BigInteger): TlObject {
    if (this.pending.size > 8) throw new HandshakeError('too many parallel handshakes');
    const { p, q, pq } = generatePq(this.opts.smallPrimes);
    const serverNonce = readBigIntFromBuffer(random(16), true, true);
    this.pending.set(int128Hex(nonce), { nonce, serverNonce, p, q, pq, retries: 0 });
    return new Api.ResPQ({
      nonce,
      serverNonce,
      pq: bigIntToBytes(pq, 8),
      serverPublicKeyFingerprints: [toLong(this.opts.rsa.fingerprintValue)],
    });
  }

  private lookup(nonce: BigInteger, serverNonce: BigInteger): PendingHandshake {
    const st = this.pending.get(int128Hex(nonce));
    if (!st || !st.serverNonce.eq(serverNonce)) throw new HandshakeError('unknown nonce');
    return st;
  }

  private reqDhParams(req: Api.ReqDHParams): TlObject {
    const st = this.lookup(req.nonce, req.serverNonce);
    if (req.publicKeyFingerprint.toString() !== this.opts.rsa.fingerprint)
      throw new HandshakeError('unknown fingerprint');
    if (bytesToBigInt(req.p) !== st.p || bytesToBigInt(req.q) !== st.q)
      throw new HandshakeError('wrong p/q');
    // RSA_PAD: key_aes_encrypted = temp_key_xor || AES-IGE(temp_key, 0)(reversed data_with_padding || sha256(temp_key || data_with_padding))
    const m = rsaDecryptRaw(this.opts.rsa, req.encryptedData);
    const tempKeyXor = m.subarray(0, 32);
    const aesEncrypted = m.subarray(32);
    const tempKey = Buffer.alloc(32);
    const h = sha256(aesEncrypted);
    for (let i = 0; i < 32; i++) tempKey[i] = (tempKeyXor[i] ?? 0) ^ (h[i] ?? 0);
    const dataWithHash = igeDecrypt(aesEncrypted, tempKey, Buffer.alloc(32));
    const dataWithPadding = Buffer.from(dataWithHash.subarray(0, 192)).reverse();
    if (!sha256(tempKey, dataWithPadding).equals(dataWithHash.subarray(192, 224)))
      throw new HandshakeError('RSA_PAD hash mismatch');
    // The inner data is plain TL; read it synchronously through the shared reader.
    return this.finishDhParams(st, dataWithPadding);
  }

  private finishDhParams(st: PendingHandshake, dataWithPadding: Buffer): TlObject {
    const reader = new BinaryReader(dataWithPadding);
    const inner = reader.tgReadObject() as unknown;
    if (!(inner instanceof Api.PQInnerData || inner instanceof Api.PQInnerDataDc))
      throw new HandshakeError('bad p_q_inner_data');
    if (!inner.nonce.eq(st.nonce) || !inner.serverNonce.eq(st.serverNonce))
      throw new HandshakeError('inner nonce mismatch');
    if (bytesToBigInt(inner.pq) !== st.pq) throw new HandshakeError('inner pq mismatch');
    st.newNonce = inner.newNonce;
    st.newNonceBuf = toSignedLittleBuffer(inner.newNonce, 32);
    const serverNonceBuf = toSignedLittleBuffer(st.serverNonce, 16);
    const nn = st.newNonceBuf;
    const h1 = sha1(nn, serverNonceBuf);
    const h2 = sha1(serverNonceBuf, nn);
    const h3 = sha1(nn, nn);
    st.tmpKey = Buffer.concat([h1, h2.subarray(0, 12)]);
    st.tmpIv = Buffer.concat([h2.subarray(12, 20), h3, nn.subarray(0, 4)]);
    const dh = sharedDh();
    st.dhPrivate = random(256);
    dh.setPrivateKey(st.dhPrivate);
    const gA = dh.generateKeys();
    const innerData = new Api.ServerDHInnerData({
      nonce: st.nonce,
      serverNonce: st.serverNonce,
      g: TELEGRAM_DH_G,
      dhPrime: TELEGRAM_DH_PRIME,
      gA,
      serverTime: Math.floor(Date.now() / 1000),
    }).getBytes();
    let answer = Buffer.concat([sha1(innerData), innerData]);
    const pad = (16 - (answer.length % 16)) % 16;
    answer = Buffer.concat([answer, random(pad)]);
    return new Api.ServerDHParamsOk({
      nonce: st.nonce,
      serverNonce: st.serverNonce,
      encryptedAnswer: igeEncrypt(answer, st.tmpKey, st.tmpIv),
    });
  }

  private setClientDhParams(req: Api.SetClientDHParams): {
    answer: TlObject;
    created?: AuthKeyRecord;
  } {
    const st = this.lookup(req.nonce, req.serverNonce);
    if (!st.tmpKey || !st.tmpIv || !st.dhPrivate || !st.newNonceBuf)
      throw new HandshakeError('set_client_DH_params before req_DH_params');
    const fail = (n: 3): TlObject =>
      new Api.DhGenFail({
        nonce: st.nonce,
        serverNonce: st.serverNonce,
        newNonceHash3: this.nonceHash(st.newNonceBuf ?? Buffer.alloc(32), n, Buffer.alloc(8)),
      });
    if (req.encryptedData.length % 16 !== 0) return { answer: fail(3) };
    const plain = igeDecrypt(req.encryptedData, st.tmpKey, st.tmpIv);
    const reader = new BinaryReader(plain.subarray(20));
    const inner = reader.tgReadObject() as unknown;
    if (!(inner instanceof Api.ClientDHInnerData)) return { answer: fail(3) };
    const innerBytes = plain.subarray(20, 20 + reader.tellPosition());
    if (!sha1(innerBytes).equals(plain.subarray(0, 20))) return { answer: fail(3) };
    if (!inner.nonce.eq(st.nonce) || !inner.serverNonce.eq(st.serverNonce))
      return { answer: fail(3) };
    let secret: Buffer;
    try {
      const dh = sharedDh();
      dh.setPrivateKey(st.dhPrivate);
      secret = dh.computeSecret(inner.gB);
    } catch {
      return { answer: fail(3) };
    }
    const { key, auxHash, keyId } = authKeyFromSecret(secret);
    const store = this.opts.store;
    if (store.getKey(this.opts.dcId, keyId)) {
      // A key id collision: ask the client to retry with a new b.
      st.retries++;
      return {
        answer: new Api.DhGenRetry({
          nonce: st.nonce,
          serverNonce: st.serverNonce,
          newNonceHash2: this.nonceHash(st.newNonceBuf, 2, auxHash),
        }),
      };
    }
    this.pending.delete(int128Hex(st.nonce));
    const created = store.addKey(this.opts.dcId, keyId, key);
    return {
      answer: new Api.DhGenOk({
        nonce: st.nonce,
        serverNonce: st.serverNonce,
        newNonceHash1: this.nonceHash(st.newNonceBuf, 1, auxHash),
      }),
      created,
    };
  }

  /** new_nonce_hashN = low 128 bits of SHA1(new_nonce || N || auth_key_aux_hash). */
  private nonceHash(newNonce: Buffer, n: number, auxHash: Buffer): BigInteger {
    const digest = sha1(newNonce, Buffer.from([n]), auxHash);
    return readBigIntFromBuffer(digest.subarray(4, 20), true, true);
  }
}

/**
 * The auth key as GramJS stores it. GramJS keeps g^ab in minimal big-endian form, so roughly 1 in
 * 256 keys is 255 bytes long; key_id, aux_hash and every later msg_key must use those same bytes.
 */
export function authKeyFromSecret(secret: Buffer): { key: Buffer; auxHash: Buffer; keyId: bigint } {
  let start = 0;
  while (start < secret.length - 1 && secret[start] === 0) start++;
  const key = Buffer.from(secret.subarray(start));
  const keyHash = sha1(key);
  return { key, auxHash: keyHash.subarray(0, 8), keyId: keyHash.readBigInt64LE(12) };
}
