import { useEffect, useRef } from 'react';
import type { EventName, Events } from '../../../electron/shared/contract';
import { getBridge } from './bridge';

/** Subscribes to a push event for the component's lifetime; the latest listener always runs. */
export function useEvent<E extends EventName>(
  event: E,
  listener: (payload: Events[E]) => void,
): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(
    () =>
      getBridge().on(event, (payload) => {
        latest.current(payload);
      }),
    [event],
  );
}
