import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionInfo } from '../../../../electron/shared/dto';
import { invoke, reportError } from '../../lib/call';
import { useEvent } from '../../lib/use-event';
import { useResource, type Resource } from '../../lib/use-resource';

export interface LiveSessions {
  sessions: Resource<SessionInfo[]>;
  /** When the list was last read: "last active" times count from here. */
  readAt: number;
  /** Reads the list again now (the Refresh button); failures go to the error surface. */
  refresh: () => void;
  isRefreshing: boolean;
  /** "Sessions updated" after a refresh that was asked for or that changed the list, else "". */
  announcement: string;
}

/**
 * Why the list is read again: the Refresh button (busy state, failures shown), Telegram's word
 * that it changed, or the user coming back to the window (skipped while a read is in flight).
 */
type Reason = 'asked' | 'announced' | 'returned';

/** The ids of the sessions, so a new or ended session is a change and a clock tick is not. */
function idsOf(list: readonly SessionInfo[] | null): string {
  return (list ?? [])
    .map((s) => s.id)
    .sort()
    .join(',');
}

/**
 * The account's active sessions, kept current: read on mount, again when Telegram says the
 * account signed in elsewhere (`sessions:changed`), whenever the window gets focus back or the
 * page becomes visible (a session may have ended on another device meanwhile, which Telegram
 * does not announce), and on request. Refreshes keep the list on screen (no loading state), and a
 * refresh that arrives after a newer one started is dropped.
 */
export function useLiveSessions(accountId: string): LiveSessions {
  const sessions = useResource('accounts:list-sessions', { accountId });
  const [readAt, setReadAt] = useState(() => Date.now());
  const [refreshing, setRefreshing] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const latest = useRef(0);
  const isInFlight = useRef(false);
  const shownIds = useRef('');
  const { setData } = sessions;
  useEffect(() => {
    shownIds.current = idsOf(sessions.data);
  });

  const read = useCallback(
    async (reason: Reason): Promise<void> => {
      // Focus and visibility often arrive together: one read in flight is enough for both.
      if (reason === 'returned' && isInFlight.current) return;
      const isAsked = reason === 'asked';
      const mine = ++latest.current;
      isInFlight.current = true;
      if (isAsked) setRefreshing((n) => n + 1);
      try {
        const result = await invoke('accounts:list-sessions', { accountId });
        if (mine !== latest.current) return;
        if (!result.ok) {
          if (isAsked) reportError(result.error);
          return;
        }
        const isChanged = idsOf(result.value) !== shownIds.current;
        setData(result.value);
        setReadAt(Date.now());
        if (isAsked || isChanged) {
          // Emptied first, so the same sentence twice in a row is announced again.
          setAnnouncement('');
          requestAnimationFrame(() => {
            setAnnouncement('Sessions updated');
          });
        }
      } finally {
        if (mine === latest.current) isInFlight.current = false;
        if (isAsked) setRefreshing((n) => n - 1);
      }
    },
    [accountId, setData],
  );

  useEvent('sessions:changed', (change) => {
    if (change.accountId === accountId) void read('announced');
  });
  useEffect(() => {
    const onFocus = (): void => {
      void read('returned');
    };
    const onVisibility = (): void => {
      if (document.visibilityState === 'visible') void read('returned');
    };
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [read]);

  const refresh = useCallback(() => {
    void read('asked');
  }, [read]);
  return { sessions, readAt, refresh, isRefreshing: refreshing > 0, announcement };
}
