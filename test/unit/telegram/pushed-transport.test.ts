/**
 * The TCP "full" transport read as its data arrives (pushed-transport.ts): frames are cut the
 * same however the stream is split, a broken stream stops at the first bad frame, and the
 * connection hands packets to its receiver (or to `recv()`), writes what it sends at once, and
 * tells its receiver once when it closes. Over real loopback sockets; frames are made with the
 * test DC's own CRC-32.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { Logger } from 'telegram/extensions';
import { LogLevel } from 'telegram/extensions/Logger';
import { PromisedNetSockets } from 'telegram/extensions';
import {
  FullFrameReader,
  MAX_FRAME_BYTES,
  PushedConnectionTCPFull,
  type BrokenFrameError,
  type PacketReceiver,
} from '../../../electron/telegram/pushed-transport';
import { crc32 } from '../../../tools/telegram-dc/crc32';
import { until } from '../../support/web-core';

/** One frame of the full transport: length, seq no, body, CRC-32 of what precedes it. */
function frame(body: Buffer, seq = 0): Buffer {
  const head = Buffer.alloc(8);
  head.writeInt32LE(body.length + 12, 0);
  head.writeInt32LE(seq, 4);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32LE(crc32(Buffer.concat([head, body])), 0);
  return Buffer.concat([head, body, checksum]);
}

function bodyOf(i: number): Buffer {
  return Buffer.from(`packet ${i} `.repeat(1 + (i % 5)));
}

/** A reader whose frames and break are recorded. */
function recordingReader(): {
  reader: FullFrameReader;
  bodies: string[];
  broken: BrokenFrameError[];
} {
  const bodies: string[] = [];
  const broken: BrokenFrameError[] = [];
  const reader = new FullFrameReader({
    frame: (body) => bodies.push(body.toString()),
    broken: (error) => broken.push(error),
  });
  return { reader, bodies, broken };
}

describe('FullFrameReader', () => {
  const stream = Buffer.concat(Array.from({ length: 6 }, (_, i) => frame(bodyOf(i), i)));
  const expected = Array.from({ length: 6 }, (_, i) => bodyOf(i).toString());

  test('reads the same packets whether the stream comes whole, byte by byte, or cut anywhere', () => {
    const whole = recordingReader();
    whole.reader.push(stream);
    expect(whole.bodies).toEqual(expected);

    const bytes = recordingReader();
    for (let i = 0; i < stream.length; i++) bytes.reader.push(stream.subarray(i, i + 1));
    expect(bytes.bodies).toEqual(expected);

    for (let cut = 1; cut < stream.length; cut++) {
      const two = recordingReader();
      two.reader.push(stream.subarray(0, cut));
      two.reader.push(stream.subarray(cut));
      expect(two.bodies).toEqual(expected);
      expect(two.broken).toEqual([]);
    }
  });

  test('keeps the start of an unfinished frame in bytes of its own, not in the chunk it came in', () => {
    const { reader, bodies } = recordingReader();
    const chunk = Buffer.alloc(64 * 1024);
    const first = frame(bodyOf(1));
    first.copy(chunk);
    const second = frame(bodyOf(2));
    second.copy(chunk, first.length, 0, 10);
    let held: Buffer | undefined;
    const concat = Buffer.concat.bind(Buffer);
    // What the reader kept is what it joins the next chunk to.
    Buffer.concat = (list: readonly Uint8Array[], length?: number) => {
      held ??= list[0] as Buffer;
      return concat(list, length);
    };
    try {
      reader.push(chunk.subarray(0, first.length + 10));
      reader.push(second.subarray(10));
    } finally {
      Buffer.concat = concat;
    }
    expect(bodies).toEqual([bodyOf(1).toString(), bodyOf(2).toString()]);
    expect(held?.length).toBe(10);
    // Neither the 64 KB chunk nor one of Node's shared 8 KB slabs.
    expect(held?.buffer.byteLength).toBe(10);
  });

  test('stops at a frame that fails its checksum, and reads nothing after it', () => {
    const { reader, bodies, broken } = recordingReader();
    const bad = frame(bodyOf(1));
    bad[10] = (bad[10] ?? 0) ^ 0xff;
    reader.push(Buffer.concat([frame(bodyOf(0)), bad, frame(bodyOf(2))]));
    reader.push(frame(bodyOf(3)));
    expect(bodies).toEqual([bodyOf(0).toString()]);
    expect(broken.map((error) => error.message)).toEqual(['a frame failed its checksum']);
  });

  test('takes a negative length for the transport error it is, and an impossible one as broken', () => {
    const transportError = recordingReader();
    const minus404 = Buffer.alloc(8);
    minus404.writeInt32LE(-404, 0);
    minus404.writeInt32LE(-404, 4);
    transportError.reader.push(minus404);
    expect(transportError.broken.map((error) => error.message)).toEqual([
      'the server sent transport error -404',
    ]);

    for (const length of [0, 11, MAX_FRAME_BYTES + 1]) {
      const huge = recordingReader();
      const head = Buffer.alloc(4);
      head.writeInt32LE(length, 0);
      huge.reader.push(head);
      expect(huge.broken.map((error) => error.message)).toEqual([
        `a frame of ${length} bytes cannot be read`,
      ]);
    }
  });

  test('reads nothing more once stopped, also from the rest of a chunk it is reading', () => {
    const bodies: string[] = [];
    const reader: FullFrameReader = new FullFrameReader({
      frame: (body) => {
        bodies.push(body.toString());
        reader.stop();
      },
      broken: () => undefined,
    });
    reader.push(stream);
    reader.push(stream);
    expect(bodies).toEqual([expected[0]]);
  });
});

