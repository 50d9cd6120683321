import { useCallback, useEffect, useState } from 'react';
import type { Channel, ResultOf } from '../../../electron/shared/contract';
import type { AppError } from '../../../electron/shared/errors';
import { type CallArgs, invoke } from './call';

export interface Resource<T> {
  data: T | null;
  error: AppError | null;
  isLoading: boolean;
  reload: () => void;
  /** Replaces the data, e.g. with the result of a mutation or a push event. */
  setData: (data: T) => void;
}

interface State<T> {
  key: string;
  data: T | null;
  error: AppError | null;
  isLoading: boolean;
}

/**
 * Loads `channel` on mount and whenever its arguments change. Failures stay local (the panel
 * shows them) instead of going to the app-wide error surface.
 */
export function useResource<C extends Channel>(
  channel: C,
  ...args: CallArgs<C>
): Resource<ResultOf<C>> {
  const key = `${channel}:${JSON.stringify(args)}`;
  const [state, setState] = useState<State<ResultOf<C>>>({
    key,
    data: null,
    error: null,
    isLoading: true,
  });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let isCurrent = true;
    const parsed = JSON.parse(key.slice(channel.length + 1)) as CallArgs<C>;
    void invoke(channel, ...parsed).then((result) => {
      if (!isCurrent) return;
      setState(
        result.ok
          ? { key, data: result.value, error: null, isLoading: false }
          : { key, data: null, error: result.error, isLoading: false },
      );
    });
    return () => {
      isCurrent = false;
    };
  }, [channel, key, generation]);

  const reload = useCallback(() => {
    setState((s) => ({ ...s, isLoading: true }));
    setGeneration((g) => g + 1);
  }, []);
  const setData = useCallback(
    (data: ResultOf<C>) => {
      setState({ key, data, error: null, isLoading: false });
    },
    [key],
  );

  const isStale = state.key !== key;
  return {
    data: isStale ? null : state.data,
    error: isStale ? null : state.error,
    isLoading: isStale || state.isLoading,
    reload,
    setData,
  };
}
