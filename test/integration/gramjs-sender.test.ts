/**
 * How the adapter drives GramJS's sender, against the local MTProto DC with real GramJS:
 * - a container's answers are all read, also after one of them failed (sender-fixes.ts).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createGramJsGateway } from '../../electron/telegram';
import type { TelegramConnection } from '../../electron/core/ports';
import { startTestDc, type TestDc } from '../../tools/telegram-dc';
import { createRecordingLogger } from '../support/logger';

const ada = '+9996620521';
const ben = '+9996620522';

let dc: TestDc;

beforeAll(async () => {
  dc = await startTestDc({
    scenario: {
      name: 'gramjs-sender',
      accounts: [
        { phone: ada, dcId: 2, firstName: 'Ada', lastName: 'Self' },
        { phone: ben, dcId: 1, firstName: 'Ben' },
      ],
    },
  });
}, 30_000);

afterAll(async () => {
  await dc.stop();
});

function open(session: string | null, label: string): Promise<TelegramConnection> {
  const profile = dc.profile();
  return createGramJsGateway({
    logger: createRecordingLogger(),
    connectTimeoutMs: 5_000,
    callTimeoutMs: 3_000,
  }).openClient({
    profile,
    apiId: profile.apiId ?? 1,
    apiHash: profile.apiHash ?? '',
    session,
    proxy: null,
    logLabel: label,
  });
}

test('a failed call does not take the answers Telegram sent beside it in one container', async () => {
  const seeded = await dc.control.seedAuthorizedSession(ada);
  const connection = await open(seeded.session, 'ada-container');
  try {
    await connection.getMe();
    // Sent in the same tick, the two calls travel in one container, and the DC answers both in
    // one: the failure first.
    dc.control.queueError('help.getAppConfig', 'APP_CONFIG_BROKEN', 400);
    const [freeze, standing] = await Promise.allSettled([
      connection.getFreeze(),
      connection.getStanding(),
    ]);
    expect(freeze.status).toBe('rejected');
    expect(standing).toMatchObject({ status: 'fulfilled', value: { isDeactivated: false } });
  } finally {
    await connection.destroy();
  }
});
