/**
 * GramJS 2.26's TCP "full" transport without its loops: packets are read from the socket's data
 * as it arrives and handed on at once (issue 17, figure 16: lag while 10,000 accounts sit idle).
 *
 * GramJS reads each connection through two async loops (`Connection._recvLoop`, which awaits
 * `FullPacketCodec.readPacket` → `PromisedNetSockets.readExactly` → `read`, and the sender's
 * `_recvLoop`, which awaits `Connection.recv` → `AsyncQueue.pop`) and writes it through a third
 * (`Connection._sendLoop`, awaiting `AsyncQueue.pop`). Between two packets each loop is parked on
 * fresh promises, with the last packet and its message in its frame. An idle account's next
 * packet comes seconds later, so all of that outlives a young-generation collection and is
 * promoted: about 7.6 KB per packet at 10,000 accounts, and every scavenge took 20–25 ms.
 *
 * Here the socket's `data` goes through a `FullFrameReader` to whoever receives the connection
 * (the sender's inbox, pushed-sender.ts), and `send` writes the packet at once. Nothing waits
 * between two packets. A connection nobody receives yet (the in-thread handshake's plain sender)
 * is read with `recv()`, from a short queue.
 */
import type { Socket } from 'node:net';
import { crc32 } from 'telegram/Helpers';
import { PromisedNetSockets } from 'telegram/extensions';
import { ConnectionTCPFull } from 'telegram/network';
import { ownBuffer } from './sender-memory';

/** A frame's length field, seq no and checksum: an empty frame is this long. */
const FRAME_OVERHEAD = 12;
/** Telegram's largest packet is a 1 MB file part and its envelope; more means a broken stream. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
/** Packets a connection keeps for a `recv()` that has not come yet, before it gives up on it. */
const MAX_UNREAD_PACKETS = 64;

/** Why a stream of frames cannot be read on. */
export class BrokenFrameError extends Error {
  override readonly name = 'BrokenFrameError';
}

/** Where a `FullFrameReader` hands what it reads. */
export interface FrameSink {
  /** One packet's body, without its length, seq no and checksum. */
  frame(body: Buffer): void;
  /** The stream is broken: nothing more is read from it. */
  broken(error: BrokenFrameError): void;
}

/**
 * Cuts a TCP "full" stream into its frames (https://core.telegram.org/mtproto/mtproto-transports):
 * the whole frame's length (4 bytes, little-endian), the seq no (4), the packet, and the CRC32 of
 * all that precedes it (4). GramJS does not check the seq no either.
 *
 * A negative length is Telegram's transport error (-404, -429, …). GramJS closes the connection on
 * it, as on a bad checksum; so does the connection given this reader's `broken`.
 */
export class FullFrameReader {
  readonly #sink: FrameSink;
  /** The start of a frame whose rest has not come yet. */
  #pending: Buffer | null = null;
  #isBroken = false;

  constructor(sink: FrameSink) {
    this.#sink = sink;
  }

  /** Reads every frame `chunk` completes, in order. */
  push(chunk: Buffer): void {
    if (this.#isBroken) return;
    const data = this.#pending ? Buffer.concat([this.#pending, chunk]) : chunk;
    this.#pending = null;
    let offset = 0;
    while (data.length - offset >= 4) {
      const length = data.readInt32LE(offset);
      if (length < FRAME_OVERHEAD || length > MAX_FRAME_BYTES) {
        this.#break(
          length < 0
            ? `the server sent transport error ${length}`
            : `a frame of ${length} bytes cannot be read`,
        );
        return;
      }
      if (data.length - offset < length) break;
      const checksumAt = offset + length - 4;
      if (crc32(data.subarray(offset, checksumAt)) !== data.readUInt32LE(checksumAt)) {
        this.#break('a frame failed its checksum');
        return;
      }
      this.#sink.frame(data.subarray(offset + 8, checksumAt));
      offset += length;
      // The sink may have stopped this reader (its connection closed).
      if (this.isStopped) return;
    }
    // The start of the next frame, in bytes of its own: a slice would keep the whole chunk.
    if (offset < data.length) this.#pending = ownBuffer(data.subarray(offset));
  }

  get isStopped(): boolean {
    return this.#isBroken;
  }

  /** Reads nothing more (the connection closed). */
  stop(): void {
    this.#isBroken = true;
    this.#pending = null;
  }

  #break(reason: string): void {
    this.stop();
    this.#sink.broken(new BrokenFrameError(reason));
  }
}

/** `error` as an Error (a thrown non-Error becomes its message). */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** What PromisedNetSockets keeps private and the socket below uses. */
interface NetSocketInternals {
  client?: Socket;
}

