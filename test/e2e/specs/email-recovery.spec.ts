import { expect, test } from '../fixtures';
import { codeFor, demo, enterPhone, setUpSandbox, shot } from './support';

test('recovers a forgotten 2FA password by email', async ({ gramdeck }) => {
  const { page, dc } = gramdeck;
  await setUpSandbox(gramdeck);
  await enterPhone(page, demo.bob.phone);
  await page.getByLabel('Code').fill(await codeFor(gramdeck, demo.bob.phone));
  await expect(page.getByRole('heading', { name: 'Enter your password' })).toBeVisible();

  await page.getByRole('button', { name: 'Forgot password?' }).click();
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await expect(page.getByText(/We sent a code to your recovery email/)).toBeVisible();
  await shot(page, '01-recovery-email');

  let code: string | undefined;
  await expect.poll(() => (code = dc.control.lastRecoveryCode(demo.bob.phone))).toBeTruthy();
  await page.getByLabel('Code from the email').fill(code ?? '');
  await page.getByRole('button', { name: 'Check code' }).click();
  await expect(page.getByRole('group', { name: 'New password (optional)' })).toBeVisible();
  await page.getByLabel('New password').fill('new-bob-password');
  await page.getByLabel('Hint (optional)').fill('the new one');
  await shot(page, '02-new-password');

  await page.getByRole('button', { name: 'Finish signing in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: demo.bob.name })).toBeVisible();
  await shot(page, '03-signed-in');
});
