import type { Socket } from 'node:net';
import { gzipSync, unzipSync } from 'node:zlib';
import { Api } from 'telegram';
import { igeDecrypt, igeEncrypt, random, randomLong, sha256 } from './crypto';
import { RpcError } from './errors';
import { Handshake, HandshakeError } from './handshake';
import { NATIVE_LAYER, codecFor, knownLayers, type LayerCodec } from './layers';
import { msgIdSeconds } from './msg-id';
import { dispatchRpc, innermostQuery, tlMethodName } from './rpc';
import type { DcRuntime } from './runtime';
import {
  BAD_MSG,
  MT,
  destroySessionResult,
  expectedParity,
  futureSalts,
  hexId,
  isContentRelatedOutgoing,
  messageState,
  msgsStateInfo,
  parseContainer,
  pong,
  readLongVector,
  rpcAnswerUnknown,
  type BadMsgReason,
  type RawInner,
} from './service-messages';
import type { AuthKeyRecord, SessionRecord, UpdateSink } from './store';
import {
  classNameOf,
  gzipPacked,
  msgContainer,
  readObject,
  readTlBytes,
  rpcResult,
  serializeValue,
  toLong,
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

/** A message the DC sent, kept for msg_resend_req. */
interface SentMessage {
  seqNo: number;
  body: Buffer;
}

/** The last messages the DC sent per session (bounded), for msg_resend_req. */
const sentLog = new WeakMap<SessionRecord, Map<bigint, SentMessage>>();
const SENT_LOG_SIZE = 200;
const RECEIVED_LOG_SIZE = 2000;

/** A service message whose bytes do not match its constructor. */
class ServiceMessageError extends Error {}

function remember(session: SessionRecord, m: ContainerItem): void {
  let log = sentLog.get(session);
  if (!log) {
    log = new Map();
    sentLog.set(session, log);
  }
  log.set(m.msgId, { seqNo: m.seqNo, body: m.body });
  if (log.size > SENT_LOG_SIZE) {
    const oldest = log.keys().next().value;
    if (oldest !== undefined) log.delete(oldest);
  }
}

/**
 * The salt valid now (the newest one if windows overlap). Future salts handed out by
 * get_future_salts are not valid yet, and a DC that runs for hours outlives its first salt, so a
 * fresh one is added when none is valid.
 */
function currentSalt(key: AuthKeyRecord): bigint {
  const t = Math.floor(Date.now() / 1000);
  let best: AuthKeyRecord['salts'][number] | undefined;
  for (const s of key.salts)
    if (s.validSince <= t && t < s.validUntil && (!best || s.validSince > best.validSince))
      best = s;
  if (best) return best.salt;
  const fresh = { salt: randomLong(), validSince: t - 60, validUntil: t + 3600 };
  key.salts.push(fresh);
  return fresh.salt;
}

/**
 * What get_future_salts(num) hands out for `key`: the salt valid now and those after it, an hour
 * each, overlapping by a minute (at most 64). The key keeps them: each becomes valid in turn.
 */
export function futureSaltsOf(key: AuthKeyRecord, num: number): AuthKeyRecord['salts'] {
  const count = Math.max(1, Math.min(64, num));
  const t = Math.floor(Date.now() / 1000);
  currentSalt(key);
  key.salts = key.salts.filter((s) => s.validUntil > t);
  while (key.salts.length < count) {
    const last = key.salts.at(-1);
    const since = last ? last.validUntil - 60 : t;
    key.salts.push({ salt: randomLong(), validSince: since, validUntil: since + 3600 });
  }
  return key.salts.slice(0, count);
}

function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A live connection. Also an {@link UpdateSink} once it carries an encrypted session. */
export class DcConnection implements UpdateSink {
  private readonly codec = new TransportCodec();
  private readonly handshake: Handshake;
  private authKey: AuthKeyRecord | undefined;
  private currentSession: SessionRecord | undefined;
  private outbox: OutItem[] = [];
  private flushScheduled = false;
  private isDead = false;
  private pingDisconnectTimer: NodeJS.Timeout | undefined;
  private receivedMessages = 0;
  /** The layer this connection declared with invokeWithLayer. */
  private layer: number | undefined;
  private layerCodec: LayerCodec | undefined;
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
    this.isDead = rt.control.isSilenced();
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

  /** The link died without closing (`Control.silence`): nothing more is read or sent. */
  die(): void {
    this.isDead = true;
  }

  private onData(chunk: Buffer): void {
    if (this.isClosed || this.isDead) return;
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
    if (packet.length < 8) {
      this.rt.log(`dc${this.rt.id}: ignored a ${packet.length}-byte packet (no auth_key_id)`);
      return;
    }
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
      this.rt.log(
        `dc${this.rt.id}: encrypted packet of ${packet.length} bytes is not 24 + 16k; answered -404`,
      );
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
      const current = currentSalt(key);
      const notice = new Api.BadServerSalt({
        badMsgId: toLong(msgId),
        badMsgSeqno: seqNo,
        errorCode: 48,
        newServerSalt: toLong(current),
      });
      this.rt.log(
        `dc${this.rt.id}: bad_server_salt (48) for msg_id ${msgId}: the salt is not (or no longer) valid`,
      );
      this.enqueue(session, notice.getBytes(), false);
      return;
    }
    if (!session.announced) {
      session.announced = true;
      const created = new Api.NewSessionCreated({
        firstMsgId: toLong(msgId),
        uniqueId: toLong(session.uniqueId),
        serverSalt: toLong(currentSalt(key)),
      });
      this.enqueue(session, created.getBytes(), false);
    }
    await this.processMessage(session, msgId, seqNo, body, false);
  }

  private checkMsgId(msgId: bigint): BadMsgReason | undefined {
    if (msgId % 4n !== 0n) return BAD_MSG.msgIdNotMod4;
    const t = msgIdSeconds(msgId);
    const nowS = Date.now() / 1000;
    if (t < nowS - 300) return BAD_MSG.msgIdTooLow;
    if (t > nowS + 30) return BAD_MSG.msgIdTooHigh;
    return undefined;
  }

  private isSaltValid(key: AuthKeyRecord, salt: bigint): boolean {
    const t = Math.floor(Date.now() / 1000);
    return key.salts.some((s) => s.salt === salt && s.validSince <= t && t < s.validUntil);
  }

  /** Sends bad_msg_notification and logs why: a client that gets one should be able to learn why. */
  private sendBadMsg(
    session: SessionRecord,
    msgId: bigint,
    seqNo: number,
    bad: BadMsgReason,
    what = '',
  ): void {
    this.rt.log(
      `dc${this.rt.id}: bad_msg_notification ${bad.code} for msg_id ${msgId} seq_no ${seqNo}${what ? ` (${what})` : ''}: ${bad.reason}`,
    );
    const n = new Api.BadMsgNotification({
      badMsgId: toLong(msgId),
      badMsgSeqno: seqNo,
      errorCode: bad.code,
    });
    this.enqueue(session, n.getBytes(), false);
  }

  /**
   * One client message, still as bytes: service messages are handled here by MTProto's rules
   * (see service-messages.ts), everything else is an RPC query for {@link invoke}.
   */
  private async processMessage(
    session: SessionRecord,
    msgId: bigint,
    seqNo: number,
    body: Buffer,
    isInner: boolean,
  ): Promise<void> {
    if (body.length < 4) {
      this.sendBadMsg(session, msgId, seqNo, BAD_MSG.badContainer, `a ${body.length}-byte body`);
      return;
    }
    const id = body.readUInt32LE(0);
    if (session.seenMsgIds.has(msgId)) {
      this.rt.log(`dc${this.rt.id}: ignored ${hexId(id)}: msg_id ${msgId} was already received`);
      return;
    }
    if (id === MT.gzipPacked) {
      let inner: Buffer;
      try {
        inner = unzipSync(readTlBytes(body, 4));
      } catch (e) {
        this.rt.log(
          `dc${this.rt.id}: unreadable gzip_packed in msg_id ${msgId}: ${describeError(e)}`,
        );
        this.answerError(session, msgId, 400, 'INPUT_FETCH_ERROR');
        return;
      }
      return this.processMessage(session, msgId, seqNo, inner, isInner);
    }
    const parity = expectedParity(id);
    if (parity === 'odd' && seqNo % 2 === 0) {
      this.sendBadMsg(session, msgId, seqNo, BAD_MSG.oddExpected, hexId(id));
      return;
    }
    session.seenMsgIds.add(msgId);
    if (session.seenMsgIds.size > RECEIVED_LOG_SIZE) {
      const first = session.seenMsgIds.values().next().value;
      if (first !== undefined) session.seenMsgIds.delete(first);
    }
    try {
      await this.processService(session, msgId, seqNo, id, body, isInner);
    } catch (e) {
      if (!(e instanceof ServiceMessageError)) throw e;
      this.rt.log(`dc${this.rt.id}: malformed ${hexId(id)} in msg_id ${msgId}: ${e.message}`);
      if (id === MT.msgContainer) this.sendBadMsg(session, msgId, seqNo, BAD_MSG.badContainer);
      else this.answerError(session, msgId, 400, 'INPUT_FETCH_ERROR');
    }
  }

  private async processService(
    session: SessionRecord,
    msgId: bigint,
    seqNo: number,
    id: number,
    body: Buffer,
    isInner: boolean,
  ): Promise<void> {
    const long = (offset: number): bigint => {
      if (body.length < offset + 8) throw new ServiceMessageError('message ends early');
      return body.readBigInt64LE(offset);
    };
    const int = (offset: number): number => {
      if (body.length < offset + 4) throw new ServiceMessageError('message ends early');
      return body.readInt32LE(offset);
    };
    const longs = (offset: number): bigint[] => {
      try {
        return readLongVector(body, offset);
      } catch (e) {
        throw new ServiceMessageError(describeError(e));
      }
    };
    switch (id) {
      case MT.msgContainer: {
        if (isInner) {
          this.sendBadMsg(
            session,
            msgId,
            seqNo,
            BAD_MSG.badContainer,
            'a container inside a container',
          );
          return;
        }
        let inner: RawInner[];
        try {
          inner = parseContainer(body);
        } catch (e) {
          throw new ServiceMessageError(describeError(e));
        }
        await Promise.all(
          inner.map((m) => this.processMessage(session, m.msgId, m.seqNo, m.body, true)),
        );
        return;
      }
      case MT.msgsAck:
        longs(4);
        return;
      case MT.ping:
      case MT.pingDelayDisconnect: {
        // pong answers the ping's msg_id directly, outside rpc_result.
        this.enqueue(session, pong(msgId, long(4)), true);
        if (id === MT.pingDelayDisconnect) this.armPingDisconnect(int(12));
        return;
      }
      case MT.getFutureSalts:
        this.rt.control.countCall('get_future_salts');
        this.enqueue(session, this.futureSalts(msgId, int(4)), true);
        return;
      case MT.destroySession: {
        const target = long(4);
        const existed = target !== session.id && this.key.sessions.delete(target);
        this.enqueue(session, destroySessionResult(target, existed), true);
        return;
      }
      case MT.msgsStateReq: {
        const ids = longs(4);
        this.enqueue(
          session,
          msgsStateInfo(
            msgId,
            ids.map((m) => this.stateOf(session, m)),
          ),
          true,
        );
        return;
      }
      case MT.msgResendReq:
      case MT.msgResendAnsReq: {
        const ids = longs(4);
        const sent = sentLog.get(session);
        const found = ids.map((m) => sent?.get(m));
        if (ids.length > 0 && found.every((f) => f !== undefined)) {
          for (const [i, m] of ids.entries()) {
            const f = found[i];
            if (f) this.sendEncrypted(session, m, f.seqNo, f.body);
          }
          return;
        }
        // Some are unknown or forgotten: answer as if it were msgs_state_req, as MTProto says.
        this.enqueue(
          session,
          msgsStateInfo(
            msgId,
            ids.map((m) => this.stateOf(session, m)),
          ),
          true,
        );
        return;
      }
      case MT.httpWait:
        // Only meaningful on the HTTP transport, which the DC does not offer: TCP pushes at once.
        return;
      case MT.msgsStateInfo:
      case MT.msgsAllInfo:
      case MT.msgDetailedInfo:
      case MT.msgNewDetailedInfo:
        // Informational; the DC resends nothing on its own, so there is nothing to act on.
        return;
      case MT.rpcDropAnswer:
        long(4);
        this.enqueue(session, rpcResult(msgId, rpcAnswerUnknown()), true);
        return;
      default:
        await this.invoke(session, msgId, body);
    }
  }

  /** msgs_state_info's byte for a client msg_id. */
  private stateOf(session: SessionRecord, msgId: bigint): number {
    let max = 0n;
    for (const id of session.seenMsgIds) if (id > max) max = id;
    return messageState({ received: session.seenMsgIds, maxReceived: max }, msgId);
  }

  private futureSalts(reqMsgId: bigint, num: number): Buffer {
    const t = Math.floor(Date.now() / 1000);
    return futureSalts(reqMsgId, t, futureSaltsOf(this.key, num));
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

  /** The layer codec of this connection: the layer it declared, else its key's, else native. */
  private layerOf(): LayerCodec {
    const requested = this.layer ?? this.authKey?.layer ?? NATIVE_LAYER;
    if (this.layerCodec?.requested !== requested) {
      this.layerCodec = codecFor(requested);
      if (this.layerCodec.layer !== requested)
        this.rt.log(
          `dc${this.rt.id}: layer ${requested} is not known; answering in layer ${this.layerCodec.layer} (known: ${knownLayers().join(', ')})`,
        );
    }
    return this.layerCodec;
  }

  private answerError(session: SessionRecord, msgId: bigint, code: number, message: string): void {
    const err = new Api.RpcError({ errorCode: code, errorMessage: message }).getBytes();
    this.enqueue(session, rpcResult(msgId, err), true);
  }

  private async invoke(session: SessionRecord, msgId: bigint, query: Buffer): Promise<void> {
    if (query.length >= 8 && query.readUInt32LE(0) === MT.invokeWithLayer)
      this.layer = query.readInt32LE(4);
    const codec = this.layerOf();
    let obj: unknown;
    try {
      obj = await readObject(codec.queryToNative(query));
    } catch (e) {
      this.rt.log(
        `dc${this.rt.id}: cannot read query ${hexId(query.readUInt32LE(0))} (msg_id ${msgId}, layer ${codec.requested}): ${describeError(e)}; answered 400 INPUT_CONSTRUCTOR_INVALID`,
      );
      this.answerError(session, msgId, 400, 'INPUT_CONSTRUCTOR_INVALID');
      return;
    }
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
      if (codec.layer !== NATIVE_LAYER) {
        const method = tlMethodName(classNameOf(innermostQuery(obj)));
        try {
          body = codec.resultFromNative(body, method);
        } catch (e) {
          this.rt.log(
            `dc${this.rt.id}: cannot express the answer to ${method} in layer ${codec.layer}: ${describeError(e)}; answered 500 INTERNAL`,
          );
          throw new RpcError(500, 'INTERNAL');
        }
      }
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
    this.enqueue(session, rpcResult(msgId, body), true);
  }

  /** Pushes an update (Updates constructor) to this connection's current session. */
  push(update: TlObject): void {
    if (this.isClosed || !this.currentSession) return;
    let bytes = update.getBytes();
    const codec = this.layerOf();
    if (codec.layer !== NATIVE_LAYER) {
      try {
        bytes = codec.updatesFromNative(bytes);
      } catch (e) {
        this.rt.log(
          `dc${this.rt.id}: update ${classNameOf(update)} not sent: it has no form in layer ${codec.layer} (${describeError(e)})`,
        );
        return;
      }
    }
    this.enqueue(this.currentSession, bytes, false);
  }

  private enqueue(session: SessionRecord, body: Buffer, isResponse: boolean): void {
    const isContentRelated = isContentRelatedOutgoing(body.readUInt32LE(0));
    this.outbox.push({ session, body, isResponse, isContentRelated });
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
      for (const m of msgs) remember(session, m);
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
    this.writeFrame(
      serverMessage(key, { salt: currentSalt(key), sessionId: session.id, msgId, seqNo }, body),
    );
  }

  private writeFrame(payload: Buffer): void {
    if (this.isClosed || this.isDead) return;
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

/** Where a server message goes and what it is: the envelope of its encrypted part. */
export interface ServerEnvelope {
  salt: bigint;
  sessionId: bigint;
  msgId: bigint;
  seqNo: number;
}

/**
 * `body` encrypted as the server sends it to the client of `key` (MTProto 2.0): salt, session
 * id, msg id, seq no, length, body and 12–27 random bytes of padding to whole blocks; msg_key from
 * auth_key[96..128] and all that; AES-IGE with the key derived for x = 8.
 */
export function serverMessage(
  key: Pick<AuthKeyRecord, 'key' | 'keyId'>,
  envelope: ServerEnvelope,
  body: Buffer,
): Buffer {
  const head = Buffer.alloc(32);
  head.writeBigInt64LE(envelope.salt, 0);
  head.writeBigInt64LE(envelope.sessionId, 8);
  head.writeBigInt64LE(envelope.msgId, 16);
  head.writeInt32LE(envelope.seqNo, 24);
  head.writeInt32LE(body.length, 28);
  const data = Buffer.concat([head, body]);
  const padLen = 12 + ((16 - ((data.length + 12) % 16)) % 16);
  const plain = Buffer.concat([data, random(padLen)]);
  const msgKey = sha256(key.key.subarray(96, 128), plain).subarray(8, 24);
  const { aesKey, aesIv } = kdf(key.key, msgKey, 8);
  const keyIdBytes = Buffer.alloc(8);
  keyIdBytes.writeBigInt64LE(key.keyId, 0);
  return Buffer.concat([keyIdBytes, msgKey, igeEncrypt(plain, aesKey, aesIv)]);
}

/** MTProto 2.0 key derivation; x = 0 for client→server, 8 for server→client. */
export function kdf(authKey: Buffer, msgKey: Buffer, x: number): { aesKey: Buffer; aesIv: Buffer } {
  const a = sha256(msgKey, authKey.subarray(x, x + 36));
  const b = sha256(authKey.subarray(40 + x, 76 + x), msgKey);
  const aesKey = Buffer.concat([a.subarray(0, 8), b.subarray(8, 24), a.subarray(24, 32)]);
  const aesIv = Buffer.concat([b.subarray(0, 8), a.subarray(8, 24), b.subarray(24, 32)]);
  return { aesKey, aesIv };
}
