import { expect, test } from '../fixtures';
import { setUpSandbox, shot } from './support';

test('opens through the web host with no Node in the page and an empty account list', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  // The page runs as plain web content: no require, no process, only window.gramdeck's transport.
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
    'undefined',
  );
  expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
    'undefined',
  );
  await setUpSandbox(gramdeck);

  await expect(page.getByRole('navigation', { name: /Accounts/ })).toBeVisible();
  await expect(page.getByRole('main')).toBeVisible();
  await expect(page.getByText('No accounts yet')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add account' }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Settings' })).toBeVisible();
  await shot(page, 'empty-account-list');
});
