import { describe, expect, test } from 'vitest';
import { channelNames, type Handlers } from '../../../electron/shared/contract';
import { AppFailure } from '../../../electron/shared/errors';
import { createRouter, type SenderInfo } from '../../../electron/core/ipc/router';
import { createLogger, type LogRecord } from '../../../electron/core/logging';
import { silentLogger } from '../../support/logger';

const trusted: SenderInfo = { transport: 'web', url: 'http://127.0.0.1:1' };

/** Every channel answers with its own name and argument, so routing mistakes show. */
function echoHandlers(overrides: Partial<Handlers> = {}): Handlers {
  const handlers = Object.fromEntries(
    channelNames.map((channel) => [channel, (args: unknown) => Promise.resolve({ channel, args })]),
  );
  return { ...handlers, ...overrides } as unknown as Handlers;
}

function setup(overrides: Partial<Handlers> = {}) {
  const lines: LogRecord[] = [];
  const router = createRouter({
    handlers: echoHandlers(overrides),
    logger: createLogger((record) => lines.push(record), { minLevel: 'debug' }),
    isTrustedSender: (sender) => sender.url === trusted.url,
  });
  return { router, lines };
}

describe('IPC router', () => {
  test('dispatches a valid call to its handler and wraps the result', async () => {
    const { router } = setup();
    await expect(
      router.dispatch('auth:start', { phone: '+44 7700 900123' }, trusted),
    ).resolves.toEqual({
      ok: true,
      value: { channel: 'auth:start', args: { phone: '+44 7700 900123' } },
    });
  });

  test('refuses calls from an untrusted sender before looking at them', async () => {
    const { router, lines } = setup();
    const result = await router.dispatch('app:info', undefined, {
      transport: 'web',
      url: 'http://evil.example',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(lines.some((line) => line.message.includes('untrusted sender'))).toBe(true);
  });

  test.each([
    ['an unknown channel', 'accounts:hack', undefined],
    ['a prototype key as channel', '__proto__', undefined],
    ['a non-string channel', 42, undefined],
    ['toString', 'toString', undefined],
  ])('answers UNKNOWN_CHANNEL for %s', async (_name, channel, payload) => {
    const { router } = setup();
    const result = await router.dispatch(channel, payload, trusted);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  test.each([
    ['a missing argument', 'auth:start', undefined, 'needs different details'],
    ['a missing field', 'auth:start', {}, 'Enter a phone number.'],
    ['letters in a phone number', 'auth:start', { phone: 'call me' }, 'international format'],
    [
      'an unexpected key',
      'auth:start',
      { phone: '+1 202 555 0123', extra: 1 },
      'Unexpected field in the request.',
    ],
    ['an argument where none is taken', 'app:info', { a: 1 }, undefined],
    ['a wrong type', 'accounts:switch', { accountId: 7 }, 'account id'],
    [
      'a remove without confirmation',
      'accounts:remove',
      { accountId: 'a1', confirm: false },
      'confirmation',
    ],
  ])('rejects %s with a typed validation error', async (_name, channel, payload, message) => {
    const { router } = setup();
    const result = await router.dispatch(channel, payload, trusted);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION');
    if (message) expect(result.error.message).toContain(message);
  });

  test.each([
    [
      { phone: '+1 202 555 0123', '<img src=x onerror=alert(1)>': 1 },
      'Unexpected field in the request.',
    ],
    [{ phone: '+1 202 555 0123', token: 1, sessionString: 2 }, 'Unexpected fields in the request.'],
  ])('never echoes the names of unexpected keys', async (payload, message) => {
    const { router } = setup();
    const result = await router.dispatch('auth:start', payload, trusted);
    expect(result).toEqual({ ok: false, error: { code: 'VALIDATION', message } });
  });

  test('names the field a validation error concerns', async () => {
    const { router } = setup();
    const result = await router.dispatch(
      'auth:submit-code',
      { attemptId: 'a1', code: '<b>1</b>' },
      trusted,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'code' } });
  });

  test('turns an AppFailure into its envelope, keeping retryAfter and field', async () => {
    const { router } = setup({
      'auth:resend-code': () =>
        Promise.reject(
          new AppFailure('FLOOD_WAIT', 'Try again in 2 minutes.', { retryAfter: 120 }),
        ),
    });
    await expect(
      router.dispatch('auth:resend-code', { attemptId: 'a1' }, trusted),
    ).resolves.toEqual({
      ok: false,
      error: { code: 'FLOOD_WAIT', message: 'Try again in 2 minutes.', retryAfter: 120 },
    });
  });

  test('never lets an unexpected exception, its message or its stack cross', async () => {
    const secret = 'session-string-1BVtsOK8Bu';
    const { router, lines } = setup({
      'accounts:list': () => Promise.reject(new TypeError(`cannot read ${secret}`)),
    });
    const result = await router.dispatch('accounts:list', undefined, trusted);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(JSON.stringify(result)).not.toContain('TypeError');
    expect(lines.some((line) => line.level === 'error')).toBe(true);
  });

  test('answers null, never undefined, for handlers without a value', async () => {
    const { router } = setup({ 'vault:touch': () => Promise.resolve(null) });
    await expect(router.dispatch('vault:touch', undefined, trusted)).resolves.toEqual({
      ok: true,
      value: null,
    });
  });

  test('while locked, refuses what the lock policy does not allow, before reading the argument', async () => {
    let isLocked = true;
    const router = createRouter({
      handlers: echoHandlers(),
      logger: silentLogger,
      isTrustedSender: () => true,
      isLocked: () => isLocked,
    });
    const locked = { ok: false, error: { code: 'LOCKED' } };
    await expect(router.dispatch('accounts:list', undefined, trusted)).resolves.toMatchObject(
      locked,
    );
    await expect(
      router.dispatch('auth:start', { phone: 'not a phone' }, trusted),
    ).resolves.toMatchObject(locked);
    await expect(router.dispatch('vault:status', undefined, trusted)).resolves.toMatchObject({
      ok: true,
    });
    await expect(router.dispatch('nope:nope', undefined, trusted)).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    });
    isLocked = false;
    await expect(router.dispatch('accounts:list', undefined, trusted)).resolves.toMatchObject({
      ok: true,
    });
  });
});
