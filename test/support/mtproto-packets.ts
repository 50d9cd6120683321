/**
 * MTProto 2.0 messages as the server sends them, for the tests and the bench of the client's
 * decryption (electron/telegram/message-crypto.ts): built by the test DC's own encryption, and
 * GramJS's own key derivation, which message-crypto.ts's is compared with.
 */
import { randomBytes } from 'node:crypto';
import { AuthKey } from 'telegram/crypto/AuthKey';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { returnBigInt } from 'telegram/Helpers';
import { MTProtoState } from 'telegram/network/MTProtoState';
import { serverMessage } from '../../tools/telegram-dc/connection';

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

/** `object` in a message as the test DC sends it to `key`'s client (its `serverMessage`). */
export function serverPacket(key: AuthKey, msgId: bigint, object: Buffer): Buffer {
  const record = {
    key: key.getKey() as Buffer,
    keyId: BigInt.asIntN(64, BigInt(String(key.keyId))),
  };
  const envelope = { salt: SERVER_SALT, sessionId: SESSION_ID, msgId, seqNo: SERVER_SEQ_NO };
  return serverMessage(record, envelope, object);
}
