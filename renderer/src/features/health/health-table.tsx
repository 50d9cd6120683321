import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useRef, useState } from 'react';
import type { AccountSummary } from '../../../../electron/shared/dto';
import type { AccountHealth } from '../../../../electron/shared/health-dto';
import { compareValues, type HealthColumn, healthWords, sortValue } from '../../lib/health-words';
import { useCall } from '../../lib/use-call';
import { useAppData } from '../../state/app-data';
import { useHealth } from '../../state/health';
import { BusyLabel } from '../../ui/spinner';
import './health.css';

const ROW_HEIGHT = 44;

interface Row {
  account: AccountSummary;
  health: AccountHealth | null;
}

const columns: { id: HealthColumn; label: string }[] = [
  { id: 'name', label: 'Account' },
  { id: 'attention', label: 'Needs attention' },
  { id: 'connection', label: 'Connection' },
  { id: 'key', label: 'Key' },
  { id: 'restricted', label: 'Restricted' },
  { id: 'frozen', label: 'Frozen' },
  { id: 'deactivated', label: 'Deactivated' },
  { id: 'premium', label: 'Premium' },
  { id: 'twoStep', label: 'Two-step verification' },
  { id: 'recoveryEmail', label: 'Recovery email' },
  { id: 'otherSessions', label: 'Other sessions' },
  { id: 'lastChecked', label: 'Last checked' },
];

function cellText(column: HealthColumn, row: Row): string {
  if (column === 'name') return row.account.displayName;
  const h = row.health;
  if (h === null) return '…';
  if (column === 'attention') return h.needsAttention ? h.attentionReasons.join(' ') : 'No';
  const words = healthWords[column](h);
  return column === 'lastChecked' && h.checkError !== null && !h.isChecking
    ? `${words} (the last check failed: ${h.checkError.message})`
    : words;
}

function rowValue(column: HealthColumn, row: Row): string | number {
  if (column === 'name') return row.account.displayName;
  return row.health === null ? '' : sortValue(column, row.health);
}

/**
 * Every account's health in one sortable table (issue 15): virtualized so thousands of rows stay
 * smooth, sorted by any column (its header button, by click or Enter; `aria-sort` says how), with
 * "Check all" and its progress.
 */
export function HealthTable(): ReactNode {
  const { accounts } = useAppData();
  const health = useHealth();
  const checkAll = useCall();
  const [sort, setSort] = useState<{ column: HealthColumn; isAscending: boolean }>({
    column: 'name',
    isAscending: true,
  });
  const scrollRef = useRef<HTMLDivElement>(null);

  const rows: Row[] = accounts.accounts.map((account) => ({
    account,
    health: health.byId.get(account.id) ?? null,
  }));
  const order = accounts.accounts.map((a) => a.id);
  rows.sort((a, b) => {
    const byColumn = compareValues(rowValue(sort.column, a), rowValue(sort.column, b));
    const ordered = sort.isAscending ? byColumn : -byColumn;
    return ordered !== 0 ? ordered : order.indexOf(a.account.id) - order.indexOf(b.account.id);
  });

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer returns fresh values each render by design; this component does not rely on memoization.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (index) => rows[index]?.account.id ?? index,
  });

  const sortBy = (column: HealthColumn): void => {
    setSort((current) =>
      current.column === column
        ? { column, isAscending: !current.isAscending }
        : { column, isAscending: true },
    );
  };

  const progress = health.progress;
  const sortedBy = columns.find((c) => c.id === sort.column)?.label ?? '';
  const attentionCount = rows.filter((r) => r.health?.needsAttention === true).length;

  return (
    <div className="page health-page">
      <header className="health-header">
        <div>
          <h1 tabIndex={-1}>Account health</h1>
          <p className="muted">
            {rows.length === 1 ? '1 account' : `${rows.length} accounts`},{' '}
            {attentionCount === 1 ? '1 needs attention' : `${attentionCount} need attention`}.
          </p>
        </div>
        <button
          type="button"
          className="button button-primary"
          disabled={checkAll.isBusy || progress !== null || rows.length === 0}
          onClick={() => {
            void checkAll.run('health:check', { accountId: null });
          }}
        >
          <BusyLabel isBusy={checkAll.isBusy || progress !== null}>Check all</BusyLabel>
        </button>
      </header>
      <div className="health-progress" role="status">
        {progress === null ? null : (
          <>
            <progress max={progress.total} value={progress.done} aria-label="Health checks done" />
            <span>
              Checked {progress.done} of {progress.total}
              {progress.failed > 0 ? ` (${progress.failed} could not be checked)` : ''}
            </span>
          </>
        )}
      </div>
      {rows.length === 0 ? (
        <p className="notice">Add an account to see its health here.</p>
      ) : (
        <div
          className="health-table"
          role="table"
          aria-label={`Account health, sorted by ${sortedBy}, ${sort.isAscending ? 'ascending' : 'descending'}`}
          aria-rowcount={rows.length + 1}
        >
          <div className="health-row health-head" role="row" aria-rowindex={1}>
            {columns.map((c) => {
              const isSorted = sort.column === c.id;
              return (
                <div
                  key={c.id}
                  role="columnheader"
                  className="health-cell"
                  aria-sort={isSorted ? (sort.isAscending ? 'ascending' : 'descending') : 'none'}
                >
                  <button
                    type="button"
                    className="health-sort"
                    onClick={() => {
                      sortBy(c.id);
                    }}
                  >
                    {c.label}
                    <span aria-hidden="true" className="health-sort-mark">
                      {isSorted ? (sort.isAscending ? '▲' : '▼') : ''}
                    </span>
                  </button>
                </div>
              );
            })}
          </div>
          <div
            ref={scrollRef}
            className="health-scroll"
            style={{ height: virtualizer.getTotalSize() }}
          >
            <div
              className="health-body"
              role="rowgroup"
              style={{ height: virtualizer.getTotalSize() }}
            >
              {virtualizer.getVirtualItems().map((item) => {
                const row = rows[item.index];
                if (row === undefined) return null;
                return (
                  <div
                    key={row.account.id}
                    role="row"
                    aria-rowindex={item.index + 2}
                    className="health-row"
                    data-attention={row.health?.needsAttention === true || undefined}
                    style={{ transform: `translateY(${item.start}px)`, height: item.size }}
                  >
                    {columns.map((c) => {
                      const text = cellText(c.id, row);
                      return (
                        <div key={c.id} role="cell" className="health-cell" title={text}>
                          {text}
                        </div>
                      );
                    })}
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
