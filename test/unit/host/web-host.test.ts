import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { createEventBus } from '../../../electron/core/ipc/event-bus';
import { createRouter } from '../../../electron/core/ipc/router';
import { createLogger } from '../../../electron/core/logging';
import {
  isAllowedHost,
  isAllowedOrigin,
  resolveStaticPath,
  startWebHost,
  type WebHost,
} from '../../../electron/host/web-host';
import { channelNames, type Handlers } from '../../../electron/shared/contract';

const rendererDir = mkdtempSync(join(tmpdir(), 'gramdeck-renderer-'));
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Gramdeck</title>');

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

function openSocket(host: WebHost, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, { headers });
    ws.once('open', () => {
      resolve(ws);
    });
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`refused with ${res.statusCode ?? 0}`));
    });
    ws.once('error', reject);
  });
}

describe('web host', () => {
  const events = createEventBus();
  let host: WebHost;
  let cookie: string;

  beforeAll(async () => {
    const handlers = Object.fromEntries(
      channelNames.map((channel) => [
        channel,
        (args: unknown) => Promise.resolve({ channel, args }),
      ]),
    ) as unknown as Handlers;
    let origin = '';
    const router = createRouter({
      handlers,
      logger: createLogger(() => undefined),
      isTrustedSender: (sender) => sender.transport === 'web' && sender.url === origin,
    });
    host = await startWebHost({
      router,
      events,
      rendererDir,
      logger: createLogger(() => undefined),
    });
    origin = host.origin;
    cookie = `gramdeck_token=${host.token}`;
  });
  afterAll(() => host.close());

  test('prints a loopback URL carrying the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  test('answers 403 without the token, or with a wrong one', async () => {
    expect((await get(host.port, '/')).status).toBe(403);
    expect((await get(host.port, '/?token=wrong')).status).toBe(403);
    expect((await get(host.port, '/assets/index.js')).status).toBe(403);
  });

  test('trades the token for a same-site cookie and serves the app with a strict CSP', async () => {
    const first = await get(host.port, `/?token=${host.token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(String(first.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await get(host.port, '/', { Cookie: cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Gramdeck</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
  });

  test('answers 403 to a foreign Host or Origin even with the token', async () => {
    expect((await get(host.port, '/', { Cookie: cookie, Host: 'evil.example' })).status).toBe(403);
    expect(
      (await get(host.port, '/', { Cookie: cookie, Host: `rebind.example:${host.port}` })).status,
    ).toBe(403);
    expect(
      (await get(host.port, '/', { Cookie: cookie, Origin: 'http://evil.example' })).status,
    ).toBe(403);
  });

  test('refuses a WebSocket from a foreign Origin, without Origin, or without the token', async () => {
    await expect(
      openSocket(host, { Origin: 'http://evil.example', Cookie: cookie }),
    ).rejects.toThrow('403');
    await expect(openSocket(host, { Cookie: cookie })).rejects.toThrow('403');
    await expect(openSocket(host, { Origin: host.origin })).rejects.toThrow('403');
  });

  test('carries calls and push events over an authorised socket', async () => {
    const ws = await openSocket(host, { Origin: host.origin, Cookie: cookie });
    const messages: unknown[] = [];
    const received = new Promise<void>((resolve) => {
      ws.on('message', (data: Buffer) => {
        messages.push(JSON.parse(data.toString('utf8')));
        if (messages.length === 3) resolve();
      });
    });
    ws.send(
      JSON.stringify({
        type: 'invoke',
        id: 1,
        channel: 'accounts:switch',
        payload: { accountId: 'a1' },
      }),
    );
    ws.send(
      JSON.stringify({
        type: 'invoke',
        id: 2,
        channel: 'accounts:switch',
        payload: { accountId: 1 },
      }),
    );
    ws.send('{not json');
    await received;
    events.emit('vault:changed', {
      isLocked: true,
      backend: 'unavailable',
      isWeak: true,
      hasPasscode: true,
      isWeakStorageAccepted: false,
      canStoreSessions: true,
      backendChange: null,
      attention: [],
      retryAt: null,
    });
    const event = await new Promise<unknown>((resolve) =>
      ws.once('message', (data: Buffer) => {
        resolve(JSON.parse(data.toString('utf8')));
      }),
    );
    ws.close();
    expect(messages).toContainEqual({
      type: 'result',
      id: 1,
      envelope: { ok: true, value: { channel: 'accounts:switch', args: { accountId: 'a1' } } },
    });
    expect(messages).toContainEqual({
      type: 'result',
      id: 2,
      envelope: { ok: false, error: expect.objectContaining({ code: 'VALIDATION' }) },
    });
    expect(messages).toContainEqual({
      type: 'error',
      error: expect.objectContaining({ code: 'VALIDATION' }),
    });
    expect(event).toMatchObject({
      type: 'event',
      event: 'vault:changed',
      payload: { isLocked: true },
    });
  });
});

describe('web host guards', () => {
  test.each([
    ['127.0.0.1:4555', true],
    ['localhost:4555', true],
    ['127.0.0.1:4556', false],
    ['evil.example:4555', false],
    ['127.0.0.1.evil.example:4555', false],
    [undefined, false],
  ])('Host %s allowed: %s', (value, allowed) => {
    expect(isAllowedHost(value, 4555)).toBe(allowed);
  });

  test.each([
    ['http://127.0.0.1:4555', true],
    ['http://localhost:4555', true],
    ['https://127.0.0.1:4555', false],
    ['http://127.0.0.1:4555.evil.example', false],
    ['null', false],
    [undefined, false],
  ])('Origin %s allowed: %s', (value, allowed) => {
    expect(isAllowedOrigin(value, 4555)).toBe(allowed);
  });

  test.each([
    ['/', 'index.html'],
    ['/accounts/42', 'index.html'],
    ['/assets/app.js', 'assets/app.js'],
    ['/../secret.txt', null],
    ['/%2e%2e/secret.txt', null],
    ['/assets/..%2f..%2fsecret.txt', null],
    ['/..\\secret.txt', null],
    ['/%00.js', null],
    ['/%E0%A4%A.js', null],
  ])('static path %s → %s', (path, expected) => {
    const resolved = resolveStaticPath('/srv/renderer', path);
    expect(resolved).toBe(expected === null ? null : join('/srv/renderer', expected));
  });
});
