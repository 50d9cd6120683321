import {
  constants,
  createDiffieHellman,
  createPublicKey,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';
import { connect as netConnect, type Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { Api, type TelegramClient } from 'telegram';
import { AuthKey } from 'telegram/crypto/AuthKey';
import { BinaryReader } from 'telegram/extensions/BinaryReader';
import { readBigIntFromBuffer, returnBigInt, toSignedLittleBuffer } from 'telegram/Helpers';
import { StringSession } from 'telegram/sessions';
import {
  bigIntToBytes,
  bytesToBigInt,
  igeDecrypt,
  igeEncrypt,
  sha1,
  sha256,
} from '../../tools/telegram-dc/crypto';
import { authKeyFromSecret } from '../../tools/telegram-dc/handshake';
import { startTestDc, type TestDc } from '../../tools/telegram-dc/index';
import { savedSession } from '../../tools/telegram-dc/test-helpers';

/**
 * Benchmark of the sandbox DC with unmodified GramJS clients (not a test):
 *   npm run bench:dc [-- --levels 1,50,500 --runs 3 --small-primes]
 * For each concurrency level it starts that many clients at once and reports
 *   - fresh handshakes per second with a native client (node:crypto), i.e. the DC's capacity;
 *   - fresh handshakes per second with GramJS connect() (pure-JS big integers; client-bound);
 *   - stored sessions resumed per second: GramJS connect() with a saved StringSession.
 * Figures are medians over the runs. Everything is on loopback and bounded by timeouts; the
 * client and the DC share this process and its CPU, so the numbers are end-to-end costs.
 */

const { values } = parseArgs({
  options: {
    levels: { type: 'string', default: '1,50,500' },
    runs: { type: 'string', default: '3' },
    'small-primes': { type: 'boolean', default: false },
    'budget-seconds': { type: 'string', default: '240' },
    'gramjs-fresh-max': { type: 'string', default: '50' },
  },
});
const levels = values.levels.split(',').map(Number);
const runs = Math.max(1, Number(values.runs));
const gramJsFreshMax = Number(values['gramjs-fresh-max']);
const deadline = Date.now() + Number(values['budget-seconds']) * 1000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

async function bounded<T>(p: Promise<T>, ms: number, label: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>(
        (_, rej) =>
          (t = setTimeout(() => {
            rej(new Error(`${label} timed out`));
          }, ms)),
      ),
    ]);
  } finally {
    if (t) clearTimeout(t);
  }
}

/** Connects `sessions.length` clients at once; returns connects/second and the saved sessions. */
async function wave(
  dc: TestDc,
  sessions: string[],
): Promise<{ perSecond: number; saved: string[] }> {
  const clients: TelegramClient[] = sessions.map((s) =>
    dc.gramjs.newClient(s, { connectionRetries: 1 }),
  );
  const t0 = performance.now();
  try {
    await bounded(
      Promise.all(clients.map((c) => c.connect())),
      180_000,
      `${sessions.length} connects`,
    );
    const seconds = (performance.now() - t0) / 1000;
    return {
      perSecond: clients.length / seconds,
      saved: clients.map(savedSession),
    };
  } finally {
    await Promise.all(clients.map((c) => c.destroy().catch(() => undefined)));
  }
}

/**
 * A minimal native MTProto handshake client (abridged transport, node:crypto DH and RSA), used to
 * measure the DC's own handshake capacity: GramJS's pure-JS big integers make its clients cost
 * about a second of CPU per handshake, which would measure GramJS instead of the DC.
 */
function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Pollard's rho with batched gcds (one gcd per 128 steps) on native bigints. */
function pollardBrent(n: bigint): bigint {
  if (n % 2n === 0n) return 2n;
  for (let c = 1n; ; c++) {
    let x = 2n;
    let y = 2n;
    let d = 1n;
    const f = (v: bigint): bigint => (v * v + c) % n;
    while (d === 1n) {
      let prod = 1n;
      const xs: [bigint, bigint][] = [];
      for (let i = 0; i < 128; i++) {
        x = f(x);
        y = f(f(y));
        xs.push([x, y]);
        prod = (prod * (x > y ? x - y : y - x)) % n;
      }
      d = gcd(prod, n);
      if (d === n) {
        // The batch overshot: redo it one step at a time.
        for (const [a, b] of xs) {
          d = gcd(a > b ? a - b : b - a, n);
          if (d !== 1n) break;
        }
      }
    }
    if (d !== n) return d;
  }
}

let clientDh: ReturnType<typeof createDiffieHellman> | undefined;

