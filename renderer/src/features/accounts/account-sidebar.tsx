import { useVirtualizer } from '@tanstack/react-virtual';
import {
  type DragEvent,
  type KeyboardEvent,
  type ReactNode,
  useEffect,
  useRef,
  useState,
} from 'react';
import type { AccountsState, AccountSummary } from '../../../../electron/shared/dto';
import { accountFilterRules } from '../../../../electron/shared/rules';
import { invoke } from '../../lib/call';
import { AccountItem } from './account-item';
import { RestoreProgress } from './restore-progress';
import { moveItem } from './reorder';
import { matchCountText, useAccountFilter } from './use-account-filter';
import './accounts.css';

const ROW_HEIGHT = 56;

/**
 * The filter shows from two accounts: as soon as there is a choice, finding one by a number
 * that the list shows masked needs it, and it costs one row. It stays while a query is typed.
 */
const FILTER_FROM = 2;

/**
 * The account list: virtualized (a thousand accounts stay smooth), filterable, reorderable by
 * drag and drop or Alt+Up/Down, with roving focus (one Tab stop; arrows move inside).
 */
export function AccountSidebar(props: {
  state: AccountsState;
  /** The account whose page the main pane shows (highlighted), or null on any other page. */
  currentAccountId: string | null;
  isAddAccountActive: boolean;
  onSelect: (accountId: string) => void;
  onAddAccount: () => void;
  onAccountsChange: (state: AccountsState) => void;
  // Session import (issue 15)
  isImportActive?: boolean;
  onImportSessions?: () => void;
}): ReactNode {
  const { state } = props;
  const [query, setQuery] = useState('');
  const [focusId, setFocusId] = useState<string | null>(null);
  const [dragId, setDragId] = useState<string | null>(null);
  const [drop, setDrop] = useState<{ id: string; where: 'before' | 'after' } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const scrollRef = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<number | null>(null);

  const { visible, isFiltering, countText } = useAccountFilter(state.accounts, query);
  const orderIndex = new Map(state.accounts.map((a, i) => [a.id, i]));
  const focusIndex = Math.max(
    0,
    visible.findIndex((a) => a.id === (focusId ?? state.activeAccountId)),
  );

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer returns fresh values each render by design; this component does not rely on memoization.
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (index) => visible[index]?.id ?? index,
  });

  const focusRow = (index: number): void => {
    virtualizer.scrollToIndex(index, { align: 'auto' });
    requestAnimationFrame(() => {
      scrollRef.current?.querySelector<HTMLButtonElement>(`button[data-index="${index}"]`)?.focus();
    });
  };

  useEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    pendingFocus.current = null;
    focusRow(index);
  });

  const focusAt = (index: number): void => {
    const account = visible[index];
    if (account === undefined) return;
    pendingFocus.current = index;
    setFocusId(account.id);
  };

  const reorder = async (ids: string[], movedName: string, position: number): Promise<void> => {
    const byId = new Map(state.accounts.map((a) => [a.id, a]));
    const optimistic = ids.map((id) => byId.get(id)).filter((a) => a !== undefined);
    props.onAccountsChange({ ...state, accounts: optimistic });
    setAnnouncement(`${movedName} moved to position ${position} of ${ids.length}.`);
    const result = await invoke('accounts:reorder', { accountIds: ids });
    props.onAccountsChange(result.ok ? result.value : state);
    if (!result.ok) setAnnouncement(`Could not move ${movedName}: ${result.error.message}`);
  };

  const moveBy = (account: AccountSummary, delta: number): void => {
    const ids = state.accounts.map((a) => a.id);
    const from = ids.indexOf(account.id);
    const to = Math.max(0, Math.min(ids.length - 1, from + delta));
    if (from === to) return;
    pendingFocus.current = to;
    setFocusId(account.id);
    void reorder(moveItem(ids, from, to), account.displayName, to + 1);
  };

  const onKeyDown = (index: number) => (event: KeyboardEvent<HTMLButtonElement>) => {
    const account = visible[index];
    if (account === undefined) return;
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault();
      if (isFiltering) {
        setAnnouncement('Clear the filter to reorder accounts.');
        return;
      }
      moveBy(account, event.key === 'ArrowUp' ? -1 : 1);
      return;
    }
    const targets: Record<string, number> = {
      ArrowUp: index - 1,
      ArrowDown: index + 1,
      Home: 0,
      End: visible.length - 1,
      PageUp: index - 8,
      PageDown: index + 8,
    };
    const target = targets[event.key];
    if (target === undefined) return;
    event.preventDefault();
    focusAt(Math.max(0, Math.min(visible.length - 1, target)));
  };

  const dropPosition = (event: DragEvent<HTMLLIElement>): 'before' | 'after' => {
    const rect = event.currentTarget.getBoundingClientRect();
    return event.clientY < rect.top + rect.height / 2 ? 'before' : 'after';
  };

  const onDrop = (target: AccountSummary, event: DragEvent<HTMLLIElement>): void => {
    event.preventDefault();
    const where = dropPosition(event);
    setDrop(null);
    setDragId(null);
    if (dragId === null || dragId === target.id) return;
    const ids = state.accounts.map((a) => a.id);
    const from = ids.indexOf(dragId);
    let to = ids.indexOf(target.id) + (where === 'after' ? 1 : 0);
    if (from < to) to -= 1;
    const moved = state.accounts[from];
    if (moved === undefined || from === to) return;
    void reorder(moveItem(ids, from, to), moved.displayName, to + 1);
  };

  const total = state.accounts.length;
  return (
    <nav className="sidebar" aria-labelledby="accounts-heading">
      <div className="sidebar-head">
        <h2 id="accounts-heading" className="sidebar-title">
          Accounts <span className="count">{total > 0 ? total : ''}</span>
        </h2>
        <button
          type="button"
          className="button button-primary button-small"
          aria-current={props.isAddAccountActive ? 'page' : undefined}
          onClick={props.onAddAccount}
        >
          Add account
        </button>
      </div>
      {props.onImportSessions ? (
        <div className="sidebar-actions">
          <button
            type="button"
            className="button button-quiet button-small"
            aria-current={props.isImportActive ? 'page' : undefined}
            onClick={props.onImportSessions}
          >
            Import sessions
          </button>
        </div>
      ) : null}
      <RestoreProgress restore={state.restore} />
      {total >= FILTER_FROM || query !== '' ? (
        <div className="sidebar-filter">
          <label htmlFor="account-filter" className="visually-hidden">
            Filter accounts
          </label>
          <input
            id="account-filter"
            type="search"
            className="input"
            placeholder="Name, @username or number"
            maxLength={accountFilterRules.maxLength}
            autoComplete="off"
            aria-describedby={isFiltering ? 'account-filter-count' : undefined}
            value={query}
            onChange={(event) => {
              setQuery(event.target.value);
            }}
            onKeyDown={(event) => {
              if (event.key !== 'ArrowDown' || visible.length === 0) return;
              event.preventDefault();
              focusRow(focusIndex);
            }}
          />
          {isFiltering ? (
            // Mounted as the first character is typed; the count fills in with main's answer.
            <p id="account-filter-count" className="sidebar-filter-count muted" role="status">
              {countText}
            </p>
          ) : null}
        </div>
      ) : null}
      {total === 0 ? (
        <div className="sidebar-empty">
          <p>No accounts yet.</p>
          <p className="muted">Add your first Telegram account to see it here.</p>
        </div>
      ) : visible.length === 0 ? null : (
        <div ref={scrollRef} className="account-scroll">
          <ul
            className="account-list"
            aria-label={isFiltering ? matchCountText(visible.length) : 'Your accounts'}
            aria-describedby="account-list-help"
            style={{ height: virtualizer.getTotalSize() }}
          >
            {virtualizer.getVirtualItems().map((row) => {
              const account = visible[row.index];
              if (account === undefined) return null;
              return (
                <AccountItem
                  key={account.id}
                  account={account}
                  index={row.index}
                  orderIndex={orderIndex.get(account.id) ?? row.index}
                  total={visible.length}
                  style={{ transform: `translateY(${row.start}px)`, height: row.size }}
                  isActive={account.id === props.currentAccountId}
                  isFocusTarget={row.index === focusIndex}
                  canReorder={!isFiltering}
                  isDragging={dragId === account.id}
                  dropMarker={drop?.id === account.id ? drop.where : null}
                  onSelect={() => {
                    props.onSelect(account.id);
                  }}
                  onKeyDown={onKeyDown(row.index)}
                  onFocus={() => {
                    setFocusId(account.id);
                  }}
                  onDragStart={(event) => {
                    event.dataTransfer.effectAllowed = 'move';
                    event.dataTransfer.setData('text/plain', account.displayName);
                    setDragId(account.id);
                  }}
                  onDragOver={(event) => {
                    if (dragId === null) return;
                    event.preventDefault();
                    event.dataTransfer.dropEffect = 'move';
                    const where = dropPosition(event);
                    if (drop?.id !== account.id || drop.where !== where) {
                      setDrop({ id: account.id, where });
                    }
                  }}
                  onDrop={(event) => {
                    onDrop(account, event);
                  }}
                  onDragEnd={() => {
                    setDragId(null);
                    setDrop(null);
                  }}
                />
              );
            })}
          </ul>
        </div>
      )}
      <p id="account-list-help" className="visually-hidden">
        Use the arrow keys to move between accounts, Alt with Up or Down to reorder, and Control
        with a number from 1 to 9 to switch.
      </p>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </nav>
  );
}
