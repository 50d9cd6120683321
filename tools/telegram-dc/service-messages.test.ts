import { connect, type Socket } from 'node:net';
import { Api, type TelegramClient } from 'telegram';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { kdf } from './connection';
import { igeDecrypt, igeEncrypt, random, randomLong, sha1, sha256 } from './crypto';
import { startTestDc, type TestDc } from './index';
import { MT, parseContainer } from './service-messages';
import { connected, waitFor, withTimeout } from './test-helpers';

/**
 * MTProto's service-message rules at the DC, driven by a hand-written client: GramJS only makes
 * the auth key, then raw encrypted messages go over their own socket so every seq_no, container
 * and constructor is exactly what the test says.
 */

interface Received {
  msgId: bigint;
  seqNo: number;
  body: Buffer;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

function i64(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64LE(n);
  return b;
}

function longVector(ids: readonly bigint[]): Buffer {
  return Buffer.concat([u32(0x1cb5c415), u32(ids.length), ...ids.map(i64)]);
}

function container(items: readonly { msgId: bigint; seqNo: number; body: Buffer }[]): Buffer {
  return Buffer.concat([
    u32(MT.msgContainer),
    u32(items.length),
    ...items.flatMap((m) => [i64(m.msgId), u32(m.seqNo), u32(m.body.length), m.body]),
  ]);
}

const ping = (id: bigint): Buffer => Buffer.concat([u32(MT.ping), i64(id)]);
const ack = (ids: readonly bigint[]): Buffer => Buffer.concat([u32(MT.msgsAck), longVector(ids)]);

/** One raw MTProto 2.0 session over the intermediate transport. */
class RawSession {
  readonly received: Received[] = [];
  private buffer = Buffer.alloc(0);
  private lastMsgId = 0n;
  private readonly keyId: bigint;
  salt = 0n;

  private constructor(
    private readonly socket: Socket,
    private readonly key: Buffer,
    readonly sessionId: bigint,
  ) {
    this.keyId = sha1(key).readBigInt64LE(12);
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
  }

  static async open(port: number, key: Buffer, sessionId = randomLong()): Promise<RawSession> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.write(u32(0xeeeeeeee));
    const s = new RawSession(socket, key, sessionId);
    // The first message learns the salt from bad_server_salt, as every client does.
    await s.call(s.nextMsgId(), 1, ping(1n), (m) => m.body.readUInt32LE(0) === MT.badServerSalt);
    const notice = s.received.find((m) => m.body.readUInt32LE(0) === MT.badServerSalt);
    if (!notice) throw new Error('no bad_server_salt');
    s.salt = notice.body.readBigInt64LE(20);
    return s;
  }

  nextMsgId(): bigint {
    const now = Date.now();
    let id = (BigInt(Math.floor(now / 1000)) << 32n) | (BigInt(now % 1000) << 20n);
    id -= id % 4n;
    if (id <= this.lastMsgId) id = this.lastMsgId + 4n;
    this.lastMsgId = id;
    return id;
  }

  send(msgId: bigint, seqNo: number, body: Buffer): void {
    const head = Buffer.concat([i64(this.salt), i64(this.sessionId), i64(msgId), u32(seqNo)]);
    const data = Buffer.concat([head, u32(body.length), body]);
    const pad = 12 + ((16 - ((data.length + 12) % 16)) % 16);
    const plain = Buffer.concat([data, random(pad)]);
    const msgKey = sha256(this.key.subarray(88, 120), plain).subarray(8, 24);
    const { aesKey, aesIv } = kdf(this.key, msgKey, 0);
    const packet = Buffer.concat([i64(this.keyId), msgKey, igeEncrypt(plain, aesKey, aesIv)]);
    this.socket.write(Buffer.concat([u32(packet.length), packet]));
  }

  /** Sends one message and waits until a received message matches `until`. */
  async call(
    msgId: bigint,
    seqNo: number,
    body: Buffer,
    until: (m: Received) => boolean,
  ): Promise<Received> {
    const from = this.received.length;
    this.send(msgId, seqNo, body);
    await waitFor(() => this.received.slice(from).some(until), 10_000, 'answer');
    const hit = this.received.slice(from).find(until);
    if (!hit) throw new Error('unreachable');
    return hit;
  }

