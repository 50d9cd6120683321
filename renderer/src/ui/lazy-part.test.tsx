import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { lazyPart } from './lazy-part';

function Greeting(props: { name: string }): ReactNode {
  return <h1>Hello {props.name}</h1>;
}

describe('a part loaded in a chunk of its own', () => {
  it('shows a spoken loading status until its chunk has arrived', () => {
    const part = lazyPart('Loading the greeting', () => new Promise<typeof Greeting>(() => {}));
    const html = renderToStaticMarkup(<part.Component name="Alice" />);
    expect(html).toContain('role="status"');
    expect(html).toContain('Loading the greeting…');
    expect(html).not.toContain('Hello');
  });

  it('renders at once, without a loading status, once preloaded', async () => {
    let loads = 0;
    const part = lazyPart('Loading the greeting', () => {
      loads += 1;
      return Promise.resolve(Greeting);
    });
    await part.preload();
    await part.preload();
    expect(renderToStaticMarkup(<part.Component name="Alice" />)).toBe('<h1>Hello Alice</h1>');
    expect(loads).toBe(1);
  });

  it('tries a failed fetch again at the next preload', async () => {
    let attempts = 0;
    const part = lazyPart('Loading the greeting', () => {
      attempts += 1;
      return attempts === 1
        ? Promise.reject(new Error('Failed to fetch dynamically imported module'))
        : Promise.resolve(Greeting);
    });
    await expect(part.preload()).rejects.toThrow('Failed to fetch');
    await expect(part.preload()).resolves.toBe(Greeting);
    expect(renderToStaticMarkup(<part.Component name="Bob" />)).toBe('<h1>Hello Bob</h1>');
  });
});
