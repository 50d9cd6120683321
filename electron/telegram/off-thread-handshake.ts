/**
 * MTProto handshakes in a warm worker thread. GramJS generates an auth key with pure-JS big
 * integers on whatever thread calls `connect()`; in the main process that blocked the event loop
 * (and with it every other account and the IPC) for 60–120 ms per handshake (`npm run bench`,
 * figure 3). The worker runs GramJS's own `doAuthentication` over its own connection and hands
 * back only the finished key; the sender then connects with that key and skips the handshake.
 *
 * One worker serves the whole process: it starts once (at the first handshake, or earlier with
 * {@link HandshakeWorker.warm}), loads GramJS once (~0.3 s of CPU here, ~47 MB) and then runs every
 * handshake, several at a time. It never keeps the process alive (it is unref'd), a crashed or
 * exited worker fails the handshakes in flight and is replaced at the next one, and it is
 * terminated when the last gateway using it is disposed.
 *
 * The worker is created from source (`eval`) and loads GramJS by absolute module paths resolved
 * here, so it needs no separate bundle entry and works from sources (tests) and from the built
 * app alike.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { RsaKey } from '../shared/server-profile';

export interface HandshakeTarget {
  dcId: number;
  host: string;
  port: number;
  /** Keys to trust besides GramJS's built-in ones (custom profiles). */
  rsaKeys: readonly RsaKey[];
  /** A SOCKS proxy in GramJS's shape; MTProxy connections keep the in-thread handshake. */
  proxy?: {
    ip: string;
    port: number;
    socksType: 5;
    timeout: number;
    username?: string;
    password?: string;
  };
}

export interface HandshakeResult {
  /** The 256-byte auth key. Secret: it never leaves the main process. */
  authKey: Buffer;
  timeOffset: number;
}

const requireHere = createRequire(import.meta.url);
const modules = {
  authenticator: requireHere.resolve('telegram/network/Authenticator'),
  plainSender: requireHere.resolve('telegram/network/MTProtoPlainSender'),
  tcpFull: requireHere.resolve('telegram/network/connection/TCPFull'),
  extensions: requireHere.resolve('telegram/extensions'),
  rsa: requireHere.resolve('telegram/crypto/RSA'),
  helpers: requireHere.resolve('telegram/Helpers'),
};

const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { doAuthentication } = require(workerData.modules.authenticator);
const { MTProtoPlainSender } = require(workerData.modules.plainSender);
const { ConnectionTCPFull } = require(workerData.modules.tcpFull);
const { Logger, PromisedNetSockets } = require(workerData.modules.extensions);
const { _serverKeys } = require(workerData.modules.rsa);
const { returnBigInt } = require(workerData.modules.helpers);

const logger = new Logger('none');
const connections = new Map();
const cancelled = new Set();

async function handshake(id, target) {
  for (const key of target.rsaKeys) {
    if (!_serverKeys.has(key.fingerprint)) {
      _serverKeys.set(key.fingerprint, { n: returnBigInt(BigInt('0x' + key.n)), e: key.e });
    }
  }
  const connection = new ConnectionTCPFull({
    ip: target.host,
    port: target.port,
    dcId: target.dcId,
    loggers: logger,
    proxy: target.proxy,
    socket: PromisedNetSockets,
    testServers: false,
  });
  connections.set(id, connection);
  try {
    await connection.connect();
    if (cancelled.has(id)) throw new Error('cancelled');
    const result = await doAuthentication(new MTProtoPlainSender(connection, logger), logger);
    const key = result.authKey.getKey();
    parentPort.postMessage({ id, ok: true, authKey: key, timeOffset: result.timeOffset });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, message: String((error && error.message) || error) });
  } finally {
    connections.delete(id);
    cancelled.delete(id);
    await connection.disconnect().catch(() => undefined);
  }
}

