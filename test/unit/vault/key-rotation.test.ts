import { cpSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ROTATION_COMMITTED_DIR,
  ROTATION_STAGING_DIR,
  recoverRotation,
  stageRotation,
} from '../../../electron/core/vault/key-rotation';
import type { Vault } from '../../../electron/core/vault/vault';
import { FakeCipher } from '../../support/keychain';
import { TestClock } from '../../support/timers';
import {
  failure,
  makeRecord,
  openVault,
  readJson,
  type TestVaultOptions,
  tempVaults,
} from '../../support/vault';

const { folder: setup, track } = tempVaults();

interface Sealed {
  sealed: { ciphertext: string };
}

const sealedOf = async (file: string) => (await readJson<Sealed>(file)).sealed.ciphertext;

/**
 * Builds a directory from an old header copy (and its keychain or passcode) plus the records
 * written after a protection change, then opens it as an attacker holding that copy would.
 */
async function openWithOldHeader(
  oldHeaderText: string,
  current: string,
  options: Omit<TestVaultOptions, 'directory'>,
): Promise<Vault & { directory: string }> {
  const directory = setup();
  cpSync(path.join(current, 'accounts'), path.join(directory, 'accounts'), { recursive: true });
  await fs.writeFile(path.join(directory, 'vault.json'), oldHeaderText);
  const vault = await track(openVault({ directory, ...options }));
  return Object.assign(vault, { directory });
}

