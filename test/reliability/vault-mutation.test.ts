/**
 * Random damage to stored files: truncation, bit flips, zero-filled ranges and files swapped
 * between accounts, 10,000 mutations in all (GRAMDECK_MUTATIONS to change). After each round the
 * vault is opened and every record read. Pass: no damaged file is ever accepted silently (a read
 * returns the last good value, or the backup's value with an `attention` entry, or fails with a
 * typed error and an `attention` entry), no unexpected exception, and the backup is used
 * whenever it is intact.
 */
import { existsSync, mkdtempSync, promises as fs, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AccountRecord, ApiCredentials } from '../../electron/core/ports';
import { isAppFailure } from '../../electron/shared/errors';
import { openReliabilityVault, recordAt } from './vault/shared';

const MUTATIONS = Number(process.env.GRAMDECK_MUTATIONS ?? 10_000);
const ACCOUNT_IDS = ['m0', 'm1', 'm2'];
const PROFILE = 'production';
const CREDENTIALS_V1: ApiCredentials = { apiId: 1, apiHash: '1'.repeat(32) };
const CREDENTIALS_V2: ApiCredentials = { apiId: 2, apiHash: '2'.repeat(32) };

type Kind = 'truncate' | 'bit-flip' | 'zero-fill' | 'swap';

function randomInt(max: number): number {
  return Math.floor(Math.random() * max);
}

function mutate(bytes: Buffer, kind: Exclude<Kind, 'swap'>): Buffer {
  const copy = Buffer.from(bytes);
  if (copy.length === 0) return copy;
  switch (kind) {
    case 'truncate':
      return copy.subarray(0, randomInt(copy.length));
    case 'bit-flip': {
      const index = randomInt(copy.length);
      copy[index] = (copy[index] ?? 0) ^ (1 << randomInt(8));
      return copy;
    }
    case 'zero-fill': {
      const start = randomInt(copy.length);
      const end = Math.min(copy.length, start + 1 + randomInt(64));
      copy.fill(0, start, end);
      return copy;
    }
  }
}

/** Whether two file contents mean the same thing (whitespace aside). */
function sameJson(a: Buffer, b: Buffer): boolean {
  try {
    return (
      JSON.stringify(JSON.parse(a.toString('utf8'))) ===
      JSON.stringify(JSON.parse(b.toString('utf8')))
    );
  } catch {
    return false;
  }
}

