import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { EventBus } from '../core/ipc/event-bus';
import type { Router, SenderInfo } from '../core/ipc/router';
import type { Logger } from '../core/ports';
import {
  refusalCacheControl,
  resolveServedFile,
  securityHeaders,
  servedFileHeaders,
} from '../core/launch/serving-policy';
import {
  webCloseCodes,
  webTokenParam,
  type WebAuthMessage,
  type WebInvokeMessage,
  type WebServerMessage,
} from '../shared/web-wire';

/** The web host only ever listens here: it is a local window onto the app, not a server. */
export const loopbackHost = '127.0.0.1';
/** Large enough for any real call; the contract's own limits are far below it. */
const maxMessageBytes = 1024 * 1024;
/** How long a new socket may take to present the token before the host closes it. */
const defaultAuthTimeoutMs = 5000;
/**
 * How long a refused socket gets to answer the close frame before the host drops it. `ws` waits
 * 30 s by default; a peer that never answers must not hold a socket that long.
 */
const refusedCloseGraceMs = 2000;

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

/** Compares a presented token with the host's in constant time (no timing oracle). */
export function tokensMatch(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The path of an origin-form request target (`/path?query`), or null for any other form: an
 * absolute URL (`http://[/`), an authority, `*`. Never throws, whatever the client sent.
 */
export function requestPath(target: string | undefined): string | null {
  if (target === undefined || !target.startsWith('/')) return null;
  const end = target.search(/[?#]/);
  return end === -1 ? target : target.slice(0, end);
}

const invokeMessageSchema = z.strictObject({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  channel: z.string().max(200),
  payload: z.unknown().optional(),
}) satisfies z.ZodType<WebInvokeMessage>;

const authMessageSchema = z.strictObject({
  type: z.literal('auth'),
  token: z.string().max(200),
}) satisfies z.ZodType<WebAuthMessage>;

/** Runs `task` after `ms` unless the returned function cancels it first. */
export type Schedule = (task: () => void, ms: number) => () => void;

const realSchedule: Schedule = (task, ms) => {
  const timer = setTimeout(task, ms);
  timer.unref();
  return () => {
    clearTimeout(timer);
  };
};

export interface WebHostOptions {
  router: Router;
  events: EventBus;
  rendererDir: string;
  logger: Logger;
  port?: number;
  token?: string;
  /** How long a socket may stay without a valid `auth` message (default 5 s). */
  authTimeoutMs?: number;
  /** The timer behind the auth timeout; tests inject their own clock. */
  schedule?: Schedule;
  /**
   * A page presented the token; the returned function runs when its socket closes (core's
   * `attachWindow`: the last page closing ends the logins in progress).
   */
  onPageOpen?: () => () => void;
}

export interface WebHost {
  readonly port: number;
  readonly token: string;
  /** The URL to open: it carries the token in its fragment, which no request ever contains. */
  readonly url: string;
  /** The sender identity of this host's sockets, for the router's sender check. */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Serves the built renderer and carries `window.gramdeck` over a WebSocket, for running the app
 * in a browser where no Electron binary exists. It binds 127.0.0.1 only and answers 403 to a
 * Host other than the loopback address or a foreign Origin. The static files hold no secret; the
 * per-launch token travels in the printed URL's fragment to the page, which presents it as the
 * first message on the WebSocket. No cookie is set or read.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? generateToken();
  const log = options.logger.child({ scope: 'web-host' });
  const schedule = options.schedule ?? realSchedule;
  const authTimeoutMs = options.authTimeoutMs ?? defaultAuthTimeoutMs;
  const sockets = new Set<WebSocket>();
  let port = 0;

  const headers = (): Record<string, string> =>
    securityHeaders({
      connectSources: [`ws://${loopbackHost}:${port}`, `ws://localhost:${port}`],
    });

  const refuse = (response: ServerResponse, status: number, text: string) => {
    response.writeHead(status, {
      ...headers(),
      'Cache-Control': refusalCacheControl,
      'Content-Type': 'text/plain; charset=utf-8',
    });
    response.end(`${text}\n`);
  };

  /** The request names this server (no DNS rebinding) and comes from no foreign page. */
  const isOwnRequest = (request: IncomingMessage): boolean => {
    if (!isAllowedHost(request.headers.host, port)) return false;
    const origin = request.headers.origin;
    return origin === undefined || isAllowedOrigin(origin, port);
  };

  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      refuse(response, 405, 'Method not allowed');
      return;
    }
    const path = requestPath(request.url);
    if (path === null) {
      refuse(response, 400, 'Bad request');
      return;
    }
    if (!isOwnRequest(request)) {
      refuse(response, 403, 'Forbidden: open the URL the web host printed.');
      return;
    }
    // A browser may be pointed at any path: one without an extension is a route of the page.
    const file = resolveServedFile(options.rendererDir, path, { isRouteToIndex: true });
    if (!file) {
      refuse(response, 404, 'Not found');
      return;
    }
    let body: Buffer;
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      body = await readFile(file);
    } catch {
      refuse(response, 404, 'Not found');
      return;
    }
    response.writeHead(200, {
      ...headers(),
      ...servedFileHeaders(options.rendererDir, file),
      'Content-Length': body.length,
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  };

  const server = createServer((request, response) => {
    request.on('error', (error) => {
      log.log('debug', 'Web request stream failed', { error: error.message });
    });
    serve(request, response).catch((error: unknown) => {
      // Whatever went wrong, this request fails alone: the host keeps serving the others.
      log.log('error', 'Web request failed', { error: describeError(error) });
      if (response.headersSent) response.destroy();
      else refuse(response, 500, 'Internal error');
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  const refuseUpgrade = (socket: Duplex, status: '400 Bad Request' | '403 Forbidden') => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  };
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (error) => {
      log.log('debug', 'WebSocket handshake stream failed', { error: error.message });
    });
    try {
      const path = requestPath(request.url);
      if (path === null) {
        refuseUpgrade(socket, '400 Bad Request');
        return;
      }
      // A browser always sends Origin on a WebSocket handshake; refusing its absence keeps
      // non-browser callers on this machine from reaching the app without a page.
      if (path !== '/ws' || request.headers.origin === undefined || !isOwnRequest(request)) {
        refuseUpgrade(socket, '403 Forbidden');
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => {
        wss.emit('connection', ws, request);
      });
    } catch (error) {
      log.log('error', 'WebSocket handshake failed', { error: describeError(error) });
      socket.destroy();
    }
  });

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    const sender: SenderInfo = { transport: 'web', url: `http://${loopbackHost}:${port}` };
    const send = (message: WebServerMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    // Until the page presents the token, nothing reaches the router and no event is sent.
    let state: 'waiting' | 'open' | 'refused' = 'waiting';
    let unsubscribe: (() => void) | null = null;
    let detachPage: (() => void) | null = null;
    const refuse = (code: number, reason: string) => {
      state = 'refused';
      ws.close(code, reason);
      const cancelDrop = realSchedule(() => {
        ws.terminate();
      }, refusedCloseGraceMs);
      ws.once('close', cancelDrop);
    };
    const cancelTimeout = schedule(() => {
      if (state === 'waiting') refuse(webCloseCodes.authTimeout, 'No token in time');
    }, authTimeoutMs);

    const authenticate = (text: string | null) => {
      cancelTimeout();
      const auth = authMessageSchema.safeParse(parseJson(text));
      if (!auth.success || !tokensMatch(auth.data.token, token)) {
        log.log('warn', 'Refused a WebSocket without the right token');
        refuse(webCloseCodes.unauthorized, 'Unauthorized');
        return;
      }
      state = 'open';
      unsubscribe = options.events.subscribe((event, payload) => {
        send({ type: 'event', event, payload });
      });
      detachPage = options.onPageOpen?.() ?? null;
      send({ type: 'ready' });
    };

    const route = async (text: string | null) => {
      const parsed = invokeMessageSchema.safeParse(parseJson(text));
      if (!parsed.success) {
        send({
          type: 'error',
          error: { code: 'VALIDATION', message: 'The message was not a valid call.' },
        });
        return;
      }
      const message = parsed.data;
      const envelope = await options.router.dispatch(message.channel, message.payload, sender);
      send({ type: 'result', id: message.id, envelope });
    };

    ws.on('message', (data, isBinary) => {
      const text = isBinary ? null : rawDataToString(data);
      if (state === 'waiting') authenticate(text);
      else if (state === 'open')
        route(text).catch((error: unknown) => {
          log.log('error', 'WebSocket call failed', { error: describeError(error) });
        });
    });
    ws.on('close', () => {
      cancelTimeout();
      unsubscribe?.();
      detachPage?.();
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
    url: `http://${loopbackHost}:${port}/#${webTokenParam}=${token}`,
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

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An error's name and message for the log; request data never gets further than this. */
function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'a non-error value';
}
