import type { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Api } from 'telegram';
import { GZIPPacked, MessageContainer } from 'telegram/tl/core';
import { igeDecrypt, igeEncrypt, random, randomLong, sha256 } from './crypto';
import { RpcError } from './errors';
import { Handshake, HandshakeError } from './handshake';
import { msgIdSeconds } from './msg-id';
import { dispatchRpc } from './rpc';
import type { DcRuntime } from './runtime';
import type { AuthKeyRecord, SessionRecord, UpdateSink } from './store';
import {
  classNameOf,
  fromLong,
  gzipPacked,
  msgContainer,
  readObject,
  rpcResult,
  serializeValue,
  toLong,
  type BigInteger,
  type ContainerItem,
  type TlObject,
} from './tl';
import { TransportCodec, type DetectedTransport } from './transport';

/**
 * One TCP connection to a DC: transport framing, the plain handshake messages, and the
 * encrypted MTProto 2.0 layer (msg_id / seq_no / salt / session rules, containers, gzip, service
 * messages). RPC calls are handed to `rpc/`.
 */

interface OutItem {
  session: SessionRecord;
  body: Buffer;
  isResponse: boolean;
  isContentRelated: boolean;
}

/** bad_msg_notification error codes (https://core.telegram.org/mtproto/service_messages_about_messages). */
const BAD_MSG = {
  tooLow: 16,
  tooHigh: 17,
  badMod4: 18,
  seqEvenExpected: 35,
  seqOddExpected: 34,
  badContainer: 64,
} as const;

/** Service messages that are not content-related and so carry an even seq_no. */
function isContentRelated(obj: unknown): boolean {
  return !(
    obj instanceof Api.MsgsAck ||
    obj instanceof MessageContainer ||
    obj instanceof Api.HttpWait ||
    obj instanceof Api.MsgsStateInfo
  );
}

/** A live connection. Also an {@link UpdateSink} once it carries an encrypted session. */
export class DcConnection implements UpdateSink {
  private readonly codec = new TransportCodec();
  private readonly handshake: Handshake;
  private authKey: AuthKeyRecord | undefined;
  private currentSession: SessionRecord | undefined;
  private outbox: OutItem[] = [];
  private flushScheduled = false;
  private pingDisconnectTimer: NodeJS.Timeout | undefined;
  private receivedMessages = 0;
  private isClosed = false;
  private chain: Promise<void> = Promise.resolve();
  readonly openedAt = Date.now();

