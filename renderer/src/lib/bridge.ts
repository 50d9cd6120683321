import type { GramdeckApi } from '../../../electron/shared/contract';

declare global {
  interface Window {
    /** Set by the Electron preload; absent when the renderer is served by the web host. */
    readonly gramdeck?: GramdeckApi;
  }
}

let webBridge: GramdeckApi | null = null;

/** In a browser, `main.tsx` installs the web host's transport once it has the page's token. */
export function installWebBridge(api: GramdeckApi): void {
  webBridge = api;
}

/**
 * The only way the renderer reaches main: the preload's `window.gramdeck` inside Electron, or the
 * web host's WebSocket transport in a browser.
 */
export function getBridge(): GramdeckApi {
  const api = window.gramdeck ?? webBridge;
  if (api === null) throw new Error('The renderer started without a bridge to main.');
  return api;
}
