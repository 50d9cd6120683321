/**
 * A restart with many saved accounts against the local DC: every account comes back online with
 * bounded concurrency, progress is reported, and pushes are coalesced rather than one per change.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { StringSession } from 'telegram/sessions';
import { startTestDc, type Scenario, type TestDc } from '../../tools/telegram-dc';
import { loggedIn } from '../../tools/telegram-dc/test-helpers';
import { createGramJsGateway } from '../../electron/telegram';
import type { AccountRecord } from '../../electron/core/ports';
import type { AccountsState } from '../../electron/shared/dto';
import { createCoreHarness } from '../support/core-harness';
import { createMemoryVault } from '../support/memory-vault';
import { createRecordingLogger } from '../support/logger';

const COUNT = 30;
const phone = (i: number) => `+99966${(i % 3) + 1}${String(3000 + i)}`;

const scenario: Scenario = {
  name: 'restore-scale',
  accounts: Array.from({ length: COUNT }, (_, i) => ({
    phone: phone(i),
    dcId: (i % 3) + 1,
    firstName: `User${i}`,
  })),
};

let dc: TestDc;
const vault = createMemoryVault();

beforeAll(async () => {
  dc = await startTestDc({ scenario, smallPrimes: true });
  const profile = dc.profile();
  for (let i = 0; i < COUNT; i++) {
    const client = await loggedIn(dc, phone(i), (i % 3) + 1);
    const session = client.session instanceof StringSession ? client.session.save() : '';
    const me = await client.getMe();
    await client.destroy();
    const record: AccountRecord = {
      session,
      phone: phone(i).slice(1),
      userId: me.id.toString(),
      homeDcId: (i % 3) + 1,
      serverProfile: profile,
      apiId: profile.apiId ?? 1,
      apiHash: profile.apiHash ?? '',
      proxy: null,
      displayName: `User${i}`,
      username: null,
      isPremium: false,
      avatar: null,
    };
    await vault.writeAccount(`acc${i}`, record);
  }
}, 120_000);

afterAll(async () => {
  await dc.stop();
});

test(`a new core restores ${COUNT} saved accounts on 3 DCs`, async () => {
  const profile = dc.profile();
  const h = createCoreHarness({
    gateway: createGramJsGateway({ logger: createRecordingLogger() }),
    target: { profile, apiId: profile.apiId ?? 1, apiHash: profile.apiHash ?? '' },
    vault,
    restoreConcurrency: 8,
    coalesceMs: 50,
  });
  const started = Date.now();
  await h.start();
  const state = await h.waitForEvent(
    'accounts:changed',
    (s) => s.accounts.length === COUNT && s.accounts.every((a) => a.status.kind === 'online'),
    30_000,
  );
  const elapsed = Date.now() - started;
  const pushes = h.pushed.filter((p) => p.event === 'accounts:changed');
  const progress = pushes
    .map((p) => (p.payload as AccountsState).restore)
    .filter((r) => r !== null);
  console.log(`restored ${COUNT} accounts in ${elapsed} ms with ${pushes.length} pushes`);
  expect(state.accounts.map((a) => a.homeDcId).sort()).toContain(3);
  expect(progress.length).toBeGreaterThan(0);
  expect(progress.at(-1)?.total).toBe(COUNT);
  // Far fewer pushes than state changes (each account changes at least 3 times).
  expect(pushes.length).toBeLessThan(COUNT);
  await h.stop();
});
