/**
 * Logins through a proxy and future auth tokens, through the IPC router against the local
 * MTProto DC and a real SOCKS5 proxy on loopback: a login through the proxy it names, or the
 * default login proxy, and the account keeps it; a failing proxy says why (refused, timed out,
 * authentication failed, the target refused); `proxy:test`; and a sign-in after a log-out that
 * skips the code because the log-out's future auth token was kept.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createServer } from 'node:net';
import { startTestDc, type Scenario, type TestDc } from '../../tools/telegram-dc';
import { createGramJsGateway } from '../../electron/telegram';
import type { ProxyConfig } from '../../electron/shared/dto';
import { createCoreHarness, type CoreHarness } from '../support/core-harness';
import { loginThroughRouter } from '../support/dc-login';
import { createRecordingLogger } from '../support/logger';
import { startSocks5Server, type Socks5Server } from '../support/socks5-server';

const scenario: Scenario = {
  name: 'gramdeck-proxy-login',
  accounts: [
    { phone: '+9996620011', dcId: 2, firstName: 'Ivy' },
    { phone: '+9996620012', dcId: 2, firstName: 'Jack' },
    { phone: '+9996620013', dcId: 2, firstName: 'Kim' },
    { phone: '+9996620014', dcId: 2, firstName: 'Lou' },
    { phone: '+9996620015', dcId: 2, firstName: 'Max' },
    { phone: '+9996620016', dcId: 2, firstName: 'Nia', twoFactor: { password: 'nia-pw' } },
  ],
};

let dc: TestDc;
let socks: Socks5Server;
const harnesses: CoreHarness[] = [];
const extraProxies: Socks5Server[] = [];

const credentials = { username: 'gd', password: 'proxy-secret' };

beforeAll(async () => {
  dc = await startTestDc({ scenario, smallPrimes: true });
  socks = await startSocks5Server(credentials);
});

afterAll(async () => {
  await socks.close();
  await dc.stop();
});

afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.stop();
  for (const p of extraProxies.splice(0)) await p.close();
});

function socks5(port: number, password = credentials.password): ProxyConfig {
  return { type: 'socks5', host: '127.0.0.1', port, username: credentials.username, password };
}

function newHarness(defaultProxy: ProxyConfig | null = null, connectTimeoutMs = 5_000) {
  const profile = dc.profile();
  const h = createCoreHarness({
    gateway: createGramJsGateway({
      logger: createRecordingLogger(),
      connectTimeoutMs,
      callTimeoutMs: 5_000,
    }),
    target: {
      profile,
      apiId: profile.apiId ?? 1,
      apiHash: profile.apiHash ?? '',
      proxy: defaultProxy,
    },
  });
  harnesses.push(h);
  return h;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}

describe('a login through a proxy', () => {
  test('auth:start through the proxy it names: the login tunnels through it and the account keeps it', async () => {
    const h = newHarness();
    await h.start();
    const before = socks.tunnels;
    const started = await h.ok('auth:start', { phone: '+9996620011', proxy: socks5(socks.port) });
    expect(started.step).toBe('code');
    expect(socks.tunnels).toBeGreaterThan(before);
    const done = await h.ok('auth:submit-code', {
      attemptId: started.attemptId,
      code: dc.control.lastCode('+9996620011') ?? '',
    });
    expect(done.step).toBe('done');
    const id = done.accountId ?? '';
    expect(h.vault.records.get(id)?.proxy).toEqual(socks5(socks.port));
    const state = await h.waitForEvent('accounts:changed', (s) =>
      s.accounts.some((a) => a.id === id && a.status.kind === 'online'),
    );
    expect(state.accounts.find((a) => a.id === id)?.proxy).toEqual({
      type: 'socks5',
      host: '127.0.0.1',
      port: socks.port,
      username: 'gd',
      hasCredentials: true,
    });
    expect(JSON.stringify(h.pushed)).not.toContain('proxy-secret');
    expect(JSON.stringify(h.calls.map((c) => c.result))).not.toContain('proxy-secret');
  });

  test('the default login proxy applies when auth:start names none; null connects directly', async () => {
    const h = newHarness(socks5(socks.port));
    await h.start();
    let before = socks.tunnels;
    const viaDefault = await h.ok('auth:start', { phone: '+9996620012' });
    expect(socks.tunnels).toBeGreaterThan(before);
    const done = await h.ok('auth:submit-code', {
      attemptId: viaDefault.attemptId,
      code: dc.control.lastCode('+9996620012') ?? '',
    });
    expect(h.vault.records.get(done.accountId ?? '')?.proxy).toEqual(socks5(socks.port));

    before = socks.tunnels;
    const direct = await loginDirect(h, '+9996620013');
    expect(socks.tunnels).toBe(before);
    expect(h.vault.records.get(direct)?.proxy).toBeNull();
  });

  test('a QR login takes the proxy too', async () => {
    const h = newHarness();
    await h.start();
    const before = socks.tunnels;
    const view = await h.ok('auth:start-qr', { proxy: socks5(socks.port) });
    expect(view.step).toBe('qr');
    expect(socks.tunnels).toBeGreaterThan(before);
    await h.ok('auth:cancel', { attemptId: view.attemptId });
  });
});

async function loginDirect(h: CoreHarness, phone: string): Promise<string> {
  const started = await h.ok('auth:start', { phone, proxy: null });
  const view = await h.ok('auth:submit-code', {
    attemptId: started.attemptId,
    code: dc.control.lastCode(phone) ?? '',
  });
  if (!view.accountId) throw new Error(`login of ${phone} ended at ${view.step}`);
  return view.accountId;
}

describe('a proxy that fails says why', () => {
  test('a wrong password: PROXY_AUTH_FAILED, and no login attempt reaches the DC', async () => {
    const h = newHarness();
    await h.start();
    const sendCodes = dc.control.callCount('auth.sendCode');
    const result = await h.call('auth:start', {
      phone: '+9996620014',
      proxy: socks5(socks.port, 'wrong'),
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('PROXY_AUTH_FAILED');
      expect(result.error.message).toBe('The proxy did not accept the user name or password.');
    }
    expect(dc.control.callCount('auth.sendCode')).toBe(sendCodes);
  });

  test('nothing listening at the address: PROXY_REFUSED', async () => {
    const h = newHarness();
    await h.start();
    const result = await h.call('proxy:test', { proxy: socks5(await closedPort()) });
    expect(result).toMatchObject({
      ok: true,
      value: { ok: false, error: { code: 'PROXY_REFUSED' } },
    });
  });

  test('a proxy that refuses to reach Telegram: PROXY_UNREACHABLE', async () => {
    const refusing = await startSocks5Server(null, 'refuse-target');
    extraProxies.push(refusing);
    const h = newHarness();
    await h.start();
    const result = await h.call('proxy:test', {
      proxy: { type: 'socks5', host: '127.0.0.1', port: refusing.port },
    });
    expect(result).toMatchObject({
      ok: true,
      value: { ok: false, error: { code: 'PROXY_UNREACHABLE' } },
    });
    expect(refusing.connections).toBeGreaterThan(0);
  });

  test('a proxy that never answers: PROXY_TIMEOUT', async () => {
    const silent = await startSocks5Server(null, 'silent');
    extraProxies.push(silent);
    const h = newHarness(null, 1_500);
    await h.start();
    const result = await h.call('auth:start', {
      phone: '+9996620014',
      proxy: { type: 'socks5', host: '127.0.0.1', port: silent.port },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('PROXY_TIMEOUT');
  });

  test('an MTProxy that closes on the secret, or a secret GramJS cannot use: PROXY_SECRET_INVALID', async () => {
    // Like an MTProxy whose secret differs: it reads the obfuscated header, then hangs up.
    let connections = 0;
    const closing = createServer((socket) => {
      connections++;
      socket.on('error', () => undefined);
      socket.once('data', () => socket.destroy());
    });
    await new Promise<void>((resolve) => closing.listen(0, '127.0.0.1', resolve));
    const address = closing.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const h = newHarness();
      await h.start();
      const wrong = await h.ok('proxy:test', {
        proxy: { type: 'mtproxy', host: '127.0.0.1', port, secret: 'ab'.repeat(16) },
      });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'PROXY_SECRET_INVALID' } });
      expect(connections).toBe(1);
      // A fake-TLS secret is refused before any connection opens.
      const fakeTls = await h.ok('proxy:test', {
        proxy: {
          type: 'mtproxy',
          host: '127.0.0.1',
          port,
          secret: `ee${'ab'.repeat(16)}6578616d706c65`,
        },
      });
      expect(fakeTls).toMatchObject({ ok: false, error: { code: 'PROXY_SECRET_INVALID' } });
      expect(connections).toBe(1);
    } finally {
      await new Promise<void>((resolve) =>
        closing.close(() => {
          resolve();
        }),
      );
    }
  });

  test('proxy:test through a working proxy answers ok', async () => {
    const h = newHarness();
    await h.start();
    const before = socks.tunnels;
    const result = await h.ok('proxy:test', { proxy: socks5(socks.port) });
    expect(result.ok).toBe(true);
    expect(socks.tunnels).toBeGreaterThan(before);
  });

  test('an account whose proxy fails is offline with the reason, not only "Offline"', async () => {
    const h = newHarness();
    await h.start();
    const id = await loginDirect(h, '+9996620014');
    await h.ok('accounts:set-proxy', { accountId: id, proxy: socks5(socks.port, 'wrong') });
    const state = await h.waitForEvent('accounts:changed', (s) =>
      s.accounts.some((a) => a.id === id && a.status.kind === 'offline'),
    );
    const status = state.accounts.find((a) => a.id === id)?.status;
    expect(status).toMatchObject({
      kind: 'offline',
      proxyError: {
        code: 'PROXY_AUTH_FAILED',
        message: 'The proxy did not accept the user name or password.',
      },
    });
    // The right password brings it back online, and the reason goes away.
    const fixed = await h.ok('accounts:set-proxy', { accountId: id, proxy: socks5(socks.port) });
    expect(fixed.accounts.find((a) => a.id === id)?.status).toEqual({ kind: 'online' });
  });
});

describe('future auth tokens', () => {
  test('a log-out keeps the token; signing in again skips the code (no auth.signIn)', async () => {
    const h = newHarness();
    await h.start();
    const first = await loginThroughRouter(h, dc, '+9996620015');
    await h.ok('accounts:log-out', { accountId: first });
    const kept = h.vault.authTokens.get('9996620015')?.tokens ?? [];
    expect(kept).toHaveLength(1);
    expect(JSON.stringify(h.pushed)).not.toContain(kept[0]?.token ?? 'no token');

    const signIns = dc.control.callCount('auth.signIn');
    const sendCodes = dc.control.callCount('auth.sendCode');
    const view = await h.ok('auth:start', { phone: '+9996620015' });
    expect(view.step).toBe('done');
    expect(view.code).toBeNull();
    expect(view.accountId).not.toBeNull();
    expect(dc.control.callCount('auth.sendCode')).toBe(sendCodes + 1);
    expect(dc.control.callCount('auth.signIn')).toBe(signIns);
    const state = await h.waitForEvent('accounts:changed', (s) =>
      s.accounts.some((a) => a.id === view.accountId && a.status.kind === 'online'),
    );
    expect(state.accounts.filter((a) => a.displayName === 'Max')).toHaveLength(1);

    // The token was used up: removed from Gramdeck (no log-out, no new token), the number
    // signs in again with a code.
    await h.ok('accounts:remove', { accountId: view.accountId ?? '', confirm: true });
    const again = await h.ok('auth:start', { phone: '+9996620015' });
    expect(again.step).toBe('code');
    await h.ok('auth:cancel', { attemptId: again.attemptId });
  });

  test('at most 20 tokens are kept per phone, the newest first', async () => {
    const h = newHarness();
    await h.start();
    const older = Array.from({ length: 20 }, (_, i) => ({
      profileKey: 'custom:old',
      token: Buffer.from([i]).toString('base64'),
    }));
    await h.vault.writeAuthTokens('9996620013', { tokens: older });
    const id = await loginDirect(h, '+9996620013');
    await h.ok('accounts:log-out', { accountId: id });
    const kept = h.vault.authTokens.get('9996620013')?.tokens ?? [];
    expect(kept).toHaveLength(20);
    expect(kept[0]?.profileKey).not.toBe('custom:old');
    expect(kept.slice(1)).toEqual(older.slice(0, 19));
  });

  test('an account with two-step verification still gets a code after a log-out', async () => {
    const h = newHarness();
    await h.start();
    const id = await loginThroughRouter(h, dc, '+9996620016', 'nia-pw');
    await h.ok('accounts:log-out', { accountId: id });
    expect(h.vault.authTokens.get('9996620016')?.tokens).toHaveLength(1);
    const view = await h.ok('auth:start', { phone: '+9996620016' });
    expect(view.step).toBe('code');
    await h.ok('auth:cancel', { attemptId: view.attemptId });
  });
});
