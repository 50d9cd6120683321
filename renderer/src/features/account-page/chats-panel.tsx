import { Fragment, type ReactNode, useState } from 'react';
import { Panel } from './panel';

/** The account's chats (issue 16): the chat list the frame hands in, with a Refresh. */
export function ChatsPanel(props: { children: ReactNode }): ReactNode {
  // Refresh reads the list again from the first page (e.g. after the account came online).
  const [generation, setGeneration] = useState(0);
  return (
    <Panel
      id="chats"
      title="Recent chats"
      isLoading={false}
      error={null}
      onRetry={() => undefined}
      actions={
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            setGeneration((g) => g + 1);
          }}
        >
          Refresh<span className="visually-hidden"> chats</span>
        </button>
      }
    >
      <Fragment key={generation}>{props.children}</Fragment>
    </Panel>
  );
}
