/**
 * Desktop notifications of new messages (issue 16): core decides what to notify (never while
 * locked, muted chats and accounts respected, text hidden on request) and pushes it on
 * `alerts:changed`; this shows it with Electron's `Notification`, passed in so that it runs in
 * Node tests. One notification per chat: a newer one of the same chat replaces it. A click
 * shows the window and opens the chat. At the lock every notification still on screen is
 * closed, so no message text stays visible.
 */
import type { Notification } from 'electron';
import type { Logger } from '../core/ports';
import type { MessageNotification } from '../shared/chat-dto';

export interface MessageNotifier {
  show(notification: MessageNotification): void;
  /** Closes every notification still on screen (the lock, quitting). */
  closeAll(): void;
}

export function createMessageNotifier(
  deps: { Notification: typeof Notification; logger: Logger },
  actions: { openChat: (accountId: string, chatId: string) => void },
): MessageNotifier {
  const log = deps.logger.child({ scope: 'notifications' });
  /** The notification on screen per chat (its tag). */
  const onScreen = new Map<string, Notification>();

  return {
    show(message) {
      if (!deps.Notification.isSupported()) return;
      onScreen.get(message.tag)?.close();
      const notification = new deps.Notification({
        title: message.title,
        body: message.body,
        silent: false,
      });
      notification.on('click', () => {
        actions.openChat(message.accountId, message.chatId);
      });
      notification.on('close', () => {
        if (onScreen.get(message.tag) === notification) onScreen.delete(message.tag);
      });
      onScreen.set(message.tag, notification);
      notification.show();
      // The account only: titles and bodies hold names and message text.
      log.log('debug', 'Showed a message notification', { account: message.accountId });
    },
    closeAll() {
      for (const notification of onScreen.values()) notification.close();
      onScreen.clear();
    },
  };
}
