import type {
  TelegramConnection,
  TelegramEvent,
  TelegramGateway,
} from '../../../electron/core/ports';

/** Every connection the account manager opens, with what it emitted. */
export function recordingGateway(inner: TelegramGateway) {
  const opened: TelegramConnection[] = [];
  const events: TelegramEvent[] = [];
  const gateway: TelegramGateway = {
    async openClient(options) {
      const connection = await inner.openClient(options);
      opened.push(connection);
      connection.onEvent((event) => events.push(event));
      return connection;
    },
    dispose: () => inner.dispose?.() ?? Promise.resolve(),
  };
  return { gateway, opened, events };
}
