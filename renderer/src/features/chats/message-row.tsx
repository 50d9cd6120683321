import { memo, type ReactNode } from 'react';
import type { ChatMessage, MessageMedia } from '../../../../electron/shared/chat-dto';
import { renderEntities } from './entities';
import { Icon, type IconName } from './icons';
import { PhotoMedia } from './photo';
import { formatDuration, formatSize } from './timeline';

const mediaWords: Record<Exclude<MessageMedia['kind'], 'photo' | 'other'>, [IconName, string]> = {
  file: ['file', 'File'],
  video: ['video', 'Video'],
  audio: ['audio', 'Audio'],
  voice: ['voice', 'Voice message'],
  sticker: ['image', 'Sticker'],
  gif: ['film', 'GIF'],
  'video-note': ['video-round', 'Video message'],
};

function Media(props: { accountId: string; message: ChatMessage; media: MessageMedia }): ReactNode {
  const { media, message } = props;
  if (media.kind === 'photo') {
    return (
      <PhotoMedia
        accountId={props.accountId}
        chatId={message.chatId}
        messageId={message.id}
        media={media}
      />
    );
  }
  if (media.kind === 'other') {
    return (
      <p className="message-file">
        <Icon name="attachment" className="message-file-icon" />
        <span>{media.label}</span>
      </p>
    );
  }
  const [icon, word] = mediaWords[media.kind];
  const details = [word, formatSize(media.size)];
  if (media.duration !== null) details.push(formatDuration(media.duration));
  return (
    <p className="message-file">
      <Icon name={icon} className="message-file-icon" />
      <span className="message-file-text">
        <span className="message-file-name">{media.name}</span>
        <span className="muted">{details.join(' · ')}</span>
      </span>
    </p>
  );
}

// One formatter for every row: building one per call is what made scrolling slow.
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

function time(epochMs: number): string {
  return timeFormat.format(epochMs);
}

/** Sending (clock), sent (check), read (double check) or failed, in symbols and words. */
function StateMark(props: { message: ChatMessage; readOutboxMaxId: number }): ReactNode {
  const { message } = props;
  if (!message.isOutgoing) return null;
  const [symbol, words]: [ReactNode, string] =
    message.state === 'sending'
      ? [<Icon key="clock" name="clock" />, 'Sending']
      : message.state === 'failed'
        ? ['!', 'Not sent']
        : message.id <= props.readOutboxMaxId
          ? ['✓✓', 'Read']
          : ['✓', 'Sent'];
  return (
    <span className={`message-state message-state-${message.state}`} title={words}>
      <span aria-hidden="true">{symbol}</span>
      <span className="visually-hidden">{words}</span>
    </span>
  );
}

export interface MessageActions {
  onReply: (message: ChatMessage) => void;
  onJumpTo: (messageId: number) => void;
  onRetry: (message: ChatMessage) => void;
  onDiscard: (message: ChatMessage) => void;
  /** A loaded message by id, to quote a reply whose preview Telegram did not send. */
  findMessage: (messageId: number) => ChatMessage | null;
}

/** Who wrote a replied-to message and what it said, from the reply header or the loaded message. */
function quoteOf(
  replyTo: NonNullable<ChatMessage['replyTo']>,
  find: MessageActions['findMessage'],
): { sender: string; preview: string } {
  const original =
    replyTo.sender === null || replyTo.preview === null ? find(replyTo.messageId) : null;
  const sender =
    replyTo.sender ??
    (original === null ? null : original.isOutgoing ? 'You' : (original.sender?.name ?? null));
  const preview = replyTo.preview ?? original?.text ?? (original?.media ? 'Media' : null);
  return { sender: sender ?? 'A message', preview: preview ?? '' };
}

/**
 * One message: sender, forward, reply quote, text, media, time, edited mark and state. Memoized:
 * scrolling re-renders the list, not the rows already drawn (`actions` must be stable).
 */
export const MessageRow = memo(function MessageRow(props: {
  accountId: string;
  message: ChatMessage;
  readOutboxMaxId: number;
  isHighlighted: boolean;
  actions: MessageActions;
}): ReactNode {
  const { message, actions } = props;
  const quote = message.replyTo === null ? null : quoteOf(message.replyTo, actions.findMessage);
  if (message.service !== null) {
    return <p className="message-service">{message.service}</p>;
  }
  const isSent = message.state === 'sent' && message.id > 0;
  const classes = ['message', message.isOutgoing ? 'message-out' : 'message-in'];
  if (props.isHighlighted) classes.push('message-highlight');
  if (message.state === 'failed') classes.push('message-failed');
  return (
    <div
      className={classes.join(' ')}
      data-message-id={message.id}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.target !== event.currentTarget || !isSent) return;
        if (event.key === 'r' || event.key === 'R') {
          event.preventDefault();
          actions.onReply(message);
        }
      }}
    >
      {message.sender !== null ? <p className="message-sender">{message.sender.name}</p> : null}
      {message.isOutgoing ? <span className="visually-hidden">You:</span> : null}
      {message.forwardedFrom !== null ? (
        <p className="message-forward">Forwarded from {message.forwardedFrom.name}</p>
      ) : null}
      {message.replyTo !== null && quote !== null ? (
        <button
          type="button"
          className="message-quote"
          onClick={() => {
            if (message.replyTo !== null) actions.onJumpTo(message.replyTo.messageId);
          }}
        >
          <span className="visually-hidden">In reply to </span>
          <span className="message-quote-sender">{quote.sender}</span>
          <span className="message-quote-text">{quote.preview}</span>
        </button>
      ) : null}
      {message.media !== null ? (
        <Media accountId={props.accountId} message={message} media={message.media} />
      ) : null}
      {message.text === '' ? null : (
        <div className="message-text">{renderEntities(message.text, message.entities)}</div>
      )}
      <p className="message-meta">
        {message.editedAt !== null ? (
          <span className="message-edited" title={`Edited ${time(message.editedAt)}`}>
            edited
          </span>
        ) : null}
        <time dateTime={new Date(message.date).toISOString()}>{time(message.date)}</time>
        <StateMark message={message} readOutboxMaxId={props.readOutboxMaxId} />
        {isSent ? (
          <button
            type="button"
            className="message-action"
            onClick={() => {
              actions.onReply(message);
            }}
          >
            Reply
          </button>
        ) : null}
      </p>
      {message.state === 'failed' ? (
        <div className="message-failure">
          <p>{message.error ?? 'This message was not sent.'}</p>
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              actions.onRetry(message);
            }}
          >
            Retry
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              actions.onDiscard(message);
            }}
          >
            Discard
          </button>
        </div>
      ) : null}
    </div>
  );
});
