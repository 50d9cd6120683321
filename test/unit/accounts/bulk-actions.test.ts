/**
 * The bulk runner's own logic: concurrency, every account ending done, failed (with why) or
 * skipped, retry of the failed ones only, cancel and the lock, and coalesced pushes, on a manual
 * clock. The account operations are held open by the test so it decides when each one ends; the
 * runner against the real account manager and DC is test/integration/bulk-actions.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { createBulkRunner, type BulkDeps } from '../../../electron/core/accounts/bulk-actions';
import type { BulkChange } from '../../../electron/shared/bulk-dto';
import type { AccountsState, ProxyConfig } from '../../../electron/shared/dto';
import { failure } from '../../../electron/shared/error-words';
import { createRecordingLogger } from '../../support/logger';
import { ManualTimers, TestClock } from '../../support/timers';

interface Held {
  op: string;
  accountId: string;
  arg?: unknown;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const emptyState: AccountsState = { accounts: [], activeAccountId: null, restore: null };

function setUp(options: { concurrency?: number; locked?: boolean } = {}) {
  const clock = new TestClock();
  const timers = new ManualTimers(clock);
  const held: Held[] = [];
  const hold = (op: string, accountId: string, arg?: unknown) =>
    new Promise<AccountsState>((resolve, reject) => {
      held.push({
        op,
        accountId,
        arg,
        resolve: () => {
          resolve(emptyState);
        },
        reject,
      });
    });
  const deps: BulkDeps = {
    accounts: {
      logOut: (id) => hold('logOut', id),
      remove: (id) => hold('remove', id),
      reconnect: (id) => hold('reconnect', id),
      setProxy: (id, proxy: ProxyConfig | null) => hold('setProxy', id, proxy),
      endOtherSessions: (id) => hold('endOtherSessions', id).then(() => []),
      state: () => emptyState,
    },
    twoStep: {
      enable: (id, settings) =>
        hold('enableTwoStep', id, settings).then(() => ({
          accountId: id,
          isOn: true,
          hint: settings.hint,
          hasRecoveryEmail: false,
          unconfirmedEmailPattern: null,
          emailCodeLength: null,
          pendingResetAt: null,
        })),
    },
  };
  let isLocked = options.locked ?? false;
  let nextId = 1;
  const runner = createBulkRunner({
    deps,
    timers,
    logger: createRecordingLogger(),
    isLocked: () => isLocked,
    concurrency: options.concurrency ?? 2,
    coalesceMs: 100,
    newJobId: () => `job${nextId++}`,
  });
  const pushes: BulkChange[] = [];
  runner.onChange((change) => pushes.push(change));
  /** Lets settled operations' continuations run. */
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return {
    runner,
    timers,
    held,
    pushes,
    settle,
    lock: () => {
      isLocked = true;
    },
  };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `acc${i}`);

