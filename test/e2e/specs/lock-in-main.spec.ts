import type { Page } from '@playwright/test';
import type { AccountsState } from '../../../electron/shared/dto';
import { expect, test } from '../fixtures';
import { addAccount, demo, setUpSandbox, shot } from './support';

/** Calls main as any script on the page could: through `window.gramdeck`, not the UI. */
function invokeFromPage(page: Page, channel: string, payload?: unknown): Promise<unknown> {
  return page.evaluate(
    ([name, argument]) => {
      const api = (
        globalThis as unknown as {
          gramdeck: { invoke(channel: string, payload?: unknown): Promise<unknown> };
        }
      ).gramdeck;
      return argument === undefined ? api.invoke(name) : api.invoke(name, argument);
    },
    [channel, payload] as const,
  );
}

test('while locked, main refuses the account channels a page script calls; unlock restores them', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck, { passcode: 'open sesame' });
  await addAccount(gramdeck, demo.alice.phone, demo.alice.name);
  const unlocked = (await invokeFromPage(page, 'accounts:list')) as {
    ok: true;
    value: AccountsState;
  };
  expect(unlocked).toMatchObject({
    ok: true,
    value: { accounts: [{ displayName: demo.alice.name }] },
  });
  const accountId = unlocked.value.accounts[0]?.id ?? '';

  await page.getByRole('button', { name: 'Lock now' }).click();
  await expect(page.getByRole('heading', { name: 'Gramdeck is locked' })).toBeVisible();
  const locked = { ok: false, error: { code: 'LOCKED' } };
  expect(await invokeFromPage(page, 'accounts:list')).toMatchObject(locked);
  for (const channel of ['accounts:login-codes', 'accounts:list-chats', 'accounts:log-out']) {
    expect(await invokeFromPage(page, channel, { accountId })).toMatchObject(locked);
  }
  expect(await invokeFromPage(page, 'auth:start', { phone: demo.dave.phone })).toMatchObject(
    locked,
  );
  expect(await invokeFromPage(page, 'vault:status')).toMatchObject({
    ok: true,
    value: { isLocked: true },
  });
  await shot(page, '01-locked-and-refused');

  await page.getByLabel('Passcode').fill('open sesame');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { level: 1, name: demo.alice.name })).toBeVisible();
  expect(await invokeFromPage(page, 'accounts:list')).toMatchObject({
    ok: true,
    value: { accounts: [{ id: accountId, displayName: demo.alice.name }] },
  });
  expect(await invokeFromPage(page, 'accounts:login-codes', { accountId })).toMatchObject({
    ok: true,
  });
});
