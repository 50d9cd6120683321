import type {
  TelegramConnection,
  TelegramEvent,
  TelegramGateway,
} from '../../../electron/core/ports';
import { createGramJsGateway, type GramJsGatewayOptions } from '../../../electron/telegram';
import type { TestDc } from '../../../tools/telegram-dc';
import { createCoreHarness } from '../../support/core-harness';
import { createRecordingLogger } from '../../support/logger';
import { createMemoryVault } from '../../support/memory-vault';
import { seedVaultRecord } from './seeded-accounts';

/** Every connection the account manager opens, with what it emitted. */
export function recordingGateway(inner: TelegramGateway) {
  const opened: TelegramConnection[] = [];
  const events: TelegramEvent[] = [];
  const gateway: TelegramGateway = {
    async openClient(options) {
      const connection = await inner.openClient(options);
      opened.push(connection);
      connection.onEvent((event) => events.push(event));
      return connection;
    },
    dispose: () => inner.dispose?.() ?? Promise.resolve(),
  };
  return { gateway, opened, events };
}

/**
 * A core with one saved account (`phone`, signed in by seeding, stored as `accountId`) on the real
 * GramJS gateway, recording every connection it opens; not started.
 */
export async function recordedAccountHarness(
  dc: TestDc,
  accountId: string,
  phone: string,
  gatewayOptions: Omit<GramJsGatewayOptions, 'logger'> = {},
) {
  const vault = createMemoryVault();
  await vault.writeAccount(accountId, await seedVaultRecord(dc, phone));
  const recorder = recordingGateway(
    createGramJsGateway({ ...gatewayOptions, logger: createRecordingLogger() }),
  );
  const profile = dc.profile();
  const h = createCoreHarness({
    gateway: recorder.gateway,
    target: { profile, apiId: profile.apiId ?? 1, apiHash: profile.apiHash ?? '' },
    vault,
  });
  return { h, recorder };
}
