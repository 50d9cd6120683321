import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CryptoError,
  formatRecoveryCode,
  generateRecoveryCode,
  normalizeRecoveryCode,
  open,
  randomKey,
  seal,
} from '../../../electron/core/vault/crypto';
import { acquireDataDirLock, LOCK_FILE } from '../../../electron/core/launch/data-dir-lock';
import { confStoreFactory } from '../../../electron/core/storage/conf-store';
import {
  SafeStorageCipher,
  storageBackendOf,
  type SafeStorageLike,
} from '../../../electron/shell/safe-storage-cipher';
import { readJson, tempDir } from '../../support/vault';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
function dir() {
  const made = tempDir();
  cleanups.push(made.cleanup);
  return made.dir;
}

describe('crypto', () => {
  it('binds ciphertexts to their associated data', () => {
    const key = randomKey();
    const sealed = seal(key, Buffer.from('hello'), 'gramdeck-vault/2/account/a1');
    expect(open(key, sealed, 'gramdeck-vault/2/account/a1').toString()).toBe('hello');
    expect(() => open(key, sealed, 'gramdeck-vault/2/account/a2')).toThrow(CryptoError);
    expect(() => open(randomKey(), sealed, 'gramdeck-vault/2/account/a1')).toThrow(CryptoError);
    expect(seal(key, Buffer.from('hello'), 'x').nonce).not.toBe(
      seal(key, Buffer.from('hello'), 'x').nonce,
    );
  });

  it('makes readable, normalisable recovery codes', () => {
    const codes = new Set(Array.from({ length: 200 }, generateRecoveryCode));
    expect(codes.size).toBe(200);
    for (const code of codes) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
      expect(formatRecoveryCode(normalizeRecoveryCode(code)!)).toBe(code);
    }
    expect(normalizeRecoveryCode('abcde fghjk mnpqr stvwx')).toBe('ABCDEFGHJKMNPQRSTVWX');
    expect(normalizeRecoveryCode('OOOOO-IIIII-LLLLL-00000')).toBe('00000111111111100000');
    expect(normalizeRecoveryCode('too short')).toBeNull();
    expect(normalizeRecoveryCode('UUUUU-UUUUU-UUUUU-UUUUU')).toBeNull();
  });
});

describe('data directory lock', () => {
  it('refuses a second holder and allows it after release', async () => {
    const directory = dir();
    const lock = await acquireDataDirLock(directory);
    await expect(acquireDataDirLock(directory)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await lock.release();
    const again = await acquireDataDirLock(directory);
    await again.release();
  });

  it('refuses while another live process holds it', async () => {
    const directory = dir();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    cleanups.push(() => {
      child.kill('SIGKILL');
    });
    await fs.writeFile(
      path.join(directory, LOCK_FILE),
      JSON.stringify({ pid: child.pid, hostname: 'x', createdAt: 1 }),
    );
    const error = await acquireDataDirLock(directory).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'UNAVAILABLE' });
    expect((error as Error).message).toContain(String(child.pid));
  });

  it('takes over a stale lock from a dead process or a garbled file', async () => {
    const directory = dir();
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => child.on('exit', resolve));
    await fs.writeFile(
      path.join(directory, LOCK_FILE),
      JSON.stringify({ pid: child.pid, hostname: 'x', createdAt: 1 }),
    );
    const lock = await acquireDataDirLock(directory);
    const content = await readJson<{ pid: number }>(lock.path);
    expect(content.pid).toBe(process.pid);
    await lock.release();
    await fs.writeFile(path.join(directory, LOCK_FILE), 'garbage');
    await (await acquireDataDirLock(directory)).release();
  });
});

describe('conf store factory', () => {
  it('persists values and refuses a damaged file instead of resetting it', async () => {
    const directory = dir();
    const factory = confStoreFactory;
    const store = factory({ name: 'state', directory });
    store.set('a.b', { n: 1 });
    expect(factory({ name: 'state', directory }).get('a.b')).toEqual({ n: 1 });
    expect(store.path).toBe(path.join(directory, 'state.json'));
    await fs.writeFile(store.path, '{broken');
    expect(() => {
      factory({ name: 'state', directory });
    }).toThrow();
    expect(await fs.readFile(store.path, 'utf8')).toBe('{broken');
  });
});

describe('SafeStorageCipher', () => {
  function fake(backend: string, available = true): SafeStorageLike {
    return {
      encryptStringAsync: (text) => Promise.resolve(Buffer.from(`enc:${text}`)),
      decryptStringAsync: (buffer) =>
        Promise.resolve({ shouldReEncrypt: false, result: buffer.toString().slice(4) }),
      isAsyncEncryptionAvailable: () => Promise.resolve(available),
      isEncryptionAvailable: () => available,
      getSelectedStorageBackend: () => backend,
    };
  }

  it('maps the Linux backend and availability', () => {
    expect(storageBackendOf(fake('basic_text'), 'linux', true)).toBe('basic_text');
    expect(storageBackendOf(fake('gnome_libsecret'), 'linux', true)).toBe('keychain');
    expect(storageBackendOf(fake('kwallet6'), 'linux', true)).toBe('keychain');
    expect(storageBackendOf(fake('unknown'), 'linux', true)).toBe('basic_text');
    expect(storageBackendOf(fake('basic_text'), 'darwin', true)).toBe('keychain');
    expect(storageBackendOf(fake('gnome_libsecret'), 'linux', false)).toBe('unavailable');
  });

  it('round-trips bytes through the async string API', async () => {
    const cipher = await SafeStorageCipher.create(fake('gnome_libsecret'), 'linux');
    expect(cipher.isAvailable()).toBe(true);
    expect(cipher.backend).toBe('keychain');
    const key = randomKey();
    expect(Buffer.from(await cipher.decrypt(await cipher.encrypt(key)))).toEqual(key);
    const weak = await SafeStorageCipher.create(fake('basic_text', false), 'linux');
    expect(weak.isAvailable()).toBe(false);
    expect(weak.backend).toBe('unavailable');
  });
});
