/**
 * Wraps a `TelegramGateway` to record what core asks of Telegram: every `openClient` (a connect
 * or reconnect attempt) per log label, and every connection call by name, with times. The
 * wrapped connections behave exactly like the real ones.
 */
import type {
  TelegramClientOptions,
  TelegramConnection,
  TelegramGateway,
} from '../../../electron/core/ports';

export interface ProbeEntry {
  label: string;
  what: string;
  at: number;
}

export interface GatewayProbe {
  gateway: TelegramGateway;
  /** `openClient` calls (what = 'openClient') and connection calls (what = method name). */
  readonly entries: ProbeEntry[];
  /** Connections opened and not destroyed yet. */
  readonly live: Set<TelegramConnection>;
  opensOf(label: string): number[];
}

export function probeGateway(inner: TelegramGateway): GatewayProbe {
  const entries: ProbeEntry[] = [];
  const live = new Set<TelegramConnection>();
  const wrap = (label: string, connection: TelegramConnection): TelegramConnection =>
    new Proxy(connection, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || typeof property !== 'string') return value;
        return (...args: unknown[]) => {
          if (!['exportSession', 'dcId', 'onEvent'].includes(property)) {
            entries.push({ label, what: property, at: Date.now() });
          }
          if (property === 'destroy') live.delete(receiver as TelegramConnection);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  return {
    entries,
    live,
    opensOf: (label) =>
      entries.filter((e) => e.label === label && e.what === 'openClient').map((e) => e.at),
    gateway: {
      async openClient(options: TelegramClientOptions) {
        entries.push({ label: options.logLabel, what: 'openClient', at: Date.now() });
        const connection = wrap(options.logLabel, await inner.openClient(options));
        live.add(connection);
        return connection;
      },
    },
  };
}
