import { type ReactNode, useState } from 'react';
import { ChatList } from '../chats/chat-list';
import { Panel } from './panel';

/** Every chat of the account, newest first (issue 16): opens a conversation. */
export function ChatsPanel(props: {
  accountId: string;
  onOpenChat: (chatId: string) => void;
}): ReactNode {
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
      <ChatList key={generation} accountId={props.accountId} onOpen={props.onOpenChat} />
    </Panel>
  );
}
