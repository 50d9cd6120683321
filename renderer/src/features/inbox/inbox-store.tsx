/**
 * The unified inbox's live state (issue 16), held once for the frame: the sidebar's "Inbox"
 * entry shows its total and the inbox page lists it. Loaded with `unread:list` (every account,
 * the tag filter is applied here so it follows tag changes at once), then kept live from
 * `unread:changed`. The frame unmounts while the app is locked, so an unlock loads it afresh.
 */
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import type { InboxChange, InboxState } from '../../../../electron/shared/chat-dto';
import type { AppError } from '../../../../electron/shared/errors';
import { invoke } from '../../lib/call';
import { useEvent } from '../../lib/use-event';
import { applyInboxChange, emptyInbox, sortedInbox } from './inbox-model';

export interface Inbox {
  state: InboxState;
  isLoading: boolean;
  error: AppError | null;
  reload: () => void;
}

const InboxContext = createContext<Inbox | null>(null);

export function InboxProvider(props: { children: ReactNode }): ReactNode {
  const [state, setState] = useState<InboxState>(emptyInbox);
  const [isLoading, setIsLoading] = useState(true);
  const [error, setError] = useState<AppError | null>(null);
  const [generation, setGeneration] = useState(0);
  // Changes that arrive while the list loads wait for it and are applied on top, so none is lost.
  const early = useRef<InboxChange[] | null>([]);

  useEffect(() => {
    let isCurrent = true;
    early.current = [];
    void invoke('unread:list', { tagIds: [] }).then((result) => {
      if (!isCurrent) return;
      const waiting = early.current ?? [];
      early.current = null;
      setIsLoading(false);
      if (result.ok) {
        setError(null);
        setState(waiting.reduce(applyInboxChange, sortedInbox(result.value)));
      } else {
        setError(result.error);
      }
    });
    return () => {
      isCurrent = false;
    };
  }, [generation]);

  useEvent('unread:changed', (change) => {
    if (early.current !== null) early.current.push(change);
    else setState((s) => applyInboxChange(s, change));
  });

  const value: Inbox = {
    state,
    isLoading,
    error,
    reload: () => {
      setIsLoading(true);
      setGeneration((g) => g + 1);
    },
  };
  return <InboxContext.Provider value={value}>{props.children}</InboxContext.Provider>;
}

export function useInbox(): Inbox {
  const inbox = useContext(InboxContext);
  if (inbox === null) throw new Error('useInbox outside InboxProvider');
  return inbox;
}
