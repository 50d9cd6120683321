import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fallbackCounterKey, sealCounter } from '../../../electron/core/vault/counter-seal';
import { FakeCipher } from '../../support/keychain';
import { TestClock } from '../../support/timers';
import { failure, openVault, readJson, tempVaults } from '../../support/vault';

const { folder, track } = tempVaults();

type StateFile = Record<string, unknown> & { attempts?: Record<string, unknown> };

/** A locked vault with a passcode and one wrong attempt behind it, closed. */
async function lockedVault(cipher: FakeCipher | null) {
  const directory = folder();
  const clock = new TestClock();
  const vault = await track(openVault({ directory, cipher, clock }));
  await vault.setPasscode('right passcode');
  await vault.lock();
  expect((await failure(vault.unlock('wrong 1'))).retryAfter).toBeUndefined();
  await vault.close();
  const stateFile = path.join(directory, 'vault-state.json');
  const edit = async (change: (state: StateFile) => StateFile) => {
    await fs.writeFile(stateFile, JSON.stringify(change(await readJson<StateFile>(stateFile))));
  };
  const reopen = () => track(openVault({ directory, cipher, clock }));
  return { directory, clock, stateFile, edit, reopen };
}

describe('the attempt counter is authenticated', () => {
  it.each([
    ['a strong keychain', () => new FakeCipher('keychain')],
    ['no keychain', () => null],
  ])('with %s, a deleted counter file makes the next wrong attempt wait', async (_n, make) => {
    const { stateFile, reopen } = await lockedVault(make());
    await fs.rm(stateFile);
    const vault = await reopen();
    const next = await failure(vault.unlock('wrong 2'));
    expect(next).toMatchObject({ code: 'INCORRECT_CODE', retryAfter: 5 });
    expect((await failure(vault.unlock('right passcode'))).code).toBe('TOO_MANY_REQUESTS');
  });

  it('a counter reset by hand (its tag no longer matching) makes the next wrong attempt wait', async () => {
    const { edit, reopen } = await lockedVault(new FakeCipher('keychain'));
    await edit((state) => ({ ...state, attempts: { ...state.attempts, failures: 0 } }));
    const vault = await reopen();
    expect(await failure(vault.unlock('wrong 2'))).toMatchObject({ retryAfter: 5 });
  });

  it('a counter entry removed, or without its tag, makes the next wrong attempt wait', async () => {
    const removed = await lockedVault(new FakeCipher('keychain'));
    await removed.edit(({ attempts: _attempts, ...rest }) => rest);
    expect(await failure((await removed.reopen()).unlock('wrong 2'))).toMatchObject({
      retryAfter: 5,
    });

    const untagged = await lockedVault(new FakeCipher('keychain'));
    await untagged.edit((state) => ({ ...state, attempts: { failures: 0, retryAt: null } }));
    expect(await failure((await untagged.reopen()).unlock('wrong 2'))).toMatchObject({
      retryAfter: 5,
    });
  });

  it('a damaged counter file is moved aside and the next wrong attempt waits', async () => {
    const { stateFile, reopen } = await lockedVault(null);
    await fs.writeFile(stateFile, '{"attempts": {"fail');
    const vault = await reopen();
    expect(vault.status().attention[0]).toMatchObject({ file: 'vault-state.json' });
    expect(await failure(vault.unlock('wrong 2'))).toMatchObject({ retryAfter: 5 });
  });

  it('where the keychain is strong, a tag computed without it does not verify', async () => {
    const { directory, edit, reopen } = await lockedVault(new FakeCipher('keychain'));
    const forged = sealCounter(fallbackCounterKey(path.resolve(directory)), {
      failures: 0,
      retryAt: null,
    });
    await edit((state) => ({ ...state, attempts: { ...forged } }));
    expect(await failure((await reopen()).unlock('wrong 2'))).toMatchObject({ retryAfter: 5 });
  });

  it('a keychain that lost the counter key makes the next wrong attempt wait', async () => {
    const { edit, reopen } = await lockedVault(new FakeCipher('keychain'));
    await edit(({ attemptsKey: _key, ...rest }) => rest);
    expect(await failure((await reopen()).unlock('wrong 2'))).toMatchObject({ retryAfter: 5 });
  });

  it('an intact counter keeps counting from where it was', async () => {
    const { reopen } = await lockedVault(new FakeCipher('keychain'));
    const vault = await reopen();
    expect((await failure(vault.unlock('wrong 2'))).retryAfter).toBeUndefined();
    expect((await failure(vault.unlock('wrong 3'))).retryAfter).toBeUndefined();
    expect((await failure(vault.unlock('wrong 4'))).retryAfter).toBe(5);
  });
});
