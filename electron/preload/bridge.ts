/**
 * `window.gramdeck`, built from an ipcRenderer-like object so that it can be tested without
 * Electron. Only allowlisted channels and events pass; the Electron event object never reaches
 * the page, and ipcRenderer itself is never exposed.
 */
import {
  eventChannel,
  isChannel,
  isEventName,
  type Channel,
  type EventName,
} from '../shared/channel-names';
import type { Events, GramdeckApi } from '../shared/contract';
import type { Envelope } from '../shared/errors';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const unknownChannel: Envelope<never> = {
  ok: false,
  error: { code: 'UNKNOWN_CHANNEL', message: 'There is no such action.' },
};

export function createGramdeckBridge(ipc: IpcRendererLike) {
  return {
    invoke(channel: Channel, ...args: unknown[]) {
      if (!isChannel(channel) || args.length > 1) {
        return Promise.resolve(unknownChannel);
      }
      // Exactly one payload argument crosses; `undefined` for channels without arguments.
      return ipc.invoke(channel, args[0]) as Promise<Envelope<never>>;
    },
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      if (!isEventName(event)) throw new TypeError(`Unknown event: ${String(event)}`);
      if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
      const channel = eventChannel(event);
      const wrapped = (_event: unknown, payload: unknown) => {
        listener(payload as Events[E]);
      };
      ipc.on(channel, wrapped);
      let isSubscribed = true;
      return () => {
        if (!isSubscribed) return;
        isSubscribed = false;
        ipc.removeListener(channel, wrapped);
      };
    },
  } satisfies GramdeckApi;
}
