/**
 * One serving policy for both roots: the desktop app's app:// protocol and the web host answer
 * with the same security headers and the same CSP, except where the page may connect.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cacheControlFor,
  contentSecurityPolicy,
  immutableCacheControl,
  mimeTypeFor,
  refusalCacheControl,
  resolveServedFile,
  revalidateCacheControl,
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
  const hashedChunk = 'index-D5DYCYL5.js';
  beforeAll(async () => {
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'assets', hashedChunk), 'console.log(1)');
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

  it.each([
    ['/', 'app://gramdeck/', revalidateCacheControl],
    ['/index.html', 'app://gramdeck/index.html', revalidateCacheControl],
    [`/assets/${hashedChunk}`, `app://gramdeck/assets/${hashedChunk}`, immutableCacheControl],
    ['/assets/missing-AAAAAAAA.js', 'app://gramdeck/assets/missing-AAAAAAAA.js', 'no-store'],
  ])(
    'both send %s with the same Cache-Control and every security header',
    async (path, url, want) => {
      const desktop = await createAppProtocolHandler(rendererDir)({ url, method: 'GET' });
      const web = await get(host.port, path);
      expect(desktop.headers.get('cache-control')).toBe(want);
      expect(web.headers['cache-control']).toBe(want);
      for (const name of securityHeaderNames) {
        expect(desktop.headers.get(name), name).not.toBeNull();
        expect(web.headers[name], name).toBeDefined();
      }
    },
  );
});

describe('cacheControlFor', () => {
  const root = '/srv/renderer';

  it('uses three distinct policies: immutable, revalidate, never stored', () => {
    expect(immutableCacheControl).toMatch(/\bimmutable\b/);
    expect(immutableCacheControl).toMatch(/\bmax-age=31536000\b/);
    expect(revalidateCacheControl).toBe('no-cache');
    expect(refusalCacheControl).toBe('no-store');
  });

  // Vite's content-hashed names, as `npm run build` writes them (8 base64url characters).
  it.each([
    'assets/index-D5DYCYL5.js',
    'assets/call-eO_ILEdk.js',
    'assets/export-dialog-DcfuZ08-.js',
    'assets/reset-date-_ChvnmhY.js',
    'assets/style-BQqomgFv.css',
    'assets/logo-AbCdEfGh.PNG',
  ])('%s is content-hashed: immutable', (path) => {
    expect(cacheControlFor(root, join(root, path))).toBe(immutableCacheControl);
  });

  it.each([
    // The document names the current build's files: always revalidated.
    'index.html',
    // Unhashed files (renderer/public is copied to the root as it is).
    'favicon.png',
    'assets',
    'assets/app.js',
    'assets/index.js',
    // A hash-like name outside assets/, or deeper in it.
    'index-D5DYCYL5.js',
    'chunks/index-D5DYCYL5.js',
    'assets/sub/index-D5DYCYL5.js',
    'public/assets/index-D5DYCYL5.js',
    // Not 8 characters, not base64url, no name or no extension.
    'assets/index-D5DYCYL.js',
    'assets/index-D5DYCYL5x.js',
    'assets/index-D5DY.YL5.js',
    'assets/-D5DYCYL5.js',
    'assets/index-D5DYCYL5',
    'assets/index-D5DYCYL5.',
  ])('%s is not content-hashed: revalidated', (path) => {
    expect(cacheControlFor(root, join(root, path))).toBe(revalidateCacheControl);
  });

  it('reads the path relative to the root, not the root folder itself', () => {
    expect(cacheControlFor('/srv/assets', '/srv/assets/index-D5DYCYL5.js')).toBe(
      revalidateCacheControl,
    );
    expect(cacheControlFor('/srv/renderer/', '/srv/renderer/assets/index-D5DYCYL5.js')).toBe(
      immutableCacheControl,
    );
    expect(cacheControlFor('/srv/renderer', '/srv/other/assets/index-D5DYCYL5.js')).toBe(
      revalidateCacheControl,
    );
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
