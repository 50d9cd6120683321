/**
 * The messages service (issue 16): chat lists, the message cache, sending, read state, the live
 * upkeep from Telegram's events, the unified inbox and notifications, for every account.
 *
 * - Chat lists: pages of `listDialogs` (the cursor passed through) fill a map of each account's
 *   chats; events keep it live (a new message updates the preview and the unread counts, a read
 *   lowers them, an unknown chat is fetched with `getDialogs`, `dialogs-changed` reads again).
 *   Changed chats are pushed as small `ChatsChange`s, coalesced per account.
 * - History: served from the cache (`message-cache.ts`, with its limits) when it holds the range,
 *   otherwise from `getHistory`, and stored.
 * - Send: an answer at once (a `sending` message with a negative local id and a random 64-bit id),
 *   then `messages:changed` with the sent message or the failure in words. A retry sends again
 *   with the same random id, so Telegram never makes a second copy.
 * - The unified inbox (`unified-inbox.ts`): each account's first page loads in the background
 *   once it is online, a few accounts at a time, and only once no restore runs: a restore of
 *   many accounts makes no call but what brings each account online (issue 17).
 * - The lock drops every list, cache, pending send and read, and the inbox: nothing of a message
 *   stays referenced after it. Results that arrive later are ignored (a generation counter).
 *
 * Message text is never logged: log lines name the account and the error code only.
 */
import { randomBytes } from 'node:crypto';
import type {
  ChatFolder,
  ChatListItem,
  ChatListPage,
  ChatMessage,
  ChatsChange,
  HistoryPage,
  InboxChange,
  InboxState,
  MessageNotification,
  MessagesChange,
  NotificationSettings,
} from '../../shared/chat-dto';
import type { AccountStatus, AccountsState } from '../../shared/dto';
import { changedRows, type AccountsChanged } from '../../shared/accounts-change';
import { isAppFailure } from '../../shared/errors';
import { failure } from '../../shared/error-words';
import type { AccountsChange } from '../accounts/account-manager';
import type { Clock, Logger, TelegramConnection, TelegramEvent, Timers } from '../ports';
import {
  sameChat,
  sendFailureWords,
  withEditedMessage,
  withNewMessage,
  withReadInbox,
} from './chat-item';
import { createMessageCache, defaultCacheLimits, type CacheLimits } from './message-cache';
import type { NotificationService } from './notifications';
import { createUnifiedInbox } from './unified-inbox';

/** The account manager's part the messages service uses (its issue-16 hook and a few reads). */
export interface MessagesAccounts {
  call<T>(accountId: string, run: (connection: TelegramConnection) => Promise<T>): Promise<T>;
  onConnectionEvent(listener: (accountId: string, event: TelegramEvent) => void): () => void;
  statusOf(accountId: string): AccountStatus | null;
  refreshUnread(accountId: string): void;
  state(): AccountsState;
  onChange(listener: (change: AccountsChange) => void): () => void;
}

export type MessagesServiceChange =
  | { event: 'chats:changed'; payload: ChatsChange }
  | { event: 'messages:changed'; payload: MessagesChange }
  | { event: 'unread:changed'; payload: InboxChange }
  | { event: 'notifications:changed'; payload: NotificationSettings }
  | { event: 'alerts:changed'; payload: MessageNotification };

export interface MessagesService {
  start(): void;
  stop(): void;
  list(
    accountId: string,
    folder: ChatFolder,
    cursor: string | null,
    limit: number,
  ): Promise<ChatListPage>;
  search(accountId: string, query: string): Promise<ChatListItem[]>;
  history(
    accountId: string,
    chatId: string,
    beforeId: number | null,
    limit: number,
  ): Promise<HistoryPage>;
  send(accountId: string, chatId: string, text: string, replyToId: number | null): ChatMessage;
  retry(accountId: string, chatId: string, localId: string): ChatMessage;
  discard(accountId: string, chatId: string, localId: string): void;
  read(accountId: string, chatId: string, maxId: number): void;
  photo(accountId: string, chatId: string, messageId: number): Promise<string | null>;
  inbox(tagIds: readonly string[]): InboxState;
  /** The lock: every list, cache and pending state goes. */
  lock(): void;
  /** An account left Gramdeck: its lists, cache, sends and inbox items go. */
  forgetAccount(accountId: string): void;
  onChange(listener: (change: MessagesServiceChange) => void): () => void;
  /** How many messages the cache holds (the bench and tests). */
  cachedMessages(): number;
}

