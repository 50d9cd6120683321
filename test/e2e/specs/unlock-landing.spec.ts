import { expect, test } from '../fixtures';
import { addAccount, demo, setUpSandbox, shot } from './support';

test('after a restart and unlock, the app opens on the account it highlights', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck, { passcode: 'open sesame' });
  await addAccount(gramdeck, demo.alice.phone, demo.alice.name);
  await page.getByRole('button', { name: 'Add account' }).click();
  await addAccount(gramdeck, demo.dave.phone, demo.dave.name);

  // Switch back to the first account: the last active one is not simply the last added.
  const sidebar = page.getByRole('navigation', { name: /Accounts/ });
  await sidebar.getByRole('button', { name: new RegExp(demo.alice.name) }).click();
  await expect(page.getByRole('heading', { level: 1, name: demo.alice.name })).toBeVisible();

  await gramdeck.restart();
  await expect(page.getByRole('heading', { name: 'Gramdeck is locked' })).toBeVisible();
  await page.getByLabel('Passcode').fill('open sesame');
  await page.getByRole('button', { name: 'Unlock' }).click();

  await expect(page.getByRole('heading', { level: 1, name: demo.alice.name })).toBeVisible();
  await expect(sidebar.getByRole('listitem')).toHaveCount(2);
  await expect(sidebar.getByRole('button', { name: new RegExp(demo.alice.name) })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(
    sidebar.getByRole('button', { name: new RegExp(demo.dave.name) }),
  ).not.toHaveAttribute('aria-current', 'page');
  await expect(sidebar.getByRole('button', { name: 'Add account' })).not.toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(page.getByRole('heading', { name: 'Add an account' })).toBeHidden();
  await shot(page, '01-unlocked-on-highlighted-account');
});
