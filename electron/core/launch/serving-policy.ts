/**
 * How the built renderer is served, for both roots: the desktop app's `app://gramdeck/` protocol
 * (shell/app-protocol.ts) and the web host's loopback HTTP server (host/web-host.ts). One CSP,
 * one set of security headers, one MIME table and one safe-path check; the only thing the two
 * differ in is where the page may connect (the web host's WebSocket).
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
