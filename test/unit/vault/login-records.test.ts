/**
 * The vault's login records: the default login proxy and the future auth tokens of a phone
 * number, sealed like every record, kept across restarts and re-sealed when the protection
 * changes.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProxyConfig } from '../../../electron/shared/dto';
import { FakeCipher } from '../../support/keychain';
import { failure, openVault, tempVaults } from '../../support/vault';

const { folder: setup, track } = tempVaults();

const proxy: ProxyConfig = {
  type: 'socks5',
  host: 'proxy.example',
  port: 1080,
  username: 'gd',
  password: 'proxy-password',
};
const token = Buffer.from('a future auth token from Telegram').toString('base64');

async function filesUnder(directory: string): Promise<string> {
  const dir = path.join(directory, 'login');
  const names = await fs.readdir(dir);
  const texts = await Promise.all(names.map((name) => fs.readFile(path.join(dir, name), 'utf8')));
  return texts.join('\n');
}

describe('login records', () => {
  it('are sealed on disk, kept across restarts and re-sealed by a passcode change', async () => {
    const directory = setup();
    const cipher = new FakeCipher('keychain');
    const vault = await track(openVault({ directory, cipher }));
    expect(await vault.readLoginProxy()).toBeNull();
    expect(await vault.readAuthTokens('9996620001')).toEqual({ tokens: [] });
    await vault.writeLoginProxy(proxy);
    await vault.writeAuthTokens('9996620001', { tokens: [{ profileKey: 'production', token }] });

    const onDisk = await filesUnder(directory);
    expect(onDisk).not.toContain('proxy-password');
    expect(onDisk).not.toContain('proxy.example');
    expect(onDisk).not.toContain(token);
    expect(onDisk).not.toContain('9996620001');
    await vault.close();

    const again = await track(openVault({ directory, cipher }));
    expect(await again.readLoginProxy()).toEqual(proxy);
    expect(await again.readAuthTokens('9996620001')).toEqual({
      tokens: [{ profileKey: 'production', token }],
    });
    const before = await filesUnder(directory);
    await again.setPasscode('a passcode');
    expect(await filesUnder(directory)).not.toBe(before);
    await again.lock();
    expect((await failure(again.readAuthTokens('9996620001'))).code).toBe('LOCKED');
    await again.unlock('a passcode');
    expect(await again.readLoginProxy()).toEqual(proxy);
    expect((await again.readAuthTokens('9996620001')).tokens).toHaveLength(1);
    await again.writeLoginProxy(null);
    expect(await again.readLoginProxy()).toBeNull();
  });

  it('keeps at most 20 tokens per phone number', async () => {
    const vault = await track(
      openVault({ directory: setup(), cipher: new FakeCipher('keychain') }),
    );
    const tokens = Array.from({ length: 25 }, (_, i) => ({
      profileKey: 'production',
      token: Buffer.from([i]).toString('base64'),
    }));
    await vault.writeAuthTokens('9996620001', { tokens });
    expect((await vault.readAuthTokens('9996620001')).tokens).toEqual(tokens.slice(0, 20));
  });
});
