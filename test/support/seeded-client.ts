/**
 * A bare GramJS client as the adapter builds it (`createClient`), on a session the test DC
 * seeded for `phone`: for tests of what GramJS does underneath the gateway.
 */
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
