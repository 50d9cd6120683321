/**
 * IPC handlers of chats, messages, the unified inbox and notifications (issue 16): thin calls
 * into the messages service and the notification settings.
 */
import type { Handlers } from '../../shared/contract';
import type { MessagesService } from './messages-service';
import type { NotificationService } from './notifications';

type ChatChannel =
  | 'chats:list'
  | 'chats:search'
  | 'chats:history'
  | 'chats:send'
  | 'chats:retry'
  | 'chats:discard'
  | 'chats:read'
  | 'chats:photo'
  | 'unread:list'
  | 'notifications:get'
  | 'notifications:update'
  | 'notifications:set-account';

export function createChatHandlers(
  messages: MessagesService,
  notifications: NotificationService,
): Pick<Handlers, ChatChannel> {
  return {
    'chats:list': ({ accountId, folder, cursor, limit }) =>
      messages.list(accountId, folder, cursor, limit),
    'chats:search': ({ accountId, query }) => messages.search(accountId, query),
    'chats:history': ({ accountId, chatId, beforeId, limit }) =>
      messages.history(accountId, chatId, beforeId, limit),
    'chats:send': ({ accountId, chatId, text, replyToId }) =>
      Promise.resolve(messages.send(accountId, chatId, text, replyToId)),
    'chats:retry': ({ accountId, chatId, localId }) =>
      Promise.resolve(messages.retry(accountId, chatId, localId)),
    'chats:discard': ({ accountId, chatId, localId }) => {
      messages.discard(accountId, chatId, localId);
      return Promise.resolve(null);
    },
    'chats:read': ({ accountId, chatId, maxId }) => {
      messages.read(accountId, chatId, maxId);
      return Promise.resolve(null);
    },
    'chats:photo': async ({ accountId, chatId, messageId }) => ({
      dataUrl: await messages.photo(accountId, chatId, messageId),
    }),
    'unread:list': ({ tagIds }) => Promise.resolve(messages.inbox(tagIds)),
    'notifications:get': () => Promise.resolve(notifications.get()),
    'notifications:update': ({ isEnabled, isTextHidden }) =>
      Promise.resolve(notifications.update({ isEnabled, isTextHidden })),
    'notifications:set-account': ({ accountId, isEnabled }) =>
      Promise.resolve(notifications.setAccount(accountId, isEnabled)),
  };
}
