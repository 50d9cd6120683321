/**
 * Fixtures of the messages unit tests: chats and messages as the adapter gives them, and the
 * account manager's hook (`MessagesAccounts`) over fake connections of `test/support/fake-gateway`.
 */
import type { AccountsChange } from '../../../electron/core/accounts/account-manager';
import type { MessagesAccounts } from '../../../electron/core/messages/messages-service';
import type { TelegramConnection } from '../../../electron/core/ports';
import type { ChatListItem, ChatMessage } from '../../../electron/shared/chat-dto';
import type { AccountStatus, AccountSummary, RestoreProgress } from '../../../electron/shared/dto';
import { createFakeConnection, type FakeConnection } from '../../support/fake-gateway';

export function chat(id: string, extra: Partial<ChatListItem> = {}): ChatListItem {
  return {
    id,
    title: `Chat ${id}`,
    kind: 'user',
    initials: 'C',
    colorIndex: 0,
    unreadCount: 0,
    unreadMentionsCount: 0,
    isMarkedUnread: false,
    lastMessage: 'hello',
    lastMessageSender: null,
    lastMessageAt: 1_000,
    lastMessageId: 10,
    isPinned: false,
    isMuted: false,
    folder: 'main',
    readInboxMaxId: 10,
    readOutboxMaxId: 10,
    ...extra,
  };
}

export function message(chatId: string, id: number, extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id,
    chatId,
    date: id * 1000,
    editedAt: null,
    isOutgoing: false,
    sender: null,
    text: `message ${id}`,
    entities: [],
    service: null,
    media: null,
    replyTo: null,
    forwardedFrom: null,
    isMention: false,
    state: 'sent',
    localId: null,
    error: null,
    ...extra,
  };
}

/** A chat's history as `getHistory` pages it: ids 1..count, oldest first. */
export function historyOf(chatId: string, count: number) {
  const all = Array.from({ length: count }, (_, i) => message(chatId, i + 1));
  return (_chatId: string, beforeId: number | null, limit: number) => {
    const older = all.filter((m) => beforeId === null || m.id < beforeId);
    return Promise.resolve(older.slice(-limit));
  };
}

export interface FakeAccounts extends MessagesAccounts {
  connections: Map<string, FakeConnection>;
  statuses: Map<string, AccountStatus>;
  unreadRefreshes: string[];
  /** The restore the next `changed()` reports (none by default). */
  restore: RestoreProgress | null;
  /** Adds an online account whose connection has these overrides. */
  add(accountId: string, overrides?: Partial<TelegramConnection>): FakeConnection;
  /** Tells the service the account list changed (as the manager's coalesced push does). */
  changed(): void;
}

export function createFakeAccounts(): FakeAccounts {
  const connections = new Map<string, FakeConnection>();
  const statuses = new Map<string, AccountStatus>();
  const eventListeners = new Set<Parameters<MessagesAccounts['onConnectionEvent']>[0]>();
  const changeListeners = new Set<(change: AccountsChange) => void>();
  const state = () => ({
    accounts: [...statuses].map(
      ([id, status]) => ({ id, displayName: `Account ${id}`, status }) as AccountSummary,
    ),
    activeAccountId: null,
    restore: accounts.restore,
  });
  const accounts: FakeAccounts = {
    connections,
    statuses,
    unreadRefreshes: [],
    restore: null,
    add(accountId, overrides = {}) {
      const connection = createFakeConnection(
        {
          profile: { kind: 'test' },
          apiId: 1,
          apiHash: 'h',
          session: '',
          proxy: null,
          logLabel: accountId,
        },
        overrides,
      );
      connection.onEvent((event) => {
        for (const listener of [...eventListeners]) listener(accountId, event);
      });
      connections.set(accountId, connection);
      statuses.set(accountId, { kind: 'online' });
      return connection;
    },
    changed() {
      for (const listener of [...changeListeners]) listener({ kind: 'accounts', state: state() });
    },
    call(accountId, run) {
      const connection = connections.get(accountId);
      if (!connection) return Promise.reject(new Error('no such account'));
      return run(connection);
    },
    onConnectionEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    statusOf: (accountId) => statuses.get(accountId) ?? null,
    refreshUnread(accountId) {
      accounts.unreadRefreshes.push(accountId);
    },
    state,
    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
  };
  return accounts;
}

/** Lets every settled promise's continuation run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