describe('a new data key whenever the protection changes', () => {
  it('changing the passcode re-seals every record; old header copies open nothing written later', async () => {
    const directory = setup();
    const clock = new TestClock();
    const cipher = new FakeCipher('keychain');
    const vault = await track(openVault({ directory, cipher, clock }));
    await vault.writeAccount('a1', makeRecord('a1', 1));
    await vault.writeAccount('a1', makeRecord('a1', 2));
    await vault.writeApiCredentials('production', { apiId: 7, apiHash: 'f'.repeat(32) });
    const { recoveryCode } = await vault.setPasscode('first passcode');
    const oldHeader = await fs.readFile(path.join(directory, 'vault.json'), 'utf8');
    const oldRecord = await sealedOf(path.join(directory, 'accounts', 'a1.json'));

    await vault.changePasscode('first passcode', 'second passcode');
    // Every record was re-sealed, and no backup sealed under the old key is left behind.
    expect(await sealedOf(path.join(directory, 'accounts', 'a1.json'))).not.toBe(oldRecord);
    const names = await fs.readdir(path.join(directory, 'accounts'));
    expect(names).toEqual(['a1.json']);
    expect(await fs.readdir(directory)).not.toContain(ROTATION_COMMITTED_DIR);
    // The header backup holds the new header, not the old wraps.
    expect(await fs.readFile(path.join(directory, 'vault.json.bak'), 'utf8')).toBe(
      await fs.readFile(path.join(directory, 'vault.json'), 'utf8'),
    );
    await vault.writeAccount('a1', makeRecord('a1', 3));
    expect(await vault.readAccount('a1')).toEqual(makeRecord('a1', 3));
    expect(await vault.readApiCredentials('production')).toEqual({
      apiId: 7,
      apiHash: 'f'.repeat(32),
    });
    // The recovery code stays the same and opens the new key.
    expect(await vault.getRecoveryCode('second passcode')).toEqual({ recoveryCode });
    await vault.lock();
    await vault.resetWithRecoveryCode(recoveryCode, 'third passcode');
    expect(await vault.readAccount('a1')).toEqual(makeRecord('a1', 3));

    // The old header and the old passcode (or recovery code) no longer open the records.
    const attacker = await openWithOldHeader(oldHeader, directory, { cipher, clock });
    const refused = await failure(attacker.unlock('first passcode'));
    expect(refused.code).toBe('STORAGE_CORRUPT');
    expect(attacker.status().attention).toEqual([
      expect.objectContaining({ problem: 'wrong-key', file: 'vault.json' }),
    ]);
    expect((await failure(attacker.readAccount('a1'))).code).toBe('STORAGE_CORRUPT');
  });

  it('setting a passcode on a keychain vault leaves the keychain copy of the header useless', async () => {
    const directory = setup();
    const cipher = new FakeCipher('keychain');
    const vault = await track(openVault({ directory, cipher }));
    await vault.writeAccount('a1', makeRecord('a1'));
    const keychainHeader = await fs.readFile(path.join(directory, 'vault.json'), 'utf8');
    await vault.setPasscode('a passcode');
    await vault.writeAccount('a1', makeRecord('a1', 2));

    // With the old header, the keychain unwraps the old key: it opens none of the new records.
    const attacker = await openWithOldHeader(keychainHeader, directory, { cipher });
    expect(attacker.status()).toMatchObject({ isLocked: true });
    expect(attacker.status().attention[0]).toMatchObject({ problem: 'wrong-key' });
    expect((await failure(attacker.listAccountIds())).code).toBe('STORAGE_CORRUPT');
    // A wrong key is not damage: no record was moved aside.
    const kept = await fs.readdir(path.join(attacker.directory, 'accounts'));
    expect(kept.sort()).toEqual(['a1.json', 'a1.json.bak']);
  });

  it.each([
    ['removing the passcode', 'remove'],
    ['regenerating the recovery code', 'regenerate'],
    ['resetting with the recovery code', 'reset'],
  ] as const)('%s changes the data key', async (_name, change) => {
    const directory = setup();
    const cipher = new FakeCipher('keychain');
    const vault = await track(openVault({ directory, cipher }));
    await vault.writeAccount('a1', makeRecord('a1'));
    const { recoveryCode } = await vault.setPasscode('a passcode');
    const before = await fs.readFile(path.join(directory, 'vault.json'), 'utf8');
    const record = await sealedOf(path.join(directory, 'accounts', 'a1.json'));
    if (change === 'remove') await vault.removePasscode('a passcode');
    else if (change === 'regenerate') await vault.regenerateRecoveryCode('a passcode');
    else await vault.resetWithRecoveryCode(recoveryCode, 'another passcode');
    expect(await sealedOf(path.join(directory, 'accounts', 'a1.json'))).not.toBe(record);
    expect(await vault.readAccount('a1')).toEqual(makeRecord('a1'));
    await vault.writeAccount('a1', makeRecord('a1', 2));

    const attacker = await openWithOldHeader(before, directory, { cipher });
    expect((await failure(attacker.unlock('a passcode'))).code).toBe('STORAGE_CORRUPT');
    expect((await failure(attacker.resetWithRecoveryCode(recoveryCode, 'x1234'))).code).toBe(
      'STORAGE_CORRUPT',
    );
  });

  it('moving from weak storage to a strong keychain changes the data key', async () => {
    const directory = setup();
    const cipher = new FakeCipher('basic_text');
    const vault = await track(openVault({ directory, cipher }));
    await vault.acceptWeakStorage();
    await vault.writeAccount('a1', makeRecord('a1'));
    await vault.close();
    const weakHeader = await fs.readFile(path.join(directory, 'vault.json'), 'utf8');
    const record = await sealedOf(path.join(directory, 'accounts', 'a1.json'));

    cipher.backend = 'keychain';
    const strong = await track(openVault({ directory, cipher }));
    expect(strong.status()).toMatchObject({ isWeak: false, isLocked: false });
    expect(await sealedOf(path.join(directory, 'accounts', 'a1.json'))).not.toBe(record);
    expect(await strong.readAccount('a1')).toEqual(makeRecord('a1'));
    await strong.writeAccount('a1', makeRecord('a1', 2));

    // The weak header copy (its basic_text wrap) opens nothing written since.
    cipher.backend = 'basic_text';
    const attacker = await openWithOldHeader(weakHeader, directory, { cipher });
    expect(attacker.status().attention[0]).toMatchObject({ problem: 'wrong-key' });
  });

  it('a kill after the commit is finished at the next start (roll forward)', async () => {
    const directory = setup();
    const cipher = new FakeCipher('keychain');
    const vault = await track(openVault({ directory, cipher }));
    await vault.writeAccount('a1', makeRecord('a1'));
    await vault.writeAccount('b2', makeRecord('b2'));
    await vault.setPasscode('old passcode');
    await vault.close();
    const before = setup();
    cpSync(directory, before, { recursive: true });

    // The state right after the commit rename: the old files, and the staged new ones.
    const after = await track(openVault({ directory, cipher }));
    await after.unlock('old passcode');
    await after.changePasscode('old passcode', 'new passcode');
    await after.close();
    const committed = path.join(before, ROTATION_COMMITTED_DIR);
    await fs.mkdir(path.join(committed, 'accounts'), { recursive: true });
    await fs.copyFile(path.join(directory, 'vault.json'), path.join(committed, 'vault.json'));
    // …and a kill in the middle of moving them: one record already moved.
    await fs.copyFile(
      path.join(directory, 'accounts', 'a1.json'),
      path.join(before, 'accounts', 'a1.json'),
    );
    await fs.copyFile(
      path.join(directory, 'accounts', 'b2.json'),
      path.join(committed, 'accounts', 'b2.json'),
    );

    const restarted = await track(openVault({ directory: before, cipher }));
    expect(await fs.readdir(before)).not.toContain(ROTATION_COMMITTED_DIR);
    expect((await failure(restarted.unlock('old passcode'))).code).toBe('INCORRECT_CODE');
    await restarted.unlock('new passcode');
    expect(restarted.status().attention).toEqual([]);
    expect(await restarted.readAccount('a1')).toEqual(makeRecord('a1'));
    expect(await restarted.readAccount('b2')).toEqual(makeRecord('b2'));
  });

  it('a kill before the commit is undone at the next start (roll back)', async () => {
    const directory = setup();
    const cipher = new FakeCipher('keychain');
    const vault = await track(openVault({ directory, cipher }));
    await vault.writeAccount('a1', makeRecord('a1'));
    await vault.setPasscode('old passcode');
    await vault.close();
    const staging = path.join(directory, ROTATION_STAGING_DIR);
    await fs.mkdir(path.join(staging, 'accounts'), { recursive: true });
    await fs.writeFile(path.join(staging, 'accounts', 'a1.json'), 'half written');

    const restarted = await track(openVault({ directory, cipher }));
    expect(await fs.readdir(directory)).not.toContain(ROTATION_STAGING_DIR);
    await restarted.unlock('old passcode');
    expect(restarted.status().attention).toEqual([]);
    expect(await restarted.readAccount('a1')).toEqual(makeRecord('a1'));
  });
});

