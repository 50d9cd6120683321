/**
 * Server salts kept beside a stored session (issue 17), against the local MTProto DC with real
 * GramJS: a session opened without salts meets `bad_server_salt` (its first message, and the
 * keep-alive's first ping if it went out before the refusal came back); the salts it then tops up
 * are Telegram's own; opened with them, nothing is refused; a salt the server withdrew costs what
 * no salt cost, and nothing else. And through the real core and vault: the salts a launch tops up
 * are saved, and the next launch's restore meets no refusal.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { writeRestoreVault } from '../bench/restore-bench';
import { createBenchCore, createBenchVault } from '../bench/support/bench-core';
import { watchAllOnline } from '../bench/support/online-watch';
import { restoreKeychainName } from '../bench/support/restore-protocol';
import { seedVaultRecord } from '../reliability/support/seeded-accounts';
import { fixedKeychain } from '../support/keychain';
import type { ServerSalt, TelegramConnection } from '../../electron/core/ports';
import { SALTS_TOP_UP_BELOW_S } from '../../electron/telegram/server-salts';
import { startTestDc, type TestDc } from '../../tools/telegram-dc';
import { openOnDc } from '../support/seeded-client';

const cleo = '+9996620531';

let dc: TestDc;
let saltRefusals = 0;

beforeAll(async () => {
  dc = await startTestDc({
    scenario: {
      name: 'server-salts',
      accounts: [{ phone: cleo, dcId: 2, firstName: 'Cleo', photoColor: '#e91e63' }],
    },
    log: (line) => {
      if (line.includes('bad_server_salt')) saltRefusals++;
    },
  });
}, 30_000);

afterAll(async () => {
  await dc.stop();
});

const open = (session: string, serverSalts?: ServerSalt[]): Promise<TelegramConnection> =>
  openOnDc(dc, { session, logLabel: 'cleo', ...(serverSalts ? { serverSalts } : {}) });

/** Opens the session, answers getMe, and says how many salt refusals that took. */
async function refusalsToOpen(session: string, serverSalts?: ServerSalt[]) {
  const before = saltRefusals;
  const connection = await open(session, serverSalts);
  const me = await connection.getMe();
  return { connection, me, refusals: saltRefusals - before };
}

test('salts topped up once are used by the next open, which then meets no bad_server_salt', async () => {
  const { session } = await dc.control.seedAuthorizedSession(cleo);

  const first = await refusalsToOpen(session);
  let salts: ServerSalt[] | null;
  try {
    expect(first.me.firstName).toBe('Cleo');
    // GramJS keeps no salt: without one kept, the first message is refused and sent again.
    expect(first.refusals).toBeGreaterThan(0);
    salts = await first.connection.topUpServerSalts();
    // Enough kept: no second question.
    expect(await first.connection.topUpServerSalts()).toBeNull();
  } finally {
    await first.connection.destroy();
  }

  // Telegram's most, in local time: the first valid now, the last more than a day ahead.
  expect(salts).toHaveLength(64);
  const nowS = Date.now() / 1000;
  const kept = salts ?? [];
  expect(kept[0]?.validSince).toBeLessThanOrEqual(nowS);
  expect(kept[0]?.validUntil).toBeGreaterThan(nowS);
  expect(Math.max(...kept.map((s) => s.validUntil)) - nowS).toBeGreaterThan(SALTS_TOP_UP_BELOW_S);
  expect(new Set(kept.map((s) => s.salt)).size).toBe(64);

  const second = await refusalsToOpen(session, kept);
  try {
    expect(second.me.firstName).toBe('Cleo');
    expect(second.refusals).toBe(0);
    // The avatar comes through a second sender on the same key: it starts with the main salt.
    const before = saltRefusals;
    expect(await second.connection.downloadAvatar()).toMatch(/^data:image\//);
    expect(saltRefusals - before).toBe(0);
    // Opened with a day or more of salts: nothing to ask.
    expect(await second.connection.topUpServerSalts()).toBeNull();
  } finally {
    await second.connection.destroy();
  }
});

test('a kept salt the server no longer takes is refused, and the session still works', async () => {
  const { session } = await dc.control.seedAuthorizedSession(cleo);
  const first = await open(session);
  const salts = await first.topUpServerSalts();
  await first.destroy();
  expect(salts).not.toBeNull();

  dc.control.rotateSalts();
  const again = await refusalsToOpen(session, salts ?? []);
  try {
    expect(again.me.firstName).toBe('Cleo');
    expect(again.refusals).toBeGreaterThan(0);
  } finally {
    await again.connection.destroy();
  }
});

test('salts that run out within a day are topped up; salts of the past count for nothing', async () => {
  const { session } = await dc.control.seedAuthorizedSession(cleo);
  const nowS = Math.floor(Date.now() / 1000);
  const stale: ServerSalt[] = [
    { salt: '12345', validSince: nowS - 7_200, validUntil: nowS - 3_600 },
    { salt: '-67890', validSince: nowS - 3_600, validUntil: nowS + 3_600 },
  ];
  const opened = await refusalsToOpen(session, stale);
  try {
    // The second is "valid now" here but not at the DC: refused, as without salts.
    expect(opened.refusals).toBeGreaterThan(0);
    const topped = await opened.connection.topUpServerSalts();
    expect(topped).toHaveLength(64);
    expect(topped?.map((s) => s.salt)).not.toContain('-67890');
  } finally {
    await opened.connection.destroy();
  }
});

test('the real core keeps the salts it tops up: the next launch restores with no refusal', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gramdeck-salts-'));
  const cipher = fixedKeychain(restoreKeychainName);
  try {
    // A session saved before salts were kept.
    await writeRestoreVault(dataDir, [await seedVaultRecord(dc, cleo)]);
    const vault = await createBenchVault(join(dataDir, 'vault'), cipher);
    expect((await vault.readAccount('b00000')).serverSalts).toBeUndefined();
    await vault.close();
    const accountFile = join(dataDir, 'vault', 'accounts', 'b00000.json');
    const written = statSync(accountFile).mtimeMs;
    const futureSaltCalls = dc.control.callCount('get_future_salts');

    const launch = async () => {
      const before = saltRefusals;
      const core = await createBenchCore({ dataDir, cipher, profile: dc.profile() });
      const online = watchAllOnline(core, 1);
      void core.start();
      await online;
      const refusals = saltRefusals - before;
      return { core, refusals };
    };
    const first = await launch();
    // The top-up follows coming online, then its save: the DC counts the question.
    await expect
      .poll(() => dc.control.callCount('get_future_salts'), { timeout: 10_000 })
      .toBe(futureSaltCalls + 1);
    // And its save, which rewrites the account's file.
    await expect.poll(() => statSync(accountFile).mtimeMs, { timeout: 10_000 }).not.toBe(written);
    await first.core.stop();
    const reopened = await createBenchVault(join(dataDir, 'vault'), cipher);
    const saved = (await reopened.readAccount('b00000')).serverSalts;
    await reopened.close();
    expect(first.refusals).toBeGreaterThan(0);
    expect(saved).toHaveLength(64);

    const second = await launch();
    await second.core.stop();
    expect(second.refusals).toBe(0);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);
