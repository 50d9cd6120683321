/**
 * The `app://gramdeck/` protocol: serves the built renderer (out/renderer) with the strict CSP,
 * instead of `file://`, which would give the page the whole file system as its origin.
 */
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME, securityHeaders } from './security';

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

/**
 * Maps an `app://gramdeck/<path>` URL to a file inside `rootDir`, or null when the URL is not
 * ours or tries to leave the folder. Chromium normalises `..` in standard-scheme URLs before we
 * see them; this function does not rely on that: it decodes the path, refuses backslashes, NUL
 * bytes and `..` segments, and finally checks that the resolved path is still under `rootDir`.
 */
export function resolveAppPath(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST || url.port !== '') {
    return null;
  }
  if (url.username !== '' || url.password !== '') return null;

  // Backslashes are path separators on Windows; no file of ours needs one, raw or encoded.
  if (requestUrl.includes('\\') || /%5c/i.test(requestUrl)) return null;

  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const segments = pathname.split('/').filter((segment) => segment.length > 0);
  if (segments.some((segment) => segment === '..' || segment === '.')) return null;
  if (segments.length === 0) segments.push('index.html');

  const root = resolve(rootDir);
  const file = resolve(root, ...segments);
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    return null;
  }
  return file;
}

export type FileReader = (file: string) => Promise<Uint8Array>;

/** A fetch-style handler for `protocol.handle('app', ...)`. Only GET and HEAD are served. */
export function createAppProtocolHandler(
  rootDir: string,
  read: FileReader = readFile,
): (request: Pick<Request, 'url' | 'method'>) => Promise<Response> {
  return async (request) => {
    const headers = securityHeaders();
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers });
    }
    const file = resolveAppPath(rootDir, request.url);
    if (file === null) return new Response(null, { status: 404, headers });
    let body: Uint8Array;
    try {
      body = await read(file);
    } catch {
      return new Response(null, { status: 404, headers });
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...headers, 'Content-Type': mimeTypeFor(file), 'Cache-Control': 'no-cache' },
    });
  };
}
