import type {
  Channel,
  EventName,
  Events,
  GramdeckApi,
  ResultOf,
} from '../../../electron/shared/contract';
import type { Envelope } from '../../../electron/shared/errors';

type Pending = { resolve: (envelope: Envelope<unknown>) => void };
type Listener = (payload: unknown) => void;

interface ServerMessage {
  type: 'result' | 'event' | 'error';
  id?: number;
  envelope?: Envelope<unknown>;
  event?: string;
  payload?: unknown;
}

const disconnected: Envelope<never> = {
  ok: false,
  error: {
    code: 'NETWORK',
    message: 'Lost the connection to Gramdeck. Is the web host still running?',
  },
};

/**
 * `window.gramdeck` for the web host: the same API the Electron preload exposes, carried over a
 * WebSocket to the page's own origin. The host authenticated this page with a cookie when it
 * served it, so the socket needs no token of its own. A dropped socket reconnects with backoff;
 * calls in flight when it drops fail with a NETWORK error rather than hanging.
 */
export function createWebTransport(): GramdeckApi {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<Listener>>();
  const queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket | null = null;
  let retryDelay = 250;

  const connect = () => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.addEventListener('open', () => {
      retryDelay = 250;
      for (const message of queue.splice(0)) ws.send(message);
    });
    ws.addEventListener('message', (event: MessageEvent<string>) => {
      let message: ServerMessage;
      try {
        message = JSON.parse(event.data) as ServerMessage;
      } catch {
        return;
      }
      if (message.type === 'result' && message.id !== undefined && message.envelope) {
        pending.get(message.id)?.resolve(message.envelope);
        pending.delete(message.id);
      } else if (message.type === 'event' && message.event) {
        for (const listener of [...(listeners.get(message.event) ?? [])]) listener(message.payload);
      }
    });
    ws.addEventListener('close', () => {
      socket = null;
      for (const [id, call] of pending) {
        call.resolve(disconnected);
        pending.delete(id);
      }
      setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 5000);
    });
  };
  connect();

  return {
    invoke<C extends Channel>(channel: C, ...args: unknown[]): Promise<Envelope<ResultOf<C>>> {
      const id = nextId++;
      const message = JSON.stringify({ type: 'invoke', id, channel, payload: args[0] });
      return new Promise((resolve) => {
        pending.set(id, { resolve: resolve as (envelope: Envelope<unknown>) => void });
        if (socket?.readyState === WebSocket.OPEN) socket.send(message);
        else queue.push(message);
      });
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void) {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      const wrapped = listener as Listener;
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
  };
}
