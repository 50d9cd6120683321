import { expect, test } from '../fixtures';
import { codeFor, demo, enterPhone, setUpSandbox, shot } from './support';

test('signs in an account with two-step verification', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await enterPhone(page, demo.bob.phone);
  await expect(page.getByText('We sent the code by SMS to')).toBeVisible();
  await page.getByLabel('Code').fill(await codeFor(gramdeck, demo.bob.phone));

  await expect(page.getByRole('heading', { name: 'Enter your password' })).toBeVisible();
  await expect(page.getByText(`Hint: ${demo.bob.hint}`)).toBeVisible();
  const password = page.getByLabel('Password', { exact: true });
  await password.fill(demo.bob.password);
  await expect(password).toHaveAttribute('type', 'password');
  await page.getByRole('button', { name: 'Show password' }).click();
  await expect(password).toHaveAttribute('type', 'text');
  await shot(page, '01-password-step');

  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: demo.bob.name })).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Security' }).getByText(/^On \(hint: pet \+ year\)/),
  ).toBeVisible();
  await shot(page, '02-signed-in');
});
