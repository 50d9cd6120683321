/**
 * The real core as the web host builds it (conf files, no keychain, the GramJS gateway), on a
 * test data folder with cheap scrypt, for tests that drive it through its router; with the two
 * helpers those tests share (a call's answer, a wait for a condition).
 */
import { createGramdeckCore, type CoreOptions, type GramdeckCore } from '../../electron/core/app';
import type { SenderInfo } from '../../electron/core/ipc/router';
import type { Logger } from '../../electron/core/ports';
import type { Channel, Envelope, InputOf, ResultOf } from '../../electron/shared/contract';
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

/** The core's answer to `channel` from the trusted sender; a failure throws, naming its code. */
export async function answerOf<C extends Channel>(
  core: GramdeckCore,
  channel: C,
  args?: InputOf<C>,
): Promise<ResultOf<C>> {
  const result = (await core.router.dispatch(channel, args, testSender)) as Envelope<ResultOf<C>>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

/** Resolves once `check` holds (polled every `everyMs`, as pushes arrive); rejects after the time. */
export function until(
  check: () => boolean,
  what: string,
  timeoutMs = 20_000,
  everyMs = 20,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      if (check()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error(`no ${what} in ${timeoutMs} ms`));
      else setTimeout(poll, everyMs);
    };
    poll();
  });
}
