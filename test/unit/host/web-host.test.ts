import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import WebSocket from 'ws';
import type { createEventBus } from '../../../electron/core/ipc/event-bus';
import { resolveServedFile } from '../../../electron/core/launch/serving-policy';
import {
  isAllowedHost,
  isAllowedOrigin,
  requestPath,
  type Schedule,
  type WebHost,
} from '../../../electron/host/web-host';
import type { VaultStatus } from '../../../electron/shared/dto';
import { get, openSocket, startEchoHost } from './host-harness';

/** Everything the socket receives, and the close code once it closes. */
function record(ws: WebSocket): { messages: unknown[]; closed: Promise<number> } {
  const messages: unknown[] = [];
  ws.on('message', (data: Buffer) => {
    messages.push(JSON.parse(data.toString('utf8')));
  });
  const closed = new Promise<number>((resolve) => {
    ws.once('close', (code) => {
      resolve(code);
    });
  });
  return { messages, closed };
}

/** A WebSocket peer on a bare TCP socket, which does only what the test makes it do. */
function rawUpgrade(host: WebHost): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const peer = connect(host.port, '127.0.0.1', () => {
      peer.write(
        [
          'GET /ws HTTP/1.1',
          `Host: 127.0.0.1:${host.port}`,
          `Origin: ${host.origin}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          '',
          '',
        ].join('\r\n'),
      );
    });
    peer.once('data', (head: Buffer) => {
      if (head.toString('latin1').startsWith('HTTP/1.1 101')) resolve(peer);
      else reject(new Error(head.toString('latin1').split('\r\n')[0]));
    });
    peer.once('error', reject);
  });
}

/** One masked text frame, as a client must send it (RFC 6455 §5.2); short payloads only. */
function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const mask = randomBytes(4);
  const masked = payload.map((byte, i) => byte ^ (mask[i % 4] ?? 0));
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]);
}

function nextMessage(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) =>
    ws.once('message', (data: Buffer) => {
      resolve(JSON.parse(data.toString('utf8')));
    }),
  );
}

const lockedVault: VaultStatus = {
  isLocked: true,
  backend: 'unavailable',
  isWeak: true,
  hasPasscode: true,
  isWeakStorageAccepted: false,
  canStoreSessions: true,
  backendChange: null,
  attention: [],
  retryAt: null,
};

/** A clock the tests advance by hand: `fire()` runs every task not cancelled yet. */
function manualSchedule(): Schedule & { fire(): void } {
  const tasks = new Set<() => void>();
  const schedule: Schedule = (task) => {
    tasks.add(task);
    return () => {
      tasks.delete(task);
    };
  };
  return Object.assign(schedule, {
    fire: () => {
      for (const task of [...tasks]) {
        tasks.delete(task);
        task();
      }
    },
  });
}

describe('web host session', () => {
  const clock = manualSchedule();
  let host: WebHost;
  let events: ReturnType<typeof createEventBus>;
  let calls: string[];
  let oldCookie: string;

  beforeAll(async () => {
    ({ host, events, calls } = await startEchoHost({ schedule: clock }));
    oldCookie = `gramdeck_token=${host.token}`;
  });
  afterAll(() => host.close());

  test('prints a loopback URL carrying the token in its fragment, which no request contains', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  test('serves the app, which holds no secret, without a token, cookie or redirect', async () => {
    const page = await get(host.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Gramdeck</title>');
    expect(page.body).not.toContain(host.token);
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.headers.location).toBeUndefined();
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
  });

  test('keeps hashed files for good, revalidates the page and never stores a refusal', async () => {
    const page = await get(host.port, '/');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect((await get(host.port, '/accounts/42')).headers['cache-control']).toBe('no-cache');
    const refusals = [
      await get(host.port, '/missing.js'),
      await get(host.port, '/%2e%2e/secret.txt'),
      await get(host.port, '/', { Host: 'evil.example' }),
    ];
    expect(refusals.map((reply) => reply.status)).toEqual([404, 404, 403]);
    for (const reply of refusals) {
      expect(reply.headers['cache-control']).toBe('no-store');
      expect(reply.headers['content-security-policy']).toBe(
        page.headers['content-security-policy'],
      );
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  test('answers 403 to a foreign Host or Origin (DNS rebinding, other sites)', async () => {
    expect((await get(host.port, '/', { Host: 'evil.example' })).status).toBe(403);
    expect((await get(host.port, '/', { Host: `rebind.example:${host.port}` })).status).toBe(403);
    expect((await get(host.port, '/', { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(host.port, '/', { Origin: 'http://127.0.0.1:1' })).status).toBe(403);
  });

  test('refuses a WebSocket upgrade from a foreign Origin, without Origin, or off /ws', async () => {
    await expect(openSocket(host, { Origin: 'http://evil.example' })).rejects.toThrow('403');
    await expect(openSocket(host, { Origin: 'http://localhost:1' })).rejects.toThrow('403');
    await expect(openSocket(host, {})).rejects.toThrow('403');
    await expect(
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${host.port}/other`, {
          headers: { Origin: host.origin },
        });
        ws.once('open', resolve);
        ws.once('unexpected-response', (_req, res) => {
          reject(new Error(`refused with ${res.statusCode ?? 0}`));
        });
      }),
    ).rejects.toThrow('403');
  });

  test('a forged Origin with the old cookie gets no event and no router access', async () => {
    const ws = await openSocket(host, { Origin: host.origin, Cookie: oldCookie });
    const { messages, closed } = record(ws);
    events.emit('vault:changed', lockedVault);
    const before = calls.length;
    ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'vault:status' }));
    events.emit('vault:changed', lockedVault);
    expect(await closed).toBe(4401);
    expect(messages).toEqual([]);
    expect(calls.length).toBe(before);
  });

  test.each([
    ['a wrong token', () => JSON.stringify({ type: 'auth', token: `${host.token.slice(0, -1)}x` })],
    ['an unknown key', () => JSON.stringify({ type: 'auth', token: host.token, extra: true })],
    ['no token', () => JSON.stringify({ type: 'auth' })],
    ['the bare token', () => host.token],
    ['not JSON', () => '{not json'],
  ])('a first message with %s closes the socket with nothing sent', async (_name, first) => {
    const ws = await openSocket(host, { Origin: host.origin });
    const { messages, closed } = record(ws);
    ws.send(first());
    ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'vault:status' }));
    expect(await closed).toBe(4401);
    expect(messages).toEqual([]);
  });

  test('a refused peer that ignores the close frame is dropped, not kept for 30 s', async () => {
    const peer = await rawUpgrade(host);
    const ended = new Promise<void>((resolve) =>
      peer.once('close', () => {
        resolve();
      }),
    );
    // The peer reads the close frame but never answers it, as a hostile client would.
    peer.write(maskedTextFrame('{not json'));
    await ended;
    expect(peer.destroyed).toBe(true);
    // The host drops it after 2 s; `ws` alone would wait 30 s, past this test's 20 s budget.
  }, 20_000);

  test('a socket that never presents the token is closed when its time is up', async () => {
    const ws = await openSocket(host, { Origin: host.origin });
    const { messages, closed } = record(ws);
    events.emit('vault:changed', lockedVault);
    clock.fire();
    expect(await closed).toBe(4408);
    expect(messages).toEqual([]);
  });

  test('with the token, carries calls and push events', async () => {
    const ws = await openSocket(host, { Origin: host.origin });
    const ready = nextMessage(ws);
    ws.send(JSON.stringify({ type: 'auth', token: host.token }));
    expect(await ready).toEqual({ type: 'ready' });
    // The auth timer of an authenticated socket does nothing.
    clock.fire();
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
    const event = nextMessage(ws);
    events.emit('vault:changed', lockedVault);
    expect(await event).toMatchObject({
      type: 'event',
      event: 'vault:changed',
      payload: { isLocked: true },
    });
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
  });
});

