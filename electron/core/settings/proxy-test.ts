/**
 * `proxy:test`: connects through a proxy to the current server profile's DC (a handshake and
 * Telegram's first answer, as a login would) and reports how long it took or why it failed, in
 * plain words. Nothing is kept: the test connection is closed at once.
 */
import type { ProxyConfig, ProxyTestResult } from '../../shared/dto';
import { failure } from '../../shared/error-words';
import { isAppFailure } from '../../shared/errors';
import type { Clock, Logger, TelegramConnection, TelegramConfig, TelegramGateway } from '../ports';

export interface ProxyTesterOptions {
  gateway: TelegramGateway;
  telegramConfig: TelegramConfig;
  clock: Clock;
  logger: Logger;
  /** The longest a test may take (default 12 s). */
  timeoutMs?: number;
}

export function createProxyTester(
  options: ProxyTesterOptions,
): (proxy: ProxyConfig) => Promise<ProxyTestResult> {
  const { gateway, telegramConfig, clock } = options;
  const log = options.logger.child({ scope: 'proxy-test' });
  const timeoutMs = options.timeoutMs ?? 12_000;

  return async (proxy) => {
    const target = await telegramConfig.loginTarget();
    const started = clock.now();
    const opening = gateway.openClient({
      profile: target.profile,
      apiId: target.apiId,
      apiHash: target.apiHash,
      session: null,
      proxy,
      logLabel: 'proxy-test',
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(failure('PROXY_TIMEOUT'));
      }, timeoutMs);
    });
    let connection: TelegramConnection | null = null;
    try {
      connection = await Promise.race([opening, bound]);
      return { ok: true, milliseconds: Math.max(0, clock.now() - started) };
    } catch (error) {
      // A connection that opens after the bound is closed as soon as it does.
      opening.then((late) => late.destroy()).catch(() => undefined);
      const mapped = isAppFailure(error) ? error : failure('NETWORK');
      const result =
        mapped.code === 'TIMEOUT' ? failure('PROXY_TIMEOUT').toAppError() : mapped.toAppError();
      log.log('info', 'Proxy test failed', { type: proxy.type, code: result.code });
      return { ok: false, error: result };
    } finally {
      clearTimeout(timer);
      await connection?.destroy();
    }
  };
}
