import { expect, test } from '../fixtures';
import { codeFor, demo, enterPhone, setUpSandbox, shot } from './support';

test('signs in with a code sent to the Telegram app', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await shot(page, '01-first-run');
  await setUpSandbox(gramdeck);
  await expect(page.getByRole('heading', { name: 'Add an account' })).toBeVisible();
  await shot(page, '02-phone-step');

  await enterPhone(page, demo.alice.phone);
  await expect(page.getByRole('heading', { name: 'Enter the code' })).toBeVisible();
  await expect(
    page.getByText('We sent the code to your Telegram app on another device'),
  ).toBeVisible();
  await shot(page, '03-code-step');

  // The field auto-submits once all digits are in.
  await page.getByLabel('Code').fill(await codeFor(gramdeck, demo.alice.phone));
  await expect(page.getByRole('heading', { level: 1, name: demo.alice.name })).toBeVisible();
  const sidebar = page.getByRole('navigation', { name: /Accounts/ });
  await expect(sidebar.getByRole('button', { name: new RegExp(demo.alice.name) })).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Recent chats' }).getByText('Gramdeck testers'),
  ).toBeVisible();
  await shot(page, '04-account-page');
  // The built app made the auth key in its handshake worker, not on the main thread.
  expect(gramdeck.hostLog()).not.toContain('off-thread handshake failed');
});
