/**
 * The fresh-login handshake in a worker thread: the key it returns is one the DC accepts, the
 * login through the gateway uses it (no handshake on the calling thread), and a DC that cannot
 * be reached fails the worker without leaving it running.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createGramJsGateway } from '../../electron/telegram';
import { handshakeOffThread } from '../../electron/telegram/off-thread-handshake';
import { startTestDc, type TestDc } from '../../tools/telegram-dc';
import { createRecordingLogger } from '../support/logger';

let dc: TestDc;
beforeAll(async () => {
  dc = await startTestDc({ smallPrimes: true });
});
afterAll(() => dc.stop());

test('the worker produces an auth key the DC accepts', async () => {
  const home = dc.dcs.find((d) => d.id === 2)!;
  const result = await handshakeOffThread(
    { dcId: 2, host: home.host, port: home.port, rsaKeys: dc.profile().rsaKeys },
    15_000,
  );
  expect(result.authKey.length).toBe(256);
  // The worker closes its connection once the key is made.
  await expect.poll(() => dc.control.describeConnections().length).toBe(0);
});

test('a fresh login connects with the worker-made key and answers calls', async () => {
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
    const sent = await connection.sendCode('+9996620001');
    expect(sent.kind).toBe('code');
    expect(logger.text()).not.toContain('off-thread handshake failed');
  } finally {
    await connection.destroy();
  }
});

test('an unreachable DC fails the worker instead of hanging', async () => {
  await expect(
    handshakeOffThread({ dcId: 2, host: '127.0.0.1', port: 1, rsaKeys: [] }, 10_000),
  ).rejects.toThrow();
});
