import { expect, test } from '../fixtures';
import { addAccount, demo, setUpSandbox, shot } from './support';

test('logs out of one account and removes another, both confirmed', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await addAccount(gramdeck, demo.alice.phone, demo.alice.name);
  await page.getByRole('button', { name: 'Add account' }).click();
  await addAccount(gramdeck, demo.dave.phone, demo.dave.name);
  const sidebar = page.getByRole('navigation', { name: /Accounts/ });

  const logOut = page.getByRole('button', { name: 'Log out', exact: true });
  await logOut.click();
  const dialog = page.getByRole('dialog', { name: `Log out of ${demo.dave.name}?` });
  await expect(dialog).toBeVisible();
  await shot(page, '01-confirm-log-out');
  // Cancel returns focus to the button that opened the dialog.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(logOut).toBeFocused();

  await logOut.click();
  await dialog.getByRole('button', { name: 'Log out' }).click();
  await expect(sidebar.getByRole('row')).toHaveCount(1);
  await expect(sidebar.getByRole('button', { name: new RegExp(demo.dave.name) })).toBeHidden();
  await shot(page, '02-logged-out');

  await sidebar.getByRole('button', { name: new RegExp(demo.alice.name) }).click();
  await page.getByRole('button', { name: 'Remove from Gramdeck' }).click();
  const remove = page.getByRole('dialog', { name: `Remove ${demo.alice.name} from Gramdeck?` });
  await remove.getByRole('button', { name: 'Remove account' }).click();
  await expect(sidebar.getByText('No accounts yet.')).toBeVisible();
  await shot(page, '03-removed');
});
