import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import type { ChatFolder, ChatListItem } from '../../../../electron/shared/chat-dto';
import type { AppError } from '../../../../electron/shared/errors';
import { formatUnread } from '../../lib/account-status';
import { invoke } from '../../lib/call';
import { useEvent } from '../../lib/use-event';
import { Spinner } from '../../ui/spinner';
import { formatWhen } from '../../lib/format-when';
import {
  appendPage,
  applyChatsChange,
  applyToResults,
  chatRowLabel,
  rememberChats,
  sortChats,
} from './chat-list-model';
import { Icon } from './icons';
import './chats.css';

const PAGE = 50;
const ROW_HEIGHT = 64;
const SEARCH_DELAY_MS = 250;

interface ListState {
  chats: ChatListItem[];
  cursor: string | null;
  total: number | null;
  isLoading: boolean;
  error: AppError | null;
}

const empty: ListState = { chats: [], cursor: null, total: null, isLoading: true, error: null };

function ChatRow(props: {
  chat: ChatListItem;
  index: number;
  isCurrent: boolean;
  now: number;
  onOpen: () => void;
  onKeyDown: (event: KeyboardEvent<HTMLButtonElement>) => void;
}): ReactNode {
  const { chat } = props;
  return (
    <button
      type="button"
      data-index={props.index}
      aria-label={chatRowLabel(chat)}
      aria-current={props.isCurrent ? 'true' : undefined}
      onClick={props.onOpen}
      onKeyDown={props.onKeyDown}
    >
      <span
        className={`avatar avatar-small avatar-colour-${String(((chat.colorIndex % 8) + 8) % 8)}`}
        aria-hidden="true"
      >
        {chat.initials}
      </span>
      <span className="chat-row-main" aria-hidden="true">
        <span className="chat-row-title">
          {chat.title}
          {chat.isPinned ? (
            <span className="chat-flag" title="Pinned">
              <Icon name="pin" /> Pinned
            </span>
          ) : null}
          {chat.isMuted ? (
            <span className="chat-flag" title="Muted">
              <Icon name="bell-off" /> Muted
            </span>
          ) : null}
        </span>
        <span className="chat-row-last">
          {chat.lastMessageSender === null ? '' : `${chat.lastMessageSender}: `}
          {chat.lastMessage ?? ''}
        </span>
      </span>
      <span className="chat-row-meta" aria-hidden="true">
        {chat.lastMessageAt === null ? null : (
          <time dateTime={new Date(chat.lastMessageAt).toISOString()} className="muted">
            {formatWhen(chat.lastMessageAt, props.now)}
          </time>
        )}
        <span>
          {chat.unreadMentionsCount > 0 ? <span className="badge badge-mention">@</span> : null}
          {chat.unreadCount > 0 || chat.isMarkedUnread ? (
            <span className={chat.isMuted ? 'badge badge-muted' : 'badge'}>
              {chat.unreadCount > 0 ? formatUnread(chat.unreadCount) : ''}
            </span>
          ) : null}
        </span>
      </span>
    </button>
  );
}

/**
 * An account's chats: every dialog, paged as the user scrolls, pinned first, live from
 * `chats:changed`; the archive behind a toggle; search by name. Arrows move between chats,
 * Enter opens one.
 */
