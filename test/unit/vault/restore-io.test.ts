/**
 * The vault's part in a restore of many accounts (issue 17): the unlock's scan opens every record
 * once and the restore's reads take them from it (a write or a lock makes the disk the truth
 * again), and the saves that follow a restore go out as batches that are as crash-safe as single
 * writes (a backup of the last good value, nothing half-written).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { FakeCipher } from '../../support/keychain';
import { failure, makeRecord, openVault, tempVaults } from '../../support/vault';

const { folder: setup, track } = tempVaults();

const accountFile = (directory: string, id: string) =>
  path.join(directory, 'accounts', `${id}.json`);

it('reads each account the unlock scanned without opening its file again, once', async () => {
  const directory = setup();
  const cipher = new FakeCipher('keychain');
  const first = await track(openVault({ directory, cipher }));
  await first.writeAccount('a1', makeRecord('a1'));
  await first.writeAccount('b2', makeRecord('b2'));
  await first.close();

  const vault = await track(openVault({ directory, cipher }));
  // The files go after the scan: the first read of each is the scanned record.
  await fs.rm(accountFile(directory, 'a1'));
  await fs.rm(`${accountFile(directory, 'a1')}.bak`, { force: true });
  expect(await vault.readAccount('a1')).toEqual(makeRecord('a1'));
  // A second read goes to the disk, where the record is gone.
  expect((await failure(vault.readAccount('a1'))).code).toBe('NOT_FOUND');
  // A write after the scan is what the next read gets.
  await vault.writeAccount('b2', makeRecord('b2', 2));
  expect(await vault.readAccount('b2')).toEqual(makeRecord('b2', 2));
});

it('a lock forgets the scanned records: after it the disk answers', async () => {
  const directory = setup();
  const vault = await track(openVault({ directory, cipher: new FakeCipher('keychain') }));
  await vault.writeAccount('a1', makeRecord('a1'));
  await vault.setPasscode('correct horse');
  await vault.lock();
  await vault.unlock('correct horse');
  await fs.rm(accountFile(directory, 'a1'));
  await fs.rm(`${accountFile(directory, 'a1')}.bak`, { force: true });
  // Read from the unlock's own scan (the lock emptied the first one).
  expect(await vault.readAccount('a1')).toEqual(makeRecord('a1'));
  await vault.lock();
  await vault.unlock('correct horse');
  expect((await failure(vault.readAccount('a1'))).code).toBe('NOT_FOUND');
});

it('writes a batch of accounts with backups of their last saved values', async () => {
  const directory = setup();
  const cipher = new FakeCipher('keychain');
  const vault = await track(openVault({ directory, cipher }));
  await vault.writeAccount('a1', makeRecord('a1'));
  await vault.writeAccounts([
    { accountId: 'a1', record: makeRecord('a1', 2) },
    { accountId: 'b2', record: makeRecord('b2', 2) },
    { accountId: 'c3', record: makeRecord('c3', 2) },
  ]);
  const names = (await fs.readdir(path.join(directory, 'accounts'))).sort();
  // No temporary file is left; a1's previous value is its backup; new accounts have none.
  expect(names).toEqual(['a1.json', 'a1.json.bak', 'b2.json', 'c3.json']);
  await vault.close();

  const again = await track(openVault({ directory, cipher }));
  expect(await again.listAccountIds()).toEqual(['a1', 'b2', 'c3']);
  for (const id of ['a1', 'b2', 'c3'])
    expect(await again.readAccount(id)).toEqual(makeRecord(id, 2));
  // The backup holds the value before the batch: a damaged a1.json falls back to it.
  await fs.writeFile(accountFile(directory, 'a1'), 'not a record');
  await again.close();
  const third = await track(openVault({ directory, cipher }));
  expect(await third.readAccount('a1')).toEqual(makeRecord('a1'));
});

it('refuses a batch as it refuses a single write: locked, nothing written', async () => {
  const directory = setup();
  const vault = await track(openVault({ directory, cipher: new FakeCipher('keychain') }));
  await vault.setPasscode('correct horse');
  await vault.lock();
  const refused = await failure(
    vault.writeAccounts([{ accountId: 'a1', record: makeRecord('a1') }]),
  );
  expect(refused.code).toBe('LOCKED');
  expect(await fs.readdir(path.join(directory, 'accounts'))).toEqual([]);
});
