import { createCipheriv, createHash, createHmac, pbkdf2, randomFillSync } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ConnectionClosedError } from '@fuman/net';
import { IntermediatePacketCodec, MemoryStorage } from '@mtcute/core';
import { TelegramClient } from '@mtcute/core/client.js';
import {
  BaseCryptoProvider,
  addPublicKey,
  type IAesCtr,
  type ICryptoProvider,
  type IEncryptionScheme,
} from '@mtcute/core/utils.js';
import { igeDecrypt, igeEncrypt } from '../../tools/telegram-dc/crypto';

/**
 * mtcute — an MTProto client written independently of GramJS, on its own (newer) API layer — wired
 * to Node with nothing but node:net, node:crypto and node:zlib, so the tests can sign in to the
 * test DC with a second client the way any third-party program would: from the address, port and
 * public key the DC prints. (mtcute's Node meta-package would pull a native SQLite build; the core
 * package with an in-memory storage needs none.)
 */

/** node:crypto behind mtcute's crypto interface; AES-IGE comes from the DC's own helper. */
class NodeCrypto extends BaseCryptoProvider implements ICryptoProvider {
  randomFill(buf: Uint8Array): void {
    randomFillSync(buf);
  }
  sha1(data: Uint8Array): Uint8Array {
    return createHash('sha1').update(data).digest();
  }
  sha256(data: Uint8Array): Uint8Array {
    return createHash('sha256').update(data).digest();
  }
  pbkdf2(
    password: Uint8Array,
    salt: Uint8Array,
    iterations: number,
    keylen = 64,
    algo = 'sha512',
  ): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      pbkdf2(password, salt, iterations, keylen, algo, (err, key) => {
        if (err) reject(err);
        else resolve(key);
      });
    });
  }
  hmacSha256(data: Uint8Array, key: Uint8Array): Uint8Array {
    return createHmac('sha256', key).update(data).digest();
  }
  createAesCtr(key: Uint8Array, iv: Uint8Array): IAesCtr {
    const cipher = createCipheriv(`aes-${key.length * 8}-ctr`, key, iv);
    return { process: (data) => cipher.update(data) };
  }
  createAesIge(key: Uint8Array, iv: Uint8Array): IEncryptionScheme {
    const k = Buffer.from(key);
    const v = Buffer.from(iv);
    return {
      encrypt: (data) => igeEncrypt(Buffer.from(data), k, v),
      decrypt: (data) => igeDecrypt(Buffer.from(data), k, v),
    };
  }
  gzip(data: Uint8Array, maxSize: number): Uint8Array | null {
    try {
      return gzipSync(data, { maxOutputLength: maxSize });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return null;
      throw e;
    }
  }
  gunzip(data: Uint8Array): Uint8Array {
    return gunzipSync(data);
  }
}

/**
 * A TCP socket as the byte stream mtcute's transports read from and write to. Once the socket is
 * gone, reads and writes fail with ConnectionClosedError, which mtcute takes as a normal close.
 */
class SocketStream {
  private readonly chunks: Buffer[] = [];
  private wake: (() => void) | undefined;
  private failure: Error | undefined;

  constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.notify();
    });
    socket.on('error', (e) => {
      this.failure ??= e;
      this.notify();
    });
    socket.on('close', () => {
      this.failure ??= new ConnectionClosedError();
      this.notify();
    });
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  get localAddress(): null {
    return null;
  }

  get remoteAddress(): null {
    return null;
  }

  async read(into: Uint8Array): Promise<number> {
    for (;;) {
      const head = this.chunks[0];
      if (head) {
        const n = Math.min(head.length, into.length);
        into.set(head.subarray(0, n));
        if (n < head.length) this.chunks[0] = head.subarray(n);
        else this.chunks.shift();
        return n;
      }
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.socket.write(bytes, (e) => {
        if (e) reject(e);
        else resolve();
      });
    });
  }

  close(): void {
    this.socket.destroy();
    this.failure ??= new ConnectionClosedError();
    this.notify();
  }
}

function dial(host: string, port: number): Promise<SocketStream> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(new SocketStream(socket));
    });
    socket.once('error', reject);
  });
}

/** Where the DC listens, as its `listening` line prints it. */
export interface PrintedDc {
  id: number;
  host: string;
  port: number;
}

/** What a client needs from the DC's banner. */
export interface MtcuteTarget {
  dc: PrintedDc;
  publicKeyPem: string;
  apiId: number;
  apiHash: string;
}

const crypto = new NodeCrypto();

/** Options of {@link mtcuteClient}. */
export interface MtcuteOptions {
  /** mtcute's own debug log, one line per entry (silent without it). */
  log?: (line: string) => void;
}

/** A fresh mtcute client (in-memory storage, intermediate TCP transport) pointed at `target`. */
export function mtcuteClient(target: MtcuteTarget, options: MtcuteOptions = {}): TelegramClient {
  addPublicKey(crypto, target.publicKeyPem);
  const dc = { id: target.dc.id, ipAddress: target.dc.host, port: target.dc.port };
  return new TelegramClient({
    apiId: target.apiId,
    apiHash: target.apiHash,
    storage: new MemoryStorage(),
    crypto,
    transport: {
      connect: (option) => dial(option.ipAddress, option.port),
      packetCodec: () => new IntermediatePacketCodec(),
    },
    platform: {
      beforeExit: () => () => undefined,
      log: (_color, _level, tag, fmt, args) => {
        options.log?.(`${tag} ${fmt} ${args.map((x) => String(x)).join(' ')}`);
      },
      getDefaultLogLevel: () => (options.log ? 5 : 0),
      getDeviceModel: () => 'mtcute test',
    },
    defaultDcs: { main: dc, media: dc },
    disableUpdates: true,
  });
}
