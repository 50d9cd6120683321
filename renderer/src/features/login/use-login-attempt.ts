import { useCallback, useState } from 'react';
import type { Channel, ResultOf } from '../../../../electron/shared/contract';
import type { LoginView } from '../../../../electron/shared/dto';
import type { AppError } from '../../../../electron/shared/errors';
import { type CallArgs, invoke } from '../../lib/call';
import { retryAtFrom } from '../../lib/countdown';
import { useEvent } from '../../lib/use-event';

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
 * One login attempt as the renderer sees it: views from call results and `auth:changed` pushes
 * for the same attemptId, the last error, and any wait it imposes.
 */
export function useLoginAttempt(): LoginAttempt {
  const [view, setView] = useState<LoginView | null>(null);
  const [callError, setCallError] = useState<AppError | null>(null);
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const [pending, setPending] = useState(0);

  const acceptView = useCallback((next: LoginView) => {
    setView(next);
    setCallError(null);
    if (next.error?.retryAfter !== undefined) {
      setRetryAt(retryAtFrom(next.error.retryAfter, Date.now()));
    }
  }, []);

  useEvent('auth:changed', (next) => {
    if (view !== null && next.attemptId === view.attemptId) acceptView(next);
  });

  const run = useCallback(
    async <C extends LoginChannel>(channel: C, ...args: CallArgs<C>): Promise<LoginView | null> => {
      setPending((n) => n + 1);
      setCallError(null);
      try {
        const result = await invoke(channel, ...args);
        if (result.ok) {
          const next = result.value as LoginView;
          acceptView(next);
          return next;
        }
        setCallError(result.error);
        setRetryAt(retryAtFrom(result.error.retryAfter, Date.now()));
        return null;
      } finally {
        setPending((n) => n - 1);
      }
    },
    [acceptView],
  );

  const reset = useCallback(() => {
    setView(null);
    setCallError(null);
    setRetryAt(null);
  }, []);
  const clearError = useCallback(() => {
    setCallError(null);
    setView((current) => (current === null ? null : { ...current, error: null }));
  }, []);

  return {
    view,
    error: callError ?? view?.error ?? null,
    retryAt,
    isBusy: pending > 0 || (view?.isBusy ?? false),
    run,
    reset,
    clearError,
  };
}
