/**
 * The unified inbox (issue 16): every unread chat of every account, newest first, with the
 * account each belongs to. A virtualized listbox: J/K or the arrows move, Enter opens the chat in
 * place, Escape comes back to the same row. Tag toggles narrow it to accounts with those tags.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { AccountSummary } from '../../../../electron/shared/dto';
import type { InboxItem } from '../../../../electron/shared/chat-dto';
import type { Tag, TagsState } from '../../../../electron/shared/bulk-dto';
import { useAppData } from '../../state/app-data';
import { Avatar } from '../../ui/avatar';
import { Spinner } from '../../ui/spinner';
import {
  filterByTags,
  keptFocus,
  movedIndex,
  pendingWords,
  previewText,
  rowLabel,
  shortTime,
  totalUnread,
  unreadWords,
} from './inbox-model';
import { useInbox } from './inbox-store';
import './inbox.css';

const ROW_HEIGHT = 64;
const rowHeight = (): number => ROW_HEIGHT;

export interface OpenChat {
  accountId: string;
  chatId: string;
}

/** What the inbox shows an open chat with: i16-d's conversation view, given by the frame. */
export type ConversationSlot = (props: {
  accountId: string;
  chatId: string;
  onBack: () => void;
}) => ReactNode;

function toggled(list: readonly string[], id: string): string[] {
  return list.includes(id) ? list.filter((x) => x !== id) : [...list, id];
}

const unknownAccount: Pick<AccountSummary, 'avatar' | 'initials' | 'colorIndex' | 'displayName'> = {
  avatar: null,
  initials: '?',
  colorIndex: 0,
  displayName: 'An account',
};

export function InboxPage(props: {
  /** A chat to open at once (a notification was clicked). */
  initialOpen?: OpenChat | undefined;
  conversation: ConversationSlot;
  /** The account tags (`tags:list`, live) and how a tag is drawn, from the frame. */
  tags: TagsState;
  tagChip: (tag: Tag) => ReactNode;
}): ReactNode {
  const { accounts } = useAppData();
  const inbox = useInbox();
  const { tags } = props;
  const [tagIds, setTagIds] = useState<string[]>([]);
  const [open, setOpen] = useState<OpenChat | null>(props.initialOpen ?? null);
  const [focusedKey, setFocusedKey] = useState<string | null>(
    props.initialOpen ? `${props.initialOpen.accountId}:${props.initialOpen.chatId}` : null,
  );
  const [now] = useState(() => Date.now());
  const lastIndex = useRef(0);
  const listRef = useRef<HTMLDivElement>(null);
  const ids = useId();
  const shortcutHelpId = `${ids}-help`;

  const accountById = useMemo(
    () => new Map(accounts.accounts.map((a) => [a.id, a])),
    [accounts.accounts],
  );
  const nameOf = (accountId: string): string =>
    accountById.get(accountId)?.displayName ?? unknownAccount.displayName;

  // Tags that no longer exist drop out of the filter.
  const shownTagIds = useMemo(
    () => tagIds.filter((id) => tags.tags.some((t) => t.id === id)),
    [tagIds, tags.tags],
  );
  const items = useMemo(
    () => filterByTags(inbox.state.items, shownTagIds, tags),
    [inbox.state.items, shownTagIds, tags],
  );
  const focusIndex = keptFocus(items, focusedKey, lastIndex.current);
  const focused: InboxItem | undefined = items[focusIndex];
  useEffect(() => {
    lastIndex.current = focusIndex;
  });

  // A stable key function: a new one each render would make the virtualizer measure every row again.
  const getItemKey = useCallback((index: number) => items[index]?.key ?? index, [items]);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer returns fresh values each render by design; this component does not rely on memoization.
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => listRef.current,
    estimateSize: rowHeight,
    overscan: 8,
    getItemKey,
  });

  const moveTo = (index: number): void => {
    const item = items[index];
    if (item === undefined) return;
    setFocusedKey(item.key);
    lastIndex.current = index;
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };

  const openItem = (item: InboxItem): void => {
    setFocusedKey(item.key);
    setOpen({ accountId: item.accountId, chatId: item.chat.id });
  };

  const back = (): void => {
    setOpen(null);
    requestAnimationFrame(() => {
      virtualizer.scrollToIndex(lastIndex.current, { align: 'auto' });
      listRef.current?.focus();
    });
  };

  const onListKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'Enter' || event.key === ' ') {
      if (focused === undefined) return;
      event.preventDefault();
      openItem(focused);
      return;
    }
    const next = movedIndex(event.key, focusIndex, items.length);
    if (next === null) return;
    event.preventDefault();
    moveTo(next);
  };

  const total = useMemo(() => totalUnread(items), [items]);

  // An opened chat takes the keyboard to its composer, once the conversation has drawn it.
  const openRef = useRef<HTMLDivElement>(null);
  const isOpen = open !== null;
  useEffect(() => {
    const root = openRef.current;
    if (!isOpen || root === null) return;
    const focusComposer = (): boolean => {
      const input = root.querySelector('textarea');
      input?.focus();
      return input !== null;
    };
    if (focusComposer()) return;
    const observer = new MutationObserver(() => {
      if (focusComposer()) observer.disconnect();
    });
    observer.observe(root, { childList: true, subtree: true });
    return () => {
      observer.disconnect();
    };
  }, [isOpen]);

  if (open !== null) {
    const account = accountById.get(open.accountId);
    return (
      <div
        ref={openRef}
        className="page inbox-page inbox-open"
        onKeyDown={(event) => {
          if (event.key === 'Escape' && !event.defaultPrevented) {
            event.preventDefault();
            back();
          }
        }}
      >
        <p className="inbox-open-bar">
          <span className="inbox-open-account">
            <Avatar account={account ?? unknownAccount} />
            <span>In {account?.displayName ?? unknownAccount.displayName}</span>
          </span>
          <span className="muted">Escape goes back to the inbox.</span>
        </p>
        {props.conversation({ accountId: open.accountId, chatId: open.chatId, onBack: back })}
      </div>
    );
  }

  const pending = pendingWords(inbox.state.pending, nameOf);
  return (
    <div className="page inbox-page">
      <header className="inbox-header">
        <h1 tabIndex={-1}>Inbox</h1>
        <p className="muted" id={shortcutHelpId}>
          Unread chats of every account, newest first. J and K (or the arrow keys) move, Enter opens
          a chat, Escape comes back. Press G then I anywhere to open the inbox.
        </p>
      </header>
      {tags.tags.length > 0 ? (
        <div role="group" aria-label="Show accounts with these tags" className="tag-filter-group">
          <span className="tag-filter-label" aria-hidden="true">
            Tags
          </span>
          {tags.tags.map((tag) => (
            <button
              key={tag.id}
              type="button"
              className="filter-toggle"
              aria-pressed={shownTagIds.includes(tag.id)}
              onClick={() => {
                setTagIds(toggled(shownTagIds, tag.id));
              }}
            >
              {props.tagChip(tag)}
            </button>
          ))}
        </div>
      ) : null}
      {pending === '' ? null : <p className="notice inbox-pending">{pending}</p>}
      <p className="visually-hidden" role="status">
        {inbox.isLoading
          ? ''
          : items.length === 0
            ? 'No unread chats.'
            : `${items.length.toLocaleString('en')} unread chats, ${total.toLocaleString('en')} unread messages.`}
      </p>
      {inbox.error !== null ? (
        <div className="notice notice-warn">
          <p>{inbox.error.message}</p>
          <button type="button" className="button button-small" onClick={inbox.reload}>
            Try again
          </button>
        </div>
      ) : inbox.isLoading ? (
        <Spinner label="Loading unread chats" />
      ) : items.length === 0 ? (
        <div className="inbox-empty">
          <p>
            {shownTagIds.length > 0
              ? 'No unread chats in the accounts with these tags.'
              : 'Nothing unread. Every chat of every account is read.'}
          </p>
        </div>
      ) : (
        <div
          ref={listRef}
          className="inbox-list"
          role="listbox"
          tabIndex={0}
          aria-label={`Unread chats, ${items.length.toLocaleString('en')}`}
          aria-describedby={shortcutHelpId}
          aria-activedescendant={focused === undefined ? undefined : `${ids}-row-${focusIndex}`}
          onKeyDown={onListKey}
        >
          <div className="inbox-rows" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((row) => {
              const item = items[row.index];
              if (item === undefined) return null;
              const account = accountById.get(item.accountId);
              return (
                <InboxRow
                  key={item.key}
                  id={`${ids}-row-${row.index}`}
                  item={item}
                  index={row.index}
                  count={items.length}
                  account={account}
                  isFocused={row.index === focusIndex}
                  top={row.start}
                  now={now}
                  onOpen={() => {
                    lastIndex.current = row.index;
                    openItem(item);
                  }}
                />
              );
            })}
          </div>
        </div>
      )}
    </div>
  );
}