class PlainChannel {
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  private lastMsgId = 0n;
  constructor(private readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      for (const w of this.waiters.splice(0)) w();
    });
    socket.write(Buffer.from([0xef]));
  }
  async call(body: Buffer): Promise<unknown> {
    let msgId = (BigInt(Date.now()) << 32n) / 1000n;
    msgId -= msgId % 4n;
    if (msgId <= this.lastMsgId) msgId = this.lastMsgId + 4n;
    this.lastMsgId = msgId;
    const head = Buffer.alloc(20);
    head.writeBigInt64LE(msgId, 8);
    head.writeInt32LE(body.length, 16);
    const payload = Buffer.concat([head, body]);
    this.socket.write(Buffer.concat([Buffer.from([payload.length >> 2]), payload]));
    for (;;) {
      const first = this.buf[0];
      const isLong = first === 0x7f;
      const head = isLong ? 4 : 1;
      const words = isLong ? (this.buf.length >= 4 ? this.buf.readUIntLE(1, 3) : Infinity) : first;
      if (words !== undefined && this.buf.length >= head + words * 4) {
        const packet = this.buf.subarray(head, head + words * 4);
        this.buf = this.buf.subarray(head + words * 4);
        return new BinaryReader(packet.subarray(20)).tgReadObject() as unknown;
      }
      if (this.socket.destroyed) throw new Error('socket closed');
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }
}

/** Creates an auth key on `dcId` the way any MTProto client must; returns a GramJS StringSession. */
async function nativeHandshake(dc: TestDc, dcId: number): Promise<string> {
  const ep = dc.dcs.find((d) => d.id === dcId);
  if (!ep) throw new Error('no DC');
  const socket = netConnect({ host: ep.host, port: ep.port });
  await new Promise<void>((r, j) => socket.once('connect', r).once('error', j));
  try {
    const ch = new PlainChannel(socket);
    const nonce = readBigIntFromBuffer(randomBytes(16), true, true);
    const res = await ch.call(new Api.ReqPqMulti({ nonce }).getBytes());
    if (!(res instanceof Api.ResPQ)) throw new Error('bad resPQ');
    const pq = bytesToBigInt(res.pq);
    const f = pollardBrent(pq);
    const [p, q] = f < pq / f ? [f, pq / f] : [pq / f, f];
    const newNonce = readBigIntFromBuffer(randomBytes(32), true, true);
    const inner = new Api.PQInnerData({
      pq: res.pq,
      p: bigIntToBytes(p),
      q: bigIntToBytes(q),
      nonce,
      serverNonce: res.serverNonce,
      newNonce,
    }).getBytes();
    const data = Buffer.concat([inner, randomBytes(192 - inner.length)]);
    const nInt = BigInt('0x' + dc.rsa.n);
    const pub = createPublicKey({
      key: { kty: 'RSA', n: Buffer.from(dc.rsa.n, 'hex').toString('base64url'), e: 'AQAB' },
      format: 'jwk',
    });
    let encrypted: Buffer | undefined;
    while (!encrypted) {
      const tempKey = randomBytes(32);
      const withHash = Buffer.concat([Buffer.from(data).reverse(), sha256(tempKey, data)]);
      const aes = igeEncrypt(withHash, tempKey, Buffer.alloc(32));
      const h = sha256(aes);
      const xored = Buffer.from(tempKey.map((b, i) => b ^ (h[i] ?? 0)));
      const block = Buffer.concat([xored, aes]);
      if (bytesToBigInt(block) < nInt)
        encrypted = publicEncrypt({ key: pub, padding: constants.RSA_NO_PADDING }, block);
    }
    const dh = await ch.call(
      new Api.ReqDHParams({
        nonce,
        serverNonce: res.serverNonce,
        p: bigIntToBytes(p),
        q: bigIntToBytes(q),
        publicKeyFingerprint: returnBigInt(dc.rsa.fingerprint),
        encryptedData: encrypted,
      }).getBytes(),
    );
    if (!(dh instanceof Api.ServerDHParamsOk)) throw new Error('bad server DH params');
    const nn = toSignedLittleBuffer(newNonce, 32);
    const sn = toSignedLittleBuffer(res.serverNonce, 16);
    const h1 = sha1(nn, sn);
    const h2 = sha1(sn, nn);
    const key = Buffer.concat([h1, h2.subarray(0, 12)]);
    const iv = Buffer.concat([h2.subarray(12, 20), sha1(nn, nn), nn.subarray(0, 4)]);
    const answer = new BinaryReader(
      igeDecrypt(dh.encryptedAnswer, key, iv).subarray(20),
    ).tgReadObject() as unknown;
    if (!(answer instanceof Api.ServerDHInnerData)) throw new Error('bad inner DH');
    clientDh ??= createDiffieHellman(answer.dhPrime, Buffer.from([answer.g])); // prime validation is slow: do it once
    const ours = clientDh;
    ours.setPrivateKey(randomBytes(256));
    ours.generateKeys();
    const secret = ours.computeSecret(answer.gA);
    const clientInner = new Api.ClientDHInnerData({
      nonce,
      serverNonce: res.serverNonce,
      retryId: returnBigInt(0),
      gB: ours.getPublicKey(),
    }).getBytes();
    let plain = Buffer.concat([sha1(clientInner), clientInner]);
    plain = Buffer.concat([plain, randomBytes((16 - (plain.length % 16)) % 16)]);
    const gen = await ch.call(
      new Api.SetClientDHParams({
        nonce,
        serverNonce: res.serverNonce,
        encryptedData: igeEncrypt(plain, key, iv),
      }).getBytes(),
    );
    if (!(gen instanceof Api.DhGenOk)) throw new Error('handshake not ok');
    const authKey = new AuthKey();
    await authKey.setKey(authKeyFromSecret(secret).key);
    const session = new StringSession('');
    session.setDC(ep.id, ep.host, ep.port);
    session.setAuthKey(authKey);
    return session.save();
  } finally {
    socket.destroy();
  }
}

