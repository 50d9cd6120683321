/**
 * The account-list pushes that arrive while the page reads the list (issue 17): a long list's
 * pushes are patches, and those that arrive after the list's answer are newer than it, so they
 * apply on it (`first-accounts.ts`, `reduceAccounts`); those before it are already in it.
 */
import type { AccountsChanged } from '../../../electron/shared/accounts-change';

export interface AccountsCatchUp {
  /** A read starts: pushes are kept from now on. */
  start(): void;
  /** The list's answer arrived: only later pushes count. */
  answered(): void;
  /** A push arrived. */
  push(change: AccountsChanged): void;
  /** The read ended: the later pushes, in order, for the caller to apply; keeping stops. */
  take(): AccountsChanged[];
}

export function createAccountsCatchUp(): AccountsCatchUp {
  let kept: AccountsChanged[] | null = null;
  const take = (): AccountsChanged[] => {
    const later = kept ?? [];
    kept = null;
    return later;
  };
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
    take,
  };
}
