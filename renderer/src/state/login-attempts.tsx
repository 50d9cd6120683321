import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import type { LoginView } from '../../../electron/shared/dto';
import { invoke } from '../lib/call';
import { useEvent } from '../lib/use-event';

/** What the renderer keeps of one login attempt while the user is elsewhere. */
export interface AttemptEntry {
  view: LoginView;
  /** Epoch ms until which the attempt's failed action is disabled (flood waits). */
  retryAt: number | null;
}

/**
 * The login attempts of this window: the latest view of each (from call results and
 * `auth:changed`), so that leaving the login wizard loses nothing and the sidebar can list the
 * open ones ("Signing in …") for the user to come back to.
 */
export interface LoginAttempts {
  get: (attemptId: string) => AttemptEntry | null;
  /** Open attempts (not done, not cancelled), oldest first. */
  pending: LoginView[];
  /** The last open attempt that main ended for a reason of its own (idle, lock), or null. */
  lastEnded: LoginView | null;
  /** Records a view from a call result. */
  accept: (view: LoginView) => void;
  setRetryAt: (attemptId: string, retryAt: number | null) => void;
}

const LoginAttemptsContext = createContext<LoginAttempts | null>(null);

export function useLoginAttempts(): LoginAttempts {
  const attempts = useContext(LoginAttemptsContext);
  if (attempts === null) {
    throw new Error('useLoginAttempts must be used inside <LoginAttemptsProvider>.');
  }
  return attempts;
}

const isOpen = (view: LoginView): boolean => view.step !== 'done' && view.step !== 'cancelled';

/** Holds the attempts for the signed-in app; it reads the open ones from main when it mounts. */
export function LoginAttemptsProvider(props: { children: ReactNode }): ReactNode {
  const [entries, setEntries] = useState<ReadonlyMap<string, AttemptEntry>>(() => new Map());
  const [lastEnded, setLastEnded] = useState<LoginView | null>(null);

  const accept = useCallback((view: LoginView) => {
    setEntries((current) => {
      const previous = current.get(view.attemptId);
      if (previous !== undefined && isOpen(previous.view) && view.step === 'cancelled') {
        setLastEnded(view.error === null ? null : view);
      }
      // A flood wait's retryAfter counts from when the view arrives; later copies of the same
      // view (a push and a call result, or showing the attempt again) keep the first deadline.
      const retryAfter = view.error?.retryAfter;
      const retryAt =
        retryAfter === undefined
          ? (previous?.retryAt ?? null)
          : previous?.view.error?.retryAfter === retryAfter && previous.retryAt !== null
            ? previous.retryAt
            : Date.now() + retryAfter * 1000;
      const next = new Map(current);
      next.set(view.attemptId, { view, retryAt });
      return next;
    });
  }, []);

  const setRetryAt = useCallback((attemptId: string, retryAt: number | null) => {
    setEntries((current) => {
      const entry = current.get(attemptId);
      if (entry === undefined) return current;
      const next = new Map(current);
      next.set(attemptId, { ...entry, retryAt });
      return next;
    });
  }, []);

  useEvent('auth:changed', accept);

  useEffect(() => {
    let isCurrent = true;
    void invoke('auth:list').then((result) => {
      if (!isCurrent || !result.ok) return;
      for (const view of result.value) accept(view);
    });
    return () => {
      isCurrent = false;
    };
  }, [accept]);

  const value = useMemo<LoginAttempts>(
    () => ({
      get: (attemptId) => entries.get(attemptId) ?? null,
      pending: [...entries.values()].map((entry) => entry.view).filter(isOpen),
      lastEnded,
      accept,
      setRetryAt,
    }),
    [entries, lastEnded, accept, setRetryAt],
  );
  return <LoginAttemptsContext value={value}>{props.children}</LoginAttemptsContext>;
}
