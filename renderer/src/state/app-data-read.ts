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
import type { AppError } from '../../../electron/shared/errors';
import { getBridge } from '../lib/bridge';
import { invoke } from '../lib/call';
import { createAccountsCatchUp } from './accounts-catch-up';

export interface LoadedAppData {
  info: AppInfo;
  settings: Settings;
  vault: VaultStatus;
  accounts: AccountsState;
  update: UpdateState;
}

export type AppDataRead = { ok: true; value: LoadedAppData } | { ok: false; error: AppError };

export const emptyAccounts: AccountsState = { accounts: [], activeAccountId: null, restore: null };

/**
 * Reads everything. The account pushes that arrive after the list's answer are newer than it
 * and are applied on it; the read listens for them itself, so it may start before anything is
 * mounted.
 */
export async function readAppData(): Promise<AppDataRead> {
  const catchUp = createAccountsCatchUp();
  catchUp.start();
  const stopListening = getBridge().on('accounts:changed', (change) => {
    catchUp.push(change);
  });
  try {
    const [info, settings, vault, accounts, update] = await Promise.all([
      invoke('app:info'),
      invoke('settings:get'),
      invoke('vault:status'),
      invoke('accounts:list').then((answer) => {
        catchUp.answered();
        return answer;
      }),
      invoke('update:status'),
    ]);
    // Main refuses the account list while locked; it is read again at unlock.
    const list = catchUp.finish(accounts.ok ? accounts.value : emptyAccounts);
    if (!info.ok) return info;
    if (!settings.ok) return settings;
    if (!vault.ok) return vault;
    return {
      ok: true,
      value: {
        info: info.value,
        settings: settings.value,
        vault: vault.value,
        accounts: list,
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
 * answers travel while the rest of the app's code is parsed and run.
 */
export function startFirstRead(): void {
  firstRead = readAppData();
}

/** The read started by {@link startFirstRead}, once; any later call reads afresh. */
export function takeFirstRead(): Promise<AppDataRead> {
  const started = firstRead;
  firstRead = null;
  return started ?? readAppData();
}