describe('a bulk job', () => {
  test('runs at most `concurrency` accounts at once, each through its manager operation', async () => {
    const { runner, held, settle } = setUp({ concurrency: 2 });
    const { jobId } = runner.start({ action: 'log-out', accountIds: ids(5) });
    expect(held.map((h) => h.accountId)).toEqual(['acc0', 'acc1']);
    expect(held.every((h) => h.op === 'logOut')).toBe(true);
    held[0]?.resolve();
    await settle();
    expect(held.map((h) => h.accountId)).toEqual(['acc0', 'acc1', 'acc2']);
    expect(runner.list()[0]).toMatchObject({
      jobId,
      action: 'log-out',
      total: 5,
      counts: { pending: 2, running: 2, done: 1, failed: 0, skipped: 0 },
      isFinished: false,
    });
  });

  test('every account ends done or failed with the reason in words; retry runs the failed ones only', async () => {
    const { runner, held, settle } = setUp({ concurrency: 3 });
    const { jobId } = runner.start({ action: 'reconnect', accountIds: ids(3) });
    held[0]?.resolve();
    held[1]?.reject(failure('LOGGED_OUT'));
    held[2]?.reject(new Error('a stack trace nobody should see'));
    await settle();
    const [job] = runner.list();
    expect(job?.isFinished).toBe(true);
    expect(job?.entries.map((e) => [e.accountId, e.state, e.reason])).toEqual([
      ['acc0', 'done', undefined],
      ['acc1', 'failed', 'This session has ended (logged out or revoked). Sign in again.'],
      ['acc2', 'failed', 'Something went wrong. Try again.'],
    ]);

    runner.retry(jobId);
    expect(held.slice(3).map((h) => h.accountId)).toEqual(['acc1', 'acc2']);
    held[3]?.resolve();
    held[4]?.resolve();
    await settle();
    expect(runner.list()[0]?.counts).toEqual({
      pending: 0,
      running: 0,
      done: 3,
      failed: 0,
      skipped: 0,
    });
  });

  test('enable-two-step: an account that already has it ends skipped, with why', async () => {
    const { runner, held, settle } = setUp({ concurrency: 2 });
    runner.start({
      action: 'enable-two-step',
      accountIds: ids(2),
      params: { password: 'secret-pass', hint: 'h' },
    });
    expect(held.map((h) => [h.op, h.arg])).toEqual([
      ['enableTwoStep', { password: 'secret-pass', hint: 'h' }],
      ['enableTwoStep', { password: 'secret-pass', hint: 'h' }],
    ]);
    held[0]?.resolve();
    held[1]?.reject(failure('TWO_STEP_ALREADY_ON'));
    await settle();
    expect(runner.list()[0]?.entries.map((e) => [e.state, e.reason])).toEqual([
      ['done', undefined],
      ['skipped', 'Two-step verification was already on.'],
    ]);
  });

  test('set-proxy passes its params; clear-proxy sets none', () => {
    const { runner, held } = setUp({ concurrency: 4 });
    const proxy: ProxyConfig = { type: 'socks5', host: '127.0.0.1', port: 1080 };
    runner.start({ action: 'set-proxy', accountIds: ['a'], params: { proxy } });
    runner.start({ action: 'clear-proxy', accountIds: ['b'] });
    expect(held.map((h) => [h.op, h.accountId, h.arg])).toEqual([
      ['setProxy', 'a', proxy],
      ['setProxy', 'b', null],
    ]);
  });

  test('cancel skips the accounts not started; the running ones finish and are recorded', async () => {
    const { runner, held, settle } = setUp({ concurrency: 1 });
    const { jobId } = runner.start({ action: 'remove', accountIds: ids(3) });
    const cancelled = runner.cancel(jobId);
    expect(cancelled.isCancelled).toBe(true);
    expect(cancelled.entries.map((e) => e.state)).toEqual(['running', 'skipped', 'skipped']);
    expect(cancelled.entries[1]?.reason).toBe('Cancelled before it started.');
    held[0]?.resolve();
    await settle();
    expect(held).toHaveLength(1);
    expect(runner.list()[0]).toMatchObject({
      isFinished: true,
      counts: { done: 1, skipped: 2, pending: 0, running: 0, failed: 0 },
    });
  });

  test('is refused while locked, and the lock cancels a running job', () => {
    const { runner, lock } = setUp({ concurrency: 1 });
    runner.start({ action: 'reconnect', accountIds: ids(2) });
    lock();
    runner.cancelAll('Cancelled: Gramdeck locked.');
    expect(runner.list()[0]?.entries[1]).toMatchObject({
      state: 'skipped',
      reason: 'Cancelled: Gramdeck locked.',
    });
    expect(() => runner.start({ action: 'reconnect', accountIds: ['x'] })).toThrow(
      expect.objectContaining({ code: 'LOCKED' }),
    );
  });

  test('retry waits for the job to finish, and an unknown job is a plain NOT_FOUND', () => {
    const { runner } = setUp();
    const { jobId } = runner.start({ action: 'reconnect', accountIds: ids(1) });
    expect(() => runner.retry(jobId)).toThrow('Wait for this bulk action to finish first.');
    expect(() => runner.cancel('nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  test('the same account twice runs once', () => {
    const { runner, held } = setUp({ concurrency: 4 });
    runner.start({ action: 'log-out', accountIds: ['a', 'a', 'b'] });
    expect(held.map((h) => h.accountId)).toEqual(['a', 'b']);
    expect(runner.list()[0]?.total).toBe(2);
  });
});

describe('its pushes', () => {
  test('are coalesced and carry only the entries that changed; the end goes out at once', async () => {
    const { runner, held, pushes, timers, settle } = setUp({ concurrency: 1000 });
    runner.start({ action: 'reconnect', accountIds: ids(1000) });
    // The start: every entry once, so a renderer that missed nothing has the whole job.
    expect(pushes).toHaveLength(1);
    expect(pushes[0]?.changed).toHaveLength(1000);
    timers.advance(100);
    // All 1,000 turned running within one window: one push.
    expect(pushes).toHaveLength(2);
    for (const h of held.slice(0, 10)) h.resolve();
    await settle();
    expect(pushes).toHaveLength(2);
    timers.advance(100);
    expect(pushes).toHaveLength(3);
    expect(pushes[2]?.changed.map((e) => e.state)).toEqual(Array(10).fill('done'));
    expect(pushes[2]?.counts).toMatchObject({ running: 990, done: 10 });
    for (const h of held.slice(10)) h.resolve();
    await settle();
    // Finished: pushed without waiting for the window.
    expect(pushes.at(-1)).toMatchObject({ isFinished: true, counts: { done: 1000 } });
    expect(pushes.at(-1)?.changed).toHaveLength(990);
  });

  test('versions grow, so a renderer can tell a newer copy of an entry from an older one', async () => {
    const { runner, held, pushes, timers, settle } = setUp({ concurrency: 1 });
    runner.start({ action: 'log-out', accountIds: ids(2) });
    held[0]?.resolve();
    await settle();
    timers.advance(100);
    const versions = pushes.map((p) => p.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    const [job] = runner.list();
    for (const entry of job?.entries ?? [])
      expect(entry.version).toBeLessThanOrEqual(job?.version ?? 0);
  });
});
