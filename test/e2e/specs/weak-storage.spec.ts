import { expect, test } from '../fixtures';
import { shot } from './support';

test('asks before storing sign-ins without a keychain', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await page.getByRole('button', { name: 'Try the sandbox' }).click();
  await expect(
    page.getByRole('heading', { name: 'Protect your sign-ins with a passcode' }),
  ).toBeVisible();
  await expect(page.getByText(/Anyone who can read your files/)).toBeVisible();
  await shot(page, '01-weak-storage-prompt');

  // Cancelling the confirmation keeps the prompt.
  await page.getByRole('button', { name: 'Accept weak storage' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save sign-ins without protection?' });
  await expect(dialog).toBeVisible();
  await shot(page, '02-confirm');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(
    page.getByRole('heading', { name: 'Protect your sign-ins with a passcode' }),
  ).toBeVisible();

  await page.getByRole('button', { name: 'Accept weak storage' }).click();
  await dialog.getByRole('button', { name: 'Accept weak storage' }).click();
  await expect(page.getByRole('heading', { name: 'Add an account' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Storage is not protected' })).toBeHidden();
  await shot(page, '03-accepted');
});
