/**
 * A login in progress is neither lost nor left running forever: through the router, with the
 * real GramJS adapter against the local DC, counting the calls that reach the DC. The login
 * service's idle timeout and QR refreshes run on an injected clock; cancelling a code that was
 * sent and not used is `auth.cancelCode` on every route (Cancel, idle, quit, the last window
 * closing, the app locking).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { lastWindowGraceMs, type GramdeckCore } from '../../electron/core/app';
import type { Channel, InputOf, ResultOf } from '../../electron/shared/contract';
import type { Envelope } from '../../electron/shared/errors';
import { createGramJsGateway } from '../../electron/telegram';
import { startTestDc, type TestDc } from '../../tools/telegram-dc';
import { createCoreHarness, type CoreHarness } from '../support/core-harness';
import { createRecordingLogger } from '../support/logger';
import { ManualTimers, TestClock } from '../support/timers';
import { createWebTestCore, testSender } from '../support/web-core';

const alice = '+9996620001';
const bob = '+9996610002';
const carol = '+9996620003';
const minute = 60_000;

let dc: TestDc;

beforeAll(async () => {
  dc = await startTestDc({
    scenario: {
      name: 'pending-login',
      accounts: [
        { phone: alice, dcId: 2, firstName: 'Alice', code: { types: ['sms'], length: 5 } },
        { phone: bob, dcId: 1, firstName: 'Bob', code: { types: ['sms'], length: 5 } },
        { phone: carol, dcId: 2, firstName: 'Carol', code: { types: ['sms'], length: 5 } },
      ],
      loginTokenSeconds: 30,
    },
    smallPrimes: true,
  });
});

afterAll(async () => {
  await dc.stop();
});

const cancels = () => dc.control.callCount('auth.cancelCode');
const exports = () => dc.control.callCount('auth.exportLoginToken');

describe('through the login service, on an injected clock', () => {
  let h: CoreHarness;
  let clock: TestClock;
  let timers: ManualTimers;
  let isStopped: boolean;

  function newHarness(): CoreHarness {
    clock = new TestClock();
    clock.time = Date.now();
    timers = new ManualTimers(clock);
    isStopped = false;
    const profile = dc.profile();
    return createCoreHarness({
      gateway: createGramJsGateway({
        logger: createRecordingLogger(),
        connectTimeoutMs: 10_000,
        callTimeoutMs: 10_000,
      }),
      target: { profile, apiId: profile.apiId ?? 1, apiHash: profile.apiHash ?? '' },
      clock,
      timers,
    });
  }

  afterEach(async () => {
    if (!isStopped) await h.stop();
  });

  /** Waits until the attempt's call to Telegram (a QR export) has settled. */
  async function settled(attemptId: string): Promise<void> {
    await vi.waitFor(() => {
      expect(h.login.get(attemptId).isBusy).toBe(false);
    });
  }

  test('Cancel at the code step sends auth.cancelCode once, however many routes end it', async () => {
    h = newHarness();
    const before = cancels();
    const started = await h.ok('auth:start', { phone: alice });
    const cancelled = await h.ok('auth:cancel', { attemptId: started.attemptId });
    expect(cancelled).toMatchObject({ step: 'cancelled', error: null });
    expect(cancels()).toBe(before + 1);
    // Cancelling again, or ending the core, does not cancel twice.
    await h.ok('auth:cancel', { attemptId: started.attemptId });
    await h.stop();
    isStopped = true;
    expect(cancels()).toBe(before + 1);
  });

  test('Telegram refusing cancelCode is logged, never shown: the attempt just ends', async () => {
    h = newHarness();
    const started = await h.ok('auth:start', { phone: bob });
    dc.control.queueError('auth.cancelCode', 'PHONE_CODE_EXPIRED');
    const before = cancels();
    const view = await h.ok('auth:cancel', { attemptId: started.attemptId });
    expect(cancels()).toBe(before + 1);
    expect(view).toMatchObject({ step: 'cancelled', error: null });
    expect(h.logger.records).toContainEqual(
      expect.objectContaining({
        message: 'Telegram did not cancel the login code',
        code: 'PHONE_CODE_EXPIRED',
      }),
    );
  });

  test('15 idle minutes cancel the code at Telegram; each call the user makes restarts the wait', async () => {
    h = newHarness();
    const started = await h.ok('auth:start', { phone: alice });
    const id = started.attemptId;
    const before = cancels();

    timers.advance(14 * minute);
    // A wrong code is activity: the 15 minutes start again.
    await h.ok('auth:submit-code', { attemptId: id, code: '00000' });
    timers.advance(14 * minute);
    expect(h.login.get(id).step).toBe('code');
    expect(h.login.list().map((v) => v.attemptId)).toEqual([id]);
    expect(cancels()).toBe(before);

    const since = h.pushed.length;
    timers.advance(1 * minute);
    const view = await h.waitForEvent(
      'auth:changed',
      (v) => v.attemptId === id && v.step === 'cancelled',
      15_000,
      since,
    );
    expect(view.error).toMatchObject({ code: 'TIMEOUT' });
    expect(cancels()).toBe(before + 1);
    expect(h.login.list()).toEqual([]);
  });

  test('quitting (the core stops) cancels a code that was sent and not used', async () => {
    h = newHarness();
    await h.ok('auth:start', { phone: carol });
    const before = cancels();
    await h.stop();
    isStopped = true;
    expect(cancels()).toBe(before + 1);
  });

  test('a hidden QR code is not refreshed; shown again it refreshes; its refreshes are not activity', async () => {
    h = newHarness();
    const started = await h.ok('auth:start-qr');
    const id = started.attemptId;
    const firstUrl = started.qr?.url;
    expect(exports()).toBeGreaterThan(0);

    // Shown: it refreshes a moment before the token expires.
    let count = exports();
    timers.advance((started.qr?.expiresAt ?? 0) - clock.now());
    await settled(id);
    expect(exports()).toBe(count + 1);
    expect(h.login.get(id).qr?.url).not.toBe(firstUrl);

    // Hidden for ten minutes: no export at all, and no timer left to make one.
    await h.ok('auth:set-visible', { attemptId: id, isVisible: false });
    count = exports();
    for (let i = 0; i < 10; i++) timers.advance(minute);
    expect(exports()).toBe(count);
    expect(h.login.get(id).step).toBe('qr');

    // Shown again: its token ran out, so a fresh one comes at once.
    const hiddenUrl = h.login.get(id).qr?.url;
    const since = h.pushed.length;
    await h.ok('auth:set-visible', { attemptId: id, isVisible: true });
    await h.waitForEvent(
      'auth:changed',
      (v) => v.attemptId === id && v.qr !== null && v.qr.url !== hiddenUrl && !v.isBusy,
      15_000,
      since,
    );
    expect(exports()).toBe(count + 1);

    // Showing it was the last activity. Its own refreshes go on while it is shown (one per
    // minute here), yet 15 minutes later it is cancelled and the refreshes stop.
    for (let i = 0; i < 14; i++) {
      timers.advance(minute);
      await settled(id);
      expect(h.login.get(id).step).toBe('qr');
    }
    expect(exports()).toBeGreaterThanOrEqual(count + 1 + 14);
    timers.advance(minute);
    await vi.waitFor(() => {
      expect(h.login.get(id)).toMatchObject({ step: 'cancelled', error: { code: 'TIMEOUT' } });
    });
    const atEnd = exports();
    for (let i = 0; i < 10; i++) timers.advance(minute);
    expect(exports()).toBe(atEnd);
    expect(timers.timers.size).toBe(0);
  });
});