export function ChatList(props: {
  accountId: string;
  onOpen: (chatId: string) => void;
  currentChatId?: string | null;
}): ReactNode {
  const { accountId } = props;
  const [folder, setFolder] = useState<ChatFolder>('main');
  const [list, setList] = useState<ListState>(empty);
  const [generation, setGeneration] = useState(0);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ChatListItem[] | null>(null);
  const [searchError, setSearchError] = useState<string | null>(null);
  const [now] = useState(() => Date.now());
  const scrollRef = useRef<HTMLDivElement>(null);
  const loadingCursor = useRef<string | null>(null);

  // The first page of the folder.
  useEffect(() => {
    let isCurrent = true;
    loadingCursor.current = null;
    void invoke('chats:list', { accountId, folder, cursor: null, limit: PAGE }).then((result) => {
      if (!isCurrent) return;
      if (result.ok) {
        rememberChats(accountId, result.value.chats);
        setList({
          chats: sortChats(result.value.chats),
          cursor: result.value.cursor,
          total: result.value.total,
          isLoading: false,
          error: null,
        });
      } else setList({ ...empty, isLoading: false, error: result.error });
    });
    return () => {
      isCurrent = false;
    };
  }, [accountId, folder, generation]);

  const loadMore = (): void => {
    const { cursor } = list;
    if (cursor === null || loadingCursor.current === cursor || list.isLoading) return;
    loadingCursor.current = cursor;
    void invoke('chats:list', { accountId, folder, cursor, limit: PAGE }).then((result) => {
      if (!result.ok) {
        loadingCursor.current = null;
        setList((s) => ({ ...s, error: result.error }));
        return;
      }
      rememberChats(accountId, result.value.chats);
      setList((s) =>
        s.cursor !== cursor
          ? s
          : {
              ...s,
              chats: appendPage(s.chats, result.value.chats),
              cursor: result.value.cursor,
              total: result.value.total ?? s.total,
            },
      );
    });
  };

  // Search by name, once the user stops typing.
  const trimmed = query.trim();
  useEffect(() => {
    if (trimmed === '') {
      setResults(null);
      setSearchError(null);
      return;
    }
    let isCurrent = true;
    const timer = setTimeout(() => {
      void invoke('chats:search', { accountId, query: trimmed }).then((result) => {
        if (!isCurrent) return;
        if (result.ok) {
          rememberChats(accountId, result.value);
          setResults(result.value);
          setSearchError(null);
        } else {
          setResults([]);
          setSearchError(result.error.message);
        }
      });
    }, SEARCH_DELAY_MS);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [accountId, trimmed]);

  useEvent('chats:changed', (change) => {
    if (change.accountId !== accountId) return;
    rememberChats(accountId, change.chats);
    setList((s) => ({ ...s, chats: applyChatsChange(s.chats, change, folder) }));
    setResults((r) => (r === null ? r : applyToResults(r, change)));
  });

  const shown = results ?? list.chats;
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer returns fresh values each render by design; this component does not rely on memoization.
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => shown[index]?.id ?? index,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? -1;
  const shouldLoadMore = results === null && list.cursor !== null && lastShown >= shown.length - 10;
  useEffect(() => {
    if (shouldLoadMore) loadMore();
  });

  const focusRow = (index: number): void => {
    virtualizer.scrollToIndex(index, { align: 'auto' });
    requestAnimationFrame(() => {
      scrollRef.current
        ?.querySelector<HTMLButtonElement>(`button[data-index="${String(index)}"]`)
        ?.focus();
    });
  };
  const onRowKey = (index: number) => (event: KeyboardEvent<HTMLButtonElement>) => {
    const last = shown.length - 1;
    const next =
      event.key === 'ArrowDown'
        ? Math.min(last, index + 1)
        : event.key === 'ArrowUp'
          ? Math.max(0, index - 1)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    focusRow(next);
  };

  const listLabel =
    results !== null ? 'Search results' : folder === 'archive' ? 'Archived chats' : 'Chats';
  const searchId = `chat-search-${accountId}`;
  return (
    <div className="chat-browser">
      <div className="chat-browser-tools">
        <label htmlFor={searchId} className="visually-hidden">
          Search chats by name
        </label>
        <input
          id={searchId}
          type="search"
          className="input"
          placeholder="Search chats"
          value={query}
          maxLength={64}
          onChange={(event) => {
            setQuery(event.target.value);
          }}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown' && shown.length > 0) {
              event.preventDefault();
              focusRow(0);
            }
          }}
        />
        <button
          type="button"
          className="button button-small"
          aria-pressed={folder === 'archive'}
          onClick={() => {
            setList(empty);
            setFolder((f) => (f === 'main' ? 'archive' : 'main'));
          }}
        >
          Archive
        </button>
      </div>
      {folder === 'archive' && results === null ? (
        <p className="muted">Showing archived chats. Press Archive again to go back.</p>
      ) : null}
      <p className="visually-hidden" role="status" aria-live="polite">
        {results !== null
          ? (searchError ??
            `${String(results.length)} ${results.length === 1 ? 'chat' : 'chats'} found`)
          : ''}
      </p>
      {list.error !== null && results === null ? (
        <div className="panel-error">
          <p>{list.error.message}</p>
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              setList(empty);
              setGeneration((g) => g + 1);
            }}
          >
            Try again
          </button>
        </div>
      ) : list.isLoading && results === null ? (
        <div className="panel-loading">
          <Spinner label="Loading chats" />
        </div>
      ) : shown.length === 0 ? (
        <p className="muted">
          {results !== null
            ? (searchError ?? 'No chat has that name.')
            : folder === 'archive'
              ? 'The archive is empty.'
              : 'No chats yet.'}
        </p>
      ) : (
        <div
          ref={scrollRef}
          className="chat-scroll"
          role="list"
          aria-label={listLabel}
          aria-busy={results === null && list.cursor !== null}
        >
          <div className="virtual-canvas" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const chat = shown[item.index];
              if (chat === undefined) return null;
              return (
                <div
                  key={item.key}
                  role="listitem"
                  aria-setsize={results === null ? (list.total ?? -1) : shown.length}
                  aria-posinset={item.index + 1}
                  className="chat-row"
                  style={{ height: item.size, transform: `translateY(${String(item.start)}px)` }}
                >
                  <ChatRow
                    chat={chat}
                    index={item.index}
                    isCurrent={chat.id === props.currentChatId}
                    now={now}
                    onOpen={() => {
                      props.onOpen(chat.id);
                    }}
                    onKeyDown={onRowKey(item.index)}
                  />
                </div>
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}
