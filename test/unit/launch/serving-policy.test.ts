/**
 * One serving policy for both roots: the desktop app's app:// protocol and the web host answer
 * with the same security headers and the same CSP, except where the page may connect.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  mimeTypeFor,
  resolveServedFile,
  securityHeaders,
} from '../../../electron/core/launch/serving-policy';
import type { WebHost } from '../../../electron/host/web-host';
import { createAppProtocolHandler } from '../../../electron/shell/app-protocol';
import { get, rendererDir, startEchoHost } from '../host/host-harness';

/** A CSP as a map from directive to its sources. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((directive) => {
      const [name = '', ...sources] = directive.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

const securityHeaderNames = Object.keys(securityHeaders()).map((name) => name.toLowerCase());

describe('the CSP', () => {
  it('is the strict policy, with no inline code, eval, plugins or framing', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; " +
        "frame-ancestors 'none'; object-src 'none'",
    );
    expect(csp).not.toMatch(/unsafe-(eval|inline)|\*|https?:/);
  });

  it('adds the connect sources a transport needs to connect-src, and nothing else', () => {
    const plain = directives(contentSecurityPolicy());
    const withSocket = directives(contentSecurityPolicy({ connectSources: ['ws://127.0.0.1:1'] }));
    expect(withSocket.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:1']);
    withSocket.delete('connect-src');
    plain.delete('connect-src');
    expect(withSocket).toEqual(plain);
  });

  it('is part of the security headers', () => {
    expect(securityHeaders()).toMatchObject({
      'Content-Security-Policy': contentSecurityPolicy(),
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
    });
  });
});

describe('both roots serve the app under one policy', () => {
  let host: WebHost;
  beforeAll(async () => {
    ({ host } = await startEchoHost());
  });
  afterAll(() => host.close());

  it("the desktop's and the web host's headers differ only in the web host's socket", async () => {
    const desktop = await createAppProtocolHandler(rendererDir)({
      url: 'app://gramdeck/',
      method: 'GET',
    });
    const web = await get(host.port, '/');
    expect(desktop.status).toBe(200);
    expect(web.status).toBe(200);

    for (const name of securityHeaderNames.filter((n) => n !== 'content-security-policy')) {
      expect(web.headers[name], name).toBe(desktop.headers.get(name));
      expect(desktop.headers.get(name), name).not.toBeNull();
    }

    const desktopCsp = directives(desktop.headers.get('content-security-policy') ?? '');
    const webCsp = directives(String(web.headers['content-security-policy']));
    const differing = [...new Set([...desktopCsp.keys(), ...webCsp.keys()])].filter(
      (name) => JSON.stringify(desktopCsp.get(name)) !== JSON.stringify(webCsp.get(name)),
    );
    expect(differing).toEqual(['connect-src']);
    expect(desktopCsp.get('connect-src')).toEqual(["'self'"]);
    expect(webCsp.get('connect-src')).toEqual([
      "'self'",
      `ws://127.0.0.1:${host.port}`,
      `ws://localhost:${host.port}`,
    ]);
  });

  it('both send a file with the same MIME type', async () => {
    const desktop = await createAppProtocolHandler(rendererDir)({
      url: 'app://gramdeck/index.html',
      method: 'GET',
    });
    const web = await get(host.port, '/index.html');
    expect(desktop.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(web.headers['content-type']).toBe('text/html; charset=utf-8');
  });
});

describe('mimeTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.JS', 'text/javascript; charset=utf-8'],
    ['a.mjs', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['a.svg', 'image/svg+xml'],
    ['a.png', 'image/png'],
    ['a.woff2', 'font/woff2'],
    ['a.json', 'application/json; charset=utf-8'],
    ['a.wasm', 'application/wasm'],
    ['noext', 'application/octet-stream'],
    ['a.exe', 'application/octet-stream'],
  ])('%s → %s', (file, type) => {
    expect(mimeTypeFor(file)).toBe(type);
  });
});

describe('resolveServedFile', () => {
  const root = '/srv/renderer';

  it.each([
    ['', 'index.html', 'index.html'],
    ['/', 'index.html', 'index.html'],
    ['//assets//x.js', 'assets/x.js', 'assets/x.js'],
    ['/assets/a%20b.png', 'assets/a b.png', 'assets/a b.png'],
    ['/assets', 'assets', 'index.html'],
    ['/accounts/42', 'accounts/42', 'index.html'],
    // Decoded once only: a literal "%2e%2e" folder name.
    ['/%252e%252e/x.js', '%2e%2e/x.js', '%2e%2e/x.js'],
  ])('%s → %s (routes to index: %s)', (path, asFile, asRoute) => {
    expect(resolveServedFile(root, path)).toBe(join(root, asFile));
    expect(resolveServedFile(root, path, { isRouteToIndex: true })).toBe(join(root, asRoute));
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/.%2e/secret.txt',
    '/./index.html',
    '/assets/..%2f..%2fsecret.txt',
    '/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    '/..\\secret.txt',
    '/..%5c..%5csecret.txt',
    '/index.html%00.png',
    '/%E0%A4%A.js',
    '/..',
  ])('%s is refused, as a file and as a route', (path) => {
    expect(resolveServedFile(root, path)).toBeNull();
    expect(resolveServedFile(root, path, { isRouteToIndex: true })).toBeNull();
  });

  it('never resolves outside the root, whatever the input', () => {
    const nasty = ['..', '%2e%2e', '%2E.', '.%2e', '%2f', '%5c', '\\', '/', 'a', '%00', '.', '%2e'];
    for (const a of nasty) {
      for (const b of nasty) {
        for (const c of nasty) {
          for (const isRouteToIndex of [false, true]) {
            const resolved = resolveServedFile(root, `/${a}${b}/${c}/x`, { isRouteToIndex });
            if (resolved !== null) expect(resolved.startsWith(`${root}/`)).toBe(true);
          }
        }
      }
    }
  });
});
