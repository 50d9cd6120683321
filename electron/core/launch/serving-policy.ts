/**
 * How the built renderer is served, for both roots: the desktop app's `app://gramdeck/` protocol
 * (shell/app-protocol.ts) and the web host's loopback HTTP server (host/web-host.ts). One CSP,
 * one set of security headers, one MIME table, one cache policy and one safe-path check; the only
 * thing the two differ in is where the page may connect (the web host's WebSocket).
 */
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * The renderer's Content Security Policy. Scripts, styles and connections come only from the
 * app's own origin (plus `connectSources`); images may also be data: URLs (avatars, QR codes).
 * No inline script, no eval, no plugins, no framing.
 */
export function contentSecurityPolicy(
  options: { connectSources?: readonly string[] } = {},
): string {
  const directives: Record<string, readonly string[]> = {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...(options.connectSources ?? [])],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** The headers of every response either root serves, files and refusals alike. */
export function securityHeaders(
  options: { connectSources?: readonly string[] } = {},
): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

const mimeTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** The MIME type served for `file`; unknown types are sent as opaque bytes (with nosniff). */
export function mimeTypeFor(file: string): string {
  return mimeTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export interface ServedFileOptions {
  /**
   * Whether a path without an extension is a client-side route that gets the app's index.html
   * (the web host, where a browser may be pointed at any path); otherwise it names a file.
   */
  isRouteToIndex?: boolean;
}

/**
 * Maps a URL path (still percent-encoded, as it arrived) to a file inside `rootDir`, or null when
 * it tries to leave the folder. It does not rely on the client having normalised the path: it
 * decodes it once, refuses NUL bytes, backslashes (path separators on Windows) and `.` or `..`
 * segments, and finally checks that the resolved path is still under `rootDir`. An empty path
 * is the app's index.html.
 */
export function resolveServedFile(
  rootDir: string,
  pathname: string,
  options: ServedFileOptions = {},
): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((segment) => segment.length > 0);
  if (segments.some((segment) => segment === '..' || segment === '.')) return null;
  if (segments.length === 0 || (options.isRouteToIndex === true && extname(decoded) === '')) {
    segments.splice(0, segments.length, 'index.html');
  }

  const root = resolve(rootDir);
  const file = resolve(root, ...segments);
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    return null;
  }
  return file;
}

/**
 * A file Vite names by its content (`assets/<name>-<hash>.<ext>`, the hash 8 base64url
 * characters): a new build that changes it gives it a new name, so a copy is never stale.
 */
const hashedAssetName = /^[^/]+-[A-Za-z0-9_-]{8}\.[A-Za-z0-9]+$/;

/** Kept for a year and never revalidated: the browser may reuse the file and its code cache. */
export const immutableCacheControl = 'public, max-age=31536000, immutable';

/** Asked for again on every load (a copy may be kept, but only used once the server says so). */
export const revalidateCacheControl = 'no-cache';

/** A refusal (403, 404, 405…) or an error is never kept: the next request asks again. */
export const refusalCacheControl = 'no-store';

/**
 * The `Cache-Control` of a served file (a path inside `rootDir`, as `resolveServedFile` returns
 * it). Only Vite's content-hashed files directly in `assets/` are immutable; `index.html`, which
 * names the current build's files, and anything else unhashed (the favicon, files from
 * `renderer/public`) must be revalidated, so a new build is always picked up. Refusals and
 * errors are not files: they get `refusalCacheControl`.
 */
export function cacheControlFor(rootDir: string, file: string): string {
  const inside = relative(resolve(rootDir), resolve(file));
  const segments = inside.split(sep);
  const [folder, name, ...rest] = segments;
  const isHashedAsset =
    folder === 'assets' && name !== undefined && rest.length === 0 && hashedAssetName.test(name);
  return isHashedAsset ? immutableCacheControl : revalidateCacheControl;
}

/**
 * What a served file's response says of it besides the security headers: its type, and how long
 * it may be kept. The web host and the `app://` protocol serve the renderer with it alike.
 */
export function servedFileHeaders(
  rootDir: string,
  file: string,
): { 'Cache-Control': string; 'Content-Type': string } {
  return { 'Cache-Control': cacheControlFor(rootDir, file), 'Content-Type': mimeTypeFor(file) };
}
