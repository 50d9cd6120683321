import { type KeyboardEvent, type ReactNode, useState } from 'react';
import type { MessageEntity } from '../../../../electron/shared/chat-dto';

/**
 * A link target the app may open: http and https only. Anything else (tg:, mailto:, javascript:,
 * data:) is shown as text, never as a link.
 */
export function safeHref(url: string): string | null {
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `https://${url}`;
  try {
    const parsed = new URL(candidate);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A spoiler: hidden until clicked or Enter/Space; then plain text. */
export function Spoiler(props: { children: ReactNode }): ReactNode {
  const [isShown, setIsShown] = useState(false);
  if (isShown) return <span className="spoiler spoiler-shown">{props.children}</span>;
  const reveal = (): void => {
    setIsShown(true);
  };
  return (
    <span
      className="spoiler"
      role="button"
      tabIndex={0}
      aria-label="Hidden text (spoiler). Press to show it."
      onClick={reveal}
      onKeyDown={(event: KeyboardEvent) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          event.stopPropagation();
          reveal();
        }
      }}
    >
      <span aria-hidden="true">{props.children}</span>
    </span>
  );
}

function link(href: string | null, title: string | undefined, children: ReactNode, key: string) {
  if (href === null) {
    return (
      <span key={key} className="entity-link-text" title={title}>
        {children}
      </span>
    );
  }
  return (
    <a key={key} href={href} target="_blank" rel="noopener noreferrer" title={title}>
      {children}
    </a>
  );
}

function wrap(entity: MessageEntity, raw: string, children: ReactNode[], key: string): ReactNode {
  switch (entity.kind) {
    case 'bold':
      return <strong key={key}>{children}</strong>;
    case 'italic':
      return <em key={key}>{children}</em>;
    case 'underline':
      return <u key={key}>{children}</u>;
    case 'strike':
      return <s key={key}>{children}</s>;
    case 'spoiler':
      return <Spoiler key={key}>{children}</Spoiler>;
    case 'code':
      return (
        <code key={key} className="entity-code">
          {children}
        </code>
      );
    case 'pre':
      return (
        <pre key={key} className="entity-pre" data-language={entity.language || undefined}>
          <code>{children}</code>
        </pre>
      );
    case 'blockquote':
      return <blockquote key={key}>{children}</blockquote>;
    case 'url':
      return link(safeHref(raw), undefined, children, key);
    case 'text-url': {
      const url = entity.url ?? '';
      const href = safeHref(url);
      // A link that is not http(s) keeps its words; its target shows as a tooltip only.
      return link(/^https?:/i.test(url) ? href : null, url || undefined, children, key);
    }
    case 'mention':
    case 'mention-name':
    case 'hashtag':
    case 'cashtag':
    case 'bot-command':
      return (
        <span key={key} className="entity-mention">
          {children}
        </span>
      );
    case 'email':
    case 'phone':
      return (
        <span key={key} className="entity-contact">
          {children}
        </span>
      );
  }
}

function nest(
  text: string,
  entities: MessageEntity[],
  start: number,
  end: number,
  keyPrefix: string,
): ReactNode[] {
  const out: ReactNode[] = [];
  let pos = start;
  let i = 0;
  while (i < entities.length) {
    const entity = entities[i];
    if (entity === undefined) break;
    const from = Math.max(entity.offset, pos);
    const to = Math.min(entity.offset + entity.length, end);
    if (to <= from) {
      i++;
      continue;
    }
    if (from > pos) out.push(text.slice(pos, from));
    const inner: MessageEntity[] = [];
    let j = i + 1;
    for (let next = entities[j]; next !== undefined && next.offset < to; next = entities[++j]) {
      inner.push(next);
    }
    const key = `${keyPrefix}${String(i)}`;
    out.push(wrap(entity, text.slice(from, to), nest(text, inner, from, to, `${key}.`), key));
    pos = to;
    i = j;
  }
  if (pos < end) out.push(text.slice(pos, end));
  return out;
}

/**
 * The message text with its entities as React elements (never HTML): offsets are UTF-16 code
 * units, as JavaScript strings count. Nested entities nest; one that overlaps another's end is
 * clipped to it. Out-of-range entities are ignored.
 */
export function renderEntities(text: string, entities: readonly MessageEntity[]): ReactNode[] {
  const sorted = entities
    .filter((e) => e.length > 0 && e.offset >= 0 && e.offset < text.length)
    .sort((a, b) => a.offset - b.offset || b.length - a.length);
  return nest(text, sorted, 0, text.length, 'e');
}