  constructor(
    readonly socket: Socket,
    readonly rt: DcRuntime,
  ) {
    this.handshake = new Handshake({
      dcId: rt.id,
      rsa: rt.rsa,
      smallPrimes: rt.smallPrimes,
      store: rt.store,
    });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.onData(chunk);
    });
    socket.on('error', () => {
      this.close();
    });
    socket.on('close', () => {
      this.close();
    });
  }

  /** The auth key this connection uses (undefined before the first encrypted message). */
  get key(): AuthKeyRecord {
    if (!this.authKey) throw new Error('no auth key yet');
    return this.authKey;
  }

  /** The auth key if known. */
  get keyIfAny(): AuthKeyRecord | undefined {
    return this.authKey;
  }

  /** The detected transport. */
  get transport(): DetectedTransport | undefined {
    return this.codec.transport;
  }

  private onData(chunk: Buffer): void {
    if (this.isClosed) return;
    let packets: Buffer[];
    try {
      packets = this.codec.push(chunk);
    } catch (e) {
      this.rt.log(`dc${this.rt.id}: transport error: ${(e as Error).message}`);
      this.close();
      return;
    }
    for (const p of packets) {
      // Packets are processed in order; RPC handlers may still finish out of order.
      this.chain = this.chain
        .then(() => this.onPacket(p))
        .catch((e: unknown) => {
          this.rt.log(
            `dc${this.rt.id}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
          );
          this.close();
        });
    }
  }

  private async onPacket(packet: Buffer): Promise<void> {
    if (this.isClosed) return;
    if (packet.length < 8) return;
    const keyId = packet.readBigInt64LE(0);
    if (keyId === 0n) return this.onPlain(packet);
    return this.onEncrypted(keyId, packet);
  }

  private async onPlain(packet: Buffer): Promise<void> {
    if (packet.length < 20) throw new HandshakeError('short plain message');
    const len = packet.readInt32LE(16);
    const body = packet.subarray(20, 20 + len);
    try {
      const { answer } = await this.handshake.handle(body);
      const bytes = answer.getBytes();
      const head = Buffer.alloc(20);
      head.writeBigInt64LE(this.rt.msgIds.next(true), 8);
      head.writeInt32LE(bytes.length, 16);
      this.writeFrame(Buffer.concat([head, bytes]));
    } catch (e) {
      if (e instanceof HandshakeError) {
        this.rt.log(`dc${this.rt.id}: handshake refused: ${e.message}`);
        this.close();
        return;
      }
      throw e;
    }
  }

  /** Sends a transport-level error such as -404 (unknown auth key), as Telegram does. */
  sendTransportError(code: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(code, 0);
    this.writeFrame(b);
  }

  private async onEncrypted(keyId: bigint, packet: Buffer): Promise<void> {
    const key = this.rt.store.getKey(this.rt.id, keyId);
    if (!key) {
      this.rt.control.noteFault({ kind: 'unknown-auth-key', dcId: this.rt.id });
      this.sendTransportError(-404);
      return;
    }
    if (packet.length < 24 + 32 || (packet.length - 24) % 16 !== 0) {
      this.sendTransportError(-404);
      return;
    }
    const msgKey = packet.subarray(8, 24);
    const { aesKey, aesIv } = kdf(key.key, msgKey, 0);
    const plain = igeDecrypt(packet.subarray(24), aesKey, aesIv);
    // MTProto 2.0: msg_key = middle 128 bits of SHA256(auth_key[88:120] || plaintext_with_padding).
    if (!sha256(key.key.subarray(88, 120), plain).subarray(8, 24).equals(msgKey)) {
      this.rt.log(`dc${this.rt.id}: msg_key mismatch, dropping packet`);
      return;
    }
    const salt = plain.readBigInt64LE(0);
    const sessionId = plain.readBigInt64LE(8);
    const msgId = plain.readBigInt64LE(16);
    const seqNo = plain.readInt32LE(24);
    const len = plain.readInt32LE(28);
    if (
      len < 0 ||
      len > plain.length - 32 ||
      plain.length - 32 - len < 12 ||
      plain.length - 32 - len > 1024
    ) {
      this.rt.log(`dc${this.rt.id}: bad inner length`);
      this.close();
      return;
    }
    const body = plain.subarray(32, 32 + len);
    if (this.authKey && this.authKey !== key) this.rt.store.sinks.delete(this);
    this.authKey = key;
    this.rt.store.sinks.add(this);
    key.dateActive = Math.floor(Date.now() / 1000);

    let session = key.sessions.get(sessionId);
    if (!session) {
      session = {
        id: sessionId,
        uniqueId: randomLong(),
        seenMsgIds: new Set(),
        createdAt: Date.now(),
        outSeq: 0,
        announced: false,
      };
      key.sessions.set(sessionId, session);
    }
    this.currentSession = session;

    this.receivedMessages++;
    if (this.rt.control.shouldDropAfterMessage(this)) return;

    const badMsg = this.checkMsgId(msgId);
    if (badMsg !== undefined) {
      this.sendBadMsg(session, msgId, seqNo, badMsg);
      return;
    }
    if (!this.isSaltValid(key, salt)) {
      const current = key.salts.at(-1)?.salt ?? 0n;
      const notice = new Api.BadServerSalt({
        badMsgId: toLong(msgId),
        badMsgSeqno: seqNo,
        errorCode: 48,
        newServerSalt: toLong(current),
      });
      this.enqueue(session, notice.getBytes(), false, false);
      return;
    }
    if (!session.announced) {
      session.announced = true;
      const created = new Api.NewSessionCreated({
        firstMsgId: toLong(msgId),
        uniqueId: toLong(session.uniqueId),
        serverSalt: toLong(key.salts.at(-1)?.salt ?? 0n),
      });
      this.enqueue(session, created.getBytes(), false, true);
    }
    const obj = await readObject(body);
    await this.processMessage(session, msgId, seqNo, obj, false);
  }

  private checkMsgId(msgId: bigint): number | undefined {
    if (msgId % 4n !== 0n) return BAD_MSG.badMod4;
    const t = msgIdSeconds(msgId);
    const nowS = Date.now() / 1000;
    if (t < nowS - 300) return BAD_MSG.tooLow;
    if (t > nowS + 30) return BAD_MSG.tooHigh;
    return undefined;
  }

  private isSaltValid(key: AuthKeyRecord, salt: bigint): boolean {
    const t = Math.floor(Date.now() / 1000);
    return key.salts.some((s) => s.salt === salt && s.validSince <= t && t < s.validUntil);
  }

  private sendBadMsg(session: SessionRecord, msgId: bigint, seqNo: number, code: number): void {
    const n = new Api.BadMsgNotification({
      badMsgId: toLong(msgId),
      badMsgSeqno: seqNo,
      errorCode: code,
    });
    this.enqueue(session, n.getBytes(), false, false);
  }

  private async processMessage(
    session: SessionRecord,
    msgId: bigint,
    seqNo: number,
    obj: unknown,
    isInner: boolean,
  ): Promise<void> {
    if (session.seenMsgIds.has(msgId)) return; // a resend of something already handled
    if (!isInner || !(obj instanceof MessageContainer)) {
      const content = isContentRelated(obj);
      if (content && seqNo % 2 === 0) {
        this.sendBadMsg(session, msgId, seqNo, BAD_MSG.seqOddExpected);
        return;
      }
      if (!content && seqNo % 2 === 1) {
        this.sendBadMsg(session, msgId, seqNo, BAD_MSG.seqEvenExpected);
        return;
      }
    }
    session.seenMsgIds.add(msgId);
    if (session.seenMsgIds.size > 2000) {
      const first = session.seenMsgIds.values().next().value;
      if (first !== undefined) session.seenMsgIds.delete(first);
    }
    if (obj instanceof MessageContainer) {
      if (isInner) {
        this.sendBadMsg(session, msgId, seqNo, BAD_MSG.badContainer);
        return;
      }
      // GramJS marks these fields private in its typings; they are plain public properties.
      const inner = (
        obj as unknown as { messages: { msgId: BigInteger; seqNo: number; obj: unknown }[] }
      ).messages;
      await Promise.all(
        inner.map(async (m) => {
          const o: unknown = await m.obj;
          await this.processMessage(session, fromLong(m.msgId), m.seqNo, o, true);
        }),
      );
      return;
    }
    if (obj instanceof GZIPPacked) {
      session.seenMsgIds.delete(msgId);
      return this.processMessage(session, msgId, seqNo, await readObject(obj.data), isInner);
    }
    if (obj instanceof Api.MsgsAck) return;
    if (obj instanceof Api.Ping || obj instanceof Api.PingDelayDisconnect) {
      const pong = new Api.Pong({ msgId: toLong(msgId), pingId: obj.pingId });
      // Pong answers the ping's msg_id directly, outside rpc_result.
      this.enqueue(session, pong.getBytes(), true, false);
      if (obj instanceof Api.PingDelayDisconnect) this.armPingDisconnect(obj.disconnectDelay);
      return;
    }
    if (obj instanceof Api.GetFutureSalts) {
      this.enqueue(session, this.futureSalts(msgId, obj.num), true, false);
      return;
    }
    if (obj instanceof Api.DestroySession) {
      const target = fromLong(obj.sessionId);
      const key = this.key;
      const existed = target !== session.id && key.sessions.delete(target);
      const res = existed
        ? new Api.DestroySessionOk({ sessionId: obj.sessionId })
        : new Api.DestroySessionNone({ sessionId: obj.sessionId });
      this.enqueue(session, rpcResult(msgId, res.getBytes()), true, true);
      return;
    }
    if (
      obj instanceof Api.MsgsStateReq ||
      obj instanceof Api.MsgResendReq ||
      obj instanceof Api.HttpWait
    )
      return;
    await this.invoke(session, msgId, obj);
  }

  private futureSalts(reqMsgId: bigint, num: number): Buffer {
    const key = this.key;
    const count = Math.max(1, Math.min(64, num));
    const t = Math.floor(Date.now() / 1000);
    while (key.salts.length < count) {
      const last = key.salts.at(-1);
      const since = last ? last.validUntil - 60 : t;
      key.salts.push({ salt: randomLong(), validSince: since, validUntil: since + 3600 });
    }
    // future_salts uses a bare vector of bare future_salt, which GramJS cannot serialise itself.
    const parts: Buffer[] = [];
    const head = Buffer.alloc(4 + 8 + 4 + 4);
    head.writeUInt32LE(0xae500895, 0);
    head.writeBigInt64LE(reqMsgId, 4);
    head.writeInt32LE(t, 12);
    head.writeInt32LE(count, 16);
    parts.push(head);
    for (const s of key.salts.slice(0, count)) {
      const e = Buffer.alloc(16);
      e.writeInt32LE(s.validSince, 0);
      e.writeInt32LE(s.validUntil, 4);
      e.writeBigInt64LE(s.salt, 8);
      parts.push(e);
    }
    return Buffer.concat(parts);
  }

  private armPingDisconnect(delaySeconds: number): void {
    if (this.pingDisconnectTimer) clearTimeout(this.pingDisconnectTimer);
    this.pingDisconnectTimer = setTimeout(
      () => {
        this.close();
      },
      Math.max(1, delaySeconds) * 1000,
    );
    this.pingDisconnectTimer.unref();
  }

  private async invoke(session: SessionRecord, msgId: bigint, obj: unknown): Promise<void> {
    let body: Buffer;
    try {
      const value = await dispatchRpc(obj, {
        rt: this.rt,
        key: this.key,
        connection: this,
        sessionId: session.id,
        msgId,
      });
      body = serializeValue(value);
    } catch (e) {
      if (!(e instanceof RpcError)) {
        this.rt.log(
          `dc${this.rt.id}: ${classNameOf(obj)} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
        );
      }
      const err = e instanceof RpcError ? e : new RpcError(500, 'INTERNAL');
      body = new Api.RpcError({ errorCode: err.code, errorMessage: err.errorMessage }).getBytes();
    }
    if (this.isClosed) return;
    if (body.length > 512) {
      const packed = gzipPacked(gzipSync(body));
      if (packed.length < body.length) body = packed;
    }
    this.enqueue(session, rpcResult(msgId, body), true, true);
  }

  /** Pushes an update (Updates constructor) to this connection's current session. */
  push(update: TlObject): void {
    if (this.isClosed || !this.currentSession) return;
    this.enqueue(this.currentSession, update.getBytes(), false, true);
  }

  private enqueue(
    session: SessionRecord,
    body: Buffer,
    isResponse: boolean,
    isContentRelatedMsg: boolean,
  ): void {
    this.outbox.push({ session, body, isResponse, isContentRelated: isContentRelatedMsg });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flush();
      });
    }
  }

  private nextSeq(session: SessionRecord, isContent: boolean): number {
    if (!isContent) return session.outSeq * 2;
    return session.outSeq++ * 2 + 1;
  }

  /** Sends queued messages; several for one session travel in one msg_container. */
  private flush(): void {
    this.flushScheduled = false;
    if (this.isClosed) return;
    const items = this.outbox;
    this.outbox = [];
    const bySession = new Map<SessionRecord, OutItem[]>();
    for (const it of items) bySession.set(it.session, [...(bySession.get(it.session) ?? []), it]);
    for (const [session, list] of bySession) {
      const msgs: ContainerItem[] = list.map((it) => ({
        msgId: this.rt.msgIds.next(it.isResponse),
        seqNo: this.nextSeq(session, it.isContentRelated),
        body: it.body,
      }));
      const first = msgs[0];
      if (msgs.length === 1 && first)
        this.sendEncrypted(session, first.msgId, first.seqNo, first.body);
      else
        this.sendEncrypted(
          session,
          this.rt.msgIds.next(false),
          this.nextSeq(session, false),
          msgContainer(msgs),
        );
    }
  }

  private sendEncrypted(session: SessionRecord, msgId: bigint, seqNo: number, body: Buffer): void {
    const key = this.authKey;
    if (!key) return;
    const head = Buffer.alloc(32);
    head.writeBigInt64LE(key.salts.at(-1)?.salt ?? 0n, 0);
    head.writeBigInt64LE(session.id, 8);
    head.writeBigInt64LE(msgId, 16);
    head.writeInt32LE(seqNo, 24);
    head.writeInt32LE(body.length, 28);
    const data = Buffer.concat([head, body]);
    const padLen = 12 + ((16 - ((data.length + 12) % 16)) % 16);
    const plain = Buffer.concat([data, random(padLen)]);
    const msgKey = sha256(key.key.subarray(96, 128), plain).subarray(8, 24);
    const { aesKey, aesIv } = kdf(key.key, msgKey, 8);
    const keyIdBytes = Buffer.alloc(8);
    keyIdBytes.writeBigInt64LE(key.keyId, 0);
    const out = Buffer.concat([keyIdBytes, msgKey, igeEncrypt(plain, aesKey, aesIv)]);
    this.writeFrame(out);
  }

  private writeFrame(payload: Buffer): void {
    if (this.isClosed) return;
    const frame = this.codec.encode(payload);
    if (this.rt.control.shouldCutMidFrame(this)) {
      this.socket.write(frame.subarray(0, Math.max(1, frame.length >> 1)));
      this.close();
      return;
    }
    this.socket.write(frame);
  }

  /** Closes the socket and forgets this connection. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    if (this.pingDisconnectTimer) clearTimeout(this.pingDisconnectTimer);
    this.rt.store.sinks.delete(this);
    this.rt.connections.delete(this);
    this.socket.destroy();
  }

  /** Encrypted messages received so far. */
  get messagesReceived(): number {
    return this.receivedMessages;
  }

  /** Whether the connection is closed. */
  get closed(): boolean {
    return this.isClosed;
  }
}

/** MTProto 2.0 key derivation; x = 0 for client→server, 8 for server→client. */
function kdf(authKey: Buffer, msgKey: Buffer, x: number): { aesKey: Buffer; aesIv: Buffer } {
  const a = sha256(msgKey, authKey.subarray(x, x + 36));
  const b = sha256(authKey.subarray(40 + x, 76 + x), msgKey);
  const aesKey = Buffer.concat([a.subarray(0, 8), b.subarray(8, 24), a.subarray(24, 32)]);
  const aesIv = Buffer.concat([b.subarray(0, 8), a.subarray(8, 24), b.subarray(24, 32)]);
  return { aesKey, aesIv };
}
