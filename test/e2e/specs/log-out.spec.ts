import { expect, test } from '../fixtures';
import { addAccount, demo, setUpSandbox, shot } from './support';

test('logs out, offers to sign in again, and removes the account', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await addAccount(gramdeck, demo.alice.phone, demo.alice.name);

  const logOut = page.getByRole('button', { name: 'Log out', exact: true });
  await logOut.click();
  const dialog = page.getByRole('dialog', { name: `Log out of ${demo.alice.name}?` });
  await expect(dialog).toBeVisible();
  await shot(page, '01-confirm-log-out');
  // Cancel returns focus to the button that opened the dialog.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(logOut).toBeFocused();

  await logOut.click();
  await dialog.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in again' })).toBeVisible();
  await expect(page.getByText(/Signed out/).first()).toBeVisible();
  await shot(page, '02-signed-out');

  await page.getByRole('button', { name: 'Remove from Gramdeck' }).click();
  const remove = page.getByRole('dialog', { name: `Remove ${demo.alice.name} from Gramdeck?` });
  await remove.getByRole('button', { name: 'Remove account' }).click();
  const sidebar = page.getByRole('navigation', { name: /Accounts/ });
  await expect(sidebar.getByText('No accounts yet.')).toBeVisible();
  await shot(page, '03-removed');
});
