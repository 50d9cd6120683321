import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { EventBus } from '../core/ipc/event-bus';
import type { Router, SenderInfo } from '../core/ipc/router';
import type { Logger } from '../core/ports';
import { contentSecurityPolicy } from '../core/security/csp';

/** The web host only ever listens here: it is a local window onto the app, not a server. */
export const loopbackHost = '127.0.0.1';
const tokenCookie = 'gramdeck_token';
/** Large enough for any real call; the contract's own limits are far below it. */
const maxMessageBytes = 1024 * 1024;

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

/** True when the Host header names this server on the loopback interface (no DNS rebinding). */
export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `${loopbackHost}:${port}` || hostHeader === `localhost:${port}`;
}

/** True when the Origin is this server's own; browsers always send it on WebSocket upgrades. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  return origin === `http://${loopbackHost}:${port}` || origin === `http://localhost:${port}`;
}

export function tokensMatch(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token from the query string or from the cookie set on the first visit. */
export function requestToken(request: IncomingMessage): {
  fromQuery: string | null;
  fromCookie: string | null;
} {
  const url = new URL(request.url ?? '/', 'http://placeholder');
  const cookies = (request.headers.cookie ?? '').split(';').map((part) => part.trim());
  const cookie = cookies.find((part) => part.startsWith(`${tokenCookie}=`));
  return {
    fromQuery: url.searchParams.get('token'),
    fromCookie: cookie ? decodeURIComponent(cookie.slice(tokenCookie.length + 1)) : null,
  };
}

/**
 * Maps a request path to a file under `root`, or null when it would leave `root`. Paths without
 * an extension are client-side routes and get the app's index.html.
 */
export function resolveStaticPath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative =
    decoded === '/' || extname(decoded) === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = resolve(root, relative);
  const base = resolve(root);
  return full.startsWith(base + sep) ? full : null;
}

const invokeMessageSchema = z.strictObject({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  channel: z.string().max(200),
  payload: z.unknown().optional(),
});

export interface WebHostOptions {
  router: Router;
  events: EventBus;
  rendererDir: string;
  logger: Logger;
  port?: number;
  token?: string;
}

export interface WebHost {
  readonly port: number;
  readonly token: string;
  /** The URL to open: it carries the token. */
  readonly url: string;
  /** The sender identity of this host's sockets, for the router's sender check. */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Serves the built renderer and carries `window.gramdeck` over a WebSocket, for running the app
 * in a browser where no Electron binary exists. It binds 127.0.0.1 only and answers 403 without
 * the per-launch token, with a foreign Origin or with a Host other than the loopback address.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? generateToken();
  const log = options.logger.child({ scope: 'web-host' });
  const sockets = new Set<WebSocket>();
  let port = 0;

  const securityHeaders = (): Record<string, string> => ({
    'Content-Security-Policy': contentSecurityPolicy({
      connectSources: [`ws://${loopbackHost}:${port}`, `ws://localhost:${port}`],
    }),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  });

  const refuse = (response: ServerResponse, status: number, text: string) => {
    response.writeHead(status, {
      ...securityHeaders(),
      'Content-Type': 'text/plain; charset=utf-8',
    });
    response.end(`${text}\n`);
  };

  /** Checks Host, Origin and token; returns whether the token came in the query string. */
  const authorize = (request: IncomingMessage): { ok: boolean; viaQuery: boolean } => {
    if (!isAllowedHost(request.headers.host, port)) return { ok: false, viaQuery: false };
    const origin = request.headers.origin;
    if (origin !== undefined && !isAllowedOrigin(origin, port))
      return { ok: false, viaQuery: false };
    const { fromQuery, fromCookie } = requestToken(request);
    if (tokensMatch(fromQuery, token)) return { ok: true, viaQuery: true };
    return { ok: tokensMatch(fromCookie, token), viaQuery: false };
  };

  const server = createServer((request, response) => {
    void (async () => {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        refuse(response, 405, 'Method not allowed');
        return;
      }
      const auth = authorize(request);
      if (!auth.ok) {
        refuse(response, 403, 'Forbidden: open the URL the web host printed, with its token.');
        return;
      }
      const url = new URL(request.url ?? '/', `http://${loopbackHost}:${port}`);
      if (auth.viaQuery) {
        // Trade the token in the address bar for a same-site cookie, then drop it from the URL.
        url.searchParams.delete('token');
        response.writeHead(303, {
          ...securityHeaders(),
          'Set-Cookie': `${tokenCookie}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
          Location: `${url.pathname}${url.search}`,
        });
        response.end();
        return;
      }
      const file = resolveStaticPath(options.rendererDir, url.pathname);
      if (!file) {
        refuse(response, 404, 'Not found');
        return;
      }
      try {
        const info = await stat(file);
        if (!info.isFile()) throw new Error('not a file');
        const body = await readFile(file);
        response.writeHead(200, {
          ...securityHeaders(),
          'Content-Type': mimeTypes[extname(file)] ?? 'application/octet-stream',
          'Content-Length': body.length,
        });
        response.end(request.method === 'HEAD' ? undefined : body);
      } catch {
        refuse(response, 404, 'Not found');
      }
    })();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://placeholder');
    const origin = request.headers.origin;
    // A browser always sends Origin on a WebSocket handshake; refusing its absence keeps
    // non-browser callers on this machine from reaching the app without a page.
    if (url.pathname !== '/ws' || origin === undefined || !authorize(request).ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      wss.emit('connection', ws, request);
    });
  });

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    const sender: SenderInfo = { transport: 'web', url: `http://${loopbackHost}:${port}` };
    const unsubscribe = options.events.subscribe((event, payload) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'event', event, payload }));
    });
    ws.on('message', (data, isBinary) => {
      void (async () => {
        const message = parseMessage(isBinary ? null : rawDataToString(data));
        if (!message) {
          ws.send(
            JSON.stringify({
              type: 'error',
              error: { code: 'VALIDATION', message: 'The message was not a valid call.' },
            }),
          );
          return;
        }
        const envelope = await options.router.dispatch(message.channel, message.payload, sender);
        if (ws.readyState === ws.OPEN)
          ws.send(JSON.stringify({ type: 'result', id: message.id, envelope }));
      })();
    });
    ws.on('close', () => {
      unsubscribe();
      sockets.delete(ws);
    });
    ws.on('error', (error) => {
      log.log('warn', 'WebSocket error', { error: error.message });
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, loopbackHost, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  log.log('info', 'Web host listening', { port });

  return {
    port,
    token,
    url: `http://${loopbackHost}:${port}/?token=${token}`,
    origin: `http://${loopbackHost}:${port}`,
    close: async () => {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => {
        server.close(() => {
          resolveClose();
        });
      });
    },
  };
}

function rawDataToString(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}

function parseMessage(text: string | null): z.output<typeof invokeMessageSchema> | null {
  if (text === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = invokeMessageSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
