import type { AccountRecord, Clock } from '../../../electron/core/ports';
import type { Vault } from '../../../electron/core/vault';
import { fixedKeychain } from '../../support/keychain';
import { silentLogger } from '../../support/logger';
import { openVault } from '../../support/vault';

export const ACCOUNTS = ['acc0', 'acc1', 'acc2', 'acc3'];

/** Opens the vault in `directory` the way every reliability run does: fixed keychain, cheap KDF. */
export function openReliabilityVault(
  directory: string,
  clock: Clock = { now: () => Date.now() },
): Promise<Vault> {
  return openVault({
    directory,
    cipher: fixedKeychain('gramdeck reliability keychain'),
    clock,
    logger: silentLogger,
  });
}

/** A record whose version is recoverable from its content; padded to a realistic size. */
export function recordAt(id: string, version: number): AccountRecord {
  return {
    session: `1BV${version}-${id}-${'s'.repeat(340)}`,
    phone: '+999661234567',
    userId: '42',
    homeDcId: 2,
    serverProfile: { kind: 'test' },
    apiId: 1,
    apiHash: '0123456789abcdef0123456789abcdef',
    proxy: null,
    displayName: `${id}#${version}`,
    username: null,
    isPremium: false,
    avatar: null,
  };
}

export function versionOf(record: AccountRecord): number {
  const match = /#(\d+)$/.exec(record.displayName);
  if (!match?.[1]) throw new Error('Record without a version');
  return Number(match[1]);
}
