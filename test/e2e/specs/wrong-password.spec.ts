import { expect, test } from '../fixtures';
import { codeFor, demo, enterPhone, setUpSandbox, shot } from './support';

test('shows a wrong password next to the field', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await enterPhone(page, demo.bob.phone);
  await page.getByLabel('Code').fill(await codeFor(gramdeck, demo.bob.phone));
  await expect(page.getByRole('heading', { name: 'Enter your password' })).toBeVisible();

  const password = page.getByLabel('Password', { exact: true });
  await password.fill('not-the-password');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveAccessibleDescription(/.+/);
  await shot(page, '01-wrong-password');

  await password.fill(demo.bob.password);
  await expect(password).toHaveAttribute('aria-invalid', 'false');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: demo.bob.name })).toBeVisible();
});
