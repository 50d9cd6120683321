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
import type { AccountsChanged } from '../../../electron/shared/accounts-change';
import { invoke } from '../lib/call';
import { useEvent } from '../lib/use-event';
import { type AppDataRead, type LoadedAppData, readAppData, takeFirstRead } from './app-data-read';
import { useIsConnected } from './connection';
import { type AccountsAction, reduceAccounts } from './first-accounts';

/** The app-wide state main pushes to every window: loaded once, then kept fresh by events. */
export interface AppData extends LoadedAppData {
  /** Re-reads everything (after first-run steps, which change several parts at once). */
  refresh: () => Promise<void>;
  setAccounts: (state: AccountsState) => void;
  setVault: (status: VaultStatus) => void;
  setSettings: (settings: Settings) => void;
  setInfo: (info: AppInfo) => void;
  setUpdate: (state: UpdateState) => void;
}

const AppDataContext = createContext<AppData | null>(null);

export function useAppData(): AppData {
  const data = useContext(AppDataContext);
  if (data === null) throw new Error('useAppData must be used inside <AppDataProvider>.');
  return data;
}

export function AppDataProvider(props: {
  children: ReactNode;
  loading: ReactNode;
  failed: (error: AppError, retry: () => void) => ReactNode;
}): ReactNode {
  const [loaded, setLoaded] = useState<LoadedAppData | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const apply = useCallback((result: AppDataRead) => {
    if (result.ok) {
      setLoaded(result.value);
      setError(null);
    } else {
      setError(result.error);
    }
  }, []);
  const refresh = useCallback(async () => {
    apply(await readAppData());
  }, [apply]);

  // The first read started before React mounted (boot.ts); a later mount reads afresh.
  useEffect(() => {
    void takeFirstRead().then(apply);
  }, [apply]);

  // Events pushed while the page was disconnected are lost: read everything again on reconnect.
  const isConnected = useIsConnected();
  const wasConnected = useRef(isConnected);
  useEffect(() => {
    if (isConnected && !wasConnected.current) void refresh();
    wasConnected.current = isConnected;
  }, [isConnected, refresh]);

  const patch = useCallback((part: Partial<LoadedAppData>) => {
    setLoaded((current) => (current === null ? current : { ...current, ...part }));
  }, []);
  // Every change of the account list goes through one reducer, in the order it arrives: the
  // pushes before the whole list's answer apply on the first rows, the answer replaces them, and
  // the pushes after it apply on it (issue 17).
  const dispatchAccounts = useCallback((action: AccountsAction) => {
    setLoaded((current) => {
      if (current === null) return current;
      const view = reduceAccounts(
        { accounts: current.accounts, partial: current.partialAccounts },
        action,
      );
      return { ...current, accounts: view.accounts, partialAccounts: view.partial };
    });
  }, []);
  const setAccounts = useCallback(
    (state: AccountsState) => {
      dispatchAccounts({ kind: 'whole', state });
    },
    [dispatchAccounts],
  );
  const applyAccounts = useCallback(
    (change: AccountsChanged) => {
      dispatchAccounts({ kind: 'pushed', change });
    },
    [dispatchAccounts],
  );

  // The first screenful is drawn: now the whole list. A failed read (locked, disconnected)
  // leaves the first rows; unlocking and reconnecting read everything again.
  const isPartial = loaded !== null && loaded.partialAccounts !== null;
  useEffect(() => {
    if (!isPartial) return;
    let isCurrent = true;
    void invoke('accounts:list').then((answer) => {
      if (isCurrent && answer.ok) setAccounts(answer.value);
    });
    return () => {
      isCurrent = false;
    };
  }, [isPartial, setAccounts]);
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
