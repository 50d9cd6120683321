import type { ReactNode } from 'react';

/**
 * Shown in a browser tab that has no web host token (opened at the bare address) or whose token
 * the host refused (the host restarted with a new one): the page cannot reach the app, and says
 * how to get in rather than showing an empty app.
 */
export function WebSessionMissing({ isRefused }: { isRefused: boolean }): ReactNode {
  return (
    <main className="splash" id="main">
      <h1>
        Open the URL that <code>npm run web</code> printed
      </h1>
      <p>
        {isRefused
          ? 'The web host no longer accepts this page: it was restarted and printed a new URL.'
          : 'This page was opened without its key to Gramdeck.'}
      </p>
      <p>
        When it starts, the web host prints a URL such as{' '}
        <code>http://127.0.0.1:PORT/#token=…</code>. Open that URL in this browser; its key stays in
        this tab only.
      </p>
    </main>
  );
}
