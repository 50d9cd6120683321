/**
 * The `app://gramdeck/` protocol: serves the built renderer (out/renderer) with the strict CSP,
 * instead of `file://`, which would give the page the whole file system as its origin. What is
 * served and with which headers is core's serving policy, shared with the web host: Vite's
 * content-hashed files are immutable and index.html is revalidated. The scheme is registered with
 * the `codeCache` privilege (app-main.ts), so Chromium keeps V8's compiled code of those files
 * between launches instead of compiling the entry chunk on every start.
 */
import { readFile } from 'node:fs/promises';
import {
  refusalCacheControl,
  resolveServedFile,
  securityHeaders,
  servedFileHeaders,
} from '../core/launch/serving-policy';
import { APP_HOST, APP_SCHEME } from './security';

/**
 * Maps an `app://gramdeck/<path>` URL to a file inside `rootDir`, or null when the URL is not
 * ours or tries to leave the folder. Chromium normalises `..` in standard-scheme URLs before we
 * see them; the serving policy's path check does not rely on that.
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
  return resolveServedFile(rootDir, url.pathname);
}

export type FileReader = (file: string) => Promise<Uint8Array>;

/** A fetch-style handler for `protocol.handle('app', ...)`. Only GET and HEAD are served. */
export function createAppProtocolHandler(
  rootDir: string,
  read: FileReader = readFile,
): (request: Pick<Request, 'url' | 'method'>) => Promise<Response> {
  return async (request) => {
    const headers = { ...securityHeaders(), 'Cache-Control': refusalCacheControl };
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
      headers: { ...headers, ...servedFileHeaders(rootDir, file) },
    });
  };
}