/** `n` native handshakes at once; returns handshakes/second and the sessions they produced. */
async function nativeWave(dc: TestDc, n: number): Promise<{ perSecond: number; saved: string[] }> {
  const t0 = performance.now();
  const saved = await bounded(
    Promise.all(Array.from({ length: n }, () => nativeHandshake(dc, 2))),
    120_000,
    `${n} native handshakes`,
  );
  return { perSecond: n / ((performance.now() - t0) / 1000), saved };
}

async function main(): Promise<void> {
  const dc = await startTestDc({
    scenario: { name: 'bench', accounts: [] },
    smallPrimes: values['small-primes'],
  });
  process.stderr.write(
    `DCs up: ${dc.dcs.map((d) => `${d.id}:${d.port}`).join(' ')}; levels ${levels.join(', ')}; ${runs} run(s)\n`,
  );
  const rows: { clients: number; dc: number; gramjs?: number; resumed: number; runs: number }[] =
    [];
  try {
    for (const n of levels) {
      const native: number[] = [];
      const gram: number[] = [];
      const resumed: number[] = [];
      let saved: string[] = [];
      for (let r = 0; r < runs && (r === 0 || Date.now() < deadline); r++) {
        const w = await nativeWave(dc, n);
        native.push(w.perSecond);
        saved = w.saved;
        process.stderr.write(
          `  ${n} clients, run ${r + 1}: DC handshakes ${w.perSecond.toFixed(1)}/s\n`,
        );
      }
      // A GramJS handshake costs about a second of client CPU, so GramJS fresh logins are measured
      // only up to 50 concurrent clients (500 would take minutes per run on two cores).
      for (let r = 0; n <= gramJsFreshMax && r < runs && Date.now() < deadline; r++) {
        const w = await wave(
          dc,
          Array.from({ length: n }, () => ''),
        );
        gram.push(w.perSecond);
        process.stderr.write(
          `  ${n} clients, run ${r + 1}: GramJS fresh ${w.perSecond.toFixed(1)}/s\n`,
        );
      }
      for (let r = 0; r < runs && saved.length && (r === 0 || Date.now() < deadline); r++) {
        const w = await wave(dc, saved);
        resumed.push(w.perSecond);
        process.stderr.write(
          `  ${n} clients, run ${r + 1}: GramJS resumed ${w.perSecond.toFixed(1)}/s\n`,
        );
      }
      rows.push({
        clients: n,
        dc: median(native),
        gramjs: gram.length ? median(gram) : undefined,
        resumed: median(resumed),
        runs: native.length,
      });
      if (Date.now() >= deadline) break;
    }
  } finally {
    await dc.stop();
  }
  const pq = values['small-primes'] ? 'small pq' : 'realistic 62-bit pq';
  console.log(`\nSandbox DC benchmark (loopback, ${pq}, medians of up to ${runs} runs)`);
  console.log(
    '| concurrent clients | fresh handshakes/s (native client) | fresh handshakes/s (GramJS connect) | stored sessions resumed/s (GramJS connect) |',
  );
  console.log('|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.clients} | ${r.dc.toFixed(1)} | ${r.gramjs === undefined ? 'not run (client-bound)' : r.gramjs.toFixed(1)} | ${r.resumed.toFixed(1)} |`,
    );
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
