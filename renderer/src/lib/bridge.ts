import type { GramdeckApi } from '../../../electron/shared/contract';

declare global {
  interface Window {
    /**
     * Set by the Electron preload; in a browser, by `installWebBridge` once the page holds the web
     * host's token.
     */
    readonly gramdeck?: GramdeckApi;
  }
}

/**
 * In a browser, `main.tsx` installs the web host's transport once it has the page's token. It
 * becomes `window.gramdeck` too, as the preload's API is in the desktop app: one surface for both
 * (it gives no script of this origin more than the socket it could open itself, and main refuses
 * what the lock does not allow either way).
 */
export function installWebBridge(api: GramdeckApi): void {
  Object.defineProperty(window, 'gramdeck', { value: api, enumerable: false });
}

/**
 * The only way the renderer reaches main: the preload's `window.gramdeck` inside Electron, or the
 * web host's WebSocket transport in a browser.
 */
export function getBridge(): GramdeckApi {
  const api = window.gramdeck;
  if (api === undefined) throw new Error('The renderer started without a bridge to main.');
  return api;
}
