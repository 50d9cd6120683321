/**
 * MTProto handshakes in the warm worker thread: one thread serves every handshake, its keys are
 * ones the DC accepts, a dead thread is replaced, and no handshake of a client runs on the main
 * thread: not for a fresh login, not after PHONE_MIGRATE, not for a sender to another DC.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer, type Server, type Socket } from 'node:net';
import { Api } from 'telegram';
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { createGramJsGateway } from '../../electron/telegram';
import {
  HandshakeWorker,
  leaseHandshakeWorker,
  type HandshakeTarget,
} from '../../electron/telegram/off-thread-handshake';
import { startTestDc, type TestDc } from '../../tools/telegram-dc';
import { createRecordingLogger } from '../support/logger';
import { clientOnSeededSession } from '../support/seeded-client';

const authenticator = createRequire(import.meta.url)('telegram/network/Authenticator') as {
  doAuthentication: (...args: unknown[]) => Promise<unknown>;
};
const inThread = authenticator.doAuthentication;
let inThreadHandshakes = 0;

let dc: TestDc;
let worker: HandshakeWorker;
beforeAll(async () => {
  dc = await startTestDc({ smallPrimes: true });
  // GramJS's senders call Authenticator.doAuthentication through the module object: counting
  // here sees every handshake made on this thread (the worker loads its own copy).
  authenticator.doAuthentication = (...args) => {
    inThreadHandshakes++;
    return inThread(...args);
  };
});
afterAll(async () => {
  authenticator.doAuthentication = inThread;
  await dc.stop();
});
beforeEach(() => {
  inThreadHandshakes = 0;
  worker = new HandshakeWorker();
});
afterEach(() => worker.terminate());

function target(dcId = 2): HandshakeTarget {
  const home = dc.dcs.find((d) => d.id === dcId);
  if (!home) throw new Error(`no DC ${dcId}`);
  return { dcId, host: home.host, port: home.port, rsaKeys: dc.profile().rsaKeys };
}

/**
 * A TCP server that accepts and never answers, so a handshake to it stays in flight. It reads and
 * drops what it is sent: a socket with unread bytes never sees its peer's close.
 */
async function silentServer(): Promise<{
  server: Server;
  port: number;
  sockets: Socket[];
  bytesReceived(): number;
}> {
  const sockets: Socket[] = [];
  let received = 0;
  const server = createServer((s) => {
    sockets.push(s);
    s.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port, sockets, bytesReceived: () => received };
}

test('one thread makes every key, several at a time, and the DC accepts them', async () => {
  const [a, b] = await Promise.all([worker.run(target(2), 15_000), worker.run(target(1), 15_000)]);
  const c = await worker.run(target(2), 15_000);
  expect(worker.threadsStarted).toBe(1);
  // A 2048-bit g^ab as GramJS keeps it: without leading zero bytes, so 255 bytes about once in
  // 256 keys (a CI run met one), 256 otherwise.
  for (const r of [a, b, c]) {
    expect(r.authKey.length).toBeGreaterThanOrEqual(250);
    expect(r.authKey.length).toBeLessThanOrEqual(256);
    expect(r.authKey[0]).not.toBe(0);
  }
  expect(new Set([a, b, c].map((r) => r.authKey.toString('hex'))).size).toBe(3);
  // The worker closes its connections once the keys are made.
  await expect.poll(() => dc.control.describeConnections().length).toBe(0);
});

test('a thread that dies fails the handshake in flight, and the next handshake gets a new thread', async () => {
  const silent = await silentServer();
  try {
    const stuck = worker.run({ ...target(2), port: silent.port }, 15_000).catch((e: unknown) => e);
    await expect.poll(() => silent.sockets.length, { timeout: 15_000 }).toBe(1);
    await worker.thread?.terminate();
    expect(await stuck).toMatchObject({ message: expect.stringMatching(/exited/) });
    const next = await worker.run(target(2), 15_000);
    expect(next.authKey.length).toBe(256);
    expect(worker.threadsStarted).toBe(2);
  } finally {
    silent.server.close();
  }
});

/**
 * Runs a handshake to a silent server, expects it given up after `timeoutMs`, waits for its one
 * connection to be closed, and answers how many bytes the server was sent.
 */
async function giveUpOnSilentServer(timeoutMs: number): Promise<number> {
  const silent = await silentServer();
  try {
    await expect(worker.run({ ...target(2), port: silent.port }, timeoutMs)).rejects.toThrow(
      /did not finish in time/,
    );
    // On a loaded machine the connection may open after the time is up; it is closed then too.
    await expect
      .poll(() => silent.sockets.map((s) => s.destroyed), {
        message: 'the worker opened one connection and closed it',
      })
      .toEqual([true]);
    return silent.bytesReceived();
  } finally {
    silent.server.close();
  }
}

test('a handshake that takes too long is given up and its connection closed', async () => {
  // A warm thread sends its first packet before the time is up: the case a cold one raced.
  await worker.warm();
  await giveUpOnSilentServer(300);
  expect(worker.threadsStarted).toBe(1);
});

test('a handshake given up before its connection opens sends nothing and closes it', async () => {
  // A cold thread: the time is up long before GramJS is loaded in it and the connection opens.
  expect(await giveUpOnSilentServer(1)).toBe(0);
});

test('an unreachable DC fails the handshake instead of hanging', async () => {
  await expect(worker.run({ ...target(2), port: 1 }, 10_000)).rejects.toThrow();
});

test('a warm worker never keeps the process alive', () => {
  const script = [
    "import { HandshakeWorker } from './electron/telegram/off-thread-handshake.ts';",
    'const worker = new HandshakeWorker();',
    '// Waiting for the warm-up is the only thing that keeps the process alive until then.',
    'const waiting = setInterval(() => undefined, 1000);',
    'await worker.warm();',
    'clearInterval(waiting);',
    "process.stdout.write(worker.thread ? 'warm' : 'no thread');",
  ].join('\n');
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    { encoding: 'utf8', timeout: 30_000 },
  );
  expect(child.stdout).toBe('warm');
  expect(child.signal, 'the process ended by itself').toBeNull();
  expect(child.status).toBe(0);
});

