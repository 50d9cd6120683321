/**
 * The `accounts:changed` push (issue 17): the whole list while it is small (at most
 * `wholeListMaxAccounts`), first, after a lock, and when rows moved or every row changed (a
 * reorder, phone masking); otherwise a patch of only the rows that changed since the last push.
 * A restore of N accounts then sends O(N) rows in all, not N rows per push.
 *
 * Every listener holds the list it last had and folds each push into it with
 * `applyAccountsChange`; a patch that arrives before any list (the page is still loading it) is
 * dropped, as the list it then reads is newer.
 */
import type { AccountSummary, AccountsState, RestoreProgress } from './dto';

/** Lists up to this many accounts are always pushed whole. */
export const wholeListMaxAccounts = 50;

export interface AccountsPatch {
  kind: 'patch';
  /** Rows already in the list that changed, whole. */
  updated: AccountSummary[];
  /** New rows, each at its index in the list after this patch, in ascending index. */
  added: { index: number; account: AccountSummary }[];
  /** Ids of rows that left the list. */
  removed: string[];
  activeAccountId: string | null;
  restore: RestoreProgress | null;
}

/** What `accounts:changed` carries: a whole list (as `accounts:list` answers) or a patch. */
export type AccountsChanged = AccountsState | AccountsPatch;

export function isAccountsPatch(change: AccountsChanged): change is AccountsPatch {
  return 'kind' in change;
}

/** The list after `change`; null when a patch arrives before any list. */
export function applyAccountsChange(
  current: AccountsState | null,
  change: AccountsChanged,
): AccountsState | null {
  if (!isAccountsPatch(change)) return change;
  if (current === null) return null;
  const removed = new Set(change.removed);
  const updated = new Map(change.updated.map((a) => [a.id, a]));
  const kept = current.accounts
    .filter((a) => !removed.has(a.id))
    .map((a) => updated.get(a.id) ?? a);
  const accounts: AccountSummary[] = [];
  let from = 0;
  for (const { index, account } of change.added) {
    for (; accounts.length < index && from < kept.length; from++)
      accounts.push(kept[from] as AccountSummary);
    accounts.push(account);
  }
  for (; from < kept.length; from++) accounts.push(kept[from] as AccountSummary);
  return {
    accounts,
    activeAccountId: change.activeAccountId,
    restore: change.restore ? { ...change.restore } : null,
  };
}

/**
 * The rows a change carries and the ids that left; `removed` is null for a whole list, where
 * every row it does not carry left.
 */
export function changedRows(change: AccountsChanged): {
  rows: AccountSummary[];
  removed: string[] | null;
  restore: RestoreProgress | null;
} {
  if (!isAccountsPatch(change)) {
    return { rows: change.accounts, removed: null, restore: change.restore };
  }
  return {
    rows: [...change.updated, ...change.added.map((a) => a.account)],
    removed: change.removed,
    restore: change.restore,
  };
}
