/**
 * Bulk actions through the real account manager over the local DC: three restored accounts, one
 * of them revoked on the server. Each account's action is the manager's own operation, the
 * revoked one fails with its reason in words, a retry runs only it, and the others are done.
 */
import { Api } from 'telegram';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { startTestDc, type Scenario, type TestDc } from '../../tools/telegram-dc';
import { connected } from '../../tools/telegram-dc/test-helpers';
import { createGramJsGateway } from '../../electron/telegram';
import { createBulkRunner, type BulkRunner } from '../../electron/core/accounts/bulk-actions';
import { createTagService, type TagService } from '../../electron/core/settings/tags';
import { createTwoStepService } from '../../electron/core/two-step';
import { systemTimers } from '../../electron/core/timers';
import type { BulkJobView } from '../../electron/shared/bulk-dto';
import { createCoreHarness, type CoreHarness } from '../support/core-harness';
import { createMemoryVault } from '../support/memory-vault';
import { createRecordingLogger } from '../support/logger';
import { seedVaultRecord } from '../reliability/support/seeded-accounts';

const scenario: Scenario = {
  name: 'bulk-actions',
  accounts: [
    { phone: '+9996620081', dcId: 2, firstName: 'Bulk', lastName: 'One' },
    {
      phone: '+9996620082',
      dcId: 2,
      firstName: 'Bulk',
      lastName: 'Two',
      twoFactor: { password: 'two-password', hint: 'two' },
    },
    { phone: '+9996620083', dcId: 2, firstName: 'Bulk', lastName: 'Three' },
  ],
};
const ids = ['acc-one', 'acc-two', 'acc-three'];

let dc: TestDc;
let h: CoreHarness | undefined;

beforeAll(async () => {
  dc = await startTestDc({ scenario, smallPrimes: true });
});

afterAll(async () => {
  await dc.stop();
});

afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function restored(): Promise<{ h: CoreHarness; runner: BulkRunner; tags: TagService }> {
  const vault = createMemoryVault();
  for (const [i, id] of ids.entries()) {
    await vault.writeAccount(id, await seedVaultRecord(dc, scenario.accounts[i]?.phone ?? ''));
  }
  const profile = dc.profile();
  let tags: TagService | null = null;
  h = createCoreHarness({
    gateway: createGramJsGateway({ logger: createRecordingLogger() }),
    target: { profile, apiId: profile.apiId ?? 1, apiHash: profile.apiHash ?? '' },
    vault,
    onAccountRemoved: (id) => {
      tags?.forgetAccount(id);
    },
  });
  const withTags = h;
  tags = createTagService({
    store: withTags.uiState,
    logger: createRecordingLogger(),
    accountIds: () => withTags.accounts.state().accounts.map((a) => a.id),
  });
  await h.start();
  await h.waitForEvent(
    'accounts:changed',
    (s) => s.accounts.length === 3 && s.accounts.every((a) => a.status.kind === 'online'),
    30_000,
  );
  const harness = h;
  const runner = createBulkRunner({
    deps: {
      accounts: harness.accounts,
      twoStep: createTwoStepService({
        accounts: harness.accounts,
        logger: harness.logger,
        clock: { now: () => Date.now() },
      }),
    },
    timers: systemTimers,
    logger: harness.logger,
    isLocked: () => !harness.vault.isUnlocked(),
    coalesceMs: 10,
  });
  return { h: harness, runner, tags };
}

/** Ends every other session of `phone` from a second device, as Telegram's own apps can. */
async function revokeElsewhere(phone: string): Promise<void> {
  const seeded = await dc.control.seedAuthorizedSession(phone);
  const device = await connected(dc, seeded.session);
  try {
    await device.invoke(new Api.auth.ResetAuthorizations());
  } finally {
    await device.destroy();
  }
}

function finished(runner: BulkRunner, jobId: string): Promise<BulkJobView> {
  return new Promise((resolve) => {
    const check = () => {
      const job = runner.list().find((j) => j.jobId === jobId);
      if (job?.isFinished) {
        stop();
        resolve(job);
      }
    };
    const stop = runner.onChange(check);
    check();
  });
}