test('the last gateway disposed ends the shared thread', async () => {
  const observer = leaseHandshakeWorker();
  const gateway = createGramJsGateway({
    logger: createRecordingLogger(),
    isHandshakeWorkerWarm: true,
  });
  await observer.worker.warm();
  expect(observer.worker.thread).not.toBeNull();
  await gateway.dispose?.();
  expect(observer.worker.thread, 'another lease still holds it').not.toBeNull();
  await observer.release();
  expect(observer.worker.thread).toBeNull();
});

test('a fresh login and a PHONE_MIGRATE to another DC make their keys off the main thread', async () => {
  const logger = createRecordingLogger();
  const gateway = createGramJsGateway({ logger });
  const profile = dc.profile();
  const connection = await gateway.openClient({
    profile,
    apiId: profile.apiId ?? 1,
    apiHash: profile.apiHash ?? '',
    session: null,
    proxy: null,
    logLabel: 'worker-test',
  });
  try {
    expect((await connection.sendCode('+9996620001')).kind).toBe('code');
    // Bob lives on DC 1: DC 2 answers PHONE_MIGRATE_1 and GramJS moves the client there.
    expect((await connection.sendCode('+9996610002')).kind).toBe('code');
    expect(dc.control.lastCode('+9996610002')).toBeDefined();
    expect(inThreadHandshakes).toBe(0);
    expect(logger.text()).not.toContain('off-thread handshake failed');
  } finally {
    await connection.destroy();
    await gateway.dispose?.();
  }
});

test("a sender to another DC gets its key off the main thread and imports the account's authorization", async () => {
  const { parts, seeded } = await clientOnSeededSession(
    dc,
    '+9996620001',
    worker,
    'exported-sender-test',
  );
  const client = parts.client;
  try {
    await client.connect();
    const calls = dc.control.callCount('auth.importAuthorization');
    // A call on DC 1 goes through _borrowExportedSender: a new key there, then the import.
    const users = await client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }), 1);
    expect(users[0]?.id.toString()).toBe(seeded.user.id.toString());
    expect(dc.control.callCount('auth.importAuthorization')).toBe(calls + 1);
    expect(inThreadHandshakes).toBe(0);
    expect(worker.threadsStarted).toBe(1);
  } finally {
    parts.close();
    await client.destroy();
  }
});

test('a stored session connects with its own key: no handshake, in the worker or in this thread', async () => {
  const run = worker.run.bind(worker);
  let workerHandshakes = 0;
  worker.run = (...args) => {
    workerHandshakes++;
    return run(...args);
  };
  const { parts, seeded } = await clientOnSeededSession(
    dc,
    '+9996620001',
    worker,
    'stored-session-test',
  );
  try {
    expect(await parts.client.connect()).toBe(true);
    const users = await parts.client.invoke(
      new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }),
    );
    expect(users[0]?.id.toString()).toBe(seeded.user.id.toString());
    // Each restored or imported account used to make (and then drop) a new key first.
    expect(workerHandshakes).toBe(0);
    expect(inThreadHandshakes).toBe(0);
  } finally {
    parts.close();
    await parts.client.destroy();
  }
});
