/**
 * The account list a window holds while it loads (issue 17): first the first screenful
 * (`accounts:list-first`), drawn at once, then the whole list (`accounts:list`), swapped in.
 * React-free: `AppDataProvider` runs every change through {@link reduceAccounts}.
 *
 * While only the first rows are in, a push applies to them as far as it can: a changed or
 * removed row is changed or removed, a new row is placed when its index lies within the rows
 * held. A push about a row further down is not lost: the whole list, read afterwards, is the
 * truth, and the pushes that follow its answer apply on it.
 */
import {
  applyAccountsChange,
  isAccountsPatch,
  type AccountsChanged,
  type AccountsPatch,
} from '../../../electron/shared/accounts-change';
import type { AccountsFirst } from '../../../electron/shared/accounts-first';
import type { AccountSummary, AccountsState } from '../../../electron/shared/dto';

/** Said while only the first rows are in, where the whole list is needed. */
export const loadingAllText = 'Loading all accounts…';

/** What the window knows beyond its first rows, while the rest is loading. */
export interface PartialAccounts {
  /** How many accounts the whole list has. */
  total: number;
  /** The active account's row when it lies beyond the first rows. */
  activeAccount: AccountSummary | null;
}

export interface AccountsView {
  /** The whole list, or while `partial` is set its first rows. */
  accounts: AccountsState;
  /** Null once the whole list is in. */
  partial: PartialAccounts | null;
}

export type AccountsAction =
  /** The first screenful arrived. */
  | { kind: 'first'; first: AccountsFirst }
  /** `accounts:changed` arrived. */
  | { kind: 'pushed'; change: AccountsChanged }
  /** A whole list arrived: `accounts:list`'s answer with the pushes after it, or a call's. */
  | { kind: 'whole'; state: AccountsState };

export function reduceAccounts(view: AccountsView, action: AccountsAction): AccountsView {
  switch (action.kind) {
    case 'first':
      return fromFirst(action.first);
    case 'whole':
      return { accounts: action.state, partial: null };
    case 'pushed': {
      const { change } = action;
      if (view.partial === null || !isAccountsPatch(change)) {
        return {
          accounts: applyAccountsChange(view.accounts, change) ?? view.accounts,
          partial: null,
        };
      }
      return patchFirstRows(view.accounts, view.partial, change);
    }
  }
}

/** The view of a first screenful; a list that fits in it is whole at once. */
export function fromFirst(first: AccountsFirst): AccountsView {
  const { total, activeAccount, ...accounts } = first;
  return {
    accounts,
    partial: total > accounts.accounts.length ? { total, activeAccount } : null,
  };
}

/**
 * A patch on the first rows of a longer list: the rows held stay the first rows of the list
 * after the patch. A new row whose index lies past them, and every new row after it, is left to
 * the whole list.
 */
function patchFirstRows(
  first: AccountsState,
  partial: PartialAccounts,
  patch: AccountsPatch,
): AccountsView {
  const held = new Set(first.accounts.map((a) => a.id));
  const removed = new Set(patch.removed);
  const kept = first.accounts.filter((a) => !removed.has(a.id)).length;
  const placed: AccountsPatch['added'] = [];
  for (const added of patch.added) {
    if (added.index > kept + placed.length) break;
    placed.push(added);
  }
  const accounts =
    applyAccountsChange(first, {
      ...patch,
      updated: patch.updated.filter((a) => held.has(a.id)),
      added: placed,
    }) ?? first;
  const active = partial.activeAccount;
  const activeAccount =
    active === null || removed.has(active.id)
      ? null
      : (patch.updated.find((a) => a.id === active.id) ?? active);
  return {
    accounts,
    partial: {
      total: partial.total - patch.removed.length + patch.added.length,
      activeAccount: accounts.accounts.some((a) => a.id === activeAccount?.id)
        ? null
        : activeAccount,
    },
  };
}

/** The active account's row: among the rows held, or the one that came on its own. */
export function activeAccountOf(view: AccountsView): AccountSummary | null {
  const { accounts, activeAccountId } = view.accounts;
  const row = accounts.find((a) => a.id === activeAccountId);
  if (row !== undefined) return row;
  const beyond = view.partial?.activeAccount ?? null;
  return beyond !== null && beyond.id === activeAccountId ? beyond : null;
}