describe('vault under random file damage', () => {
  it(`detects ${MUTATIONS} random mutations`, { timeout: 30 * 60_000 }, async () => {
    // tmpfs when there is one: this test is about detection, not about fsync latency.
    const base = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
    const root = mkdtempSync(path.join(base, 'gramdeck-mutation-'));
    const directory = path.join(root, 'vault');
    const open = () => openReliabilityVault(directory);
    try {
      const setup = await open();
      for (const id of ACCOUNT_IDS) {
        await setup.writeAccount(id, recordAt(id, 1));
        await setup.writeAccount(id, recordAt(id, 2));
      }
      await setup.writeApiCredentials(PROFILE, CREDENTIALS_V1);
      await setup.writeApiCredentials(PROFILE, CREDENTIALS_V2);
      await setup.close();

      const credentialsName = `${Buffer.from(PROFILE).toString('base64url')}.json`;
      const targets = [
        'vault.json',
        'vault.json.bak',
        ...ACCOUNT_IDS.flatMap((id) => [`accounts/${id}.json`, `accounts/${id}.json.bak`]),
        `credentials/${credentialsName}`,
        `credentials/${credentialsName}.bak`,
      ];
      const pristine = new Map<string, Buffer>();
      for (const name of targets) pristine.set(name, await fs.readFile(path.join(directory, name)));

      const stats = {
        rounds: 0,
        mutations: 0,
        byKind: { truncate: 0, 'bit-flip': 0, 'zero-fill': 0, swap: 0 } as Record<Kind, number>,
        damagedRecords: 0,
        detected: 0,
        silentAccepts: 0,
        crashes: 0,
        backupUsed: 0,
        backupValidButUnused: 0,
        headerRestoredFromBackup: 0,
        headerLost: 0,
      };

      while (stats.mutations < MUTATIONS) {
        stats.rounds += 1;
        await fs.rm(directory, { recursive: true, force: true });
        await fs.mkdir(path.join(directory, 'accounts'), { recursive: true });
        await fs.mkdir(path.join(directory, 'credentials'), { recursive: true });
        const files = new Map(pristine);
        const count = 1 + randomInt(3);
        for (let index = 0; index < count && stats.mutations < MUTATIONS; index += 1) {
          const kinds: Kind[] = ['truncate', 'bit-flip', 'zero-fill', 'swap'];
          const kind = kinds[randomInt(kinds.length)] ?? 'bit-flip';
          if (kind === 'swap') {
            const a = ACCOUNT_IDS[randomInt(ACCOUNT_IDS.length)] ?? 'm0';
            const others = ACCOUNT_IDS.filter((id) => id !== a);
            const b = others[randomInt(others.length)] ?? 'm1';
            const fileA = `accounts/${a}.json${Math.random() < 0.5 ? '' : '.bak'}`;
            const fileB = `accounts/${b}.json${Math.random() < 0.5 ? '' : '.bak'}`;
            const bytesA = files.get(fileA);
            const bytesB = files.get(fileB);
            if (!bytesA || !bytesB) continue;
            // Swaps take untouched files only: two swaps in a row could put an account's own
            // older, authentic record in place (a rollback), which is not damage (see report).
            if (bytesA !== pristine.get(fileA) || bytesB !== pristine.get(fileB)) continue;
            files.set(fileA, bytesB);
            files.set(fileB, bytesA);
          } else {
            const name = targets[randomInt(targets.length)] ?? 'vault.json';
            const bytes = files.get(name);
            if (!bytes) continue;
            files.set(name, mutate(bytes, kind));
          }
          stats.mutations += 1;
          stats.byKind[kind] += 1;
        }
        for (const [name, bytes] of files) await fs.writeFile(path.join(directory, name), bytes);

        const intact = (name: string) => sameJson(files.get(name)!, pristine.get(name)!);
        const headerOk = intact('vault.json') || intact('vault.json.bak');

        let vault;
        try {
          vault = await open();
        } catch (error) {
          stats.crashes += 1;
          console.log('open crashed', error);
          continue;
        }
        try {
          const { attention } = vault.status();
          const flagged = (file: string) => attention.some((item) => item.file === file);
          if (!intact('vault.json')) {
            if (intact('vault.json.bak') && flagged('vault.json'))
              stats.headerRestoredFromBackup += 1;
            else if (!headerOk && flagged('vault.json')) stats.headerLost += 1;
            else if (!flagged('vault.json')) {
              // A header change that still parses and checks out is impossible (checksum).
              stats.silentAccepts += 1;
            }
          }

          const check = async <T>(
            file: string,
            read: () => Promise<T | null>,
            newest: T,
            previous: T,
          ) => {
            const mainOk = headerOk && intact(file);
            const bakOk = headerOk && intact(`${file}.bak`);
            if (!mainOk) stats.damagedRecords += 1;
            let value: T | null = null;
            try {
              value = await read();
            } catch (error) {
              if (!isAppFailure(error)) {
                stats.crashes += 1;
                console.log('read crashed', error);
                return;
              }
            }
            if (mainOk) {
              if (JSON.stringify(value) !== JSON.stringify(newest)) stats.silentAccepts += 1;
              return;
            }
            if (value === null) {
              // Refused: it must be reported (or the whole header was lost and reported).
              if (flagged(file) || !headerOk) stats.detected += 1;
              else {
                stats.silentAccepts += 1;
                console.log('unflagged refusal', file, { mainOk, bakOk, attention });
              }
              if (bakOk) stats.backupValidButUnused += 1;
              return;
            }
            if (JSON.stringify(value) === JSON.stringify(previous) && bakOk && flagged(file)) {
              stats.detected += 1;
              stats.backupUsed += 1;
              return;
            }
            stats.silentAccepts += 1;
            console.log('silent accept', file, { mainOk, bakOk, attention });
          };

          for (const id of ACCOUNT_IDS) {
            await check<AccountRecord>(
              `accounts/${id}.json`,
              () =>
                vault.readAccount(id).catch((error: unknown) => {
                  if (
                    isAppFailure(error) &&
                    (error.code === 'STORAGE_CORRUPT' || error.code === 'NOT_FOUND')
                  )
                    return null;
                  throw error;
                }),
              recordAt(id, 2),
              recordAt(id, 1),
            );
          }
          await check<ApiCredentials>(
            `credentials/${credentialsName}`,
            () => vault.readApiCredentials(PROFILE),
            CREDENTIALS_V2,
            CREDENTIALS_V1,
          );
        } finally {
          await vault.close();
        }
      }

      console.log(`[vault-mutation] ${JSON.stringify(stats)}`);
      expect(stats.mutations).toBe(MUTATIONS);
      expect(stats.silentAccepts).toBe(0);
      expect(stats.crashes).toBe(0);
      expect(stats.backupValidButUnused).toBe(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
