import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VaultEvent } from '../../../electron/core/ports';
import { delayAfter } from '../../../electron/core/vault/attempt-limiter';
import { headerChecksum } from '../../../electron/core/vault/format';
import { FakeCipher } from '../../support/keychain';
import { memoryLogger, type LogLine } from '../../support/logger';
import { ManualTimers, TestClock } from '../../support/timers';
import {
  failure,
  makeRecord,
  openVault,
  readJson,
  type HeaderOnDisk,
  tempVaults,
} from '../../support/vault';

const { folder: setup, track } = tempVaults();

describe('vault with a strong keychain', () => {
  it('unlocks at start, stores, lists, reads and deletes accounts across restarts', async () => {
    const directory = setup();
    const cipher = new FakeCipher('keychain');
    const vault = await track(openVault({ directory, cipher }));
    expect(vault.status()).toMatchObject({
      isLocked: false,
      backend: 'keychain',
      isWeak: false,
      hasPasscode: false,
      canStoreSessions: true,
      backendChange: null,
      attention: [],
      retryAt: null,
    });
    await vault.writeAccount('a1', makeRecord('a1'));
    await vault.writeAccount('b2', makeRecord('b2'));
    await vault.writeApiCredentials('production', {
      apiId: 7,
      apiHash: 'ffffffffffffffffffffffffffffffff',
    });
    await vault.close();

    const again = await track(openVault({ directory, cipher }));
    expect(again.isUnlocked()).toBe(true);
    expect(await again.listAccountIds()).toEqual(['a1', 'b2']);
    expect(await again.readAccount('a1')).toEqual(makeRecord('a1'));
    expect(await again.readApiCredentials('production')).toEqual({
      apiId: 7,
      apiHash: 'ffffffffffffffffffffffffffffffff',
    });
    expect(await again.readApiCredentials('custom:sandbox/1')).toBeNull();
    await again.deleteAccount('a1');
    expect(await again.listAccountIds()).toEqual(['b2']);
    expect((await failure(again.readAccount('a1'))).code).toBe('NOT_FOUND');
  });

  it("keeps a session's server salts across restarts, and refuses a malformed one", async () => {
    const directory = setup();
    const cipher = new FakeCipher('keychain');
    const vault = await track(openVault({ directory, cipher }));
    const serverSalts = [
      { salt: '-9223372036854775808', validSince: 1_800_000_000, validUntil: 1_800_003_600 },
      { salt: '9223372036854775807', validSince: 1_800_003_600, validUntil: 1_800_007_200 },
    ];
    await vault.writeAccount('a1', { ...makeRecord('a1'), serverSalts });
    await vault.close();
    const again = await track(openVault({ directory, cipher }));
    expect((await again.readAccount('a1')).serverSalts).toEqual(serverSalts);
    // A record without them (written before they were kept) reads as before.
    await again.writeAccount('b2', makeRecord('b2'));
    expect(await again.readAccount('b2')).toEqual(makeRecord('b2'));
    const malformed = [{ salt: '0x1f', validSince: 1, validUntil: 2 }];
    await expect(
      again.writeAccount('c3', { ...makeRecord('c3'), serverSalts: malformed }),
    ).rejects.toThrow();
    expect(await again.listAccountIds()).toEqual(['a1', 'b2']);
  });

  it('writes files with mode 0600 and never stores a secret in the clear', async () => {
    const directory = setup();
    const vault = await track(openVault({ directory, cipher: new FakeCipher() }));
    await vault.writeAccount('a1', makeRecord('a1'));
    await vault.writeAccount('a1', makeRecord('a1', 2));
    for (const file of ['vault.json', 'accounts/a1.json', 'accounts/a1.json.bak']) {
      const full = path.join(directory, file);
      if (process.platform !== 'win32') expect(statSync(full).mode & 0o777).toBe(0o600);
      const text = await fs.readFile(full, 'utf8');
      expect(text).not.toContain('SESSION');
      expect(text).not.toContain('0123456789abcdef0123456789abcdef');
    }
    expect(await vault.readAccount('a1')).toEqual(makeRecord('a1', 2));
  });

  it('rejects account ids that could escape the folder', async () => {
    const vault = await track(openVault({ directory: setup(), cipher: new FakeCipher() }));
    expect((await failure(vault.writeAccount('../x', makeRecord('x')))).code).toBe('VALIDATION');
  });

  it('serialises concurrent writes: the last queued write wins', async () => {
    const vault = await track(openVault({ directory: setup(), cipher: new FakeCipher() }));
    await Promise.all(
      Array.from({ length: 20 }, (_, index) => vault.writeAccount('a1', makeRecord('a1', index))),
    );
    expect(await vault.readAccount('a1')).toEqual(makeRecord('a1', 19));
  });
});

