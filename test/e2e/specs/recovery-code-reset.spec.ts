import { expect, test } from '../fixtures';
import { setUpSandbox, shot } from './support';

test('resets a forgotten passcode with the recovery code and shows a new one', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  const recoveryCode = await setUpSandbox(gramdeck, { passcode: 'first passcode' });
  expect(recoveryCode).toBeTruthy();

  await page.getByRole('button', { name: 'Lock now' }).click();
  await page.getByRole('button', { name: 'Forgot passcode?' }).click();
  await expect(page.getByRole('heading', { name: 'Reset your passcode' })).toBeVisible();

  // A wrong recovery code is refused next to its field.
  await page.getByLabel('Recovery code', { exact: true }).fill('WRONG-CODE-0000');
  await page.getByLabel('New passcode').fill('second passcode');
  await page.getByLabel('Type it again').fill('second passcode');
  await page.getByRole('button', { name: 'Reset passcode' }).click();
  await expect(page.getByLabel('Recovery code', { exact: true })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await shot(page, '01-wrong-recovery-code');

  await page.getByLabel('Recovery code', { exact: true }).fill(recoveryCode ?? '');
  await page.getByRole('button', { name: 'Reset passcode' }).click();
  await expect(
    page.getByRole('heading', { name: 'Your passcode is reset: save your new recovery code' }),
  ).toBeVisible();
  // It does not claim to be shown only now: Settings shows it again after the passcode.
  await expect(
    page.getByText(/You can see it again in Settings after entering your passcode\./),
  ).toBeVisible();
  const newCode = await page.getByLabel('Your recovery code', { exact: true }).inputValue();
  expect(newCode).not.toBe(recoveryCode);
  await shot(page, '02-new-recovery-code');

  // Continue stays disabled until the user says they saved it.
  const next = page.getByRole('button', { name: 'Continue' });
  await expect(next).toBeDisabled();
  await page.getByLabel('I saved my recovery code somewhere safe').check();
  await next.click();

  const locked = page.getByRole('heading', { name: 'Gramdeck is locked' });
  if (await locked.isVisible()) {
    await page.getByLabel('Passcode').fill('second passcode');
    await page.getByRole('button', { name: 'Unlock' }).click();
  }
  await expect(page.getByRole('heading', { name: 'Add an account' })).toBeVisible();
  await shot(page, '03-back-in');
});
