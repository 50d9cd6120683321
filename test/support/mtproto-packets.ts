/**
 * MTProto 2.0 messages as the server sends them, for the tests and the bench of the client's
 * decryption (electron/telegram/message-crypto.ts): built with GramJS's own key derivation and
 * AES-IGE, which message-crypto.ts's are compared with.
 */
import { randomBytes, createHash } from 'node:crypto';
import { AuthKey } from 'telegram/crypto/AuthKey';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { returnBigInt } from 'telegram/Helpers';
import { MTProtoState } from 'telegram/network/MTProtoState';
import { gramjsIgeClass } from '../../electron/telegram/message-crypto';

/** The salt and session id of every state `newClientState` makes and every packet to it. */
export const SERVER_SALT = -1234567890123n;
export const SESSION_ID = 987654321987n;
/** The seq no of every packet `serverPacket` makes. */
export const SERVER_SEQ_NO = 3;

/** A client's MTProtoState on a fresh random auth key, with that salt and session id. */
export async function newClientState(): Promise<{ state: MTProtoState; key: AuthKey }> {
  const key = new AuthKey();
  await key.setKey(randomBytes(256));
  const state = new MTProtoState(key, new Logger(LogLevel.NONE), true);
  state.salt = returnBigInt(SERVER_SALT);
  (state as unknown as { id: unknown }).id = returnBigInt(SESSION_ID);
  return { state, key };
}

/** GramJS's own derivation of a message's AES key and IV (`MTProtoState._calcKey`). */
export function gramjsAesKey(
  authKey: Buffer,
  msgKey: Buffer,
  isFromClient: boolean,
): Promise<{ key: Buffer; iv: Buffer }> {
  const state = MTProtoState.prototype as unknown as {
    _calcKey(a: Buffer, m: Buffer, c: boolean): Promise<{ key: Buffer; iv: Buffer }>;
  };
  return state._calcKey(authKey, msgKey, isFromClient);
}

/**
 * `object` in a message as the server sends it to `key`'s client: padded with 12–27 random bytes
 * to whole blocks, its msg_key from auth_key[96..128], its AES key and IV with x = 8.
 */
export async function serverPacket(key: AuthKey, msgId: bigint, object: Buffer): Promise<Buffer> {
  const authKey = key.getKey() as Buffer;
  const head = Buffer.alloc(32);
  head.writeBigInt64LE(SERVER_SALT, 0);
  head.writeBigInt64LE(SESSION_ID, 8);
  head.writeBigInt64LE(msgId, 16);
  head.writeInt32LE(SERVER_SEQ_NO, 24);
  head.writeInt32LE(object.length, 28);
  const unpadded = Buffer.concat([head, object]);
  const padding = 12 + ((16 - ((unpadded.length + 12) % 16)) % 16);
  const plain = Buffer.concat([unpadded, randomBytes(padding)]);
  const digest = createHash('sha256').update(authKey.subarray(96, 128)).update(plain).digest();
  const msgKey = digest.subarray(8, 24);
  const aes = await gramjsAesKey(authKey, msgKey, false);
  const keyId = Buffer.alloc(8);
  keyId.writeBigUInt64LE(BigInt(String(key.keyId)));
  return Buffer.concat([keyId, msgKey, new (gramjsIgeClass())(aes.key, aes.iv).encryptIge(plain)]);
}