describe('weak storage', () => {
  it.each([
    ['no cipher (web host)', null, 'unavailable'],
    ['basic_text', new FakeCipher('basic_text'), 'basic_text'],
  ] as const)('%s: refuses to store until accepted', async (_name, cipher, backend) => {
    const directory = setup();
    const vault = await track(openVault({ directory, cipher }));
    expect(vault.status()).toMatchObject({
      isLocked: false,
      backend,
      isWeak: true,
      canStoreSessions: false,
      isWeakStorageAccepted: false,
    });
    expect(await vault.listAccountIds()).toEqual([]);
    const refused = await failure(vault.writeAccount('a1', makeRecord('a1')));
    expect(refused.code).toBe('STORAGE_NOT_SECURE');
    expect(refused.message).toMatch(/passcode|weak storage/);
    expect(
      (await failure(vault.writeApiCredentials('p', { apiId: 1, apiHash: 'a'.repeat(32) }))).code,
    ).toBe('STORAGE_NOT_SECURE');

    const accepted = await vault.acceptWeakStorage();
    expect(accepted).toMatchObject({
      isWeak: true,
      isWeakStorageAccepted: true,
      canStoreSessions: true,
    });
    await vault.writeAccount('a1', makeRecord('a1'));
    await vault.close();

    const header = await readJson<HeaderOnDisk>(path.join(directory, 'vault.json'));
    expect(header.backend).toBe(backend);
    if (cipher) expect(header.keys.os?.backend).toBe('basic_text');
    else expect(header.keys.plain).not.toBeNull();

    const again = await track(openVault({ directory, cipher }));
    expect(again.status()).toMatchObject({ isLocked: false, isWeakStorageAccepted: true });
    expect(await again.readAccount('a1')).toEqual(makeRecord('a1'));
  });

  it('a passcode makes weak storage usable without accepting it', async () => {
    const directory = setup();
    const vault = await track(openVault({ directory, cipher: new FakeCipher('basic_text') }));
    const { recoveryCode } = await vault.setPasscode('correct horse');
    expect(recoveryCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
    expect(vault.status()).toMatchObject({
      isWeak: false,
      hasPasscode: true,
      canStoreSessions: true,
    });
    await vault.writeAccount('a1', makeRecord('a1'));
    // Removing the passcode would leave the data unprotected: refused until weak is accepted.
    expect((await failure(vault.removePasscode('correct horse'))).code).toBe('STORAGE_NOT_SECURE');
    await vault.acceptWeakStorage();
    expect(await vault.removePasscode('correct horse')).toMatchObject({
      hasPasscode: false,
      isWeak: true,
    });
    expect(await vault.readAccount('a1')).toEqual(makeRecord('a1'));
  });
});

describe('passcode and recovery code', () => {
  async function withPasscode() {
    const directory = setup();
    const clock = new TestClock();
    const cipher = new FakeCipher('keychain');
    const vault = await track(openVault({ directory, cipher, clock }));
    await vault.writeAccount('a1', makeRecord('a1'));
    const { recoveryCode } = await vault.setPasscode('first passcode');
    return { directory, clock, cipher, vault, recoveryCode };
  }

  it('starts locked after a restart; reads fail with LOCKED; unlock emits unlocked', async () => {
    const { directory, clock, cipher, vault } = await withPasscode();
    const header = await readJson<HeaderOnDisk>(path.join(directory, 'vault.json'));
    expect(header.keys.os).toBeNull();
    expect(header.keys.passcode?.kdf).toMatchObject({ algorithm: 'scrypt', N: 1024, r: 8, p: 1 });
    await vault.close();

    const again = await track(openVault({ directory, cipher, clock }));
    expect(again.status()).toMatchObject({ isLocked: true, hasPasscode: true });
    expect(again.isUnlocked()).toBe(false);
    expect((await failure(again.readAccount('a1'))).code).toBe('LOCKED');
    expect((await failure(again.listAccountIds())).code).toBe('LOCKED');
    expect((await failure(again.writeAccount('a1', makeRecord('a1')))).code).toBe('LOCKED');
    const events: VaultEvent[] = [];
    again.onEvent((event) => events.push(event));
    const wrong = await failure(again.unlock('nope'));
    expect(wrong).toMatchObject({ code: 'INCORRECT_CODE', field: 'passcode' });
    expect(await again.unlock('first passcode')).toMatchObject({ isLocked: false });
    expect(events.at(-1)).toEqual({ kind: 'unlocked' });
    expect(await again.readAccount('a1')).toEqual(makeRecord('a1'));
    await again.lock();
    expect(events.at(-1)).toEqual({ kind: 'locked' });
    expect((await failure(again.readAccount('a1'))).code).toBe('LOCKED');
  });

  it('shows the recovery code again only with the passcode', async () => {
    const { vault, recoveryCode } = await withPasscode();
    expect((await failure(vault.getRecoveryCode('wrong'))).code).toBe('INCORRECT_CODE');
    expect(await vault.getRecoveryCode('first passcode')).toEqual({ recoveryCode });
    expect((await failure(vault.setPasscode('another'))).code).toBe('PASSCODE_ALREADY_SET');
  });

  it('changes and removes the passcode', async () => {
    const { directory, clock, cipher, vault } = await withPasscode();
    expect(await failure(vault.changePasscode('wrong', 'second'))).toMatchObject({
      field: 'currentPasscode',
    });
    await vault.changePasscode('first passcode', 'second passcode');
    await vault.lock();
    expect((await failure(vault.unlock('first passcode'))).code).toBe('INCORRECT_CODE');
    await vault.unlock('second passcode');
    expect(await vault.removePasscode('second passcode')).toMatchObject({ hasPasscode: false });
    expect((await failure(vault.lock())).code).toBe('PASSCODE_NOT_SET');
    await vault.close();
    const again = await track(openVault({ directory, cipher, clock }));
    expect(again.status().isLocked).toBe(false);
    expect(await again.readAccount('a1')).toEqual(makeRecord('a1'));
  });

  it('resets a forgotten passcode with the recovery code, which rotates it', async () => {
    const { directory, clock, cipher, vault, recoveryCode } = await withPasscode();
    await vault.close();
    const again = await track(openVault({ directory, cipher, clock }));
    // Typed loosely: lower case, spaces, O for 0 and I for 1 still match.
    const typed = recoveryCode
      .toLowerCase()
      .replace(/-/g, ' ')
      .replace(/0/g, 'o')
      .replace(/1/g, 'i');
    const { recoveryCode: next } = await again.resetWithRecoveryCode(typed, 'new passcode');
    expect(next).not.toBe(recoveryCode);
    expect(again.status().isLocked).toBe(false);
    expect(await again.readAccount('a1')).toEqual(makeRecord('a1'));
    await again.lock();
    expect((await failure(again.resetWithRecoveryCode(recoveryCode, 'x1234'))).code).toBe(
      'INCORRECT_CODE',
    );
    await again.unlock('new passcode');
    expect(await again.getRecoveryCode('new passcode')).toEqual({ recoveryCode: next });
  });

  it('regenerates the recovery code while unlocked, invalidating the old one', async () => {
    const { vault, recoveryCode } = await withPasscode();
    const { recoveryCode: next } = await vault.regenerateRecoveryCode('first passcode');
    expect(next).not.toBe(recoveryCode);
    await vault.lock();
    expect((await failure(vault.regenerateRecoveryCode('first passcode'))).code).toBe('LOCKED');
    expect((await failure(vault.resetWithRecoveryCode(recoveryCode, 'pass1234'))).code).toBe(
      'INCORRECT_CODE',
    );
    await vault.resetWithRecoveryCode(next, 'pass1234');
    expect(vault.isUnlocked()).toBe(true);
  });

  it('rate limits wrong attempts with growing delays that survive a restart', async () => {
    const { directory, clock, cipher, vault } = await withPasscode();
    await vault.lock();
    const retryAfters: Array<number | undefined> = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const error = await failure(vault.unlock(`wrong ${attempt}`));
      expect(error.code).toBe('INCORRECT_CODE');
      retryAfters.push(error.retryAfter);
      if (error.retryAfter) clock.advance(error.retryAfter * 1000);
    }
    expect(retryAfters).toEqual([undefined, undefined, undefined, 5, 10]);
    const blocked = await failure(vault.unlock('wrong again'));
    expect(blocked.code).toBe('INCORRECT_CODE');
    expect(blocked.retryAfter).toBe(20);
    expect(vault.status().retryAt).toBe(clock.now() + 20_000);
    const refused = await failure(vault.unlock('first passcode'));
    expect(refused).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfter: 20 });
    expect(refused.message).toMatch(/Try again in 20 seconds/);
    await vault.close();

    const again = await track(openVault({ directory, cipher, clock }));
    expect(again.status().retryAt).toBe(clock.now() + 20_000);
    expect((await failure(again.unlock('first passcode'))).code).toBe('TOO_MANY_REQUESTS');
    clock.advance(20_000);
    await again.unlock('first passcode');
    expect(again.status().retryAt).toBeNull();
    // Success resets the count.
    await again.lock();
    expect((await failure(again.unlock('bad'))).retryAfter).toBeUndefined();
  });

  it('grows delays up to one hour', () => {
    expect([1, 2, 3, 4, 5, 6, 10, 20, 100].map(delayAfter)).toEqual([
      0, 0, 0, 5000, 10_000, 20_000, 320_000, 3_600_000, 3_600_000,
    ]);
  });

  it('upgrades weaker scrypt parameters on the next unlock', async () => {
    const { directory, clock, cipher, vault } = await withPasscode();
    await vault.close();
    const stronger = await track(
      openVault({ directory, cipher, clock, kdf: { N: 2048, r: 8, p: 1 } }),
    );
    await stronger.unlock('first passcode');
    const header = await readJson<HeaderOnDisk>(path.join(directory, 'vault.json'));
    expect(header.keys.passcode?.kdf.N).toBe(2048);
    await stronger.lock();
    await stronger.unlock('first passcode');
  });

  it('never logs the passcode, the recovery code or a session', async () => {
    const lines: LogLine[] = [];
    const directory = setup();
    const vault = await track(
      openVault({ directory, cipher: new FakeCipher(), logger: memoryLogger(lines) }),
    );
    await vault.writeAccount('a1', makeRecord('a1'));
    const { recoveryCode } = await vault.setPasscode('secret-passcode-42');
    await failure(vault.getRecoveryCode('wrong-passcode-43'));
    await vault.lock();
    await vault.resetWithRecoveryCode(recoveryCode, 'secret-passcode-44');
    const text = JSON.stringify(lines);
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of ['secret-passcode', 'wrong-passcode', recoveryCode, 'SESSION']) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('auto-lock', () => {
  it('locks after the chosen idle time; activity postpones it; null turns it off', async () => {
    const clock = new TestClock();
    const timers = new ManualTimers(clock);
    let minutes: number | null = 5;
    const vault = await track(
      openVault({
        directory: setup(),
        cipher: new FakeCipher(),
        clock,
        timers,
        getAutoLockMinutes: () => minutes,
      }),
    );
    await vault.setPasscode('passcode');
    const events: VaultEvent[] = [];
    vault.onEvent((event) => events.push(event));

    timers.advance(4 * 60_000);
    vault.touch();
    timers.advance(4 * 60_000);
    expect(vault.isUnlocked()).toBe(true);
    timers.advance(60_000 + 1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(vault.isUnlocked()).toBe(false);
    expect(events).toContainEqual({ kind: 'locked' });

    minutes = null;
    await vault.unlock('passcode');
    timers.advance(10 * 60 * 60_000);
    expect(vault.isUnlocked()).toBe(true);
    // The setting is re-read while the timer polls: turning it on again takes effect.
    minutes = 1;
    timers.advance(2 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(vault.isUnlocked()).toBe(false);
  });

  it('works with vi fake timers and the system timers', async () => {
    const { vi } = await import('vitest');
    vi.useFakeTimers();
    try {
      const clock = { now: () => Date.now() };
      const vault = await track(
        openVault({
          directory: setup(),
          cipher: new FakeCipher(),
          clock,
          getAutoLockMinutes: () => 1,
        }),
      );
      await vault.setPasscode('passcode');
      await vi.advanceTimersByTimeAsync(61_000);
      expect(vault.isUnlocked()).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('backend changes', () => {
  it('keychain no longer decrypts, no passcode: stays locked, explains, deletes nothing', async () => {
    const directory = setup();
    const cipher = new FakeCipher('keychain');
    const vault = await track(openVault({ directory, cipher }));
    await vault.writeAccount('a1', makeRecord('a1'));
    await vault.close();
    const before = await fs.readdir(path.join(directory, 'accounts'));

    const other = new FakeCipher('keychain');
    const again = await track(openVault({ directory, cipher: other }));
    expect(again.status()).toMatchObject({ isLocked: true, hasPasscode: false });
    const locked = await failure(again.readAccount('a1'));
    expect(locked.code).toBe('LOCKED');
    expect(locked.message).toMatch(/Nothing was deleted/);
    expect((await failure(again.unlock('anything'))).code).toBe('LOCKED');
    await again.close();
    expect(await fs.readdir(path.join(directory, 'accounts'))).toEqual(before);

    // The keychain comes back: everything is there.
    const restored = await track(openVault({ directory, cipher }));
    expect(await restored.readAccount('a1')).toEqual(makeRecord('a1'));
  });

  it('keychain → basic_text is reported and storage needs consent again', async () => {
    const directory = setup();
    const cipher = new FakeCipher('keychain');
    const vault = await track(openVault({ directory, cipher }));
    await vault.writeAccount('a1', makeRecord('a1'));
    await vault.close();
    cipher.backend = 'basic_text';
    const again = await track(openVault({ directory, cipher }));
    expect(again.status()).toMatchObject({
      backend: 'basic_text',
      backendChange: { from: 'keychain', to: 'basic_text' },
      isWeak: true,
      canStoreSessions: false,
    });
    expect(await again.readAccount('a1')).toEqual(makeRecord('a1'));
    expect((await failure(again.writeAccount('a1', makeRecord('a1', 2)))).code).toBe(
      'STORAGE_NOT_SECURE',
    );
  });

  it('with a passcode, a lost keychain does not matter and is reported', async () => {
    const directory = setup();
    const vault = await track(openVault({ directory, cipher: new FakeCipher('keychain') }));
    await vault.writeAccount('a1', makeRecord('a1'));
    await vault.setPasscode('passcode');
    await vault.close();
    const again = await track(openVault({ directory, cipher: null }));
    expect(again.status()).toMatchObject({
      isLocked: true,
      backendChange: { from: 'keychain', to: 'unavailable' },
    });
    await again.unlock('passcode');
    expect(await again.readAccount('a1')).toEqual(makeRecord('a1'));
  });

  it('weak storage accepted, then a real keychain appears: upgraded to it', async () => {
    const directory = setup();
    const cipher = new FakeCipher('basic_text');
    const vault = await track(openVault({ directory, cipher }));
    await vault.acceptWeakStorage();
    await vault.writeAccount('a1', makeRecord('a1'));
    await vault.close();
    cipher.backend = 'keychain';
    const again = await track(openVault({ directory, cipher }));
    expect(again.status()).toMatchObject({
      isWeak: false,
      backendChange: { from: 'basic_text', to: 'keychain' },
    });
    const header = await readJson<HeaderOnDisk>(path.join(directory, 'vault.json'));
    expect(header.keys.os?.backend).toBe('keychain');
    expect(await again.readAccount('a1')).toEqual(makeRecord('a1'));
  });
});

describe('damaged files at startup', () => {
  async function twoVersions() {
    const directory = setup();
    const cipher = new FakeCipher();
    const clock = new TestClock();
    const vault = await track(openVault({ directory, cipher, clock }));
    await vault.writeAccount('a1', makeRecord('a1', 1));
    await vault.writeAccount('a1', makeRecord('a1', 2));
    await vault.writeAccount('b2', makeRecord('b2', 1));
    await vault.close();
    return { directory, cipher, clock, file: path.join(directory, 'accounts', 'a1.json') };
  }

  it('moves a corrupt file aside and restores the backup, reporting it', async () => {
    const { directory, cipher, clock, file } = await twoVersions();
    await fs.writeFile(file, '{"format":"gramdeck-vault", oops');
    const vault = await track(openVault({ directory, cipher, clock }));
    expect(vault.status().attention).toEqual([
      {
        accountId: 'a1',
        file: path.join('accounts', 'a1.json'),
        problem: 'corrupt-restored-from-backup',
        movedTo: path.join('accounts', `a1.json.corrupt-${clock.now()}`),
      },
    ]);
    expect(await vault.readAccount('a1')).toEqual(makeRecord('a1', 1));
    expect(await fs.readFile(`${file}.corrupt-${clock.now()}`, 'utf8')).toContain('oops');
  });

  it('a file swapped in from another account fails authentication', async () => {
    const { directory, cipher, clock, file } = await twoVersions();
    await fs.copyFile(path.join(directory, 'accounts', 'b2.json'), file);
    await fs.rm(`${file}.bak`);
    const vault = await track(openVault({ directory, cipher, clock }));
    expect(vault.status().attention[0]).toMatchObject({
      accountId: 'a1',
      problem: 'corrupt-no-backup',
    });
    expect(await vault.listAccountIds()).toEqual(['b2']);
    expect((await failure(vault.readAccount('a1'))).code).toBe('STORAGE_CORRUPT');
  });

  it('a forged envelope id still fails: the AAD binds the id', async () => {
    const { directory, cipher, clock, file } = await twoVersions();
    const other = await readJson<{ id: string }>(path.join(directory, 'accounts', 'b2.json'));
    other.id = 'a1';
    await fs.writeFile(file, JSON.stringify(other));
    const vault = await track(openVault({ directory, cipher, clock }));
    expect(vault.status().attention[0]).toMatchObject({ problem: 'corrupt-restored-from-backup' });
    expect(await vault.readAccount('a1')).toEqual(makeRecord('a1', 1));
  });

  it('a damaged header falls back to its backup', async () => {
    const { directory, cipher, clock } = await twoVersions();
    const header = path.join(directory, 'vault.json');
    const text = await fs.readFile(header, 'utf8');
    await fs.writeFile(
      header,
      text.replace('"weakStorageAccepted": false', '"weakStorageAccepted": true'),
    );
    const vault = await track(openVault({ directory, cipher, clock }));
    expect(vault.status().attention[0]).toMatchObject({
      file: 'vault.json',
      problem: 'corrupt-restored-from-backup',
    });
    expect(vault.status().isWeakStorageAccepted).toBe(false);
    expect(await vault.readAccount('b2')).toEqual(makeRecord('b2', 1));
  });

  it('a lost header sets the unreadable records aside instead of mixing keys', async () => {
    const { directory, cipher, clock } = await twoVersions();
    await fs.rm(path.join(directory, 'vault.json'));
    await fs.writeFile(path.join(directory, 'vault.json.bak'), 'garbage');
    const vault = await track(openVault({ directory, cipher, clock }));
    const { attention } = vault.status();
    expect(attention.map((item) => item.accountId)).toEqual(expect.arrayContaining(['a1', 'b2']));
    expect(await vault.listAccountIds()).toEqual([]);
    const kept = await fs.readdir(path.join(directory, `accounts.orphaned-${clock.now()}`));
    expect(kept).toEqual(expect.arrayContaining(['a1.json', 'b2.json']));
  });

  it('finishes a write interrupted between its renames from the backup', async () => {
    const { directory, cipher, clock, file } = await twoVersions();
    await fs.rename(file, `${file}.bak`);
    await fs.writeFile(`${file}.tmp-123-abcd`, 'half');
    const vault = await track(openVault({ directory, cipher, clock }));
    expect(vault.status().attention).toEqual([]);
    expect(await vault.listAccountIds()).toEqual(['a1', 'b2']);
    expect(await vault.readAccount('a1')).toEqual(makeRecord('a1', 2));
    expect(
      (await fs.readdir(path.join(directory, 'accounts'))).some((n) => n.includes('.tmp-')),
    ).toBe(false);
  });

  it('a header from a newer version is left alone', async () => {
    const { directory, cipher } = await twoVersions();
    const headerPath = path.join(directory, 'vault.json');
    const newer = { format: 'gramdeck-vault', version: 3 };
    await fs.writeFile(headerPath, JSON.stringify({ ...newer, checksum: headerChecksum(newer) }));
    const vault = await track(openVault({ directory, cipher }));
    expect(vault.status()).toMatchObject({ isLocked: true, canStoreSessions: false });
    expect((await failure(vault.readAccount('a1'))).code).toBe('STORAGE_CORRUPT');
    expect((await readJson<HeaderOnDisk>(headerPath)).version).toBe(3);
  });

  it('a damaged state store is moved aside and reported', async () => {
    const { directory, cipher } = await twoVersions();
    await fs.writeFile(path.join(directory, 'vault-state.json'), '{not json');
    const vault = await track(openVault({ directory, cipher }));
    expect(vault.status().attention[0]).toMatchObject({
      file: 'vault-state.json',
      problem: 'unreadable',
    });
    expect(vault.isUnlocked()).toBe(true);
  });
});
