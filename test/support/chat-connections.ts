/**
 * Signed-in accounts of the test DC opened through the real GramJS gateway, each recording the
 * events it emits (issue 16: chats and messages at the adapter's port).
 */
import type { TelegramConnection, TelegramEvent, TelegramGateway } from '../../electron/core/ports';
import type { ChatMessage } from '../../electron/shared/chat-dto';
import type { TestDc } from '../../tools/telegram-dc';

export interface OpenAccount {
  connection: TelegramConnection;
  events: TelegramEvent[];
  /** The account's own peer key (`u<id>`), as other accounts name the chat with it. */
  key: string;
  phone: string;
  /** The messages that arrived as `message-new`, in order. */
  newMessages(): ChatMessage[];
}

/** Opens `phone` (seeded at the DC, no login) through `gateway`, recording its events. */
export async function openAccount(
  dc: TestDc,
  gateway: TelegramGateway,
  phone: string,
  logLabel = phone.replace(/\D/g, ''),
): Promise<OpenAccount> {
  const seeded = await dc.control.seedAuthorizedSession(phone);
  const profile = dc.profile();
  const connection = await gateway.openClient({
    profile,
    apiId: profile.apiId ?? 1,
    apiHash: profile.apiHash ?? '',
    session: seeded.session,
    proxy: null,
    logLabel,
  });
  const events: TelegramEvent[] = [];
  connection.onEvent((event) => events.push(event));
  await connection.getMe();
  return {
    connection,
    events,
    key: `u${seeded.user.id.toString()}`,
    phone,
    newMessages: () =>
      events.flatMap((event) => (event.kind === 'message-new' ? [event.message] : [])),
  };
}