/**
 * GramJS's Node socket (with its SOCKS support), whose received data goes to `onData` as it
 * comes, instead of into a buffer behind a process-wide async mutex for `read()` to take.
 */
export class ChunkSocket extends PromisedNetSockets {
  onData: ((chunk: Buffer) => void) | null = null;
  /** The socket closed, by either side or on an error. */
  onClose: (() => void) | null = null;

  /** Called by `connect` once the socket is connected. */
  override receive(): Promise<void> {
    const socket = (this as unknown as NetSocketInternals).client;
    socket?.on('data', (chunk: Buffer) => this.onData?.(chunk));
    socket?.on('close', () => this.onClose?.());
    return Promise.resolve();
  }
}

/** Who receives a connection's packets as they arrive. */
export interface PacketReceiver {
  packet(body: Buffer): void;
  /** The connection closed: no packet follows. Called once. */
  closed(): void;
}

type ConnectionParams = ConstructorParameters<typeof ConnectionTCPFull>[0];

/** What GramJS's Connection keeps protected, typed. */
interface CodecInternals {
  _codec: { encodePacket(data: Buffer): Buffer };
}

/**
 * The TCP "full" transport, read and written without loops (see above). GramJS's
 * `MTProtoSender` uses it as it would `ConnectionTCPFull` (`connect`, `send`, `recv`,
 * `disconnect`); its receive loop takes the packets through `receiveWith` instead
 * (pushed-sender.ts).
 */
export class PushedConnectionTCPFull extends ConnectionTCPFull {
  #receiver: PacketReceiver | null = null;
  /** Packets read while nobody receives the connection, for `recv()`. */
  #unread: Buffer[] = [];
  #wakeReader: (() => void) | null = null;
  #socketClosed = false;

  constructor(params: ConnectionParams) {
    super({ ...params, socket: ChunkSocket });
  }

  override async connect(): Promise<void> {
    const socket = this.socket as ChunkSocket;
    const frames = new FullFrameReader({
      frame: (body) => {
        this.#take(body);
      },
      broken: (error) => {
        this._log.warn(`Closing the connection: ${error.message}`);
        void this.disconnect();
      },
    });
    socket.onData = (chunk) => {
      frames.push(chunk);
    };
    socket.onClose = () => {
      this.#socketClosed = true;
      frames.stop();
      void this.disconnect();
    };
    await this._connect();
    if (this.#socketClosed) throw new Error('The connection closed while it was being made.');
    this._connected = true;
  }

  /** Writes the packet now (GramJS queued it for a loop to write). */
  override send(data: Buffer): Promise<void> {
    if (!this._connected) return Promise.reject(new Error('Not connected'));
    const packet = (this as unknown as CodecInternals)._codec.encodePacket(data);
    try {
      this.socket.write(packet);
    } catch (error) {
      return Promise.reject(asError(error));
    }
    return Promise.resolve();
  }

  /** The next packet, for a reader that asks (GramJS's plain sender during a handshake). */
  override async recv(): Promise<Buffer> {
    while (this._connected) {
      const packet = this.#unread.shift();
      if (packet) return packet;
      await new Promise<void>((resolve) => {
        this.#wakeReader = resolve;
      });
    }
    throw new Error('Not connected');
  }

  /**
   * Hands each packet to `receiver` as it arrives, first those already read; `null` stops.
   * A connection that is already closed tells a new receiver so, on the next microtask.
   */
  receiveWith(receiver: PacketReceiver | null): void {
    this.#receiver = receiver;
    if (!receiver) return;
    if (!this._connected) {
      this.#receiver = null;
      queueMicrotask(() => {
        receiver.closed();
      });
      return;
    }
    for (let packet = this.#unread.shift(); packet; packet = this.#unread.shift()) {
      if (this.#receiver !== receiver) return;
      receiver.packet(packet);
    }
  }

  override async disconnect(): Promise<void> {
    if (!this._connected) return;
    this._connected = false;
    this.#unread = [];
    this.#wakeReader?.();
    this.#wakeReader = null;
    const receiver = this.#receiver;
    this.#receiver = null;
    receiver?.closed();
    await this.socket.close();
  }

  #take(body: Buffer): void {
    if (this.#receiver) {
      this.#receiver.packet(body);
      return;
    }
    if (this.#unread.length === MAX_UNREAD_PACKETS) {
      this._log.warn('Closing a connection nobody reads');
      void this.disconnect();
      return;
    }
    this.#unread.push(body);
    this.#wakeReader?.();
    this.#wakeReader = null;
  }
}
