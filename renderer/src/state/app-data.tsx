import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
} from 'react';
import type {
  AccountsState,
  AppInfo,
  Settings,
  UpdateState,
  VaultStatus,
} from '../../../electron/shared/dto';
import type { AppError } from '../../../electron/shared/errors';
import {
  applyAccountsChange,
  type AccountsChanged,
} from '../../../electron/shared/accounts-change';
import { invoke } from '../lib/call';
import { useEvent } from '../lib/use-event';
import { createAccountsCatchUp } from './accounts-catch-up';
import { useIsConnected } from './connection';

/** The app-wide state main pushes to every window: loaded once, then kept fresh by events. */
export interface AppData {
  info: AppInfo;
  settings: Settings;
  vault: VaultStatus;
  accounts: AccountsState;
  update: UpdateState;
  /** Re-reads everything (after first-run steps, which change several parts at once). */
  refresh: () => Promise<void>;
  setAccounts: (state: AccountsState) => void;
  setVault: (status: VaultStatus) => void;
  setSettings: (settings: Settings) => void;
  setInfo: (info: AppInfo) => void;
  setUpdate: (state: UpdateState) => void;
}

type Loaded = Omit<
  AppData,
  'refresh' | 'setAccounts' | 'setVault' | 'setSettings' | 'setInfo' | 'setUpdate'
>;

const AppDataContext = createContext<AppData | null>(null);

export function useAppData(): AppData {
  const data = useContext(AppDataContext);
  if (data === null) throw new Error('useAppData must be used inside <AppDataProvider>.');
  return data;
}

type LoadResult = { ok: true; value: Loaded } | { ok: false; error: AppError };

/** Reads everything; `onAccountsRead` runs as the account list's answer arrives. */
async function load(onAccountsRead: () => void): Promise<LoadResult> {
  const [info, settings, vault, accounts, update] = await Promise.all([
    invoke('app:info'),
    invoke('settings:get'),
    invoke('vault:status'),
    invoke('accounts:list').then((answer) => {
      onAccountsRead();
      return answer;
    }),
    invoke('update:status'),
  ]);
  if (!info.ok) return info;
  if (!settings.ok) return settings;
  if (!vault.ok) return vault;
  return {
    ok: true,
    value: {
      info: info.value,
      settings: settings.value,
      vault: vault.value,
      // Main refuses the account list while locked; it is read again at unlock.
      accounts: accounts.ok ? accounts.value : emptyAccounts,
      update: update.ok ? update.value : { kind: 'disabled', reason: update.error.message },
    },
  };
}

const emptyAccounts: AccountsState = { accounts: [], activeAccountId: null, restore: null };

export function AppDataProvider(props: {
  children: ReactNode;
  loading: ReactNode;
  failed: (error: AppError, retry: () => void) => ReactNode;
}): ReactNode {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const [catchUp] = useState(createAccountsCatchUp);
  /** Reads everything, with the account pushes that arrived after the list's answer applied. */
  const read = useCallback(async (): Promise<LoadResult> => {
    catchUp.start();
    const result = await load(() => {
      catchUp.answered();
    });
    const accounts = catchUp.finish(result.ok ? result.value.accounts : emptyAccounts);
    return result.ok ? { ok: true, value: { ...result.value, accounts } } : result;
  }, [catchUp]);
  const apply = useCallback((result: LoadResult) => {
    if (result.ok) {
      setLoaded(result.value);
      setError(null);
    } else {
      setError(result.error);
    }
  }, []);
  const refresh = useCallback(async () => {
    apply(await read());
  }, [apply, read]);

  useEffect(() => {
    void read().then(apply);
  }, [apply, read]);

  // Events pushed while the page was disconnected are lost: read everything again on reconnect.
  const isConnected = useIsConnected();
  const wasConnected = useRef(isConnected);
  useEffect(() => {
    if (isConnected && !wasConnected.current) void refresh();
    wasConnected.current = isConnected;
  }, [isConnected, refresh]);

  const patch = useCallback((part: Partial<Loaded>) => {
    setLoaded((current) => (current === null ? current : { ...current, ...part }));
  }, []);
  const setAccounts = useCallback(
    (accounts: AccountsState) => {
      patch({ accounts });
    },
    [patch],
  );
  const applyAccounts = useCallback(
    (change: AccountsChanged) => {
      catchUp.push(change);
      setLoaded((current) =>
        current === null
          ? current
          : {
              ...current,
              accounts: applyAccountsChange(current.accounts, change) ?? current.accounts,
            },
      );
    },
    [catchUp],
  );
  const wasLocked = loaded?.vault.isLocked ?? false;
  const setVault = useCallback(
    (vault: VaultStatus) => {
      // Main withholds the accounts while locked: the lock screen stays until they are read
      // again, so the app opens on them rather than on an empty list.
      if (wasLocked && !vault.isLocked) void refresh();
      else patch({ vault });
    },
    [patch, refresh, wasLocked],
  );
  const setSettings = useCallback(
    (settings: Settings) => {
      patch({ settings });
    },
    [patch],
  );
  const setInfo = useCallback(
    (info: AppInfo) => {
      patch({ info });
    },
    [patch],
  );
  const setUpdate = useCallback(
    (update: UpdateState) => {
      patch({ update });
    },
    [patch],
  );

  useEvent('app:changed', setInfo);
  useEvent('settings:changed', setSettings);
  useEvent('vault:changed', setVault);
  useEvent('accounts:changed', applyAccounts);
  useEvent('update:changed', setUpdate);

  if (loaded === null) {
    return error === null
      ? props.loading
      : props.failed(error, () => {
          setError(null);
          void refresh();
        });
  }
  const value: AppData = {
    ...loaded,
    refresh,
    setAccounts,
    setVault,
    setSettings,
    setInfo,
    setUpdate,
  };
  return <AppDataContext value={value}>{props.children}</AppDataContext>;
}