  /** Every received message with constructor `id`. */
  all(id: number): Received[] {
    return this.received.filter((m) => m.body.readUInt32LE(0) === id);
  }

  close(): void {
    this.socket.destroy();
  }

  private drain(): void {
    while (this.buffer.length >= 4) {
      const len = this.buffer.readInt32LE(0);
      if (this.buffer.length < 4 + len) return;
      const packet = this.buffer.subarray(4, 4 + len);
      this.buffer = this.buffer.subarray(4 + len);
      if (packet.length === 4) throw new Error(`transport error ${packet.readInt32LE(0)}`);
      const msgKey = packet.subarray(8, 24);
      const { aesKey, aesIv } = kdf(this.key, msgKey, 8);
      const plain = igeDecrypt(packet.subarray(24), aesKey, aesIv);
      const msg = {
        msgId: plain.readBigInt64LE(16),
        seqNo: plain.readInt32LE(24),
        body: Buffer.from(plain.subarray(32, 32 + plain.readInt32LE(28))),
      };
      if (msg.body.readUInt32LE(0) === MT.msgContainer)
        this.received.push(...parseContainer(msg.body));
      else this.received.push(msg);
    }
  }
}

let dc: TestDc;
let gram: TelegramClient;
let key: Buffer;
let port: number;
const logLines: string[] = [];
const sessions: RawSession[] = [];

async function session(sessionId?: bigint): Promise<RawSession> {
  const s = await RawSession.open(port, key, sessionId);
  sessions.push(s);
  return s;
}

beforeAll(async () => {
  dc = await startTestDc({ smallPrimes: true, log: (l) => logLines.push(l) });
  gram = await connected(dc);
  const authKey = gram.session.getAuthKey(2)?.getKey();
  if (!authKey) throw new Error('GramJS made no auth key');
  key = authKey;
  port = dc.dcs.find((d) => d.id === 2)?.port ?? 0;
});

afterAll(async () => {
  for (const s of sessions) s.close();
  await gram.destroy().catch(() => undefined);
  await dc.stop();
});

const isPong = (m: Received): boolean => m.body.readUInt32LE(0) === MT.pong;

describe('seq_no parity', () => {
  test('msgs_ack is accepted with an even or odd seq_no, inside or outside a container (mtcute numbers its acks odd)', async () => {
    const s = await session();
    const first = await s.call(s.nextMsgId(), 3, ping(2n), isPong);
    for (const seqNo of [4, 5]) s.send(s.nextMsgId(), seqNo, ack([first.msgId]));
    for (const [i, ackSeq] of [6, 7].entries()) {
      const ackId = s.nextMsgId();
      const pingId = s.nextMsgId();
      await s.call(
        s.nextMsgId(),
        ackSeq + 3, // a container may carry the seq_no of its last content-related message: odd
        container([
          { msgId: ackId, seqNo: ackSeq, body: ack([first.msgId]) },
          { msgId: pingId, seqNo: 9 + 2 * i, body: ping(BigInt(10 + i)) },
        ]),
        (m) => isPong(m) && m.body.readBigInt64LE(4) === pingId,
      );
    }
    expect(s.all(MT.badMsgNotification)).toEqual([]);
  });

  test('an RPC query with an even seq_no gets bad_msg_notification 35, and the DC logs why', async () => {
    const s = await session();
    const query = new Api.help.GetNearestDc().getBytes();
    const msgId = s.nextMsgId();
    const notice = await s.call(
      msgId,
      2,
      query,
      (m) => m.body.readUInt32LE(0) === MT.badMsgNotification,
    );
    expect(notice.body.readBigInt64LE(4)).toBe(msgId);
    expect(notice.body.readInt32LE(16)).toBe(35);
    expect(logLines.some((l) => l.includes(`bad_msg_notification 35 for msg_id ${msgId}`))).toBe(
      true,
    );
  });
});

