import { type ReactNode, useState } from 'react';
import { useEvent } from '../../lib/use-event';
import { useResource } from '../../lib/use-resource';
import { formatWhen } from '../../lib/format-when';
import { Panel } from './panel';

/** Messages from Telegram (777000) with login codes, newest first, each with a copy button. */
export function LoginCodesPanel(props: { accountId: string }): ReactNode {
  const codes = useResource('accounts:login-codes', { accountId: props.accountId });
  const [copied, setCopied] = useState<string | null>(null);
  const { setData } = codes;
  useEvent('inbox:changed', (change) => {
    if (change.accountId === props.accountId) setData(change.messages);
  });
  const list = [...(codes.data ?? [])].sort((a, b) => b.receivedAt - a.receivedAt);
  const [now] = useState(() => Date.now());

  const copy = async (id: string, code: string): Promise<void> => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(id);
    } catch {
      setCopied(null);
    }
  };

  return (
    <Panel
      id="login-codes"
      title="Login codes"
      isLoading={codes.isLoading}
      error={codes.error}
      onRetry={codes.reload}
    >
      <p className="muted">
        Codes Telegram sends to this account, for signing in on other devices. Never share them.
      </p>
      {list.length === 0 ? (
        <p className="muted">No login codes received yet.</p>
      ) : (
        <ul className="code-list">
          {list.map((message) => (
            <li key={message.id} className="code-item">
              <div className="code-main">
                {message.code === null ? null : (
                  <p className="code-value">
                    <code>{message.code}</code>
                  </p>
                )}
                <p className="code-text">{message.text}</p>
                <time className="muted" dateTime={new Date(message.receivedAt).toISOString()}>
                  {formatWhen(message.receivedAt, now)}
                </time>
              </div>
              {message.code === null ? null : (
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => void copy(message.id, message.code ?? '')}
                >
                  {copied === message.id ? 'Copied' : 'Copy'}
                  <span className="visually-hidden"> code {message.code}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="visually-hidden" role="status">
        {copied === null ? '' : 'Code copied to the clipboard.'}
      </p>
    </Panel>
  );
}
