import type { GramdeckApi } from '../../../electron/shared/contract';
import { createWebTransport } from './web-transport';

declare global {
  interface Window {
    /** Set by the Electron preload; absent when the renderer is served by the web host. */
    readonly gramdeck?: GramdeckApi;
  }
}

let api: GramdeckApi | null = null;

/**
 * The only way the renderer reaches main: the preload's `window.gramdeck` inside Electron, or the
 * web host's WebSocket transport in a browser. Created once, on first use.
 */
export function getBridge(): GramdeckApi {
  api ??= window.gramdeck ?? exposeWebTransport();
  return api;
}

/**
 * In a browser the web transport becomes `window.gramdeck` too, as the preload's API is in the
 * desktop app: one surface for both (it gives no script of this origin more than the socket it
 * could open itself, and main refuses what the lock does not allow either way).
 */
function exposeWebTransport(): GramdeckApi {
  const transport = createWebTransport();
  Object.defineProperty(window, 'gramdeck', { value: transport, enumerable: false });
  return transport;
}
