import type { ReactNode } from 'react';

/** The main pane with no account selected. */
export function Welcome(props: { onAddAccount: () => void }): ReactNode {
  return (
    <section className="page welcome" aria-labelledby="welcome-heading">
      <h1 id="welcome-heading" tabIndex={-1}>
        Welcome to Gramdeck
      </h1>
      <p>
        Keep all your Telegram accounts in one window. Each account gets its own small connection,
        so you can add many without slowing your computer down.
      </p>
      <button type="button" className="button button-primary" onClick={props.onAddAccount}>
        Add account
      </button>
    </section>
  );
}