function InboxRow(props: {
  id: string;
  item: InboxItem;
  index: number;
  count: number;
  account: AccountSummary | undefined;
  isFocused: boolean;
  top: number;
  now: number;
  onOpen: () => void;
}): ReactNode {
  const { item, account } = props;
  const { now } = props;
  const accountName = account?.displayName ?? unknownAccount.displayName;
  const unread = item.chat.unreadCount;
  return (
    <div
      id={props.id}
      role="option"
      aria-selected={props.isFocused}
      aria-setsize={props.count}
      aria-posinset={props.index + 1}
      aria-label={rowLabel(item, accountName, now)}
      data-inbox-key={item.key}
      className="inbox-row"
      style={{ transform: `translateY(${props.top}px)`, height: ROW_HEIGHT }}
      onClick={props.onOpen}
    >
      <span
        className={`avatar avatar-small avatar-colour-${((item.chat.colorIndex % 8) + 8) % 8}`}
        aria-hidden="true"
      >
        {item.chat.initials}
      </span>
      <span className="inbox-row-main">
        <span className="inbox-row-top">
          <span className="inbox-row-title">{item.chat.title}</span>
          <span className="inbox-row-time">{shortTime(item.chat.lastMessageAt, now)}</span>
        </span>
        <span className="inbox-row-preview">{previewText(item)}</span>
      </span>
      <span className="inbox-row-side">
        <span className="inbox-row-account" title={accountName}>
          <Avatar account={account ?? unknownAccount} />
          <span className="inbox-row-account-name">{accountName}</span>
        </span>
        <span className="inbox-row-badges" title={unreadWords(item)}>
          {item.chat.unreadMentionsCount > 0 ? (
            <span className="badge badge-mention">@</span>
          ) : null}
          <span className={item.chat.isMuted ? 'badge badge-muted' : 'badge'}>
            {unread > 0 ? unread.toLocaleString('en') : ''}
          </span>
        </span>
      </span>
    </div>
  );
}
