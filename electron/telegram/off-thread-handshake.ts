/**
 * A fresh login's MTProto handshake, run in a worker thread. GramJS generates the auth key with
 * pure-JS big integers on whatever thread calls `connect()`; in the main process that blocked
 * the event loop (and with it every other account and the IPC) for 60–120 ms per login
 * (`npm run bench`, figure 3). The worker runs GramJS's own `doAuthentication` over its own
 * connection and hands back only the finished key; the client then connects with that key and
 * skips the handshake.
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
  /** A SOCKS proxy in GramJS's shape; MTProxy logins keep the in-thread handshake. */
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

(async () => {
  const { target } = workerData;
  for (const key of target.rsaKeys) {
    if (!_serverKeys.has(key.fingerprint)) {
      _serverKeys.set(key.fingerprint, { n: returnBigInt(BigInt('0x' + key.n)), e: key.e });
    }
  }
  const logger = new Logger('none');
  const connection = new ConnectionTCPFull({
    ip: target.host,
    port: target.port,
    dcId: target.dcId,
    loggers: logger,
    proxy: target.proxy,
    socket: PromisedNetSockets,
    testServers: false,
  });
  try {
    await connection.connect();
    const result = await doAuthentication(new MTProtoPlainSender(connection, logger), logger);
    const key = result.authKey.getKey();
    parentPort.postMessage({ ok: true, authKey: key, timeOffset: result.timeOffset });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String(error && error.message || error) });
  } finally {
    await connection.disconnect().catch(() => undefined);
  }
})();
`;

type WorkerAnswer =
  { ok: true; authKey: Uint8Array; timeOffset: number } | { ok: false; message: string };

/** Runs the handshake in a worker; rejects on failure or after `timeoutMs`. */
export function handshakeOffThread(
  target: HandshakeTarget,
  timeoutMs: number,
): Promise<HandshakeResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource, { eval: true, workerData: { modules, target } });
    let isSettled = false;
    const settle = (finish: () => void) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      void worker.terminate();
      finish();
    };
    const timer = setTimeout(() => {
      settle(() => {
        reject(new Error('The handshake worker did not finish in time.'));
      });
    }, timeoutMs);
    worker.once('message', (answer: WorkerAnswer) => {
      settle(() => {
        if (answer.ok)
          resolve({ authKey: Buffer.from(answer.authKey), timeOffset: answer.timeOffset });
        else reject(new Error(answer.message));
      });
    });
    worker.once('error', (error) => {
      settle(() => {
        reject(error);
      });
    });
    worker.once('exit', (code) => {
      settle(() => {
        reject(new Error(`The handshake worker exited with ${code}.`));
      });
    });
  });
}
