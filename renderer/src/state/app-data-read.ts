/**
 * Reading the app data (issue 17): what `AppDataProvider` shows. React-free, so the first read
 * can start before React's code has evaluated (`boot.ts`).
 */
import type {
  AccountsState,
  AppInfo,
  Settings,
  UpdateState,
  VaultStatus,
} from '../../../electron/shared/dto';
import { firstAccountsLimit } from '../../../electron/shared/accounts-first';
import type { AppError } from '../../../electron/shared/errors';
import { getBridge } from '../lib/bridge';
import { invoke } from '../lib/call';
import { createAccountsCatchUp } from './accounts-catch-up';
import {
  type AccountsView,
  fromFirst,
  type PartialAccounts,
  reduceAccounts,
} from './first-accounts';

export interface LoadedAppData {
  info: AppInfo;
  settings: Settings;
  vault: VaultStatus;
  /** The whole account list, or while `partialAccounts` is set its first rows (issue 17). */
  accounts: AccountsState;
  /** What is known of the rest of the list while only its first rows are in; else null. */
  partialAccounts: PartialAccounts | null;
  update: UpdateState;
}

export type AppDataRead = { ok: true; value: LoadedAppData } | { ok: false; error: AppError };

export const emptyAccounts: AccountsState = { accounts: [], activeAccountId: null, restore: null };

/**
 * Reads everything; with `isFirstRowsOnly`, only the account list's first screenful
 * (`accounts:list-first`), which the provider completes with `accounts:list` once it is drawn.
 * The account pushes that arrive after the list's answer are newer than it and are applied on
 * it; the read listens for them itself, so it may start before anything is mounted.
 */
export async function readAppData(isFirstRowsOnly = false): Promise<AppDataRead> {
  const catchUp = createAccountsCatchUp();
  catchUp.start();
  const stopListening = getBridge().on('accounts:changed', (change) => {
    catchUp.push(change);
  });
  try {
    const readAccounts = async (): Promise<AccountsView | null> => {
      if (isFirstRowsOnly) {
        const first = await invoke('accounts:list-first', { limit: firstAccountsLimit });
        catchUp.answered();
        return first.ok ? fromFirst(first.value) : null;
      }
      const whole = await invoke('accounts:list');
      catchUp.answered();
      return whole.ok ? { accounts: whole.value, partial: null } : null;
    };
    const [info, settings, vault, read, update] = await Promise.all([
      invoke('app:info'),
      invoke('settings:get'),
      invoke('vault:status'),
      readAccounts(),
      invoke('update:status'),
    ]);
    // Main refuses the account list while locked; it is read again at unlock.
    const accounts = catchUp
      .take()
      .reduce<AccountsView>(
        (view, change) => reduceAccounts(view, { kind: 'pushed', change }),
        read ?? { accounts: emptyAccounts, partial: null },
      );
    if (!info.ok) return info;
    if (!settings.ok) return settings;
    if (!vault.ok) return vault;
    return {
      ok: true,
      value: {
        info: info.value,
        settings: settings.value,
        vault: vault.value,
        accounts: accounts.accounts,
        partialAccounts: accounts.partial,
        update: update.ok ? update.value : { kind: 'disabled', reason: update.error.message },
      },
    };
  } finally {
    stopListening();
  }
}

let firstRead: Promise<AppDataRead> | null = null;

/**
 * Starts the page's first read at once (`boot.ts`, before React's code evaluates), so the
 * answers travel while the rest of the app's code is parsed and run. It reads only the first
 * screenful of accounts (issue 17).
 */
export function startFirstRead(): void {
  firstRead = readAppData(true);
}

/** The read started by {@link startFirstRead}, once; any later call reads afresh. */
export function takeFirstRead(): Promise<AppDataRead> {
  const started = firstRead;
  firstRead = null;
  return started ?? readAppData(true);
}