export interface MessagesServiceOptions {
  accounts: MessagesAccounts;
  notifications: NotificationService;
  tagIdsOf: (accountId: string) => readonly string[];
  logger: Logger;
  clock: Clock;
  timers: Timers;
  limits?: Partial<CacheLimits>;
  /** Chats of the first page each account loads for the inbox (default 100). */
  firstPageSize?: number;
  /** Accounts whose first page loads at once (default 4). */
  loadConcurrency?: number;
  /** A search reads at most this many more pages per folder (default 50). */
  searchMaxPages?: number;
  /** Window in which chat and inbox changes are merged (default 50 ms). */
  coalesceMs?: number;
  /** How long a read waits for a later one of the same chat (default 300 ms). */
  readDebounceMs?: number;
  /** A random 64-bit id, as a decimal string. */
  newRandomId?: () => string;
}

interface AccountLists {
  chats: Map<string, ChatListItem>;
  /** Folders whose first page was read (their order is the renderer's). */
  loaded: Set<ChatFolder>;
  /** Every page of both folders was read once (for search). */
  allRead: Promise<void> | null;
}

interface PendingSend {
  accountId: string;
  message: ChatMessage;
  text: string;
  replyToId: number | null;
}

const offlineWords: Partial<Record<AccountStatus['kind'], string>> = {
  locked: 'The message was not sent: Gramdeck is locked.',
  'logged-out': 'The message was not sent: this account is logged out.',
};

