import { expect, test } from '../fixtures';
import { setUpSandbox, shot } from './support';

test('a new recovery code needs the passcode, and Settings shows it again', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  const firstCode = await setUpSandbox(gramdeck, { passcode: 'first passcode' });
  expect(firstCode).toBeTruthy();

  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'New recovery code' }).click();
  await expect(
    page.getByText('Your current recovery code stops working. Enter your passcode'),
  ).toBeVisible();

  // A wrong passcode is refused next to its field, and no code is shown.
  const passcode = page.getByLabel('Passcode', { exact: true });
  await passcode.fill('not my passcode');
  await page.getByRole('button', { name: 'Create new code' }).click();
  await expect(passcode).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('That passcode is not correct.')).toBeVisible();
  await shot(page, '01-wrong-passcode');

  await passcode.fill('first passcode');
  await page.getByRole('button', { name: 'Create new code' }).click();
  await expect(page.getByRole('heading', { name: 'Save your recovery code' })).toBeVisible();
  // The screen tells the truth: the code can be seen again, with the passcode.
  await expect(
    page.getByText('You can see it again in Settings after entering your passcode.'),
  ).toBeVisible();
  await expect(page.getByText('shown only now')).toHaveCount(0);
  const newCode = await page.getByLabel('Your recovery code', { exact: true }).inputValue();
  expect(newCode).not.toBe(firstCode);
  await shot(page, '02-new-code');
  await page.getByLabel('I saved my recovery code somewhere safe').check();
  await page.getByRole('button', { name: 'Continue' }).click();

  // "Show recovery code" gives the same code back after the passcode.
  await page.getByRole('button', { name: 'Show recovery code' }).click();
  await page.getByLabel('Passcode', { exact: true }).fill('first passcode');
  await page.getByLabel('Passcode', { exact: true }).press('Enter');
  await expect(page.getByLabel('Your recovery code', { exact: true })).toHaveValue(newCode);
  await page.getByLabel('I saved my recovery code somewhere safe').check();
  await page.getByRole('button', { name: 'Continue' }).click();

  // The old code no longer resets the passcode.
  await page.getByRole('banner').getByRole('button', { name: 'Lock now' }).click();
  await page.getByRole('button', { name: 'Forgot passcode?' }).click();
  await page.getByLabel('Recovery code', { exact: true }).fill(firstCode ?? '');
  await page.getByLabel('New passcode').fill('second passcode');
  await page.getByLabel('Type it again').fill('second passcode');
  await page.getByRole('button', { name: 'Reset passcode' }).click();
  await expect(page.getByLabel('Recovery code', { exact: true })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await shot(page, '03-old-code-refused');
});
