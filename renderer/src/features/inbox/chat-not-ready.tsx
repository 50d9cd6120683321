/** Until i16-d's conversation view is merged: the inbox says which chat it would open. */
import type { ReactNode } from 'react';

export function ChatNotReady(props: { chatId: string; onBack: () => void }): ReactNode {
  return (
    <p className="notice" tabIndex={-1}>
      This build cannot open chats yet ({props.chatId}).
    </p>
  );
}
