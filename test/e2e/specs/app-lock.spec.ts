import { expect, test } from '../fixtures';
import { addAccount, demo, setUpSandbox, shot } from './support';

test('locks the app and unlocks it with the passcode', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck, { passcode: 'open sesame' });
  await addAccount(gramdeck, demo.alice.phone, demo.alice.name);

  await page.getByRole('button', { name: 'Lock now' }).click();
  await expect(page.getByRole('heading', { name: 'Gramdeck is locked' })).toBeVisible();
  await expect(page.getByText(demo.alice.name)).toBeHidden();
  await shot(page, '01-locked');

  const passcode = page.getByLabel('Passcode');
  await passcode.fill('wrong passcode');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(passcode).toHaveAttribute('aria-invalid', 'true');
  await shot(page, '02-wrong-passcode');

  await passcode.fill('open sesame');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { level: 1, name: demo.alice.name })).toBeVisible();
  await shot(page, '03-unlocked');
});
