import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { MessageEntity } from '../../../../electron/shared/chat-dto';
import { renderEntities, safeHref } from './entities';

const html = (text: string, entities: MessageEntity[]) =>
  renderToStaticMarkup(<>{renderEntities(text, entities)}</>);

describe('message entities', () => {
  it('maps formatting to elements and nests them', () => {
    expect(
      html('bold and italic', [
        { kind: 'bold', offset: 0, length: 15 },
        { kind: 'italic', offset: 9, length: 6 },
      ]),
    ).toBe('<strong>bold and <em>italic</em></strong>');
    expect(html('x = 1', [{ kind: 'code', offset: 0, length: 5 }])).toBe(
      '<code class="entity-code">x = 1</code>',
    );
    expect(html('let a', [{ kind: 'pre', offset: 0, length: 5, language: 'ts' }])).toBe(
      '<pre class="entity-pre" data-language="ts"><code>let a</code></pre>',
    );
  });

  it('never turns text into HTML', () => {
    const text = '<img src=x onerror=alert(1)> & <b>';
    const out = html(text, [{ kind: 'bold', offset: 0, length: 5 }]);
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<b>');
    expect(out).toBe('<strong>&lt;img </strong>src=x onerror=alert(1)&gt; &amp; &lt;b&gt;');
  });

  it('counts offsets in UTF-16 code units, as Telegram does', () => {
    // The emoji is two code units: "bold" starts at 3.
    expect(html('😀 bold', [{ kind: 'bold', offset: 3, length: 4 }])).toBe(
      '😀 <strong>bold</strong>',
    );
  });

  it('links only http and https, opened safely', () => {
    expect(html('see example.com', [{ kind: 'url', offset: 4, length: 11 }])).toBe(
      'see <a href="https://example.com/" target="_blank" rel="noopener noreferrer">example.com</a>',
    );
    expect(
      html('click', [{ kind: 'text-url', offset: 0, length: 5, url: 'javascript:alert(1)' }]),
    ).not.toContain('<a');
    expect(
      html('click', [{ kind: 'text-url', offset: 0, length: 5, url: 'tg://resolve?domain=x' }]),
    ).toBe('<span class="entity-link-text" title="tg://resolve?domain=x">click</span>');
    expect(
      html('mail me', [{ kind: 'text-url', offset: 0, length: 7, url: 'mailto:a@b.c' }]),
    ).not.toContain('href');
    expect(safeHref('https://telegram.org/x')).toBe('https://telegram.org/x');
    expect(safeHref('data:text/html,<b>')).toBeNull();
    expect(safeHref('JAVASCRIPT:alert(1)')).toBeNull();
  });

  it('hides a spoiler until it is revealed', () => {
    const out = html('the end: he wins', [{ kind: 'spoiler', offset: 9, length: 7 }]);
    expect(out).toContain('role="button"');
    expect(out).toContain('aria-label="Hidden text (spoiler). Press to show it."');
    expect(out).toContain('<span aria-hidden="true">he wins</span>');
  });

  it('ignores entities outside the text and clips overlapping ones', () => {
    expect(html('abc', [{ kind: 'bold', offset: 5, length: 2 }])).toBe('abc');
    expect(
      html('abcdef', [
        { kind: 'bold', offset: 0, length: 4 },
        { kind: 'italic', offset: 2, length: 4 },
      ]),
    ).toBe('<strong>ab<em>cd</em></strong>ef');
  });
});
