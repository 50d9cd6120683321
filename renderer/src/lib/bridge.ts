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
  api ??= window.gramdeck ?? createWebTransport();
  return api;
}
