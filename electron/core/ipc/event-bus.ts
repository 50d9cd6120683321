import type { EventName, Events } from '../../shared/contract';

export type EventListener = <E extends EventName>(event: E, payload: Events[E]) => void;

/** Fans push events out to every connected transport (Electron windows, web host sockets). */
export interface EventBus {
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  subscribe(listener: EventListener): () => void;
}

export function createEventBus(onListenerError?: (error: unknown) => void): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(event, payload) {
      for (const listener of [...listeners]) {
        try {
          listener(event, payload);
        } catch (error) {
          onListenerError?.(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