describe('service messages', () => {
  test('a new session id gets new_session_created naming its first msg_id; ping_delay_disconnect gets pong', async () => {
    const s = await session();
    const first = s.nextMsgId();
    await s.call(first, 1, ping(5n), isPong);
    const created = s.all(MT.newSessionCreated);
    expect(created.map((m) => m.body.readBigInt64LE(4))).toEqual([first]);
    const msgId = s.nextMsgId();
    const pongMsg = await s.call(
      msgId,
      3,
      Buffer.concat([u32(MT.pingDelayDisconnect), i64(77n), u32(75)]),
      isPong,
    );
    expect(pongMsg.body.readBigInt64LE(4)).toBe(msgId);
    expect(pongMsg.body.readBigInt64LE(12)).toBe(77n);
  });

  test('msgs_state_req answers msgs_state_info: 4 for a received message, 3 for one newer than any', async () => {
    const s = await session();
    const seen = s.nextMsgId();
    await s.call(seen, 1, ping(3n), isPong);
    const future = seen + (1000n << 32n);
    const info = await s.call(
      s.nextMsgId(),
      2,
      Buffer.concat([u32(MT.msgsStateReq), longVector([seen, future])]),
      (m) => m.body.readUInt32LE(0) === MT.msgsStateInfo,
    );
    expect([...info.body.subarray(13, 15)]).toEqual([4, 3]);
  });

  test('get_future_salts answers future_salts with the requested count', async () => {
    const s = await session();
    const salts = await s.call(
      s.nextMsgId(),
      1,
      Buffer.concat([u32(MT.getFutureSalts), u32(3)]),
      (m) => m.body.readUInt32LE(0) === MT.futureSalts,
    );
    expect(salts.body.readInt32LE(16)).toBe(3);
  });

  test('msg_resend_req resends a DC message with its msg_id; an unknown id gets msgs_state_info', async () => {
    const s = await session();
    const pongMsg = await s.call(s.nextMsgId(), 1, ping(4n), isPong);
    const again = await s.call(
      s.nextMsgId(),
      3,
      Buffer.concat([u32(MT.msgResendReq), longVector([pongMsg.msgId])]),
      (m) => m.msgId === pongMsg.msgId && m !== pongMsg,
    );
    expect(again.body).toEqual(pongMsg.body);
    const info = await s.call(
      s.nextMsgId(),
      5,
      Buffer.concat([u32(MT.msgResendReq), longVector([12345n])]),
      (m) => m.body.readUInt32LE(0) === MT.msgsStateInfo,
    );
    expect([...info.body.subarray(12, 14)]).toEqual([1, 1]); // one state: nothing known
  });

  test('destroy_session ends another session of the key (ok), and says none for an unknown one', async () => {
    const other = await session();
    const s = await session();
    const result = async (target: bigint): Promise<number> =>
      (
        await s.call(s.nextMsgId(), 1, Buffer.concat([u32(MT.destroySession), i64(target)]), (m) =>
          new Set<number>([MT.destroySessionOk, MT.destroySessionNone]).has(m.body.readUInt32LE(0)),
        )
      ).body.readUInt32LE(0);
    expect(await result(other.sessionId)).toBe(MT.destroySessionOk);
    expect(await result(other.sessionId)).toBe(MT.destroySessionNone);
  });

  test('an unknown constructor gets rpc_error 400 INPUT_CONSTRUCTOR_INVALID and a log line', async () => {
    const s = await session();
    const msgId = s.nextMsgId();
    const answer = await withTimeout(
      s.call(msgId, 1, Buffer.concat([u32(0x0badc0de), u32(0)]), (m) => {
        return m.body.readUInt32LE(0) === 0xf35c6d01 && m.body.readBigInt64LE(4) === msgId;
      }),
      10_000,
      'rpc_result',
    );
    expect(answer.body.readUInt32LE(12)).toBe(0x2144ca19); // rpc_error
    expect(answer.body.readInt32LE(16)).toBe(400);
    expect(answer.body.subarray(21, 21 + answer.body[20]!).toString()).toBe(
      'INPUT_CONSTRUCTOR_INVALID',
    );
    expect(logLines.some((l) => l.includes('0x0badc0de') && l.includes(`msg_id ${msgId}`))).toBe(
      true,
    );
  });
});
