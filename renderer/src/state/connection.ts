import { useSyncExternalStore } from 'react';

/**
 * Whether this page reaches main. Inside Electron it always does; in a browser the web host's
 * socket can drop (the host stopped, the machine slept), and until it reconnects nothing the
 * page shows is fresh: the transport reports both moments here.
 */
let isConnected = true;
const listeners = new Set<() => void>();

export function setConnected(next: boolean): void {
  if (next === isConnected) return;
  isConnected = next;
  for (const listener of [...listeners]) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function useIsConnected(): boolean {
  return useSyncExternalStore(subscribe, () => isConnected);
}
