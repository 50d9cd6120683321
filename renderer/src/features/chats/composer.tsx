import { type ReactNode, type RefObject, useState } from 'react';
import type { ChatMessage } from '../../../../electron/shared/chat-dto';
import { invoke } from '../../lib/call';

/**
 * The message box: Enter sends, Shift+Enter adds a line, Esc cancels the reply. The text is
 * cleared only once the send was accepted; a refused send keeps it and says why.
 */
export function Composer(props: {
  accountId: string;
  chatId: string;
  replyTo: ChatMessage | null;
  onCancelReply: () => void;
  onSending: (message: ChatMessage) => void;
  onError: (message: string) => void;
  inputRef: RefObject<HTMLTextAreaElement | null>;
}): ReactNode {
  const { accountId, chatId, replyTo, onCancelReply, onSending, onError, inputRef } = props;
  const [text, setText] = useState('');
  const [isBusy, setIsBusy] = useState(false);
  const inputId = `composer-${chatId}`;

  const send = async (): Promise<void> => {
    if (isBusy || text.trim() === '') return;
    setIsBusy(true);
    const result = await invoke('chats:send', {
      accountId: accountId,
      chatId: chatId,
      text,
      replyToId: replyTo?.id ?? null,
    });
    setIsBusy(false);
    if (result.ok) {
      setText('');
      onCancelReply();
      onSending(result.value);
    } else {
      onError(result.error.message);
    }
  };

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      {replyTo !== null ? (
        <div className="composer-reply">
          <p>
            Replying to{' '}
            <strong>
              {replyTo.isOutgoing ? 'yourself' : (replyTo.sender?.name ?? 'this message')}
            </strong>
            <span className="composer-reply-text">{replyTo.text}</span>
          </p>
          <button type="button" className="button button-small" onClick={onCancelReply}>
            Cancel reply
          </button>
        </div>
      ) : null}
      <div className="composer-row">
        <label htmlFor={inputId} className="visually-hidden">
          Message
        </label>
        <textarea
          id={inputId}
          ref={inputRef}
          className="composer-input"
          rows={2}
          value={text}
          placeholder="Write a message"
          aria-describedby={`${inputId}-help`}
          onChange={(event) => {
            setText(event.target.value);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              void send();
            } else if (event.key === 'Escape' && replyTo !== null) {
              event.preventDefault();
              onCancelReply();
            }
          }}
        />
        <button type="submit" className="button button-primary" disabled={isBusy}>
          Send
        </button>
      </div>
      <p id={`${inputId}-help`} className="visually-hidden">
        Enter sends, Shift+Enter adds a line, Escape cancels a reply.
      </p>
    </form>
  );
}
