import { useCallback, useEffect, useRef, useState } from 'react';
import type { Channel, ResultOf } from '../../../../electron/shared/contract';
import type { LoginView } from '../../../../electron/shared/dto';
import type { AppError } from '../../../../electron/shared/errors';
import { type CallArgs, invoke } from '../../lib/call';
import { retryAtFrom } from '../../lib/countdown';
import { useLoginAttempts } from '../../state/login-attempts';

type LoginChannel = {
  [C in Channel]: ResultOf<C> extends LoginView ? C : never;
}[Channel];

export interface LoginAttempt {
  view: LoginView | null;
  /** The latest error: from a failed call, else the view's own. */
  error: AppError | null;
  /** Epoch ms until which the failed action is disabled (flood waits). */
  retryAt: number | null;
  /** A call is in flight, or main says the attempt is busy. */
  isBusy: boolean;
  run: <C extends LoginChannel>(channel: C, ...args: CallArgs<C>) => Promise<LoginView | null>;
  /** Forgets the attempt (back to the phone step). */
  reset: () => void;
  clearError: () => void;
}

/**
 * One login attempt as the wizard sees it. Its views live in the window's attempt store (fed by
 * call results and `auth:changed`), so leaving the wizard loses nothing: mounted again with the
 * attempt's id, it resumes at the same step with the same countdowns. While mounted, main is told
 * the attempt is shown (a QR code refreshes only then); it counts as hidden while the page is.
 */
export function useLoginAttempt(initialAttemptId: string | null): LoginAttempt {
  const store = useLoginAttempts();
  const [attemptId, setAttemptId] = useState<string | null>(initialAttemptId);
  const [callError, setCallError] = useState<AppError | null>(null);
  const [phoneRetryAt, setPhoneRetryAt] = useState<number | null>(null);
  const [pending, setPending] = useState(0);
  /** The channels with a call in flight, known at once (state would tell only the next render). */
  const inFlight = useRef(new Set<LoginChannel>());
  const entry = attemptId === null ? null : store.get(attemptId);
  const view = entry?.view ?? null;
  const { accept, setRetryAt } = store;

  const isOpen = view !== null && view.step !== 'done' && view.step !== 'cancelled';
  useEffect(() => {
    if (attemptId === null || !isOpen) return;
    const tell = (isVisible: boolean): void => {
      void invoke('auth:set-visible', { attemptId, isVisible });
    };
    const onVisibility = (): void => {
      tell(document.visibilityState === 'visible');
    };
    tell(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      tell(false);
    };
  }, [attemptId, isOpen]);

  const run = useCallback(
    async <C extends LoginChannel>(channel: C, ...args: CallArgs<C>): Promise<LoginView | null> => {
      // A call goes once: Enter right after an auto-submitted code does not send it again.
      if (inFlight.current.has(channel)) return null;
      inFlight.current.add(channel);
      setPending((n) => n + 1);
      setCallError(null);
      try {
        const result = await invoke(channel, ...args);
        if (result.ok) {
          const next = result.value as LoginView;
          accept(next);
          setAttemptId(next.attemptId);
          return next;
        }
        setCallError(result.error);
        const retryAt = retryAtFrom(result.error.retryAfter, Date.now());
        const target = args[0];
        if (target !== undefined && 'attemptId' in target) setRetryAt(target.attemptId, retryAt);
        else setPhoneRetryAt(retryAt);
        return null;
      } finally {
        inFlight.current.delete(channel);
        setPending((n) => n - 1);
      }
    },
    [accept, setRetryAt],
  );

  const reset = useCallback(() => {
    setAttemptId(null);
    setCallError(null);
    setPhoneRetryAt(null);
  }, []);
  const clearError = useCallback(() => {
    setCallError(null);
    if (view !== null && view.error !== null) accept({ ...view, error: null });
  }, [accept, view]);

  return {
    view,
    error: callError ?? view?.error ?? null,
    retryAt: (view === null ? null : entry?.retryAt) ?? phoneRetryAt,
    isBusy: pending > 0 || (view?.isBusy ?? false),
    run,
    reset,
    clearError,
  };
}
