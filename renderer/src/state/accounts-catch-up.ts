/**
 * The account-list pushes that arrive while the page reads the list (issue 17): a long list's
 * pushes are patches, and those that arrive after the list's answer are newer than it, so they
 * apply on it; those before it are already in it.
 */
import {
  applyAccountsChange,
  type AccountsChanged,
} from '../../../electron/shared/accounts-change';
import type { AccountsState } from '../../../electron/shared/dto';

export interface AccountsCatchUp {
  /** A read starts: pushes are kept from now on. */
  start(): void;
  /** The list's answer arrived: only later pushes count. */
  answered(): void;
  /** A push arrived. */
  push(change: AccountsChanged): void;
  /** The read ended: the list with the later pushes applied; keeping stops. */
  finish(list: AccountsState): AccountsState;
}

export function createAccountsCatchUp(): AccountsCatchUp {
  let kept: AccountsChanged[] | null = null;
  return {
    start() {
      kept = [];
    },
    answered() {
      if (kept !== null) kept = [];
    },
    push(change) {
      kept?.push(change);
    },
    finish(list) {
      let result = list;
      for (const change of kept ?? []) result = applyAccountsChange(result, change) ?? result;
      kept = null;
      return result;
    },
  };
}
