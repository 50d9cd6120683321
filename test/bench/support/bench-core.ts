/**
 * The real core as the benches build it: conf stores, a real vault on disk under `cipher`, the
 * GramJS gateway, the sandbox profile of the bench's DC, cheap scrypt, no logs.
 */
import { createGramdeckCore, type GramdeckCore } from '../../../electron/core/app';
import type { SecretCipher } from '../../../electron/core/ports';
import { confStoreFactory } from '../../../electron/core/storage/conf-store';
import { createVault } from '../../../electron/core/vault';
import type { CustomServerProfile } from '../../../electron/shared/server-profile';
import { createGramJsGateway } from '../../../electron/telegram';
import { silentLogger } from '../../support/logger';

export function createBenchCore(options: {
  dataDir: string;
  cipher: SecretCipher;
  profile: CustomServerProfile;
  /** How many saved accounts connect at once (the core's own default when absent). */
  restoreConcurrency?: number;
}): Promise<GramdeckCore> {
  return createGramdeckCore({
    dataDir: options.dataDir,
    transport: 'web',
    app: { version: '0.0.0-bench', platform: process.platform, isPackaged: false },
    storeFactory: confStoreFactory,
    cipher: options.cipher,
    gateway: createGramJsGateway({ logger: silentLogger }),
    sandboxProfile: options.profile,
    updater: null,
    logger: silentLogger,
    isTrustedSender: () => true,
    kdf: { N: 1024 },
    ...(options.restoreConcurrency ? { restoreConcurrency: options.restoreConcurrency } : {}),
  });
}

/** A vault on disk as the benches' core opens it: conf stores, cheap scrypt, no logs. */
export function createBenchVault(directory: string, cipher: SecretCipher) {
  return createVault({
    directory,
    cipher,
    clock: { now: () => Date.now() },
    logger: silentLogger,
    getAutoLockMinutes: () => null,
    storeFactory: confStoreFactory,
    kdf: { N: 1024 },
  });
}
