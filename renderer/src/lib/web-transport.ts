import type {
  Channel,
  EventName,
  Events,
  GramdeckApi,
  ResultOf,
} from '../../../electron/shared/contract';
import type { Envelope } from '../../../electron/shared/errors';
import {
  webCloseCodes,
  type WebAuthMessage,
  type WebInvokeMessage,
  type WebServerMessage,
} from '../../../electron/shared/web-wire';

type Pending = { resolve: (envelope: Envelope<unknown>) => void };
type Listener = (payload: unknown) => void;

const disconnected: Envelope<never> = {
  ok: false,
  error: {
    code: 'NETWORK',
    message: 'Lost the connection to Gramdeck. Is the web host still running?',
  },
};

const refused: Envelope<never> = {
  ok: false,
  error: {
    code: 'FORBIDDEN_SENDER',
    message: 'The web host no longer accepts this page. Open the URL that npm run web printed.',
  },
};

/**
 * `window.gramdeck` for the web host: the same API the Electron preload exposes, carried over a
 * WebSocket to the page's own origin. The first message on every socket presents `token`; the
 * host routes nothing before it. A dropped socket reconnects with backoff, and calls in flight
 * when it drops fail with a NETWORK error rather than hanging; `onConnectionChange` hears when it
 * drops (false) and when the host has taken the token again (true), so the page can say so and re-read its data.
 * When the host refuses the token (it restarted with a new one), the transport stops and calls
 * `onRefused`.
 */
export function createWebTransport(
  token: string,
  events: { onRefused: () => void; onConnectionChange: (isConnected: boolean) => void },
): GramdeckApi {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<Listener>>();
  const queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket | null = null;
  let isRefused = false;
  let retryDelay = 250;

  const failPending = (envelope: Envelope<never>) => {
    for (const [id, call] of pending) {
      call.resolve(envelope);
      pending.delete(id);
    }
  };

  const connect = () => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.addEventListener('open', () => {
      const auth: WebAuthMessage = { type: 'auth', token };
      ws.send(JSON.stringify(auth));
      for (const message of queue.splice(0)) ws.send(message);
    });
    ws.addEventListener('message', (event: MessageEvent<string>) => {
      let message: WebServerMessage;
      try {
        message = JSON.parse(event.data) as WebServerMessage;
      } catch {
        return;
      }
      if (message.type === 'ready') {
        // The host took the token: only now is the page connected again.
        retryDelay = 250;
        events.onConnectionChange(true);
      } else if (message.type === 'result') {
        pending.get(message.id)?.resolve(message.envelope);
        pending.delete(message.id);
      } else if (message.type === 'event') {
        for (const listener of [...(listeners.get(message.event) ?? [])]) listener(message.payload);
      }
    });
    ws.addEventListener('close', (event) => {
      socket = null;
      if (event.code === webCloseCodes.unauthorized) {
        isRefused = true;
        queue.length = 0;
        failPending(refused);
        events.onRefused();
        return;
      }
      failPending(disconnected);
      events.onConnectionChange(false);
      setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 5000);
    });
  };
  connect();

  return {
    invoke<C extends Channel>(channel: C, ...args: unknown[]): Promise<Envelope<ResultOf<C>>> {
      if (isRefused) return Promise.resolve(refused);
      const id = nextId++;
      const call: WebInvokeMessage = { type: 'invoke', id, channel, payload: args[0] };
      const message = JSON.stringify(call);
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