describe('through the whole core', () => {
  let core: GramdeckCore;
  let dataDir: string;
  const windowTimers = new ManualTimers(new TestClock());

  async function ok<C extends Channel>(channel: C, args?: InputOf<C>): Promise<ResultOf<C>> {
    const result = (await core.router.dispatch(channel, args, testSender)) as Envelope<ResultOf<C>>;
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gramdeck-pending-login-'));
    const logger = createRecordingLogger();
    core = await createWebTestCore({
      dataDir,
      logger,
      gateway: createGramJsGateway({ logger, connectTimeoutMs: 10_000, callTimeoutMs: 10_000 }),
      sandboxProfile: dc.profile(),
      timers: windowTimers,
    });
    await core.start();
    await ok('vault:set-passcode', { passcode: 'pending-login-4711' });
  });

  afterAll(async () => {
    await core.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a login stays open while a window is open and ends with cancelCode when the last closes', async () => {
    const first = core.attachWindow();
    const second = core.attachWindow();
    const started = await ok('auth:start', { phone: alice });
    const before = cancels();

    first();
    first();
    expect((await ok('auth:list')).map((v) => v.attemptId)).toEqual([started.attemptId]);
    expect(cancels()).toBe(before);

    second();
    // A page that reloads attaches again within the grace period: nothing ends yet.
    windowTimers.advance(lastWindowGraceMs - 1);
    expect(cancels()).toBe(before);
    windowTimers.advance(1);
    await vi.waitFor(async () => {
      expect((await ok('auth:get', { attemptId: started.attemptId })).step).toBe('cancelled');
    });
    expect(cancels()).toBe(before + 1);
    expect(await ok('auth:list')).toEqual([]);
  });

  test('a page that reloads within the grace period keeps its sign-in', async () => {
    const before = cancels();
    const page = core.attachWindow();
    const started = await ok('auth:start', { phone: alice });
    page();
    windowTimers.advance(lastWindowGraceMs / 2);
    const reloaded = core.attachWindow();
    windowTimers.advance(lastWindowGraceMs * 2);
    expect((await ok('auth:get', { attemptId: started.attemptId })).step).toBe('code');
    expect(cancels()).toBe(before);
    await ok('auth:cancel', { attemptId: started.attemptId });
    reloaded();
    windowTimers.advance(lastWindowGraceMs);
  });

  test('the app locking cancels the code at Telegram', async () => {
    const detach = core.attachWindow();
    const started = await ok('auth:start', { phone: bob });
    const before = cancels();
    await ok('vault:lock');
    await vi.waitFor(() => {
      expect(cancels()).toBe(before + 1);
    });
    await ok('vault:unlock', { passcode: 'pending-login-4711' });
    expect((await ok('auth:get', { attemptId: started.attemptId })).error?.code).toBe('LOCKED');
    detach();
  });
});