test('reconnect: the revoked account fails with its reason, and a retry runs only it', async () => {
  const { h, runner } = await restored();
  await revokeElsewhere('+9996620082');

  const { jobId } = runner.start({ action: 'reconnect', accountIds: ids });
  const job = await finished(runner, jobId);
  expect(job.entries.map((e) => [e.accountId, e.state, e.reason])).toEqual([
    ['acc-one', 'done', undefined],
    ['acc-two', 'failed', 'This session has ended (logged out or revoked). Sign in again.'],
    ['acc-three', 'done', undefined],
  ]);
  const online = h.accounts.state().accounts.filter((a) => a.status.kind === 'online');
  expect(online.map((a) => a.id)).toEqual(['acc-one', 'acc-three']);
  // The sidebar's status filter, answered in main through the router, sees the same.
  expect(await h.ok('accounts:filter', { query: '', statuses: ['logged-out'] })).toEqual([
    'acc-two',
  ]);
  expect(await h.ok('accounts:filter', { query: 'bulk', statuses: ['online'] })).toEqual([
    'acc-one',
    'acc-three',
  ]);
  expect(await h.ok('accounts:filter', { query: '', statuses: ['needs-attention'] })).toEqual([]);

  const doneVersions = job.entries.filter((e) => e.state === 'done').map((e) => e.version);
  runner.retry(jobId);
  const again = await finished(runner, jobId);
  // The done ones were not touched again; the revoked one ran and failed the same way.
  expect(again.entries.filter((e) => e.state === 'done').map((e) => e.version)).toEqual(
    doneVersions,
  );
  expect(again.counts).toEqual({ pending: 0, running: 0, done: 2, failed: 1, skipped: 0 });
  expect(again.entries[1]?.version).toBeGreaterThan(job.version);
});

test('end other sessions reaches Telegram for each account; remove leaves none behind', async () => {
  const { h, runner, tags } = await restored();
  const tagId = tags.create('Support', 'blue').tags[0]?.id ?? '';
  tags.tag(tagId, ids);
  const before = dc.control.callCount('auth.resetAuthorizations');
  const ended = await finished(
    runner,
    runner.start({ action: 'end-other-sessions', accountIds: ids }).jobId,
  );
  expect(ended.counts.done).toBe(3);
  expect(dc.control.callCount('auth.resetAuthorizations') - before).toBe(3);

  const removed = await finished(
    runner,
    runner.start({ action: 'remove', accountIds: ['acc-one', 'acc-three', 'acc-gone'] }).jobId,
  );
  expect(removed.entries.map((e) => [e.state, e.reason])).toEqual([
    ['done', undefined],
    ['done', undefined],
    ['failed', 'There is no such account in Gramdeck.'],
  ]);
  expect(h.accounts.state().accounts.map((a) => a.id)).toEqual(['acc-two']);
  expect(await h.vault.listAccountIds()).toEqual(['acc-two']);
  // The removed accounts left the tag mapping; the tag stays.
  expect(tags.state().accountTags).toEqual({ 'acc-two': [tagId] });
  expect(tags.state().tags).toHaveLength(1);
});

test('turn on two-step verification: the accounts that lack it get it, the one that has it is skipped', async () => {
  const { h, runner } = await restored();
  const password = 'one-password-for-all';
  const pushes: string[] = [];
  runner.onChange((change) => pushes.push(JSON.stringify(change)));
  const job = await finished(
    runner,
    runner.start({
      action: 'enable-two-step',
      accountIds: ids,
      params: { password, hint: 'the team vault' },
    }).jobId,
  );
  expect(job.entries.map((e) => [e.accountId, e.state, e.reason])).toEqual([
    ['acc-one', 'done', undefined],
    ['acc-two', 'skipped', 'Two-step verification was already on.'],
    ['acc-three', 'done', undefined],
  ]);
  for (const accountId of ids) {
    const state = await h.ok('two-step:get', { accountId });
    expect(state.isOn, accountId).toBe(true);
  }
  expect((await h.ok('two-step:get', { accountId: 'acc-one' })).hint).toBe('the team vault');
  // The password reached Telegram only: not the pushes, the job as listed, or the log.
  expect(pushes.join('\n')).not.toContain(password);
  expect(JSON.stringify(runner.list())).not.toContain(password);
  expect(JSON.stringify(h.logger.records)).not.toContain(password);
});
