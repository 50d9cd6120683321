/**
 * Figure 1 of the bench (issue 17) measures Gramdeck against a DC split over shard processes:
 * each seeded account lives on its shard's DC with an id no other shard uses, the real core
 * restores every account through the merged server profile (records with the server salts a
 * recent run kept), and the whole figure (a fresh process for Gramdeck and one for bare GramJS)
 * reports each of its figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { benchRestore, writeRestoreVault } from '../bench/restore-bench';
import { createBenchCore } from '../bench/support/bench-core';
import { startDcShards, type DcShards } from '../bench/support/dc-shards';
import { watchAllOnline } from '../bench/support/online-watch';
import { restoreKeychainName } from '../bench/support/restore-protocol';
import { fixedKeychain } from '../support/keychain';
import { seededPhone } from '../reliability/support/seeded-accounts';

let shards: DcShards;
const dirs: string[] = [];

beforeAll(async () => {
  shards = await startDcShards(6, 2, true);
}, 60_000);

afterAll(() => {
  shards.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

test('each shard serves its own DC, and the accounts spread over them with ids of their own', () => {
  const { profile, records } = shards;
  expect(profile.dcs.map((d) => d.id)).toEqual([1, 2]);
  expect(new Set(profile.dcs.map((d) => d.port)).size).toBe(2);
  expect(profile.rsaKeys).toHaveLength(2);
  expect(records.map((r) => r.phone)).toEqual(
    Array.from({ length: 6 }, (_, i) => seededPhone(i).slice(1)),
  );
  expect(records.map((r) => r.homeDcId)).toEqual([1, 2, 1, 2, 1, 2]);
  expect(new Set(records.map((r) => r.userId)).size).toBe(6);
  for (const r of records) expect(r.serverProfile).toEqual(profile);
  // As a run within the last day kept them: 64 salts, the first valid now.
  const nowS = Date.now() / 1000;
  for (const r of records) {
    expect(r.serverSalts).toHaveLength(64);
    expect(r.serverSalts?.[0]?.validSince).toBeLessThanOrEqual(nowS);
    expect(r.serverSalts?.[0]?.validUntil).toBeGreaterThan(nowS);
  }
});

test('the real core restores every account of both shards online, and the shards did the work', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gramdeck-shards-'));
  dirs.push(dataDir);
  await writeRestoreVault(dataDir, shards.records);
  const core = await createBenchCore({
    dataDir,
    cipher: fixedKeychain(restoreKeychainName),
    profile: shards.profile,
    restoreConcurrency: 2,
  });
  const allOnline = watchAllOnline(core, 6);
  const dcBefore = await shards.cpuMs();
  try {
    const t0 = performance.now();
    void core.start();
    expect(await allOnline).toBeGreaterThan(t0);
    const accounts = core.accounts()?.accounts ?? [];
    expect(accounts.map((a) => a.status.kind)).toEqual(Array(6).fill('online'));
    expect(await shards.cpuMs()).toBeGreaterThan(dcBefore);
  } finally {
    await core.stop();
  }
}, 60_000);

test('the figure restores in a fresh process for Gramdeck and for bare GramJS and reports both', async () => {
  const [row] = await benchRestore({
    sizes: [4],
    runs: 1,
    shards: 2,
    storedSalts: true,
    concurrency: 2,
  });
  expect(row?.accounts).toBe(4);
  for (const m of [row?.gramdeck, row?.bare]) {
    expect(m?.wallMs).toBeGreaterThan(0);
    expect(m?.cpuMsPerAccount).toBeGreaterThan(0);
    expect(m?.dcCpuMsPerAccount).toBeGreaterThan(0);
    expect(Number.isFinite(m?.rssKbPerAccount)).toBe(true);
  }
}, 120_000);
