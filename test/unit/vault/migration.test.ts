import { cpSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  headerChecksum,
  headerV1Schema,
  migrateHeaderV1ToV2,
  parseHeader,
  serializeHeader,
  type HeaderV2,
} from '../../../electron/core/vault/format';
import { FIXTURE_V1 } from '../../fixtures/vault/v1-fixture-data';
import { FakeCipher } from '../../support/keychain';
import { TestClock } from '../../support/timers';
import { failure, openVault, readJson, tempDir, type HeaderOnDisk } from '../../support/vault';

const fixtureDir = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/vault/v1',
);
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('format version 1 → 2', () => {
  it('migrates the header with a pure function', async () => {
    const v1 = headerV1Schema.parse(
      await readJson<HeaderOnDisk>(path.join(fixtureDir, 'vault.json')),
    );
    const v2 = migrateHeaderV1ToV2(v1);
    expect(v2).toMatchObject({
      format: 'gramdeck-vault',
      version: 2,
      vaultId: v1.vaultId,
      backend: 'keychain',
      weakStorageAccepted: false,
      keyCheck: null,
      pendingRecordsFrom: 1,
      keys: { os: null, plain: null },
    });
    expect(v2.keys.passcode?.kdf).toMatchObject({ algorithm: 'scrypt', N: 512, r: 8, p: 1 });
    // Pure: same input, same output. Older Gramdeck wrote it as a v2 file without a key check:
    // that file is still read (the first unlock adds the check), but never written any more.
    expect(migrateHeaderV1ToV2(v1)).toEqual(v2);
    const legacyText = JSON.stringify({ ...v2, checksum: headerChecksum(v2) });
    expect(parseHeader(legacyText)).toEqual({ kind: 'ok', header: v2, migratedFrom: null });
  });

  it('makes keyCheck mandatory in v2 headers written now', () => {
    const body = {
      format: 'gramdeck-vault',
      version: 2,
      vaultId: 'a'.repeat(32),
      createdAt: 1,
      backend: 'keychain',
      weakStorageAccepted: false,
      keys: { os: null, passcode: null, recovery: null, plain: null },
      recoveryCode: null,
      pendingRecordsFrom: null,
    };
    // A header without the field at all is not a header Gramdeck ever wrote.
    expect(parseHeader(JSON.stringify({ ...body, checksum: headerChecksum(body) }))).toEqual({
      kind: 'invalid',
      reason: 'schema',
    });
    const keyCheck = { nonce: 'AAAA', ciphertext: 'AAAA' };
    const written = serializeHeader({ ...(body as Omit<HeaderV2, 'keyCheck'>), keyCheck });
    expect(parseHeader(written)).toMatchObject({ kind: 'ok', header: { keyCheck } });
  });

  it('opens the committed v1 fixture, moves records to one file each, upgrades scrypt', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    cpSync(fixtureDir, dir, { recursive: true });
    const clock = new TestClock();
    const vault = await openVault({ directory: dir, cipher: new FakeCipher(), clock });
    cleanups.push(() => vault.close());

    expect(vault.status()).toMatchObject({ isLocked: true, hasPasscode: true });
    // The v2 header is written at the first unlock, with its key check; the v1 original is kept.
    expect((await readJson<HeaderOnDisk>(path.join(dir, 'vault.json'))).version).toBe(1);
    expect((await readJson<HeaderOnDisk>(path.join(dir, 'vault.v1.json'))).version).toBe(1);

    // A v1 vault has no authenticated attempt counter: it starts from the penalty, so even the
    // first wrong passcode is delayed.
    const wrong = await failure(vault.unlock('wrong'));
    expect(wrong).toMatchObject({ code: 'INCORRECT_CODE', retryAfter: 5 });
    clock.advance(5_000);
    await vault.unlock(FIXTURE_V1.passcode);
    expect(vault.status().attention).toEqual([]);
    expect(await vault.listAccountIds()).toEqual(['alice', 'bob']);
    expect(await vault.readAccount('alice')).toEqual(FIXTURE_V1.accounts.alice);
    expect(await vault.readAccount('bob')).toEqual(FIXTURE_V1.accounts.bob);
    expect(await vault.readApiCredentials('production')).toEqual(FIXTURE_V1.credentials.production);
    expect(await vault.getRecoveryCode(FIXTURE_V1.passcode)).toEqual({
      recoveryCode: FIXTURE_V1.recoveryCode,
    });

    const header = await readJson<HeaderOnDisk>(path.join(dir, 'vault.json'));
    expect(header.version).toBe(2);
    expect(header.pendingRecordsFrom).toBeNull();
    expect(header.keyCheck).not.toBeNull();
    expect(header.keys.passcode?.kdf.N).toBe(1024);
    const names = await fs.readdir(dir);
    expect(names).not.toContain('accounts.json');
    expect(names.some((name) => name.startsWith('accounts.json.migrated-v1-'))).toBe(true);

    // The recovery code from v1 still resets the passcode after migration.
    await vault.lock();
    await vault.resetWithRecoveryCode(FIXTURE_V1.recoveryCode, 'a new passcode');
    expect(await vault.readAccount('alice')).toEqual(FIXTURE_V1.accounts.alice);
    // The reset changed the data key: the kept v1 records (all migrated, under the old key) go.
    expect((await fs.readdir(dir)).some((name) => name.includes('.migrated-v1-'))).toBe(false);
  });

  it('rejects unknown and damaged headers', () => {
    expect(parseHeader('nope')).toMatchObject({ kind: 'invalid' });
    expect(parseHeader('{"version":2}')).toMatchObject({ kind: 'invalid' });
    expect(parseHeader('{"version":0}')).toMatchObject({ kind: 'invalid' });
    const newer = { format: 'gramdeck-vault', version: 7 };
    expect(parseHeader(JSON.stringify(newer))).toMatchObject({ kind: 'invalid' });
    expect(parseHeader(JSON.stringify({ ...newer, checksum: headerChecksum(newer) }))).toEqual({
      kind: 'newer',
      version: 7,
    });
  });
});
