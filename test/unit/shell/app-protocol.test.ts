import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  securityHeaders,
} from '../../../electron/core/launch/serving-policy';
import { createAppProtocolHandler, resolveAppPath } from '../../../electron/shell/app-protocol';

const root = '/srv/app/out/renderer';

describe('resolveAppPath', () => {
  it.each([
    ['app://gramdeck/', `${root}/index.html`],
    ['app://gramdeck', `${root}/index.html`],
    ['app://gramdeck/index.html', `${root}/index.html`],
    ['app://gramdeck/index.html?x=1#top', `${root}/index.html`],
    ['app://gramdeck/assets/index-abc.js', `${root}/assets/index-abc.js`],
    ['app://gramdeck/assets/a%20b.png', `${root}/assets/a b.png`],
    ['app://gramdeck//assets//x.js', `${root}/assets/x.js`],
  ])('%s → %s', (url, expected) => {
    expect(resolveAppPath(root, url)).toBe(expected);
  });

  // URL parsing folds `..` and `%2e%2e` segments at the root, as Chromium does: these land
  // inside the renderer folder, never above it.
  it.each([
    ['app://gramdeck/../../etc/passwd', `${root}/etc/passwd`],
    ['app://gramdeck/assets/../../../etc/passwd', `${root}/etc/passwd`],
    ['app://gramdeck/%2e%2e/%2e%2e/etc/passwd', `${root}/etc/passwd`],
    ['app://gramdeck/.%2e/secret', `${root}/secret`],
    // Decoded once only: a literal "%2e%2e" folder name.
    ['app://gramdeck/%252e%252e/x', `${root}/%2e%2e/x`],
  ])('%s stays inside the root (%s)', (url, expected) => {
    expect(resolveAppPath(root, url)).toBe(expected);
  });

  it.each([
    // Encoded slashes that would form `..` segments after decoding
    'app://gramdeck/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    'app://gramdeck/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd',
    'app://gramdeck/..%2f..%2fetc%2fpasswd',
    // Backslashes, raw and encoded
    'app://gramdeck/..\\..\\etc\\passwd',
    'app://gramdeck/assets\\..\\..\\x',
    'app://gramdeck/..%5c..%5cetc%5cpasswd',
    'app://gramdeck/%5C%5Cserver%5Cshare',
    // NUL bytes and broken escapes
    'app://gramdeck/index.html%00.png',
    'app://gramdeck/%E0%A4%A',
    // Not our origin
    'app://evil/index.html',
    'app://gramdeck.evil/index.html',
    'app://gramdeck:1234/index.html',
    'app://user@gramdeck/index.html',
    'file:///etc/passwd',
    'https://gramdeck/index.html',
    'not a url',
    '',
  ])('%s is refused', (url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });

  it('never resolves outside the root, whatever the input', () => {
    const nasty = ['..', '%2e%2e', '%2E.', '.%2e', '%2f', '%5c', '\\', '/', 'a', '%00', '.', '%2e'];
    for (const a of nasty) {
      for (const b of nasty) {
        for (const c of nasty) {
          const resolved = resolveAppPath(root, `app://gramdeck/${a}${b}/${c}/x`);
          if (resolved !== null) expect(resolved.startsWith(`${root}/`)).toBe(true);
        }
      }
    }
  });
});

describe('createAppProtocolHandler', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gramdeck-protocol-'));
    mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'renderer', 'assets', 'index-D5DYCYL5.js'), 'console.log(2)');
    writeFileSync(join(dir, 'renderer', 'assets', 'style-BQqomgFv.css'), 'body{}');
    writeFileSync(join(dir, 'renderer', 'favicon.png'), 'png');
    writeFileSync(join(dir, 'secret.txt'), 'outside');
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const handler = () => createAppProtocolHandler(join(dir, 'renderer'));

  it('serves files with their type and the CSP', async () => {
    const response = await handler()({ url: 'app://gramdeck/', method: 'GET' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>x</title>');

    const script = await handler()({ url: 'app://gramdeck/assets/app.js', method: 'GET' });
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it.each([
    'app://gramdeck/../secret.txt',
    'app://gramdeck/%2e%2e/secret.txt',
    'app://gramdeck/missing.js',
  ])('%s → 404 with the CSP', async (url) => {
    const response = await handler()({ url, method: 'GET' });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
  });

  it('a folder is not a file', async () => {
    const response = await handler()({ url: 'app://gramdeck/assets', method: 'GET' });
    expect(response.status).toBe(404);
  });

  it('HEAD has no body; other methods are refused', async () => {
    const head = await handler()({ url: 'app://gramdeck/index.html', method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await handler()({ url: 'app://gramdeck/index.html', method: 'POST' });
    expect(post.status).toBe(405);
  });

  // Vite's content-hashed files may be kept for good (and their V8 code cache with them);
  // index.html names the current build's files, so it is asked for again on every load.
  it.each([
    ['app://gramdeck/assets/index-D5DYCYL5.js', 'public, max-age=31536000, immutable'],
    ['app://gramdeck/assets/style-BQqomgFv.css', 'public, max-age=31536000, immutable'],
    ['app://gramdeck/', 'no-cache'],
    ['app://gramdeck/index.html', 'no-cache'],
    ['app://gramdeck/favicon.png', 'no-cache'],
    ['app://gramdeck/assets/app.js', 'no-cache'],
  ])('%s → Cache-Control %s, with every security header', async (url, cacheControl) => {
    for (const method of ['GET', 'HEAD']) {
      const response = await handler()({ url, method });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe(cacheControl);
      for (const [name, value] of Object.entries(securityHeaders())) {
        expect(response.headers.get(name), name).toBe(value);
      }
    }
  });

  it.each([
    ['app://gramdeck/assets/missing-D5DYCYL5.js', 'GET', 404],
    ['app://gramdeck/%2e%2e/secret.txt', 'GET', 404],
    ['app://gramdeck/assets/index-D5DYCYL5.js', 'POST', 405],
  ])('a refusal (%s %s) is never stored', async (url, method, status) => {
    const response = await handler()({ url, method });
    expect(response.status).toBe(status);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
  });
});
