import { type ReactNode, useState } from 'react';
import type { ChatSummary } from '../../../../electron/shared/dto';
import { useResource } from '../../lib/use-resource';
import { formatUnread } from '../../lib/account-status';
import { formatWhen } from './format';
import { Panel } from './panel';

const kindLabel: Record<ChatSummary['kind'], string> = {
  user: 'Person',
  bot: 'Bot',
  group: 'Group',
  channel: 'Channel',
};

/** Recent chats with their unread counts. */
export function ChatsPanel(props: { accountId: string }): ReactNode {
  const chats = useResource('accounts:list-chats', { accountId: props.accountId });
  const list = chats.data ?? [];
  const [now] = useState(() => Date.now());
  return (
    <Panel
      id="chats"
      title="Recent chats"
      isLoading={chats.isLoading}
      error={chats.error}
      onRetry={chats.reload}
      actions={
        <button type="button" className="button button-small" onClick={chats.reload}>
          Refresh<span className="visually-hidden"> chats</span>
        </button>
      }
    >
      {list.length === 0 ? (
        <p className="muted">No chats yet.</p>
      ) : (
        <ul className="chat-list">
          {list.map((chat) => (
            <li key={chat.id} className="chat">
              <div className="chat-main">
                <p className="chat-title">
                  {chat.title}
                  <span className="chat-kind">{kindLabel[chat.kind]}</span>
                  {chat.isMuted ? <span className="chat-kind">Muted</span> : null}
                </p>
                <p className="chat-last">{chat.lastMessage ?? ''}</p>
              </div>
              <div className="chat-meta">
                {chat.lastMessageAt === null ? null : (
                  <time dateTime={new Date(chat.lastMessageAt).toISOString()} className="muted">
                    {formatWhen(chat.lastMessageAt, now)}
                  </time>
                )}
                {chat.unreadCount > 0 ? (
                  <span className={chat.isMuted ? 'badge badge-muted' : 'badge'}>
                    {formatUnread(chat.unreadCount)}
                    <span className="visually-hidden"> unread</span>
                  </span>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
