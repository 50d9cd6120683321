import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { openPasscodePrompt, setUpSandbox, shot } from './support';

/** The scripts the page has loaded so far, by file name. */
const loadedScripts = (page: Page): Promise<string[]> =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => entry.name.split('/').pop() ?? '')
      .filter((name) => name.endsWith('.js')),
  );
const isEstimator = (name: string) => name.startsWith('passcode-estimator-');

test('a 4-digit PIN is rated very weak and needs "Use it anyway" before it is set', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  // The estimator and its dictionaries are not part of the first screen.
  await expect(
    page.getByRole('heading', { name: 'Welcome! How do you want to start?' }),
  ).toBeVisible();
  expect((await loadedScripts(page)).filter(isEstimator)).toEqual([]);

  await openPasscodePrompt(page);
  await expect.poll(async () => (await loadedScripts(page)).some(isEstimator)).toBe(true);

  await page.getByLabel('New passcode').fill('1234');
  const rating = page.locator('[aria-live="polite"]', { hasText: 'Strength: Very weak' });
  await expect(rating).toBeVisible();
  await expect(rating).toContainText('This is a heavily used password.');
  await expect(page.getByText('Add more words that are less common.')).toBeVisible();
  await page.getByLabel('Type it again').fill('1234');
  await shot(page, '01-very-weak');

  // Submitting without the acknowledgement is refused next to the field.
  const anyway = page.getByLabel('Use it anyway, even though it is easy to guess');
  await expect(anyway).not.toBeChecked();
  await page.getByRole('button', { name: 'Set passcode' }).click();
  await expect(page.getByLabel('New passcode')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/This passcode is easy to guess/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Save your recovery code' })).toBeHidden();
  await shot(page, '02-refused');

  // A changed passcode is rated anew: the acknowledgement does not carry over.
  await anyway.check();
  await page.getByLabel('New passcode').fill('0000');
  await page.getByLabel('Type it again').fill('0000');
  await expect(anyway).not.toBeChecked();
  await page.getByRole('button', { name: 'Set passcode' }).click();
  await expect(page.getByText(/This passcode is easy to guess/)).toBeVisible();

  // With the box ticked, main accepts it (any passcode of 4 characters or more).
  await anyway.check();
  await expect(page.getByText(/This passcode is easy to guess/)).toBeHidden();
  await page.getByRole('button', { name: 'Set passcode' }).click();
  await expect(page.getByRole('heading', { name: 'Save your recovery code' })).toBeVisible();
  await page.getByLabel('I saved my recovery code somewhere safe').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText('Sandbox — not Telegram')).toBeVisible();

  await page.getByRole('button', { name: 'Lock now' }).click();
  await expect(page.getByRole('heading', { name: 'Gramdeck is locked' })).toBeVisible();
  await page.getByLabel('Passcode').fill('0000');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { name: 'Add an account' })).toBeVisible();
});

test('a submit right after typing is rated before it is sent', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await openPasscodePrompt(page);
  // No pause for the meter: the form rates the passcode itself when it is submitted.
  await page.getByLabel('New passcode').fill('1111');
  await page.getByLabel('Type it again').fill('1111');
  await page.getByLabel('Type it again').press('Enter');
  await expect(page.getByText(/This passcode is easy to guess/)).toBeVisible();
  await expect(page.getByLabel('Use it anyway, even though it is easy to guess')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Save your recovery code' })).toBeHidden();
});

test('a long passphrase is rated very strong and is set without asking', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await openPasscodePrompt(page);
  await page.getByLabel('New passcode').fill('correct horse battery staple');
  await expect(
    page.locator('[aria-live="polite"]', { hasText: 'Strength: Very strong' }),
  ).toBeVisible();
  await expect(page.getByLabel('Use it anyway, even though it is easy to guess')).toBeHidden();
  await shot(page, '01-very-strong');
  await page.getByLabel('Type it again').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Set passcode' }).click();
  await expect(page.getByRole('heading', { name: 'Save your recovery code' })).toBeVisible();
});

test('changing the passcode in Settings rates the new one too', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck, { passcode: 'first passcode' });
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Change passcode…' }).click();
  await page.getByLabel('Current passcode').fill('first passcode');
  await page.getByLabel('New passcode').fill('password');
  await expect(
    page.locator('[aria-live="polite"]', { hasText: 'Strength: Very weak' }),
  ).toBeVisible();
  await page.getByLabel('Type it again').fill('password');
  const change = page.getByRole('button', { name: 'Save new passcode' });
  await change.click();
  await expect(page.getByText(/This passcode is easy to guess/)).toBeVisible();
  await shot(page, '01-settings-weak');

  await page.getByLabel('New passcode').fill('winter-lantern-orbit-93');
  await page.getByLabel('Type it again').fill('winter-lantern-orbit-93');
  await expect(
    page.locator('[aria-live="polite"]', { hasText: 'Strength: Very strong' }),
  ).toBeVisible();
  await change.click();
  await expect(page.getByText('Passcode changed.')).toBeVisible();
});

test('each passcode action has one toggle and one submit button, named apart', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck, { passcode: 'first passcode' });
  await page.getByRole('button', { name: 'Settings' }).click();

  const changeToggle = page.getByRole('button', { name: 'Change passcode…' });
  await changeToggle.click();
  await expect(changeToggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: /Change passcode/ })).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Save new passcode' })).toHaveCount(1);
  await shot(page, '02-change-names');
  await changeToggle.click();
  await expect(page.getByRole('button', { name: 'Save new passcode' })).toHaveCount(0);

  const removeToggle = page.getByRole('button', { name: 'Remove passcode…' });
  await removeToggle.click();
  await expect(removeToggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: /Remove passcode/ })).toHaveCount(1);
  await page.getByLabel('Current passcode').fill('first passcode');
  await page.getByRole('button', { name: 'Remove the passcode' }).click();
  // The submit button is the one that acts: here main refuses (no keychain to fall back on).
  await expect(
    page.getByText('removing the passcode would leave your sessions unprotected'),
  ).toBeVisible();
  await shot(page, '03-remove-submitted');
});
