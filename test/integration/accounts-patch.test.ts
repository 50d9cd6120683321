/**
 * Issue 17: a restore of a long list pushes each account's row a few times in all, not the
 * whole list per push. The real core (conf stores, a real vault on disk, the GramJS gateway)
 * restores 300 seeded accounts from the test DC; every `accounts:changed` payload is counted and
 * folded as the renderer folds it, and the folded list must equal `accounts:list`.
 */
import { createBenchVault } from '../bench/support/bench-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createGramdeckCore, type GramdeckCore } from '../../electron/core/app';
import { confStoreFactory } from '../../electron/core/storage/conf-store';
import {
  applyAccountsChange,
  isAccountsPatch,
  wholeListMaxAccounts,
  type AccountsChanged,
} from '../../electron/shared/accounts-change';
import type { AccountsState } from '../../electron/shared/dto';
import { createGramJsGateway } from '../../electron/telegram';
import { startTestDc, type TestDc } from '../../tools/telegram-dc';
import {
  seededPhone,
  seededScenario,
  seedVaultRecord,
} from '../reliability/support/seeded-accounts';
import { FakeCipher } from '../support/keychain';
import { silentLogger } from '../support/logger';
import { answerOf, testSender, until } from '../support/web-core';

const COUNT = 300;

let dc: TestDc;
let dataDir: string;
let core: GramdeckCore;
const cipher = new FakeCipher();

beforeAll(async () => {
  dc = await startTestDc({ scenario: seededScenario(COUNT) });
  dataDir = mkdtempSync(join(tmpdir(), 'gramdeck-accounts-patch-'));
  const vault = await createBenchVault(join(dataDir, 'vault'), cipher);
  for (let i = 0; i < COUNT; i++) {
    await vault.writeAccount(
      `p${String(i).padStart(4, '0')}`,
      await seedVaultRecord(dc, seededPhone(i)),
    );
  }
  await vault.close();
}, 120_000);

afterAll(async () => {
  await core.stop();
  await dc.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test(`a restore of ${COUNT} accounts pushes O(N) rows in all, and the folded list is the real one`, async () => {
  core = await createGramdeckCore({
    dataDir,
    transport: 'web',
    app: { version: '0.0.0-test', platform: process.platform, isPackaged: false },
    storeFactory: confStoreFactory,
    cipher,
    gateway: createGramJsGateway({ logger: silentLogger }),
    sandboxProfile: dc.profile(),
    updater: null,
    logger: silentLogger,
    isTrustedSender: (sender) => sender.url === testSender.url,
    kdf: { N: 1024 },
  });
  const pushes: AccountsChanged[] = [];
  let folded: AccountsState | null = null;
  core.on('accounts:changed', (change) => {
    pushes.push(structuredClone(change));
    folded = applyAccountsChange(folded, structuredClone(change));
  });
  await core.start();
  const everyOnline = (s: AccountsState | null) =>
    s !== null &&
    s.restore === null &&
    s.accounts.length === COUNT &&
    s.accounts.every((a) => a.status.kind === 'online');
  await until(() => everyOnline(folded), 'every account online', 60_000);
  // Unread counts and avatars settle after the accounts came online: wait for a quiet second.
  let seen = -1;
  await until(
    () => {
      const isQuiet = seen === pushes.length;
      seen = pushes.length;
      return isQuiet;
    },
    'a quiet second',
    30_000,
    1_000,
  );

  const patches = pushes.filter(isAccountsPatch);
  const wholes = pushes.filter((p): p is AccountsState => !isAccountsPatch(p));
  const patchRows = patches.reduce((sum, p) => sum + p.updated.length + p.added.length, 0);
  console.log(
    `${pushes.length} pushes for ${COUNT} accounts: ${patches.length} patches of ${patchRows} rows in all; whole lists of ${wholes.map((w) => w.accounts.length).join(',')}`,
  );
  // Whole lists only while the list was short; from there on patches.
  expect(COUNT).toBeGreaterThan(wholeListMaxAccounts);
  expect(wholes.every((w) => w.accounts.length <= wholeListMaxAccounts)).toBe(true);
  expect(patches.length).toBeGreaterThan(0);
  // Each account appears (connecting), comes online, gets its unread count (and its avatar): a
  // few rows each in all, never the whole list per push.
  expect(patchRows).toBeLessThanOrEqual(COUNT * 4);
  // The list the pushes build is the core's own, row for row and in order.
  expect(folded).toEqual(await answerOf(core, 'accounts:list'));
}, 120_000);
