import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  deriveKey,
  randomKey,
  randomSalt,
  seal,
  toBase64,
} from '../../../electron/core/vault/crypto';
import {
  KEY_CHECK_TEXT,
  headerChecksum,
  wrapAad,
  type HeaderV2,
} from '../../../electron/core/vault/format';
import { FakeCipher } from '../../support/keychain';
import {
  TEST_KDF,
  failure,
  makeRecord,
  openVault,
  readJson,
  type HeaderOnDisk,
  tempVaults,
} from '../../support/vault';

const { folder: setup, track } = tempVaults();

const headerFile = (directory: string) => path.join(directory, 'vault.json');

async function readHeader(directory: string): Promise<HeaderV2> {
  const { checksum: _checksum, ...header } = await readJson<HeaderV2 & { checksum: string }>(
    headerFile(directory),
  );
  return header;
}

/** Writes a header (both copies) as an attacker would: a valid checksum, any content. */
async function forgeHeader(directory: string, header: object): Promise<void> {
  const text = `${JSON.stringify({ ...header, checksum: headerChecksum(header) }, null, 2)}\n`;
  await fs.writeFile(headerFile(directory), text);
  await fs.writeFile(`${headerFile(directory)}.bak`, text);
}

const keyCheckFor = (key: Buffer, vaultId: string) =>
  seal(key, Buffer.from(KEY_CHECK_TEXT), wrapAad('key-check', vaultId));

async function accountFiles(directory: string): Promise<string[]> {
  return (await fs.readdir(path.join(directory, 'accounts'))).sort();
}

describe('a forged header is refused', () => {
  it('a passcode wrap of another key, with a valid key check: wrong key, nothing moved', async () => {
    const directory = setup();
    const cipher = new FakeCipher('keychain');
    const vault = await track(openVault({ directory, cipher }));
    await vault.writeAccount('a1', makeRecord('a1'));
    await vault.writeAccount('a1', makeRecord('a1', 2));
    await vault.setPasscode('real passcode');
    await vault.close();
    const before = await accountFiles(directory);

    // The attacker's own key, wrapped by the attacker's passcode, with a matching key check.
    const header = await readHeader(directory);
    const key = randomKey();
    const salt = randomSalt();
    const kek = await deriveKey('attacker passcode', salt, TEST_KDF);
    await forgeHeader(directory, {
      ...header,
      keys: {
        ...header.keys,
        passcode: {
          kdf: { algorithm: 'scrypt', ...TEST_KDF, salt: toBase64(salt) },
          sealed: seal(kek, key, wrapAad('passcode', header.vaultId)),
        },
      },
      keyCheck: keyCheckFor(key, header.vaultId),
    });

    const forged = await track(openVault({ directory, cipher }));
    const refused = await failure(forged.unlock('attacker passcode'));
    expect(refused.code).toBe('STORAGE_CORRUPT');
    expect(refused.message).toMatch(/opens none of the saved sessions/);
    expect(refused.message).toMatch(/Nothing was moved or deleted/);
    expect(forged.status()).toMatchObject({ isLocked: true });
    expect(forged.status().attention).toEqual([
      { accountId: null, file: 'vault.json', problem: 'wrong-key', movedTo: 'vault.json' },
    ]);
    // Nothing is written under the forged key, and no record was treated as damaged.
    expect((await failure(forged.writeAccount('a2', makeRecord('a2')))).code).toBe(
      'STORAGE_CORRUPT',
    );
    await forged.close();
    expect(await accountFiles(directory)).toEqual(before);
  });

  it('a plain wrap where a strong keychain exists is refused and explained', async () => {
    const directory = setup();
    const cipher = new FakeCipher('keychain');
    const vault = await track(openVault({ directory, cipher }));
    await vault.writeAccount('a1', makeRecord('a1'));
    await vault.close();
    const before = await accountFiles(directory);

    const header = await readHeader(directory);
    const key = randomKey();
    await forgeHeader(directory, {
      ...header,
      keys: { os: null, passcode: null, recovery: null, plain: { key: toBase64(key) } },
      keyCheck: keyCheckFor(key, header.vaultId),
    });

    const forged = await track(openVault({ directory, cipher }));
    expect(forged.status()).toMatchObject({ isLocked: true });
    expect(forged.status().attention).toEqual([
      expect.objectContaining({ file: 'vault.json', problem: 'plain-key-refused' }),
    ]);
    const refused = await failure(forged.readAccount('a1'));
    expect(refused).toMatchObject({ code: 'STORAGE_CORRUPT' });
    expect(refused.message).toMatch(/system keychain/);
    await forged.close();
    expect(await accountFiles(directory)).toEqual(before);
  });

  it('without a keychain, weak storage with a plain wrap still opens', async () => {
    const directory = setup();
    const vault = await track(openVault({ directory, cipher: null }));
    await vault.acceptWeakStorage();
    await vault.writeAccount('a1', makeRecord('a1'));
    await vault.close();
    const again = await track(openVault({ directory, cipher: null }));
    expect(await again.readAccount('a1')).toEqual(makeRecord('a1'));
  });

  it('a header without a key check is trusted only when its key opens the records', async () => {
    const directory = setup();
    const vault = await track(openVault({ directory, cipher: null }));
    await vault.acceptWeakStorage();
    await vault.writeAccount('a1', makeRecord('a1'));
    await vault.close();
    const header = await readHeader(directory);

    // As older Gramdeck wrote it: no key check. The real key: accepted, and the check is added.
    await forgeHeader(directory, { ...header, keyCheck: null });
    const legacy = await track(openVault({ directory, cipher: null }));
    expect(await legacy.readAccount('a1')).toEqual(makeRecord('a1'));
    expect((await readJson<HeaderOnDisk>(headerFile(directory))).keyCheck).not.toBeNull();
    await legacy.close();

    // Another key without a key check: every record fails, which is a wrong key, not damage.
    const before = await accountFiles(directory);
    await forgeHeader(directory, {
      ...header,
      keys: { ...header.keys, plain: { key: toBase64(randomKey()) } },
      keyCheck: null,
    });
    const forged = await track(openVault({ directory, cipher: null }));
    expect(forged.status().isLocked).toBe(true);
    expect(forged.status().attention[0]).toMatchObject({ problem: 'wrong-key' });
    expect((await failure(forged.listAccountIds())).code).toBe('STORAGE_CORRUPT');
    await forged.close();
    expect(await accountFiles(directory)).toEqual(before);
  });

  it('a key check from another key refuses the unwrapped key', async () => {
    const directory = setup();
    const vault = await track(openVault({ directory, cipher: null }));
    await vault.acceptWeakStorage();
    await vault.close();
    const header = await readHeader(directory);
    await forgeHeader(directory, { ...header, keyCheck: keyCheckFor(randomKey(), header.vaultId) });
    const forged = await track(openVault({ directory, cipher: null }));
    expect(forged.status().isLocked).toBe(true);
  });
});
