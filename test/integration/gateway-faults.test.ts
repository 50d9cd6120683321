/**
 * Network failure and timeout as the login flow reports them: a DC that refuses connections is
 * NETWORK, one that accepts and never answers is TIMEOUT, a call the DC never answers is TIMEOUT.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestDc, type TestDc } from '../../tools/telegram-dc';
import { createGramJsGateway } from '../../electron/telegram';
import type { CustomServerProfile } from '../../electron/shared/server-profile';
import { createCoreHarness } from '../support/core-harness';
import { createRecordingLogger } from '../support/logger';

let dc: TestDc;
let silent: Server;
let silentPort = 0;
const sockets = new Set<Socket>();

beforeAll(async () => {
  dc = await startTestDc({ smallPrimes: true });
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  silentPort = typeof address === 'object' && address ? address.port : 0;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => {
    silent.close(() => {
      resolve();
    });
  });
  await dc.stop();
});

function harnessFor(profile: CustomServerProfile, timeouts = { connect: 1500, call: 1500 }) {
  return createCoreHarness({
    gateway: createGramJsGateway({
      logger: createRecordingLogger(),
      connectTimeoutMs: timeouts.connect,
      callTimeoutMs: timeouts.call,
    }),
    target: { profile, apiId: 1, apiHash: 'a'.repeat(32) },
  });
}

const withPort = (port: number): CustomServerProfile => {
  const profile = dc.profile();
  return { ...profile, dcs: profile.dcs.map((d) => ({ ...d, port })) };
};

test('a DC that refuses connections is a network failure', async () => {
  // A port that was just free: nothing listens there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  const closedPort = typeof address === 'object' && address ? address.port : 1;
  await new Promise<void>((resolve) => {
    probe.close(() => {
      resolve();
    });
  });
  const h = harnessFor(withPort(closedPort));
  const result = await h.call('auth:start', { phone: '+9996620001' });
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.error.code).toBe('NETWORK');
    expect(result.error.message).toMatch(/cannot reach Telegram/);
  }
  await h.stop();
});

test('a DC that accepts and never answers is a timeout', async () => {
  const h = harnessFor(withPort(silentPort));
  const started = Date.now();
  const result = await h.call('auth:start', { phone: '+9996620001' });
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.error.code).toBe('TIMEOUT');
  expect(Date.now() - started).toBeLessThan(5000);
  await h.stop();
});

test('a call the DC does not answer in time is a timeout in the view', async () => {
  const h = harnessFor(dc.profile(), { connect: 10_000, call: 1000 });
  const started = await h.ok('auth:start', { phone: '+9996620001' });
  dc.control.setDelay('auth.signIn', 3000);
  try {
    const view = await h.ok('auth:submit-code', {
      attemptId: started.attemptId,
      code: dc.control.lastCode('+9996620001') ?? '',
    });
    expect(view.error?.code).toBe('TIMEOUT');
    expect(view.error?.message).toMatch(/did not answer in time/);
    expect(view.isBusy).toBe(false);
  } finally {
    dc.control.setDelay('auth.signIn', 0);
    await h.stop();
  }
});