export function createMessagesService(options: MessagesServiceOptions): MessagesService {
  const { accounts, notifications, timers, clock } = options;
  const log = options.logger.child({ scope: 'messages' });
  const limits = { ...defaultCacheLimits, ...options.limits };
  const firstPageSize = options.firstPageSize ?? 100;
  const loadConcurrency = Math.max(1, options.loadConcurrency ?? 4);
  const searchMaxPages = options.searchMaxPages ?? 50;
  const coalesceMs = options.coalesceMs ?? 50;
  const readDebounceMs = options.readDebounceMs ?? 300;
  const newRandomId =
    options.newRandomId ?? (() => BigInt.asIntN(64, randomBytes(8).readBigUInt64BE()).toString());

  const cache = createMessageCache(limits);
  const inbox = createUnifiedInbox({ timers, coalesceMs });
  const lists = new Map<string, AccountLists>();
  const sends = new Map<string, PendingSend>();
  const reads = new Map<string, { maxId: number; cancel: () => void }>();
  const listeners = new Set<(change: MessagesServiceChange) => void>();
  const unsubscribers: (() => void)[] = [];
  /** Changed chats waiting to be pushed, per account. */
  const chatChanges = new Map<string, { chats: Map<string, ChatListItem>; removed: Set<string> }>();
  let cancelChatFlush: (() => void) | null = null;
  /** Unknown chats waiting for `getDialogs`, per account, and the latest message of each. */
  const unknown = new Map<string, Map<string, ChatMessage>>();
  let cancelUnknownFetch: (() => void) | null = null;
  /** Bumped at the lock: work started before it finds itself stale. */
  let generation = 0;
  let localCounter = 0;
  const names = new Map<string, string>();
  /** Background first-page loads for the inbox. */
  const loadQueue: string[] = [];
  const queued = new Set<string>();
  const wasOnline = new Set<string>();
  let loading = 0;
  /** A restore runs: the inbox's first pages wait for its end. */
  let isRestoring = false;

  function emit(change: MessagesServiceChange): void {
    for (const listener of [...listeners]) {
      try {
        listener(change);
      } catch {
        log.log('warn', 'A messages change listener failed', { event: change.event });
      }
    }
  }

  function listsOf(accountId: string): AccountLists {
    let entry = lists.get(accountId);
    if (!entry) {
      entry = { chats: new Map(), loaded: new Set(), allRead: null };
      lists.set(accountId, entry);
    }
    return entry;
  }

  // --- chat list upkeep --------------------------------------------------------------------------

  function flushChats(): void {
    cancelChatFlush = null;
    const changes = [...chatChanges];
    chatChanges.clear();
    for (const [accountId, change] of changes) {
      emit({
        event: 'chats:changed',
        payload: { accountId, chats: [...change.chats.values()], removed: [...change.removed] },
      });
    }
  }

  function pendingChatChange(accountId: string) {
    let change = chatChanges.get(accountId);
    if (!change) {
      change = { chats: new Map(), removed: new Set() };
      chatChanges.set(accountId, change);
    }
    cancelChatFlush ??= timers.schedule(flushChats, coalesceMs);
    return change;
  }

  /** Stores the chat; pushes it (coalesced) when it changed and `push` is set. */
  function setChat(accountId: string, chat: ChatListItem, push = true): void {
    const own = listsOf(accountId);
    const before = own.chats.get(chat.id);
    own.chats.set(chat.id, chat);
    if (before && sameChat(before, chat)) return;
    inbox.setChat(accountId, chat);
    if (!push) return;
    const change = pendingChatChange(accountId);
    change.chats.set(chat.id, chat);
    change.removed.delete(chat.id);
  }

  function removeChat(accountId: string, chatId: string): void {
    if (!listsOf(accountId).chats.delete(chatId)) return;
    inbox.removeChat(accountId, chatId);
    const change = pendingChatChange(accountId);
    change.chats.delete(chatId);
    change.removed.add(chatId);
  }

  /** Reads these chats' dialogs again (a read Telegram did not count for us, a deleted last message). */
  async function refetchDialogs(
    accountId: string,
    chatIds: readonly string[],
  ): Promise<ChatListItem[] | null> {
    const started = generation;
    try {
      const chats = await accounts.call(accountId, (c) => c.getDialogs(chatIds));
      if (started !== generation || !lists.has(accountId)) return null;
      for (const chat of chats) setChat(accountId, chat);
      return chats;
    } catch (error) {
      log.log('info', 'Reading dialogs again failed', { account: accountId, code: codeOf(error) });
      return null;
    }
  }

  function fetchUnknownSoon(accountId: string, message: ChatMessage): void {
    let chats = unknown.get(accountId);
    if (!chats) {
      chats = new Map();
      unknown.set(accountId, chats);
    }
    chats.set(message.chatId, message);
    cancelUnknownFetch ??= timers.schedule(() => {
      cancelUnknownFetch = null;
      const batches = [...unknown];
      unknown.clear();
      for (const [id, byChat] of batches) {
        void refetchDialogs(id, [...byChat.keys()]).then((found) => {
          for (const chat of found ?? []) {
            const latest = byChat.get(chat.id);
            if (latest) notifications.consider(id, nameOf(id), chat, latest);
          }
          // A dialog Telegram would not give by id (no access hash yet): the first page has it.
          if (!found || found.length < byChat.size) void rereadDialogs(id, null);
        });
      }
    }, coalesceMs);
  }

  // --- pushes to the conversation view -----------------------------------------------------------

  /** The renderer has this chat's history open or cached: only then do its messages go out. */
  function isViewed(accountId: string, chatId: string): boolean {
    return cache.get(accountId, chatId) !== undefined;
  }

  function pushMessages(accountId: string, chatId: string, messages: ChatMessage[]): void {
    if (!isViewed(accountId, chatId)) return;
    emit({ event: 'messages:changed', payload: { kind: 'upsert', accountId, chatId, messages } });
  }

  // --- Telegram's events -------------------------------------------------------------------------

  function onEvent(accountId: string, event: TelegramEvent): void {
    switch (event.kind) {
      case 'message-new': {
        const { message } = event;
        if (cache.upsert(accountId, message)) pushMessages(accountId, message.chatId, [message]);
        const chat = listsOf(accountId).chats.get(message.chatId);
        if (!chat) {
          fetchUnknownSoon(accountId, message);
          return;
        }
        const next = withNewMessage(chat, message);
        if (next === chat) return;
        setChat(accountId, next);
        notifications.consider(accountId, nameOf(accountId), next, message);
        return;
      }
      case 'message-edited': {
        const { message } = event;
        if (cache.get(accountId, message.chatId)?.messages.some((m) => m.id === message.id)) {
          cache.upsert(accountId, message);
          pushMessages(accountId, message.chatId, [message]);
        }
        const chat = listsOf(accountId).chats.get(message.chatId);
        if (chat) setChat(accountId, withEditedMessage(chat, message));
        return;
      }
      case 'messages-deleted': {
        for (const chatId of cache.remove(accountId, event.chatId, event.ids)) {
          emit({
            event: 'messages:changed',
            payload: { kind: 'delete', accountId, chatId, ids: event.ids },
          });
        }
        const ids = new Set(event.ids);
        const stale = [...listsOf(accountId).chats.values()]
          .filter((c) => (event.chatId === null ? !c.id.startsWith('h') : c.id === event.chatId))
          .filter((c) => c.lastMessageId !== null && ids.has(c.lastMessageId))
          .map((c) => c.id);
        if (stale.length > 0) void refetchDialogs(accountId, stale);
        return;
      }
      case 'read': {
        const chat = listsOf(accountId).chats.get(event.chatId);
        if (chat) {
          let next = chat;
          let isExact = true;
          if (event.readInboxMaxId !== null) {
            ({ chat: next, isExact } = withReadInbox(
              chat,
              event.readInboxMaxId,
              incomingAfter(accountId, event.chatId, event.readInboxMaxId),
            ));
          }
          if (event.readOutboxMaxId !== null && event.readOutboxMaxId > next.readOutboxMaxId) {
            next = { ...next, readOutboxMaxId: event.readOutboxMaxId };
          }
          setChat(accountId, next);
          if (!isExact) void refetchDialogs(accountId, [event.chatId]);
          if (isViewed(accountId, event.chatId)) {
            emit({
              event: 'messages:changed',
              payload: {
                kind: 'read',
                accountId,
                chatId: event.chatId,
                readInboxMaxId: next.readInboxMaxId,
                readOutboxMaxId: next.readOutboxMaxId,
              },
            });
          }
        }
        return;
      }
      case 'dialogs-changed':
        void rereadDialogs(accountId, event.chatIds);
        return;
      default:
        return;
    }
  }

  /** Incoming messages above `maxId`, when the cache holds every message after it. */
  function incomingAfter(accountId: string, chatId: string, maxId: number): number | null {
    const cached = cache.get(accountId, chatId);
    const oldest = cached?.messages[0];
    if (!cached || !oldest || (oldest.id > maxId && cached.hasOlder)) return null;
    return cached.messages.filter((m) => m.id > maxId && !m.isOutgoing).length;
  }

  async function rereadDialogs(accountId: string, chatIds: string[] | null): Promise<void> {
    if (chatIds !== null) {
      const chats = await refetchDialogs(accountId, chatIds);
      if (!chats) return;
      // A chat Telegram no longer has a dialog for was left or deleted.
      const found = new Set(chats.map((c) => c.id));
      for (const chatId of chatIds) if (!found.has(chatId)) removeChat(accountId, chatId);
      return;
    }
    const own = lists.get(accountId);
    if (!own) return;
    const started = generation;
    for (const folder of [...own.loaded]) {
      try {
        const page = await accounts.call(accountId, (c) =>
          c.listDialogs(folder, null, firstPageSize),
        );
        if (started !== generation || !lists.has(accountId)) return;
        for (const chat of page.chats) setChat(accountId, chat);
      } catch (error) {
        log.log('info', 'Reading the chat list again failed', {
          account: accountId,
          code: codeOf(error),
        });
      }
    }
  }

  // --- the inbox's background loads -------------------------------------------------------------

  function onAccounts(change: AccountsChanged): void {
    const { rows, removed, restore } = changedRows(change);
    const wasRestoring = isRestoring;
    isRestoring = restore !== null;
    for (const account of rows) {
      names.set(account.id, account.displayName);
      const isOnline = account.status.kind === 'online';
      if (isOnline && !wasOnline.has(account.id)) {
        wasOnline.add(account.id);
        if (!listsOf(account.id).loaded.has('main')) enqueueLoad(account.id);
      } else if (!isOnline) {
        wasOnline.delete(account.id);
        if (account.status.kind === 'logged-out') forgetAccount(account.id);
      }
    }
    const present = removed === null ? new Set(rows.map((a) => a.id)) : null;
    const gone = removed ?? [...names.keys()].filter((id) => !present?.has(id));
    for (const id of gone) if (names.has(id)) forgetAccount(id);
    if (wasRestoring && !isRestoring) pump();
  }

  function enqueueLoad(accountId: string): void {
    if (queued.has(accountId)) return;
    queued.add(accountId);
    loadQueue.push(accountId);
    inbox.setPending(accountId, 'loading');
    pump();
  }

  function pump(): void {
    while (!isRestoring && loading < loadConcurrency && loadQueue.length > 0) {
      const accountId = loadQueue.shift();
      if (accountId === undefined) return;
      loading++;
      const started = generation;
      void loadFirstPage(accountId).finally(() => {
        if (started !== generation) return;
        loading--;
        queued.delete(accountId);
        pump();
      });
    }
  }

  async function loadFirstPage(accountId: string): Promise<void> {
    const started = generation;
    try {
      const page = await accounts.call(accountId, (c) =>
        c.listDialogs('main', null, firstPageSize),
      );
      if (started !== generation || !names.has(accountId)) return;
      const own = listsOf(accountId);
      own.loaded.add('main');
      for (const chat of page.chats) setChat(accountId, chat, false);
      inbox.setPending(accountId, null);
    } catch (error) {
      if (started !== generation) return;
      log.log('info', 'Loading a chat list for the inbox failed', {
        account: accountId,
        code: codeOf(error),
      });
      if (names.has(accountId)) inbox.setPending(accountId, 'failed');
    }
  }

  function nameOf(accountId: string): string {
    const known = names.get(accountId);
    if (known !== undefined) return known;
    const account = accounts.state().accounts.find((a) => a.id === accountId);
    return account?.displayName ?? 'Telegram';
  }

  // --- sending -----------------------------------------------------------------------------------

  function sendingMessage(
    accountId: string,
    chatId: string,
    text: string,
    replyToId: number | null,
  ): ChatMessage {
    const replied =
      replyToId === null
        ? undefined
        : cache.get(accountId, chatId)?.messages.find((m) => m.id === replyToId);
    return {
      id: -++localCounter,
      chatId,
      date: clock.now(),
      editedAt: null,
      isOutgoing: true,
      sender: null,
      text,
      entities: [],
      service: null,
      media: null,
      replyTo:
        replyToId === null
          ? null
          : {
              messageId: replyToId,
              sender: replied
                ? replied.isOutgoing
                  ? 'You'
                  : (replied.sender?.name ?? null)
                : null,
              preview: replied ? replied.text.slice(0, 120) || null : null,
            },
      forwardedFrom: null,
      isMention: false,
      state: 'sending',
      localId: newRandomId(),
      error: null,
    };
  }

  /** Fails at once when the account cannot send now; otherwise starts the send. */
  function dispatch(entry: PendingSend): ChatMessage {
    const status = accounts.statusOf(entry.accountId);
    if (status?.kind !== 'online') {
      const reason =
        (status && offlineWords[status.kind]) ??
        'The message was not sent: this account is offline. Reconnect it and try again.';
      entry.message = { ...entry.message, state: 'failed', error: reason };
      return entry.message;
    }
    entry.message = { ...entry.message, state: 'sending', error: null };
    void deliver(entry);
    return entry.message;
  }

  async function deliver(entry: PendingSend): Promise<void> {
    const { accountId, message } = entry;
    const localId = message.localId ?? '';
    const started = generation;
    try {
      const sent = await accounts.call(accountId, (c) =>
        c.sendMessage(message.chatId, entry.text, entry.replyToId, localId),
      );
      if (started !== generation || sends.get(localId) !== entry) return;
      sends.delete(localId);
      const final: ChatMessage = { ...sent, state: 'sent', localId, error: null };
      cache.upsert(accountId, final);
      pushMessages(accountId, message.chatId, [final]);
      const chat = listsOf(accountId).chats.get(message.chatId);
      if (chat) setChat(accountId, withNewMessage(chat, final));
    } catch (error) {
      if (started !== generation || sends.get(localId) !== entry) return;
      log.log('info', 'Sending a message failed', { account: accountId, code: codeOf(error) });
      entry.message = { ...entry.message, state: 'failed', error: sendFailureWords(error) };
      pushMessages(accountId, message.chatId, [entry.message]);
    }
  }

  function pendingOf(accountId: string, chatId: string, localId: string): PendingSend {
    const entry = sends.get(localId);
    if (!entry || entry.accountId !== accountId || entry.message.chatId !== chatId) {
      throw failure('NOT_FOUND', { message: 'That message is no longer waiting to be sent.' });
    }
    return entry;
  }

  // --- reading -----------------------------------------------------------------------------------

  function markRead(accountId: string, chatId: string, maxId: number): void {
    const chat = listsOf(accountId).chats.get(chatId);
    if (chat) {
      const { chat: next } = withReadInbox(chat, maxId, incomingAfter(accountId, chatId, maxId));
      setChat(accountId, next);
    }
  }

  async function sendRead(accountId: string, chatId: string, maxId: number): Promise<void> {
    const started = generation;
    try {
      await accounts.call(accountId, (c) => c.readHistory(chatId, maxId));
      if (started !== generation) return;
      accounts.refreshUnread(accountId);
      const chat = lists.get(accountId)?.chats.get(chatId);
      // A partial read: Telegram counts what is left.
      if (chat && chat.unreadCount > 0) await refetchDialogs(accountId, [chatId]);
    } catch (error) {
      log.log('info', 'Marking a chat read failed', { account: accountId, code: codeOf(error) });
    }
  }

  // --- the lock and removal ----------------------------------------------------------------------

  function forgetAccount(accountId: string): void {
    lists.delete(accountId);
    cache.dropAccount(accountId);
    inbox.dropAccount(accountId);
    names.delete(accountId);
    wasOnline.delete(accountId);
    chatChanges.delete(accountId);
    unknown.delete(accountId);
    for (const [localId, entry] of sends) if (entry.accountId === accountId) sends.delete(localId);
    for (const [key, read] of reads) {
      if (key.startsWith(`${accountId}:`)) {
        read.cancel();
        reads.delete(key);
      }
    }
    const at = loadQueue.indexOf(accountId);
    if (at >= 0) {
      loadQueue.splice(at, 1);
      queued.delete(accountId);
    }
  }

  function lock(): void {
    generation++;
    lists.clear();
    cache.clear();
    inbox.clear();
    sends.clear();
    for (const read of reads.values()) read.cancel();
    reads.clear();
    chatChanges.clear();
    cancelChatFlush?.();
    cancelChatFlush = null;
    unknown.clear();
    cancelUnknownFetch?.();
    cancelUnknownFetch = null;
    loadQueue.length = 0;
    queued.clear();
    wasOnline.clear();
    loading = 0;
    notifications.dropPending();
  }

  // --- the service -------------------------------------------------------------------------------

  return {
    start() {
      unsubscribers.push(
        accounts.onConnectionEvent(onEvent),
        accounts.onChange((change) => {
          if (change.kind === 'accounts') onAccounts(change.state);
        }),
        inbox.onChange((payload) => {
          emit({ event: 'unread:changed', payload });
        }),
        notifications.onChange((payload) => {
          emit({ event: 'notifications:changed', payload });
        }),
        notifications.onAlert((payload) => {
          emit({ event: 'alerts:changed', payload });
        }),
      );
      onAccounts(accounts.state());
    },

    stop() {
      for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
      lock();
    },

    async list(accountId, folder, cursor, limit) {
      const started = generation;
      const page = await accounts.call(accountId, (c) => c.listDialogs(folder, cursor, limit));
      if (started === generation) {
        const own = listsOf(accountId);
        if (cursor === null) own.loaded.add(folder);
        for (const chat of page.chats) setChat(accountId, chat, false);
        if (folder === 'main' && cursor === null) inbox.setPending(accountId, null);
      }
      return page;
    },

    async search(accountId, query) {
      const own = listsOf(accountId);
      own.allRead ??= (async () => {
        const started = generation;
        for (const folder of ['main', 'archive'] as const) {
          let cursor: string | null = null;
          for (let pages = 0; pages < searchMaxPages; pages++) {
            const at: string | null = cursor;
            const page: ChatListPage = await accounts.call(accountId, (c) =>
              c.listDialogs(folder, at, 100),
            );
            if (started !== generation) return;
            for (const chat of page.chats) setChat(accountId, chat, false);
            cursor = page.cursor;
            if (cursor === null) break;
          }
        }
      })().catch((error: unknown) => {
        own.allRead = null;
        throw error;
      });
      await own.allRead;
      const needle = query.trim().toLocaleLowerCase();
      return [...listsOf(accountId).chats.values()]
        .filter((chat) => chat.title.toLocaleLowerCase().includes(needle))
        .sort((a, b) => (b.lastMessageAt ?? 0) - (a.lastMessageAt ?? 0))
        .slice(0, 100);
    },

    async history(accountId, chatId, beforeId, limit) {
      const started = generation;
      const cached = cache.touch(accountId, chatId);
      let chat = listsOf(accountId).chats.get(chatId);
      const answer = (messages: ChatMessage[], hasOlder: boolean): HistoryPage => {
        const local =
          beforeId === null
            ? [...sends.values()]
                .filter((s) => s.accountId === accountId && s.message.chatId === chatId)
                .map((s) => s.message)
            : [];
        return {
          chatId,
          messages: [...messages, ...local],
          hasOlder,
          readInboxMaxId: chat?.readInboxMaxId ?? 0,
          readOutboxMaxId: chat?.readOutboxMaxId ?? 0,
          unreadCount: chat?.unreadCount ?? 0,
        };
      };
      const held = cached.messages;
      const first = held[0];
      if (beforeId === null && (held.length >= limit || (!cached.hasOlder && first))) {
        const slice = held.slice(-limit);
        if (chat) return answer(slice, slice.length < held.length || cached.hasOlder);
      }
      if (beforeId !== null && first) {
        const older = held.filter((m) => m.id < beforeId);
        if (older.length >= limit || (!cached.hasOlder && first.id <= beforeId)) {
          const slice = older.slice(-limit);
          return answer(slice, slice.length < older.length || cached.hasOlder);
        }
      }
      const [messages, dialogs] = await Promise.all([
        accounts.call(accountId, (c) => c.getHistory(chatId, beforeId, limit)),
        chat ? Promise.resolve(null) : accounts.call(accountId, (c) => c.getDialogs([chatId])),
      ]);
      if (started === generation) {
        cache.storePage(accountId, chatId, beforeId, messages, messages.length >= limit);
        const found = dialogs?.find((d) => d.id === chatId);
        if (found) {
          setChat(accountId, found, false);
          chat = found;
        }
      }
      return answer(messages, messages.length >= limit);
    },

    send(accountId, chatId, text, replyToId) {
      if (accounts.statusOf(accountId) === null) {
        throw failure('NOT_FOUND', { message: 'There is no such account in Gramdeck.' });
      }
      cache.touch(accountId, chatId);
      const message = sendingMessage(accountId, chatId, text, replyToId);
      const entry: PendingSend = { accountId, message, text, replyToId };
      sends.set(message.localId ?? '', entry);
      return dispatch(entry);
    },

    retry(accountId, chatId, localId) {
      const entry = pendingOf(accountId, chatId, localId);
      if (entry.message.state !== 'failed') return entry.message;
      return dispatch(entry);
    },

    discard(accountId, chatId, localId) {
      const entry = pendingOf(accountId, chatId, localId);
      if (entry.message.state !== 'failed') {
        throw failure('VALIDATION', { message: 'That message is still being sent.' });
      }
      sends.delete(localId);
    },

    read(accountId, chatId, maxId) {
      markRead(accountId, chatId, maxId);
      if (isViewed(accountId, chatId)) {
        const chat = listsOf(accountId).chats.get(chatId);
        emit({
          event: 'messages:changed',
          payload: {
            kind: 'read',
            accountId,
            chatId,
            readInboxMaxId: chat?.readInboxMaxId ?? maxId,
            readOutboxMaxId: chat?.readOutboxMaxId ?? 0,
          },
        });
      }
      const key = `${accountId}:${chatId}`;
      const earlier = reads.get(key);
      earlier?.cancel();
      const upTo = Math.max(maxId, earlier?.maxId ?? 0);
      reads.set(key, {
        maxId: upTo,
        cancel: timers.schedule(() => {
          reads.delete(key);
          void sendRead(accountId, chatId, upTo);
        }, readDebounceMs),
      });
    },

    photo(accountId, chatId, messageId) {
      return accounts.call(accountId, (c) => c.downloadPhoto(chatId, messageId));
    },

    inbox(tagIds) {
      if (tagIds.length === 0) return inbox.list(() => true);
      const wanted = new Set(tagIds);
      const verdicts = new Map<string, boolean>();
      return inbox.list((accountId) => {
        let verdict = verdicts.get(accountId);
        if (verdict === undefined) {
          verdict = options.tagIdsOf(accountId).some((id) => wanted.has(id));
          verdicts.set(accountId, verdict);
        }
        return verdict;
      });
    },

    lock,
    forgetAccount,

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    cachedMessages: () => cache.size(),
  };
}

function codeOf(error: unknown): string {
  return isAppFailure(error) ? error.code : 'unknown';
}
