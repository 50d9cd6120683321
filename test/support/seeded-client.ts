/**
 * Sessions the test DC seeded, opened the adapter's ways: a bare GramJS client as the adapter
 * builds it (`createClient`), for tests of what GramJS does underneath the gateway; or a
 * connection through a gateway of its own (`openOnDc`).
 */
import type { ServerSalt, TelegramConnection } from '../../electron/core/ports';
import { createGramJsGateway } from '../../electron/telegram';
import type { SeededSession, TestDc } from '../../tools/telegram-dc';
import { createClient, type ClientParts } from '../../electron/telegram/gramjs-client';
import type { HandshakeWorker } from '../../electron/telegram/off-thread-handshake';
import { KeepAlive } from '../../electron/telegram/keep-alive';
import { createRecordingLogger } from './logger';

/** The keep-alive every such client shares, as a gateway's clients do. */
const keepAlive = new KeepAlive();

export async function clientOnSeededSession(
  dc: TestDc,
  phone: string,
  worker: HandshakeWorker,
  logLabel: string,
): Promise<{ parts: ClientParts; seeded: SeededSession }> {
  const seeded = await dc.control.seedAuthorizedSession(phone);
  const profile = dc.profile();
  const parts = createClient(
    {
      profile,
      apiId: profile.apiId ?? 1,
      apiHash: profile.apiHash ?? '',
      session: seeded.session,
      proxy: null,
      logLabel,
    },
    {},
    createRecordingLogger(),
    { worker, timeoutMs: 15_000 },
    keepAlive,
  );
  return { parts, seeded };
}

/**
 * A stored `session` opened on the test DC through a gateway of its own, as the core opens a
 * restored account (5 s to connect, `callTimeoutMs` per call).
 */
export function openOnDc(
  dc: TestDc,
  options: {
    session: string | null;
    logLabel: string;
    serverSalts?: ServerSalt[];
    callTimeoutMs?: number;
    keepAliveIntervalMs?: number;
  },
): Promise<TelegramConnection> {
  const profile = dc.profile();
  return createGramJsGateway({
    logger: createRecordingLogger(),
    connectTimeoutMs: 5_000,
    callTimeoutMs: options.callTimeoutMs ?? 3_000,
    ...(options.keepAliveIntervalMs ? { keepAliveIntervalMs: options.keepAliveIntervalMs } : {}),
  }).openClient({
    profile,
    apiId: profile.apiId ?? 1,
    apiHash: profile.apiHash ?? '',
    session: options.session,
    ...(options.serverSalts ? { serverSalts: options.serverSalts } : {}),
    proxy: null,
    logLabel: options.logLabel,
  });
}
