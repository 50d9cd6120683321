/**
 * Wraps a TelegramGateway and remembers every secret that passes through it (phone_code_hash
 * values, exported session strings), so leak tests can search payloads and logs for them.
 */
import type { TelegramConnection, TelegramGateway } from '../../electron/core/ports';

export function recordSecrets(
  gateway: TelegramGateway,
): TelegramGateway & { secrets: Set<string> } {
  const secrets = new Set<string>();
  return {
    secrets,
    async openClient(options) {
      if (options.session) secrets.add(options.session);
      const connection = await gateway.openClient(options);
      // Delegate with bound methods: the adapter's connection uses private fields.
      const wrapped = {} as Record<string, unknown>;
      const proto = Object.getPrototypeOf(connection) as object;
      for (const key of Object.getOwnPropertyNames(proto)) {
        const value: unknown = Reflect.get(connection, key);
        if (key !== 'constructor' && typeof value === 'function') {
          wrapped[key] = (value as (...args: unknown[]) => unknown).bind(connection);
        }
      }
      const delegate = wrapped as unknown as TelegramConnection;
      const track = <T>(value: T): T => {
        if (value && typeof value === 'object' && 'phoneCodeHash' in value) {
          secrets.add(String((value as { phoneCodeHash: unknown }).phoneCodeHash));
        }
        return value;
      };
      delegate.sendCode = async (phone) => track(await connection.sendCode(phone));
      delegate.resendCode = async (phone, hash) => track(await connection.resendCode(phone, hash));
      delegate.exportSession = () => {
        const session = connection.exportSession();
        secrets.add(session);
        return session;
      };
      return delegate;
    },
  };
}