parentPort.on('message', (message) => {
  if (message.cancel !== undefined) {
    const connection = connections.get(message.cancel);
    if (!connection) return;
    // A connection still being opened is closed as soon as it is open.
    cancelled.add(message.cancel);
    void connection.disconnect().catch(() => undefined);
  } else {
    void handshake(message.id, message.target);
  }
});
parentPort.postMessage({ ready: true });
`;

type WorkerAnswer =
  | { ready: true }
  | { id: number; ok: true; authKey: Uint8Array; timeOffset: number }
  | { id: number; ok: false; message: string };

interface Job {
  resolve(result: HandshakeResult): void;
  reject(error: Error): void;
}

/** A reusable handshake thread: started once, reused for every handshake, replaced if it dies. */
export class HandshakeWorker {
  #worker: Worker | null = null;
  #ready: Promise<void> | null = null;
  #onReady: () => void = () => undefined;
  readonly #jobs = new Map<number, Job>();
  #nextId = 1;
  #starts = 0;

  /** How many threads this worker has started (1 while the first one lives). */
  get threadsStarted(): number {
    return this.#starts;
  }

  /** The running thread, if any (tests end it to act out a crash). */
  get thread(): Worker | null {
    return this.#worker;
  }

  /** Starts the thread now, if none runs; resolves once GramJS is loaded in it. */
  warm(): Promise<void> {
    this.#ensure();
    return this.#ready ?? Promise.resolve();
  }

  /** Runs one handshake; rejects on failure, when the thread dies, or after `timeoutMs`. */
  run(target: HandshakeTarget, timeoutMs: number): Promise<HandshakeResult> {
    const worker = this.#ensure();
    const id = this.#nextId++;
    return new Promise<HandshakeResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#jobs.delete(id);
        worker.postMessage({ cancel: id });
        reject(new Error('The handshake worker did not finish in time.'));
      }, timeoutMs);
      const settle = () => {
        clearTimeout(timer);
        this.#jobs.delete(id);
      };
      this.#jobs.set(id, {
        resolve: (result) => {
          settle();
          resolve(result);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      });
      worker.postMessage({ id, target });
    });
  }

  /** Ends the thread and fails the handshakes in flight; a later `run` starts a new one. */
  async terminate(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    this.#forget(worker, new Error('The handshake worker was stopped.'));
    await worker.terminate();
  }

  #ensure(): Worker {
    if (this.#worker) return this.#worker;
    // No inherited flags: the source is CommonJS whatever the parent runs with (--input-type, loaders).
    const worker = new Worker(workerSource, { eval: true, execArgv: [], workerData: { modules } });
    this.#worker = worker;
    this.#starts++;
    this.#ready = new Promise<void>((resolve) => {
      this.#onReady = resolve;
    });
    worker.on('message', (answer: WorkerAnswer) => {
      if ('ready' in answer) {
        this.#onReady();
        return;
      }
      const job = this.#jobs.get(answer.id);
      if (!job) return;
      if (answer.ok)
        job.resolve({ authKey: Buffer.from(answer.authKey), timeOffset: answer.timeOffset });
      else job.reject(new Error(answer.message));
    });
    worker.once('error', (error) => {
      this.#forget(worker, error);
    });
    worker.once('exit', (code) => {
      this.#forget(worker, new Error(`The handshake worker exited with ${code}.`));
    });
    // Last: a 'message' listener added after unref() would ref the thread's port again.
    worker.unref();
    return worker;
  }

  /** Drops a dead (or stopped) thread: its handshakes fail, the next `run` starts a new one. */
  #forget(worker: Worker, error: Error): void {
    if (this.#worker !== worker) return;
    this.#worker = null;
    this.#ready = null;
    this.#onReady();
    for (const job of [...this.#jobs.values()]) job.reject(error);
  }
}

const shared = new HandshakeWorker();
let leases = 0;

/** A gateway's use of the process's handshake worker; `release` ends the thread with the last one. */
export interface HandshakeLease {
  readonly worker: HandshakeWorker;
  release(): Promise<void>;
}

/** Takes a lease on the process's one handshake worker (GramJS's key table is per process too). */
export function leaseHandshakeWorker(): HandshakeLease {
  leases++;
  let isReleased = false;
  return {
    worker: shared,
    release: async () => {
      if (isReleased) return;
      isReleased = true;
      leases--;
      if (leases === 0) await shared.terminate();
    },
  };
}
