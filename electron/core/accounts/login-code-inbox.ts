/**
 * The login-code inbox: the last service messages from Telegram (777000) of each account, with
 * the code read out, while the app is unlocked. The lock drops every inbox; while locked nothing
 * is fetched or kept, and a message that arrives (with "stay connected while locked") only raises
 * a `LoginCodeNotice` without the code. Unlocked again, an inbox is fetched anew from Telegram.
 */
import type { LoginCodeMessage } from '../../shared/dto';
import { failure } from '../../shared/error-words';
import type { Logger, ServiceMessage } from '../ports';

const INBOX_SIZE = 20;

/**
 * A login code that arrived live, for the OS notification. It stays in main (it is not a push
 * event) and, while the app is locked, carries no code.
 */
export interface LoginCodeNotice {
  accountId: string;
  messageId: string;
  accountName: string;
  receivedAt: number;
  /** The app was locked when it arrived: the message was neither kept nor read for a code. */
  isLocked: boolean;
  /** Whether the message holds a code (read only while unlocked). */
  hasCode: boolean;
  /** The code, while unlocked; always null while locked. */
  code: string | null;
}

/** An account's inbox after a live message changed it. */
export interface InboxChange {
  accountId: string;
  messages: LoginCodeMessage[];
}

export interface LoginCodeInboxOptions {
  /** Whether the app is locked now (the vault's status, not only its key). */
  isLocked: () => boolean;
  log: Logger;
  onChange: (change: InboxChange) => void;
}

export interface LoginCodeInbox {
  /** A service message that arrived live on an account's connection. */
  receive(account: { id: string; name: string }, message: ServiceMessage): void;
  /**
   * The account's inbox, newest first. The first call after unlock loads the history through
   * `fetchHistory`; fails with `LOCKED` while locked, also when the lock came during the load.
   */
  list(
    accountId: string,
    fetchHistory: (limit: number) => Promise<ServiceMessage[]>,
  ): Promise<LoginCodeMessage[]>;
  /** The account is gone. */
  forget(accountId: string): void;
  /** The lock: every inbox leaves memory. */
  dropAll(): void;
  /** Subscribes to live login codes (main only); returns the function that unsubscribes. */
  onLoginCode(listener: (notice: LoginCodeNotice) => void): () => void;
}

export function createLoginCodeInbox(options: LoginCodeInboxOptions): LoginCodeInbox {
  const { isLocked, log, onChange } = options;
  /** No entry: not loaded since the last unlock. */
  const inboxes = new Map<string, LoginCodeMessage[]>();
  const codeListeners = new Set<(notice: LoginCodeNotice) => void>();

  function notify(notice: LoginCodeNotice): void {
    for (const listener of [...codeListeners]) {
      try {
        listener(notice);
      } catch {
        log.log('warn', 'A login code listener failed', { account: notice.accountId });
      }
    }
  }

  return {
    receive(account, message) {
      if (isLocked()) {
        notify({
          accountId: account.id,
          messageId: message.id,
          accountName: account.name,
          receivedAt: message.date,
          isLocked: true,
          hasCode: false,
          code: null,
        });
        return;
      }
      const item = toLoginCode(account.id, message);
      const current = inboxes.get(account.id) ?? [];
      const isNew = !current.some((m) => m.id === item.id);
      const inbox = [item, ...current.filter((m) => m.id !== item.id)]
        .sort((a, b) => b.receivedAt - a.receivedAt)
        .slice(0, INBOX_SIZE);
      inboxes.set(account.id, inbox);
      onChange({ accountId: account.id, messages: inbox.map((m) => ({ ...m })) });
      if (isNew) {
        notify({
          accountId: account.id,
          messageId: item.id,
          accountName: account.name,
          receivedAt: item.receivedAt,
          isLocked: false,
          hasCode: item.code !== null,
          code: item.code,
        });
      }
    },

    async list(accountId, fetchHistory) {
      if (isLocked()) throw failure('LOCKED', { message: 'Unlock Gramdeck first.' });
      let inbox = inboxes.get(accountId);
      if (inbox === undefined) {
        const messages = await fetchHistory(INBOX_SIZE);
        // The app may have locked while the history was loading: keep nothing then.
        if (isLocked()) throw failure('LOCKED', { message: 'Unlock Gramdeck first.' });
        const fetched = messages.map((m) => toLoginCode(accountId, m));
        // Live messages may have arrived while the history was loading.
        const live = inboxes.get(accountId) ?? [];
        const ids = new Set(live.map((m) => m.id));
        inbox = [...live, ...fetched.filter((m) => !ids.has(m.id))]
          .sort((a, b) => b.receivedAt - a.receivedAt)
          .slice(0, INBOX_SIZE);
        inboxes.set(accountId, inbox);
      }
      return inbox.map((m) => ({ ...m }));
    },

    forget(accountId) {
      inboxes.delete(accountId);
    },

    dropAll() {
      inboxes.clear();
    },

    onLoginCode(listener) {
      codeListeners.add(listener);
      return () => codeListeners.delete(listener);
    },
  };
}

function toLoginCode(accountId: string, m: ServiceMessage): LoginCodeMessage {
  const match = /\b(\d{5,6})\b/.exec(m.text) ?? /\b(\d{3}-\d{3})\b/.exec(m.text);
  return {
    id: m.id,
    accountId,
    text: m.text.slice(0, 2000),
    code: match?.[1] ?? null,
    receivedAt: m.date,
  };
}
