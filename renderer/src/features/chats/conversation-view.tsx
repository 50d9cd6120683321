import { useVirtualizer } from '@tanstack/react-virtual';
import {
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { ChatListItem, ChatMessage } from '../../../../electron/shared/chat-dto';
import { invoke } from '../../lib/call';
import { useEvent } from '../../lib/use-event';
import { Spinner } from '../../ui/spinner';
import { knownChat, rememberChats } from './chat-list-model';
import { Composer } from './composer';
import { Icon } from './icons';
import { type MessageActions, MessageRow } from './message-row';
import { buildRows, isLocal, type TimelineRow } from './timeline';
import { useHistory } from './use-history';
import './chats.css';

/** How close to an edge (px) counts as being at it. */
const EDGE = 48;

/**
 * One chat's conversation: its history (virtualized, older pages as the user scrolls up, the
 * position kept), live updates, read marking and the composer. Embeddable: the inbox shows it
 * too.
 */
export function ConversationView(props: {
  accountId: string;
  chatId: string;
  onBack?: () => void;
}): ReactNode {
  return <Conversation key={`${props.accountId}:${props.chatId}`} {...props} />;
}

function estimate(row: TimelineRow | undefined): number {
  if (row === undefined || row.kind !== 'message') return 36;
  const m = row.message;
  if (m.media?.kind === 'photo') return 300;
  return 56 + Math.floor(m.text.length / 60) * 20;
}

/** Where the newest rows are, by the estimates: the offset that shows the end of the history. */
function bottomOffset(rows: readonly TimelineRow[]): number {
  let total = 0;
  for (const row of rows) total += estimate(row);
  return Math.max(0, total - window.innerHeight);
}

function isWindowActive(): boolean {
  return document.visibilityState === 'visible' && document.hasFocus();
}

function Conversation(props: {
  accountId: string;
  chatId: string;
  onBack?: () => void;
}): ReactNode {
  const { accountId, chatId } = props;
  const history = useHistory(accountId, chatId);
  const { state } = history;
  const [chat, setChat] = useState<ChatListItem | null>(() => knownChat(accountId, chatId));
  const [replyTo, setReplyTo] = useState<ChatMessage | null>(null);
  const [highlightId, setHighlightId] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [alert, setAlert] = useState('');
  const [newCount, setNewCount] = useState(0);
  const [now] = useState(() => Date.now());
  const scrollRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const isAtBottom = useRef(true);
  const anchor = useRef<{ key: string; delta: number } | null>(null);
  const didOpen = useRef(false);
  const lastRowKey = useRef<string | null>(null);
  const readRequested = useRef(0);

  useEvent('chats:changed', (change) => {
    if (change.accountId !== accountId) return;
    const mine = change.chats.find((c) => c.id === chatId);
    if (mine !== undefined) {
      rememberChats(accountId, [mine]);
      setChat(mine);
    }
  });

  const rows = useMemo(
    () => buildRows(state.messages, state.unreadFromId, now),
    [state.messages, state.unreadFromId, now],
  );

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer returns fresh values each render by design; this component does not rely on memoization.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => estimate(rows[index]),
    overscan: 6,
    // The first rows drawn are the newest ones, in a viewport-sized window: no render of the top
    // of the history first, then of its end.
    initialRect: { width: 0, height: window.innerHeight },
    initialOffset: () => bottomOffset(rows),
    getItemKey: (index) => rows[index]?.key ?? index,
  });

  /** Marks read up to the newest message in view, while the window has the focus. */
  const markSeen = useCallback(() => {
    const el = scrollRef.current;
    if (el === null || !isWindowActive()) return;
    const top = el.scrollTop;
    const bottom = top + el.clientHeight;
    let newest = 0;
    let hasUnread = false;
    for (const item of virtualizer.getVirtualItems()) {
      if (item.end > bottom + 4 || item.start < top - 4) continue;
      const row = rows[item.index];
      if (row?.kind !== 'message' || isLocal(row.message)) continue;
      newest = Math.max(newest, row.message.id);
      if (!row.message.isOutgoing && row.message.id > state.readInboxMaxId) hasUnread = true;
    }
    if (!hasUnread || newest <= readRequested.current) return;
    readRequested.current = newest;
    void invoke('chats:read', { accountId, chatId, maxId: newest }).then((result) => {
      if (result.ok) history.markedRead(newest);
      else readRequested.current = 0;
    });
  }, [accountId, chatId, rows, state.readInboxMaxId, virtualizer, history]);

  // Opening: at the first unread message (with its separator) or at the bottom.
  useLayoutEffect(() => {
    if (didOpen.current || state.status !== 'ready') return;
    didOpen.current = true;
    lastRowKey.current = rows.at(-1)?.key ?? null;
    if (rows.length === 0) return;
    const unread = rows.findIndex((r) => r.kind === 'unread');
    if (unread >= 0) virtualizer.scrollToIndex(unread, { align: 'start' });
    else virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
    isAtBottom.current = unread < 0;
  }, [state.status, rows, virtualizer]);

  // Older messages arrived above: keep the message that was on screen where it was.
  useLayoutEffect(() => {
    const kept = anchor.current;
    const el = scrollRef.current;
    if (kept === null || el === null || state.isLoadingOlder) return;
    anchor.current = null;
    const index = rows.findIndex((r) => r.key === kept.key);
    const item = virtualizer.measurementsCache[index];
    if (item !== undefined) el.scrollTop = item.start + kept.delta;
  }, [rows, state.isLoadingOlder, virtualizer]);

  // New messages at the bottom: follow them if the user was there, else offer a button.
  useLayoutEffect(() => {
    if (!didOpen.current) return;
    const last = rows.at(-1);
    const key = last?.key ?? null;
    if (key === lastRowKey.current) return;
    const previous = lastRowKey.current;
    lastRowKey.current = key;
    if (last === undefined || previous === null || rows.findIndex((r) => r.key === previous) < 0) {
      return;
    }
    const isMine = last.kind === 'message' && last.message.isOutgoing;
    if (isAtBottom.current || isMine) {
      virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
      isAtBottom.current = true;
    } else if (last.kind === 'message') {
      setNewCount((n) => n + 1);
      const sender = last.message.sender?.name ?? chat?.title ?? 'the chat';
      setAnnouncement(`New message from ${sender}.`);
    }
  }, [rows, virtualizer, chat]);

  useEffect(() => {
    const timer = setTimeout(markSeen, 150);
    return () => {
      clearTimeout(timer);
    };
  }, [markSeen]);
  useEffect(() => {
    window.addEventListener('focus', markSeen);
    document.addEventListener('visibilitychange', markSeen);
    return () => {
      window.removeEventListener('focus', markSeen);
      document.removeEventListener('visibilitychange', markSeen);
    };
  }, [markSeen]);

  /** The scroller starts where the virtualizer's first rows are (see `initialOffset`). */
  const attachScroller = useCallback((el: HTMLDivElement | null) => {
    scrollRef.current = el;
    if (el !== null) el.scrollTop = virtualizer.scrollOffset ?? 0;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs once, when the list mounts; the virtualizer instance is stable.
  }, []);

  const onScroll = (): void => {
    const el = scrollRef.current;
    if (el === null || !didOpen.current) return;
    isAtBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < EDGE;
    if (isAtBottom.current && newCount > 0) setNewCount(0);
    if (
      el.scrollTop < EDGE * 4 &&
      state.hasOlder &&
      !state.isLoadingOlder &&
      anchor.current === null
    ) {
      const first = virtualizer
        .getVirtualItems()
        .find((item) => item.end > el.scrollTop && rows[item.index]?.kind === 'message');
      const row = first === undefined ? undefined : rows[first.index];
      if (first !== undefined && row !== undefined) {
        anchor.current = { key: row.key, delta: el.scrollTop - first.start };
      }
      history.loadOlder();
    }
  };

  const focusMessage = (index: number): void => {
    requestAnimationFrame(() => {
      scrollRef.current
        ?.querySelector<HTMLElement>(`[data-index="${String(index)}"] .message`)
        ?.focus();
    });
  };

  const latestActions: MessageActions = {
    findMessage: (messageId) => state.messages.find((m) => m.id === messageId) ?? null,
    onReply: (message) => {
      setReplyTo(message);
      inputRef.current?.focus();
    },
    onJumpTo: (messageId) => {
      const index = rows.findIndex((r) => r.kind === 'message' && r.message.id === messageId);
      if (index < 0) {
        setAnnouncement('That message is not loaded. Scroll up to load older messages.');
        return;
      }
      virtualizer.scrollToIndex(index, { align: 'center' });
      setHighlightId(messageId);
      focusMessage(index);
    },
    onRetry: (message) => {
      if (message.localId === null) return;
      void invoke('chats:retry', { accountId, chatId, localId: message.localId }).then((result) => {
        if (result.ok) history.upsert([result.value]);
        else setAlert(result.error.message);
      });
    },
    onDiscard: (message) => {
      const { localId } = message;
      if (localId === null) return;
      void invoke('chats:discard', { accountId, chatId, localId }).then((result) => {
        if (result.ok) {
          history.discard(localId);
          setAnnouncement('The message was discarded.');
        } else setAlert(result.error.message);
      });
    },
  };

  // One actions object for the component's life, so memoized rows do not re-render on scroll.
  const actionsRef = useRef(latestActions);
  useLayoutEffect(() => {
    actionsRef.current = latestActions;
  });
  const [actions] = useState<MessageActions>(() => ({
    findMessage: (id) => actionsRef.current.findMessage(id),
    onReply: (m) => {
      actionsRef.current.onReply(m);
    },
    onJumpTo: (id) => {
      actionsRef.current.onJumpTo(id);
    },
    onRetry: (m) => {
      actionsRef.current.onRetry(m);
    },
    onDiscard: (m) => {
      actionsRef.current.onDiscard(m);
    },
  }));

  /** Arrow keys move between messages; Home and End go to the first and last loaded one. */
  const onListKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const target = event.target as HTMLElement;
    if (!target.classList.contains('message')) return;
    const current = Number(target.closest<HTMLElement>('[data-index]')?.dataset.index ?? -1);
    let next: number | null = null;
    const step = (from: number, by: number): number | null => {
      for (let i = from + by; i >= 0 && i < rows.length; i += by) {
        if (rows[i]?.kind === 'message') return i;
      }
      return null;
    };
    if (event.key === 'ArrowUp') next = step(current, -1);
    else if (event.key === 'ArrowDown') next = step(current, 1);
    else if (event.key === 'Home') next = step(-1, 1);
    else if (event.key === 'End') next = step(rows.length, -1);
    if (next === null) return;
    event.preventDefault();
    virtualizer.scrollToIndex(next, { align: 'auto' });
    focusMessage(next);
  };

  const title = chat?.title ?? 'Chat';
  const headingId = `conversation-${accountId}-${chatId}`;
  return (
    <section className="conversation" aria-labelledby={headingId}>
      <header className="conversation-head">
        {props.onBack === undefined ? null : (
          <button type="button" className="button button-small" onClick={props.onBack}>
            <span aria-hidden="true">← </span>Back<span className="visually-hidden"> to chats</span>
          </button>
        )}
        <h1 id={headingId} tabIndex={-1} className="conversation-title">
          {title}
        </h1>
        {chat?.isMuted ? (
          <span className="chat-flag">
            <Icon name="bell-off" /> Muted
          </span>
        ) : null}
      </header>
      {state.status === 'loading' ? (
        <div className="conversation-status">
          <Spinner label="Loading messages" />
        </div>
      ) : state.status === 'failed' ? (
        <div className="conversation-status panel-error">
          <p>{state.error?.message ?? 'The messages could not be loaded.'}</p>
          <button type="button" className="button button-small" onClick={history.reload}>
            Try again
          </button>
        </div>
      ) : (
        <div className="conversation-body">
          <div
            ref={attachScroller}
            className="conversation-scroll"
            onScroll={onScroll}
            onKeyDown={onListKeyDown}
            role="list"
            aria-label={`Messages with ${title}`}
            aria-busy={state.isLoadingOlder}
            tabIndex={0}
          >
            {rows.length === 0 ? (
              <p className="conversation-empty muted">No messages yet.</p>
            ) : null}
            <div className="virtual-canvas" style={{ height: virtualizer.getTotalSize() }}>
              {virtualizer.getVirtualItems().map((item) => {
                const row = rows[item.index];
                if (row === undefined) return null;
                return (
                  <div
                    key={item.key}
                    role="listitem"
                    data-index={item.index}
                    ref={virtualizer.measureElement}
                    className="timeline-row"
                    style={{ transform: `translateY(${String(item.start)}px)` }}
                  >
                    {row.kind === 'date' ? (
                      <p className="timeline-date">{row.label}</p>
                    ) : row.kind === 'unread' ? (
                      <p className="timeline-unread">Unread messages</p>
                    ) : (
                      <MessageRow
                        accountId={accountId}
                        message={row.message}
                        readOutboxMaxId={state.readOutboxMaxId}
                        isHighlighted={row.message.id === highlightId}
                        actions={actions}
                      />
                    )}
                  </div>
                );
              })}
            </div>
          </div>
          {state.isLoadingOlder ? (
            <div className="conversation-older">
              <Spinner label="Loading older messages" />
            </div>
          ) : null}
          {newCount > 0 ? (
            <button
              type="button"
              className="button button-small conversation-new"
              onClick={() => {
                virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
                isAtBottom.current = true;
                setNewCount(0);
              }}
            >
              New messages <span aria-hidden="true">↓</span>
            </button>
          ) : null}
        </div>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <p className="composer-error" role="alert">
        {alert}
      </p>
      <Composer
        accountId={accountId}
        chatId={chatId}
        replyTo={replyTo}
        inputRef={inputRef}
        onCancelReply={() => {
          setReplyTo(null);
        }}
        onSending={(message) => {
          setAlert('');
          history.upsert([message]);
          isAtBottom.current = true;
        }}
        onError={setAlert}
      />
    </section>
  );
}
