import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChatMessage } from '../../../../electron/shared/chat-dto';
import type { AppError } from '../../../../electron/shared/errors';
import { invoke } from '../../lib/call';
import { useEvent } from '../../lib/use-event';
import { firstUnreadId, removeLocal, removeMessages, upsertMessages } from './timeline';

export const PAGE_SIZE = 50;

export interface HistoryState {
  messages: ChatMessage[];
  hasOlder: boolean;
  readInboxMaxId: number;
  readOutboxMaxId: number;
  /** The first unread message when the chat opened: where the unread separator stays. */
  unreadFromId: number | null;
  status: 'loading' | 'ready' | 'failed';
  error: AppError | null;
  isLoadingOlder: boolean;
}

const initial: HistoryState = {
  messages: [],
  hasOlder: false,
  readInboxMaxId: 0,
  readOutboxMaxId: 0,
  unreadFromId: null,
  status: 'loading',
  error: null,
  isLoadingOlder: false,
};

/** A chat's loaded history: the newest page first, older pages on demand, live from pushes. */
export function useHistory(accountId: string, chatId: string) {
  const [state, setState] = useState<HistoryState>(initial);
  const [generation, setGeneration] = useState(0);
  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  });

  useEffect(() => {
    let isCurrent = true;
    void invoke('chats:history', { accountId, chatId, beforeId: null, limit: PAGE_SIZE }).then(
      (result) => {
        if (!isCurrent) return;
        if (!result.ok) {
          setState((s) => ({ ...s, status: 'failed', error: result.error }));
          return;
        }
        const page = result.value;
        setState((s) => {
          const messages = upsertMessages(s.messages, page.messages);
          return {
            ...s,
            messages,
            hasOlder: page.hasOlder,
            readInboxMaxId: Math.max(s.readInboxMaxId, page.readInboxMaxId),
            readOutboxMaxId: Math.max(s.readOutboxMaxId, page.readOutboxMaxId),
            unreadFromId:
              page.unreadCount > 0 ? firstUnreadId(messages, page.readInboxMaxId) : null,
            status: 'ready',
            error: null,
          };
        });
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [accountId, chatId, generation]);

  const loadOlder = useCallback(() => {
    const s = latest.current;
    if (s.status !== 'ready' || !s.hasOlder || s.isLoadingOlder) return;
    const oldest = s.messages.find((m) => m.state === 'sent' && m.id > 0);
    if (oldest === undefined) return;
    setState((x) => ({ ...x, isLoadingOlder: true }));
    void invoke('chats:history', {
      accountId,
      chatId,
      beforeId: oldest.id,
      limit: PAGE_SIZE,
    }).then((result) => {
      setState((x) =>
        result.ok
          ? {
              ...x,
              messages: upsertMessages(x.messages, result.value.messages),
              hasOlder: result.value.hasOlder,
              isLoadingOlder: false,
            }
          : { ...x, isLoadingOlder: false, error: result.error },
      );
    });
  }, [accountId, chatId]);

  useEvent('messages:changed', (change) => {
    if (change.accountId !== accountId || change.chatId !== chatId) return;
    setState((s) => {
      switch (change.kind) {
        case 'upsert':
          return { ...s, messages: upsertMessages(s.messages, change.messages) };
        case 'delete':
          return { ...s, messages: removeMessages(s.messages, change.ids) };
        case 'read':
          return {
            ...s,
            readInboxMaxId: Math.max(s.readInboxMaxId, change.readInboxMaxId),
            readOutboxMaxId: Math.max(s.readOutboxMaxId, change.readOutboxMaxId),
          };
      }
    });
  });

  const upsert = useCallback((messages: ChatMessage[]) => {
    setState((s) => ({ ...s, messages: upsertMessages(s.messages, messages) }));
  }, []);
  const discard = useCallback((localId: string) => {
    setState((s) => ({ ...s, messages: removeLocal(s.messages, localId) }));
  }, []);
  const markedRead = useCallback((maxId: number) => {
    setState((s) => ({ ...s, readInboxMaxId: Math.max(s.readInboxMaxId, maxId) }));
  }, []);
  const reload = useCallback(() => {
    setState(initial);
    setGeneration((g) => g + 1);
  }, []);

  return { state, loadOlder, upsert, discard, markedRead, reload };
}
