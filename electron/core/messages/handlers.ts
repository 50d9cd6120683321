/**
 * IPC handlers of chats, messages, the unified inbox and notifications (issue 16).
 * PLACEHOLDER on the i16 base branch: every channel fails until the messages service lands.
 * This file is rewritten by the core engineer; it never reaches main in this form.
 */
import type { Handlers } from '../../shared/contract';
import { failure } from '../../shared/error-words';

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

const notBuilt = () => Promise.reject(failure('INTERNAL'));

export function createChatHandlers(): Pick<Handlers, ChatChannel> {
  return {
    'chats:list': notBuilt,
    'chats:search': notBuilt,
    'chats:history': notBuilt,
    'chats:send': notBuilt,
    'chats:retry': notBuilt,
    'chats:discard': notBuilt,
    'chats:read': notBuilt,
    'chats:photo': notBuilt,
    'unread:list': notBuilt,
    'notifications:get': notBuilt,
    'notifications:update': notBuilt,
    'notifications:set-account': notBuilt,
  };
}