describe('the rotation journal', () => {
  it('stages, commits with one rename, and applies idempotently', async () => {
    const directory = setup();
    await fs.mkdir(path.join(directory, 'accounts'));
    await fs.writeFile(path.join(directory, 'accounts', 'a.json'), 'old a');
    await fs.writeFile(path.join(directory, 'accounts', 'a.json.bak'), 'older a');
    await fs.writeFile(path.join(directory, 'vault.json'), 'old header');
    await fs.writeFile(path.join(directory, 'vault.json.bak'), 'older header');

    await stageRotation(
      directory,
      [{ relative: path.join('accounts', 'a.json'), text: 'new a' }],
      'new header',
    );
    // Committed but not applied: nothing outside the journal changed yet.
    expect(await fs.readFile(path.join(directory, 'accounts', 'a.json'), 'utf8')).toBe('old a');
    expect(await recoverRotation(directory)).toBe('rolled-forward');
    expect(await recoverRotation(directory)).toBe('none');
    expect(await fs.readFile(path.join(directory, 'accounts', 'a.json'), 'utf8')).toBe('new a');
    expect(await fs.readdir(path.join(directory, 'accounts'))).toEqual(['a.json']);
    expect(await fs.readFile(path.join(directory, 'vault.json'), 'utf8')).toBe('new header');
    expect(await fs.readFile(path.join(directory, 'vault.json.bak'), 'utf8')).toBe('new header');
    expect((await fs.readdir(directory)).sort()).toEqual([
      'accounts',
      'vault.json',
      'vault.json.bak',
    ]);
  });
});
