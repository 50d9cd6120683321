import { expect, test } from '../fixtures';
import { codeFor, demo, enterPhone, setUpSandbox, shot } from './support';

test('explains the account-reset path when there is no recovery email', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await enterPhone(page, demo.carol.phone);
  await page.getByLabel('Code').fill(await codeFor(gramdeck, demo.carol.phone));
  await expect(page.getByRole('heading', { name: 'Enter your password' })).toBeVisible();

  await page.getByRole('button', { name: 'Forgot password?' }).click();
  await expect(page.getByText('This account has no recovery email')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reset the account…' })).toBeVisible();
  expect(gramdeck.dc.control.callCount('auth.requestPasswordRecovery')).toBe(0);
  await shot(page, '01-recovery-unavailable');

  // The password still works from here.
  await page.getByLabel('Password', { exact: true }).fill(demo.carol.password);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: demo.carol.name })).toBeVisible();
});
