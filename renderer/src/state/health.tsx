/**
 * Account health (issue 15) for every screen that shows it (the sidebar's badge, the account
 * page, the health table): `health:list` once, then the deltas `health:changed` pushes, read
 * again whenever the page reconnects to main (pushes sent meanwhile were lost).
 */
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import type {
  AccountHealth,
  HealthChange,
  HealthProgress,
} from '../../../electron/shared/health-dto';
import { invoke } from '../lib/call';
import { useEvent } from '../lib/use-event';
import { useIsConnected } from './connection';

export interface HealthData {
  byId: ReadonlyMap<string, AccountHealth>;
  progress: HealthProgress | null;
  /** False until the first list arrived. */
  isLoaded: boolean;
}

const empty: HealthData = { byId: new Map(), progress: null, isLoaded: false };
const HealthContext = createContext<HealthData>(empty);

export function useHealth(): HealthData {
  return useContext(HealthContext);
}

function applyChange(data: HealthData, change: HealthChange): HealthData {
  const byId = new Map(data.byId);
  for (const id of change.removed) byId.delete(id);
  for (const health of change.accounts) byId.set(health.accountId, health);
  return { byId, progress: change.progress, isLoaded: data.isLoaded };
}

export function HealthProvider(props: { children: ReactNode }): ReactNode {
  const [data, setData] = useState<HealthData>(empty);
  const isConnected = useIsConnected();

  useEffect(() => {
    if (!isConnected) return;
    let isCurrent = true;
    void invoke('health:list').then((result) => {
      if (!isCurrent || !result.ok) return;
      setData({
        byId: new Map(result.value.accounts.map((h) => [h.accountId, h])),
        progress: result.value.progress,
        isLoaded: true,
      });
    });
    return () => {
      isCurrent = false;
    };
  }, [isConnected]);

  useEvent('health:changed', (change) => {
    setData((current) => applyChange(current, change));
  });

  return <HealthContext.Provider value={data}>{props.children}</HealthContext.Provider>;
}
