import type { ReactNode } from 'react';
import { useIsConnected } from '../state/connection';

/**
 * Shown over every screen while the page has lost its connection to the web host: what happened,
 * what it means for what is on screen, and what to do. It goes by itself once the page is
 * connected again (the app's data is then read afresh).
 */
export function ConnectionBanner(): ReactNode {
  const isConnected = useIsConnected();
  if (isConnected) return null;
  return (
    <aside className="attention-area" aria-label="Connection">
      <div className="attention connection-lost" role="alert">
        <p className="attention-message">
          <strong>Lost the connection to Gramdeck.</strong> Account statuses are unknown until it is
          back, and nothing you do here reaches your accounts. Check that the web host (
          <code>npm run web</code> or <code>npm run demo</code>) is still running in its terminal.
          This page reconnects by itself; if you started the host again, open the new URL it
          printed.
        </p>
      </div>
    </aside>
  );
}
