import { useCallback, useEffect, useRef, useState } from 'react';
import type { Channel, ResultOf } from '../../../electron/shared/contract';
import type { AppError } from '../../../electron/shared/errors';
import { type CallArgs, invoke, reportError } from './call';

export interface UseCallOptions {
  /** Send failures to the app-wide error surface (default) or keep them local for a field. */
  report?: boolean;
}

export interface CallState {
  isBusy: boolean;
  error: AppError | null;
  clearError: () => void;
  /** Runs a call; resolves with the value, or `undefined` when it failed (see `error`). */
  run: <C extends Channel>(channel: C, ...args: CallArgs<C>) => Promise<ResultOf<C> | undefined>;
}

/** One call site's busy flag and last error, for buttons and forms. */
export function useCall(options: UseCallOptions = {}): CallState {
  const report = options.report ?? true;
  const [busyCount, setBusyCount] = useState(0);
  const [error, setError] = useState<AppError | null>(null);
  const isMounted = useRef(true);
  useEffect(() => {
    isMounted.current = true;
    return () => {
      isMounted.current = false;
    };
  }, []);

  const run = useCallback(
    async <C extends Channel>(
      channel: C,
      ...args: CallArgs<C>
    ): Promise<ResultOf<C> | undefined> => {
      setBusyCount((n) => n + 1);
      setError(null);
      try {
        const result = await invoke(channel, ...args);
        if (result.ok) return result.value;
        if (isMounted.current) setError(result.error);
        if (report) reportError(result.error);
        return undefined;
      } finally {
        if (isMounted.current) setBusyCount((n) => n - 1);
      }
    },
    [report],
  );

  const clearError = useCallback(() => {
    setError(null);
  }, []);
  return { isBusy: busyCount > 0, error, clearError, run };
}
