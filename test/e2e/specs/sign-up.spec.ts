import { expect, test } from '../fixtures';
import { codeFor, demo, enterPhone, setUpSandbox, shot } from './support';

test('creates an account for a new number after accepting the terms', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await enterPhone(page, demo.newcomer.phone);
  await page.getByLabel('Code').fill(await codeFor(gramdeck, demo.newcomer.phone));

  await expect(page.getByRole('heading', { name: 'Create a Telegram account' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Terms of service' })).toBeVisible();
  await page.getByLabel('First name').fill('Nina');
  await page.getByLabel('Last name (optional)').fill('Newcomer');

  // The terms must be accepted explicitly.
  await page.getByRole('button', { name: 'Create account' }).click();
  const accept = page.getByLabel('I accept the sandbox’s terms of service');
  await expect(accept).toHaveAttribute('aria-invalid', 'true');
  await shot(page, '01-terms-required');

  await accept.check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nina Newcomer' })).toBeVisible();
  await shot(page, '02-signed-up');
});
