import { expect, test } from '../fixtures';
import { addAccount, demo, setUpSandbox, shot } from './support';

test('adds two accounts, switches with Ctrl+number and reorders with Alt+arrows', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await addAccount(gramdeck, demo.alice.phone, demo.alice.name);
  await page.getByRole('button', { name: 'Add account' }).click();
  await addAccount(gramdeck, demo.dave.phone, demo.dave.name);

  const sidebar = page.getByRole('navigation', { name: /Accounts/ });
  const items = sidebar.getByRole('row');
  await expect(items).toHaveCount(2);
  await shot(page, '01-two-accounts');

  await page.keyboard.press('Control+1');
  await expect(page.getByRole('heading', { level: 1, name: demo.alice.name })).toBeVisible();
  await page.keyboard.press('Control+2');
  await expect(page.getByRole('heading', { level: 1, name: demo.dave.name })).toBeVisible();

  // Clicking switches too.
  await sidebar.getByRole('button', { name: new RegExp(demo.alice.name) }).click();
  // A switch moves focus to the account's heading, so a screen reader says where it landed.
  await expect(page.getByRole('heading', { level: 1, name: demo.alice.name })).toBeFocused();

  // Alt+Down moves the focused account one place down.
  await sidebar.getByRole('button', { name: new RegExp(demo.alice.name) }).focus();
  await page.keyboard.press('Alt+ArrowDown');
  await expect(items.first()).toContainText(demo.dave.name);
  await expect(sidebar.getByRole('status')).toHaveText(/moved to position 2 of 2/);
  await shot(page, '02-reordered');
});
