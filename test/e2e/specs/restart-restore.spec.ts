import { expect, test } from '../fixtures';
import { addAccount, demo, setUpSandbox, shot } from './support';

test('restores saved accounts after a restart', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await addAccount(gramdeck, demo.alice.phone, demo.alice.name);
  await page.getByRole('button', { name: 'Add account' }).click();
  await addAccount(gramdeck, demo.dave.phone, demo.dave.name);

  await gramdeck.restart();
  const sidebar = page.getByRole('navigation', { name: /Accounts/ });
  await expect(sidebar.getByRole('row')).toHaveCount(2);
  await expect(page.getByRole('heading', { level: 1, name: demo.dave.name })).toBeVisible();
  await expect(page.getByText('Online', { exact: true })).toBeVisible();
  await shot(page, '01-restored');
  await expect(page.getByRole('region', { name: 'Recent chats' })).toBeVisible();
});