describe('PushedConnectionTCPFull', () => {
  let server: Server | null = null;
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await new Promise<void>((resolve) => {
      if (server)
        server.close(() => {
          resolve();
        });
      else resolve();
    });
    server = null;
  });

  /** A loopback server and a connection to it; the server's side of the socket is returned. */
  async function connected(): Promise<{ connection: PushedConnectionTCPFull; peer: Socket }> {
    const peers: Socket[] = [];
    const listening = createServer((socket) => peers.push(socket));
    server = listening;
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    const address = listening.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    const connection = new PushedConnectionTCPFull({
      ip: '127.0.0.1',
      port: address.port,
      dcId: 2,
      loggers: new Logger(LogLevel.NONE),
      socket: PromisedNetSockets,
      testServers: false,
    });
    await connection.connect();
    cleanups.push(() => connection.disconnect());
    await until(() => peers.length === 1, 'the server to accept');
    const peer = peers[0];
    if (!peer) throw new Error('no peer');
    cleanups.push(async () => {
      peer.destroy();
      await Promise.resolve();
    });
    return { connection, peer };
  }

  /** A receiver that records what it is handed. */
  function recorder(): PacketReceiver & { packets: string[]; closes: number } {
    const received = {
      packets: [] as string[],
      closes: 0,
      packet: (body: Buffer) => received.packets.push(body.toString()),
      closed: () => {
        received.closes++;
      },
    };
    return received;
  }

  test('hands its receiver every packet as it arrives, those read before it first', async () => {
    const { connection, peer } = await connected();
    peer.write(frame(bodyOf(0)));
    // Read before anyone receives: kept for the receiver.
    await expect(connection.recv()).resolves.toEqual(bodyOf(0));
    peer.write(frame(bodyOf(1)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const receiver = recorder();
    connection.receiveWith(receiver);
    expect(receiver.packets).toEqual([bodyOf(1).toString()]);
    peer.write(Buffer.concat([frame(bodyOf(2)), frame(bodyOf(3)).subarray(0, 5)]));
    peer.write(frame(bodyOf(3)).subarray(5));
    await until(() => receiver.packets.length === 3, 'packets 2 and 3');
    expect(receiver.packets).toEqual([1, 2, 3].map((i) => bodyOf(i).toString()));
  });

  test('writes what it sends at once, framed with its seq no', async () => {
    const { connection, peer } = await connected();
    const received: Buffer[] = [];
    peer.on('data', (chunk: Buffer) => received.push(chunk));
    await connection.send(bodyOf(0));
    await connection.send(bodyOf(1));
    const expected = Buffer.concat([frame(bodyOf(0), 0), frame(bodyOf(1), 1)]);
    await until(() => Buffer.concat(received).length >= expected.length, 'both packets');
    expect(Buffer.concat(received)).toEqual(expected);
  });

  test('tells its receiver once when the server closes, and refuses to send after', async () => {
    const { connection, peer } = await connected();
    const receiver = recorder();
    connection.receiveWith(receiver);
    peer.end(frame(bodyOf(7)));
    await until(() => receiver.closes > 0, 'the close');
    expect(receiver.packets).toEqual([bodyOf(7).toString()]);
    expect(connection.isConnected()).toBe(false);
    await connection.disconnect();
    expect(receiver.closes).toBe(1);
    await expect(connection.send(bodyOf(8))).rejects.toThrow('Not connected');
    // A receiver that comes after the close is told so.
    const late = recorder();
    connection.receiveWith(late);
    await Promise.resolve();
    expect(late.closes).toBe(1);
  });

  test('closes on a broken frame, as GramJS does on a bad checksum', async () => {
    const { connection, peer } = await connected();
    const receiver = recorder();
    connection.receiveWith(receiver);
    const bad = frame(bodyOf(1));
    bad[9] = (bad[9] ?? 0) ^ 1;
    const ended = new Promise((resolve) => peer.on('close', resolve));
    peer.write(Buffer.concat([frame(bodyOf(0)), bad]));
    await until(() => receiver.closes === 1, 'the close');
    expect(receiver.packets).toEqual([bodyOf(0).toString()]);
    await ended;
  });

  test('a pending recv() ends when the connection closes', async () => {
    const { connection } = await connected();
    const reading = connection.recv();
    await connection.disconnect();
    await expect(reading).rejects.toThrow('Not connected');
  });

  test('closes a connection nobody reads rather than keep its packets without end', async () => {
    const { connection, peer } = await connected();
    const ended = new Promise((resolve) => peer.on('close', resolve));
    peer.write(Buffer.concat(Array.from({ length: 65 }, (_, i) => frame(bodyOf(i)))));
    await ended;
    expect(connection.isConnected()).toBe(false);
  });
});