describe('open pages', () => {
  test('a page counts as open from its token until its socket closes; refused ones never', async () => {
    let open = 0;
    const { host } = await startEchoHost({
      onPageOpen: () => {
        open++;
        return () => {
          open--;
        };
      },
    });
    try {
      const refused = await openSocket(host, { Origin: host.origin });
      const refusedClosed = record(refused).closed;
      refused.send(JSON.stringify({ type: 'auth', token: 'wrong' }));
      expect(await refusedClosed).toBe(4401);
      expect(open).toBe(0);

      const page = await openSocket(host, { Origin: host.origin });
      const ready = nextMessage(page);
      page.send(JSON.stringify({ type: 'auth', token: host.token }));
      await ready;
      expect(open).toBe(1);
      const closed = record(page).closed;
      page.close();
      await closed;
      await vi.waitFor(() => {
        expect(open).toBe(0);
      });
    } finally {
      await host.close();
    }
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
    ['/', '/'],
    ['/ws?x=1', '/ws'],
    ['/#token=T', '/'],
    ['//[/ws', '//[/ws'],
    ['http://[/', null],
    ['http://127.0.0.1/ws', null],
    ['127.0.0.1:80', null],
    ['*', null],
    ['', null],
    [undefined, null],
  ])('request target %s has path %s', (target, expected) => {
    expect(requestPath(target)).toBe(expected);
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
    const resolved = resolveServedFile('/srv/renderer', path, { isRouteToIndex: true });
    expect(resolved).toBe(expected === null ? null : join('/srv/renderer', expected));
  });
});
