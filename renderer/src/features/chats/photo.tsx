import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { MessageMedia } from '../../../../electron/shared/chat-dto';
import { invoke } from '../../lib/call';

type Photo = Extract<MessageMedia, { kind: 'photo' }>;

/** Small sizes already fetched, so a row scrolled out and back in does not fetch again. */
const fetched = new Map<string, string | null>();
const FETCHED_LIMIT = 300;

function remember(key: string, url: string | null): void {
  fetched.set(key, url);
  while (fetched.size > FETCHED_LIMIT) {
    const oldest = fetched.keys().next().value;
    if (oldest === undefined) break;
    fetched.delete(oldest);
  }
}

const MAX_SIDE = 260;

/** The box a photo takes, at most 260 px on its longer side, so rows keep their height. */
export function photoBox(width: number, height: number): { width: number; height: number } {
  if (width <= 0 || height <= 0) return { width: MAX_SIDE, height: Math.round(MAX_SIDE * 0.75) };
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  return {
    width: Math.max(40, Math.round(width * scale)),
    height: Math.max(40, Math.round(height * scale)),
  };
}

/**
 * A message's photo: the stripped thumbnail (blurred) at once, then the small size from
 * `chats:photo` once the photo scrolls into view.
 */
export function PhotoMedia(props: {
  accountId: string;
  chatId: string;
  messageId: number;
  media: Photo;
}): ReactNode {
  const key = `${props.accountId}:${props.chatId}:${String(props.messageId)}`;
  const [small, setSmall] = useState<string | null>(() => fetched.get(key) ?? null);
  const boxRef = useRef<HTMLDivElement>(null);
  const canFetch = props.media.hasThumbnail && props.messageId > 0;
  const { accountId, chatId, messageId } = props;

  useEffect(() => {
    const box = boxRef.current;
    if (!canFetch || fetched.has(key) || box === null) return;
    let isCurrent = true;
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      observer.disconnect();
      void invoke('chats:photo', { accountId, chatId, messageId }).then((result) => {
        const url = result.ok ? result.value.dataUrl : null;
        if (result.ok) remember(key, url);
        if (isCurrent) setSmall(url);
      });
    });
    observer.observe(box);
    return () => {
      isCurrent = false;
      observer.disconnect();
    };
  }, [key, canFetch, accountId, chatId, messageId]);

  const box = photoBox(props.media.width, props.media.height);
  return (
    <div
      ref={boxRef}
      className="message-photo"
      style={{ width: box.width, height: box.height }}
      role="img"
      aria-label="Photo"
    >
      {small !== null ? (
        <img src={small} alt="" width={box.width} height={box.height} />
      ) : props.media.stripped !== null ? (
        <img
          className="message-photo-stripped"
          src={props.media.stripped}
          alt=""
          width={box.width}
          height={box.height}
        />
      ) : null}
    </div>
  );
}
