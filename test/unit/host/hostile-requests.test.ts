import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { WebHost } from '../../../electron/host/web-host';
import { get, startEchoHost } from './host-harness';

interface RawReply {
  /** 0 when the host closed the connection without a status line. */
  status: number;
  head: string;
}

/**
 * Sends `request` as raw bytes on a fresh TCP connection, as a hostile client would (no HTTP
 * library to tidy it up), and returns the status line and headers of the first answer.
 */
function sendRaw(port: number, request: string): Promise<RawReply> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const finish = () => {
      socket.destroy();
      const head = received.split('\r\n\r\n')[0] ?? '';
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1];
      resolve({ status: status === undefined ? 0 : Number(status), head });
    };
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n\r\n')) finish();
    });
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', finish);
    socket.write(Buffer.from(request, 'latin1'));
  });
}

function requestText(target: string, headers: Record<string, string>): string {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `GET ${target} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

const upgrade = {
  Connection: 'Upgrade',
  Upgrade: 'websocket',
  'Sec-WebSocket-Version': '13',
  'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
};

/** After every hostile request the host must still serve the app to a normal one. */
async function expectStillServing(host: WebHost): Promise<void> {
  const page = await get(host.port, '/');
  expect(page.status).toBe(200);
}

describe('web host survives hostile requests', () => {
  let host: WebHost;
  let own: { host: string; origin: string };

  beforeAll(async () => {
    ({ host } = await startEchoHost());
    own = { host: `127.0.0.1:${host.port}`, origin: host.origin };
  });
  afterAll(() => host.close());

  const badCookie = 'gramdeck_token=%E0%A4%A';
  test.each<
    [string, string, (o: { host: string; origin: string }) => Record<string, string>, number]
  >([
    [
      'a cookie that does not decode, on GET /',
      '/',
      (o) => ({ Host: o.host, Cookie: badCookie }),
      200,
    ],
    [
      'a cookie that does not decode, on the /ws upgrade',
      '/ws',
      (o) => ({ Host: o.host, Origin: o.origin, Cookie: badCookie, ...upgrade }),
      101,
    ],
    ['an absolute target that is no URL, on GET', 'http://[/', (o) => ({ Host: o.host }), 400],
    [
      'an absolute target that is no URL, on the upgrade',
      'http://[/ws',
      (o) => ({ Host: o.host, Origin: o.origin, ...upgrade }),
      400,
    ],
    ['a scheme-relative target, on GET', '//[/', (o) => ({ Host: o.host }), 200],
    [
      'a scheme-relative target, on the upgrade',
      '//[/ws',
      (o) => ({ Host: o.host, Origin: o.origin, ...upgrade }),
      403,
    ],
    ['an asterisk target', '*', (o) => ({ Host: o.host }), 400],
    ['an authority target', '127.0.0.1:80', (o) => ({ Host: o.host }), 400],
    ['a path that does not decode', '/%E0%A4%A', (o) => ({ Host: o.host }), 404],
    ['a Host that is no host name', '/', () => ({ Host: '[' }), 403],
    ['an Origin that is no URL', '/', (o) => ({ Host: o.host, Origin: '%' }), 403],
    [
      'an Origin that is no URL, on the upgrade',
      '/ws',
      (o) => ({ Host: o.host, Origin: 'http://[', ...upgrade }),
      403,
    ],
    ['no Host at all', '/', () => ({}), 400],
  ])('%s: answers %i and keeps serving', async (_name, target, headers, status) => {
    const reply = await sendRaw(host.port, requestText(target, headers(own)));
    expect(reply.status).toBe(status);
    await expectStillServing(host);
  });

  test('a request that is not HTTP at all is refused and the host keeps serving', async () => {
    expect((await sendRaw(host.port, '\u0000\u00ff\r\n\r\n')).status).toBe(400);
    expect((await sendRaw(host.port, 'GET / HTTP/1.1\r\nHost\r\n\r\n')).status).toBe(400);
    await expectStillServing(host);
  });

  test('generated targets and Cookie, Host and Origin headers never stop the host', async () => {
    const text = fc.string({
      unit: fc.oneof(
        fc.constantFrom('%', '[', ']', '/', '\\', '.', ':', '@', '?', '#', '=', ';', ' ', 'E', '0'),
        fc.integer({ min: 0x21, max: 0xff }).map((code) => String.fromCharCode(code)),
      ),
      maxLength: 40,
    });
    const target = fc.oneof(
      text.map((rest) => `/${rest}`),
      text.map((rest) => `//${rest}`),
      text.map((rest) => `http://${rest}`),
      fc.webUrl(),
      text.filter((value) => value.length > 0),
    );
    const optional = (value: fc.Arbitrary<string>) => fc.option(value, { nil: undefined });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          target: target.map((value) => value.replaceAll(' ', '%20')),
          cookie: optional(
            fc.oneof(
              text,
              text.map((value) => `gramdeck_token=${value}`),
            ),
          ),
          host: optional(fc.oneof(fc.constant(own.host), text)),
          origin: optional(fc.oneof(fc.constant(own.origin), text)),
          isUpgrade: fc.boolean(),
        }),
        async ({ target: path, cookie, host: hostHeader, origin, isUpgrade }) => {
          const headers: Record<string, string> = {};
          if (hostHeader !== undefined) headers.Host = hostHeader;
          if (origin !== undefined) headers.Origin = origin;
          if (cookie !== undefined) headers.Cookie = cookie;
          if (isUpgrade) Object.assign(headers, upgrade);
          const reply = await sendRaw(host.port, requestText(path, headers));
          // Nothing the client sends makes the host hand out a cookie or send it elsewhere.
          expect(reply.head).not.toMatch(/^set-cookie:/im);
          expect(reply.head).not.toMatch(/^location:/im);
          expect(reply.status).not.toBe(500);
          await expectStillServing(host);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('no open redirect', () => {
  let host: WebHost;

  beforeAll(async () => {
    ({ host } = await startEchoHost());
  });
  afterAll(() => host.close());

  // The token travels in the URL's fragment, so the host has no redirect left to abuse.
  test.each([
    '/.//evil.com/?token=T',
    '//evil.com/?token=T',
    '/%2F%2Fevil.com/?token=T',
    '/\\evil.com/?token=T',
    '/./evil.com?token=T',
    '/?token=T',
  ])('%s answers without a Location', async (path) => {
    const reply = await sendRaw(host.port, requestText(path, { Host: `127.0.0.1:${host.port}` }));
    expect(reply.status).not.toBe(0);
    expect(reply.status < 300 || reply.status >= 400).toBe(true);
    expect(reply.head).not.toMatch(/^location:/im);
  });
});
