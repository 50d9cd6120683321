import { useVirtualizer } from '@tanstack/react-virtual';
import {
  type DragEvent,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { AccountsState, AccountSummary } from '../../../../electron/shared/dto';
import { accountFilterRules } from '../../../../electron/shared/rules';
import { invoke } from '../../lib/call';
import { AccountItem } from './account-item';
import { useBulkJobs } from './bulk-jobs';
import { BulkProgress } from './bulk-progress';
import { BulkToolbar } from './bulk-toolbar';
import { RestoreProgress } from './restore-progress';
import { moveItem } from './reorder';
import {
  keepListed,
  noSelection,
  selectAll,
  selectedText,
  selectRange,
  type Selection,
  toggleSelected,
} from './selection';
import { loadingAllText, type PartialAccounts } from '../../state/first-accounts';
import { TagFilter } from './tag-filter';
import { TagManager } from './tag-manager';
import { type Facets, matchCountText, noFacets, useAccountFilter } from './use-account-filter';
import { useTags } from './use-tags';
import './accounts.css';

const ROW_HEIGHT = 56;

/** The placeholder row's key: never an account id (those have no colon). */
const loadingKey = 'loading:rest';

/** What select-all and reordering say while only the first rows are in (issue 17). */
const waitText = 'All accounts are still loading: try again in a moment.';

/**
 * The filter shows from two accounts: as soon as there is a choice, finding one by a number
 * that the list shows masked needs it, and it costs one row. It stays while a query is typed.
 */
const FILTER_FROM = 2;

/**
 * The account list: virtualized (a thousand accounts stay smooth), filterable by text, tag and
 * status, reorderable by drag and drop or Alt+Up/Down, with roving focus (one Tab stop; arrows
 * move inside). Many accounts can be selected for one bulk action (issue 15): Ctrl/Cmd-click or
 * Ctrl/Cmd+Space toggles, Shift-click or Shift+Space selects a range, Ctrl/Cmd+A selects what
 * the filter shows, Escape clears.
 */
export function AccountSidebar(props: {
  /** The whole list, or while `partial` is set its first rows. */
  state: AccountsState;
  /**
   * Set while only the first rows are in (issue 17): the list keeps the whole list's height,
   * and the filter, select-all and reordering wait for the rest.
   */
  partial: PartialAccounts | null;
  /** The account whose page the main pane shows (highlighted), or null on any other page. */
  currentAccountId: string | null;
  isAddAccountActive: boolean;
  onSelect: (accountId: string) => void;
  onAddAccount: () => void;
  onAccountsChange: (state: AccountsState) => void;
  // Session import (issue 15)
  isImportActive?: boolean;
  onImportSessions?: () => void;
  /** Opens the session export dialog for the selected accounts (issue 15). */
  onExport?: (accountIds: string[]) => void;
}): ReactNode {
  const { state } = props;
  const isPartial = props.partial !== null;
  const [query, setQuery] = useState('');
  const [focusId, setFocusId] = useState<string | null>(null);
  const [dragId, setDragId] = useState<string | null>(null);
  const [drop, setDrop] = useState<{ id: string; where: 'before' | 'after' } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const scrollRef = useRef<HTMLDivElement>(null);
  const pendingFocus = useRef<number | null>(null);
  const [facets, setFacets] = useState<Facets>(noFacets);
  const [isFilterOpen, setIsFilterOpen] = useState(false);
  const [isTagManagerOpen, setIsTagManagerOpen] = useState(false);
  const [tags, setTags] = useTags();
  const jobs = useBulkJobs();
  const [selectionState, setSelectionState] = useState<Selection>(noSelection);
  // The status says the new count, not an earlier move.
  const setSelection = (next: Selection): void => {
    setSelectionState(next);
    setAnnouncement('');
  };

  const { visible, isFiltering, countText } = useAccountFilter(
    state.accounts,
    query,
    facets,
    tags.accountTags,
  );
  // Only what the list shows can be selected: removed or filtered-out accounts leave it.
  const visibleIds = useMemo(() => visible.map((a) => a.id), [visible]);
  const selection = keepListed(selectionState, visibleIds);
  const selectedIds = useMemo(
    () => (selection.ids.size === 0 ? [] : visibleIds.filter((id) => selection.ids.has(id))),
    [visibleIds, selection.ids],
  );
  const tagById = new Map(tags.tags.map((t) => [t.id, t]));
  const bulkStates = new Map((jobs.current?.entries ?? []).map((e) => [e.accountId, e.state]));

  const clearFilters = (): void => {
    setQuery('');
    setFacets(noFacets);
  };

  const onRowClick = (account: AccountSummary, event: MouseEvent<HTMLButtonElement>): void => {
    if (event.ctrlKey || event.metaKey) {
      setSelection(toggleSelected(selection, account.id));
      return;
    }
    if (event.shiftKey) {
      setSelection(selectRange(selection, visibleIds, account.id));
      return;
    }
    props.onSelect(account.id);
    // A plain click only moves the anchor (and clears a selection): no announcement to change.
    if (selection.ids.size > 0 || selection.anchor !== account.id) {
      setSelectionState({ ids: new Set(), anchor: account.id });
    }
  };
  const orderIndex = useMemo(
    () => new Map(state.accounts.map((a, i) => [a.id, i])),
    [state.accounts],
  );
  const focusIndex = Math.max(
    0,
    visible.findIndex((a) => a.id === (focusId ?? state.activeAccountId)),
  );

  // While only the first rows are in, one placeholder row follows them and the list is as tall
  // as the whole list will be, so nothing moves when it arrives. (A placeholder per missing row
  // would cost the first render the virtualizer's walk over every one of them.)
  const rowCount = props.partial?.total ?? visible.length;
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer returns fresh values each render by design; this component does not rely on memoization.
  const virtualizer = useVirtualizer({
    count: isPartial ? visible.length + 1 : visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    // The same function while the list is the same: a new one makes the virtualizer measure
    // every row again.
    getItemKey: useCallback((index: number) => visible[index]?.id ?? loadingKey, [visible]),
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
    const isMod = event.ctrlKey || event.metaKey;
    if (isMod && (event.key === 'a' || event.key === 'A')) {
      event.preventDefault();
      if (isPartial) setAnnouncement(waitText);
      else setSelection(selectAll(visibleIds));
      return;
    }
    if (event.key === 'Escape' && selection.ids.size > 0) {
      event.preventDefault();
      setSelection(noSelection);
      return;
    }
    if (event.key === ' ' && (isMod || event.shiftKey)) {
      event.preventDefault();
      setSelection(
        isMod
          ? toggleSelected(selection, account.id)
          : selectRange(selection, visibleIds, account.id),
      );
      return;
    }
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault();
      if (isFiltering) {
        setAnnouncement('Clear the filter to reorder accounts.');
        return;
      }
      if (isPartial) {
        setAnnouncement(waitText);
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
    if (dragId === null || dragId === target.id || isPartial) return;
    const ids = state.accounts.map((a) => a.id);
    const from = ids.indexOf(dragId);
    let to = ids.indexOf(target.id) + (where === 'after' ? 1 : 0);
    if (from < to) to -= 1;
    const moved = state.accounts[from];
    if (moved === undefined || from === to) return;
    void reorder(moveItem(ids, from, to), moved.displayName, to + 1);
  };

  const total = props.partial?.total ?? state.accounts.length;
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
            placeholder={isPartial ? loadingAllText : 'Name, @username or number'}
            disabled={isPartial}
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
          <div className="sidebar-filter-tools">
            <button
              type="button"
              className="button button-small"
              disabled={isPartial}
              aria-expanded={isFilterOpen}
              aria-controls="account-tag-filter"
              onClick={() => {
                setIsFilterOpen(!isFilterOpen);
              }}
            >
              Filter by status or tag
            </button>
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                setIsTagManagerOpen(true);
              }}
            >
              Manage tags
            </button>
          </div>
          {isFilterOpen ? (
            <div id="account-tag-filter">
              <TagFilter facets={facets} tags={tags} onChange={setFacets} />
            </div>
          ) : null}
          {isFiltering ? (
            // Mounted as the first character is typed; the count fills in with main's answer.
            <div className="sidebar-filter-status">
              <p id="account-filter-count" className="sidebar-filter-count muted" role="status">
                {countText}
              </p>
              <button type="button" className="button button-small" onClick={clearFilters}>
                Clear filters
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
      <TagManager
        isOpen={isTagManagerOpen}
        tags={tags}
        onChange={setTags}
        onClose={() => {
          setIsTagManagerOpen(false);
        }}
      />
      {selectedIds.length > 1 ? (
        <BulkToolbar
          selectedIds={selectedIds}
          tags={tags}
          onTagsChange={setTags}
          onStarted={(jobId) => {
            jobs.follow(jobId);
          }}
          onClear={() => {
            setSelection(noSelection);
          }}
          {...(props.onExport ? { onExport: props.onExport } : {})}
        />
      ) : null}
      {jobs.current ? (
        <BulkProgress job={jobs.current} accounts={state.accounts} onDismiss={jobs.dismiss} />
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
            role="grid"
            aria-multiselectable="true"
            aria-rowcount={rowCount}
            aria-busy={isPartial || undefined}
            aria-label={isFiltering ? matchCountText(visible.length) : 'Your accounts'}
            aria-describedby="account-list-help"
            style={{ height: isPartial ? rowCount * ROW_HEIGHT : virtualizer.getTotalSize() }}
          >
            {virtualizer.getVirtualItems().map((row) => {
              const account = visible[row.index];
              if (account === undefined) {
                return isPartial ? (
                  <li
                    key={loadingKey}
                    className="account-item account-item-loading"
                    role="row"
                    aria-rowindex={row.index + 1}
                    style={{ transform: `translateY(${row.start}px)`, height: row.size }}
                  >
                    <div role="gridcell" className="account-cell muted">
                      {loadingAllText}
                    </div>
                  </li>
                ) : null;
              }
              return (
                <AccountItem
                  key={account.id}
                  account={account}
                  index={row.index}
                  orderIndex={orderIndex.get(account.id) ?? row.index}
                  total={rowCount}
                  style={{ transform: `translateY(${row.start}px)`, height: row.size }}
                  isActive={account.id === props.currentAccountId}
                  isFocusTarget={row.index === focusIndex}
                  canReorder={!isFiltering && !isPartial}
                  isDragging={dragId === account.id}
                  dropMarker={drop?.id === account.id ? drop.where : null}
                  isSelected={selection.ids.has(account.id)}
                  tags={(tags.accountTags[account.id] ?? [])
                    .map((id) => tagById.get(id))
                    .filter((t) => t !== undefined)}
                  bulkState={bulkStates.get(account.id) ?? null}
                  onSelect={(event) => {
                    onRowClick(account, event);
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
        with a number from 1 to 9 to switch. To act on many accounts, Control with Space selects one
        more, Shift with Space a range, Control with A every listed account, and Escape clears.
      </p>
      <p className="visually-hidden" role="status">
        {[announcement, selectedText(selection.ids.size)].filter((t) => t !== '').join(' ')}
      </p>
    </nav>
  );
}
