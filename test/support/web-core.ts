/**
 * The real core as the web host builds it (conf files, no keychain, the GramJS gateway), on a
 * test data folder with cheap scrypt, for tests that drive it through its router.
 */
import { createGramdeckCore, type CoreOptions, type GramdeckCore } from '../../electron/core/app';
import type { SenderInfo } from '../../electron/core/ipc/router';
import type { Logger } from '../../electron/core/ports';
import { confStoreFactory } from '../../electron/core/storage/conf-store';
import { createGramJsGateway } from '../../electron/telegram';

/** The only sender the test core trusts. */
export const testSender: SenderInfo = { transport: 'web', url: 'http://127.0.0.1:1' };

export function createWebTestCore(
  options: { dataDir: string; logger: Logger } & Partial<
    Pick<CoreOptions, 'gateway' | 'sandboxProfile' | 'updater' | 'timers'>
  >,
): Promise<GramdeckCore> {
  const { dataDir, logger } = options;
  return createGramdeckCore({
    dataDir,
    transport: 'web',
    app: { version: '0.0.0-test', platform: process.platform, isPackaged: false },
    storeFactory: confStoreFactory,
    cipher: null,
    gateway: options.gateway ?? createGramJsGateway({ logger }),
    sandboxProfile: options.sandboxProfile ?? null,
    updater: options.updater ?? null,
    ...(options.timers ? { timers: options.timers } : {}),
    logger,
    isTrustedSender: (sender) => sender.url === testSender.url,
    kdf: { N: 2 ** 10 },
  });
}
