/**
 * What the page does before React's code runs (issue 17): reach main and ask for the startup
 * data at once, so the answers travel while the rest of the app's code is parsed and run.
 * `main.tsx` imports this module first; module bodies run in import order.
 */
import { installWebBridge } from './lib/bridge';
import { forgetWebToken, reloadOnNewToken, takeWebToken } from './lib/web-session';
import { createWebTransport } from './lib/web-transport';
import { startFirstRead } from './state/app-data-read';
import { setConnected } from './state/connection';

/** Whether the page reaches main: `no-token` is a browser tab opened without the printed URL. */
export type Boot = 'ready' | 'no-token';

let onRefused = (): void => undefined;

/** What the page shows when the web host refuses its token (it restarted with a new one). */
export function whenRefused(listener: () => void): void {
  onRefused = listener;
}

function start(): Boot {
  if (window.gramdeck === undefined) {
    // Served by the web host: the page needs the printed token before it can reach the app.
    reloadOnNewToken();
    const token = takeWebToken();
    if (token === null) return 'no-token';
    installWebBridge(
      createWebTransport(token, {
        onRefused: () => {
          forgetWebToken();
          onRefused();
        },
        onConnectionChange: setConnected,
      }),
    );
  }
  startFirstRead();
  return 'ready';
}

export const boot: Boot = start();
