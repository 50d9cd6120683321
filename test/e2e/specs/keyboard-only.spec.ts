import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { codeFor, demo, shot } from './support';

/** Presses Tab until `target` has focus, as a keyboard user would; fails if it never does. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let presses = 0; presses < 60; presses++) {
    const active = await page.evaluateHandle('document.activeElement');
    const isFocused = await target.evaluate((element, focused) => element === focused, active);
    await active.dispose();
    if (isFocused) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

test('first run, a passcode and two sign-ins with the keyboard alone', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await tabTo(page, page.getByRole('button', { name: 'Try the sandbox' }));
  await page.keyboard.press('Enter');

  await expect(
    page.getByRole('heading', { name: 'Protect your sign-ins with a passcode' }),
  ).toBeVisible();
  await tabTo(page, page.getByLabel('New passcode'));
  await page.keyboard.type('keyboard-pass');
  await tabTo(page, page.getByLabel('Type it again'));
  await page.keyboard.type('keyboard-pass');
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { name: 'Save your recovery code' })).toBeVisible();
  await tabTo(page, page.getByLabel('I saved my recovery code somewhere safe'));
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Continue' }));
  await page.keyboard.press('Enter');

  // Alice: phone, then the code from the DC; the field submits itself when full.
  await expect(page.getByRole('heading', { name: 'Add an account' })).toBeVisible();
  await tabTo(page, page.getByLabel('Phone number'));
  await page.keyboard.type(demo.alice.phone);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Enter the code' })).toBeVisible();
  await tabTo(page, page.getByLabel('Code'));
  await page.keyboard.type(await codeFor(gramdeck, demo.alice.phone));
  await expect(page.getByRole('heading', { level: 1, name: demo.alice.name })).toBeVisible();
  await shot(page, '01-alice-by-keyboard');

  // Bob: code by SMS, then his two-step password.
  await tabTo(page, page.getByRole('button', { name: 'Add account' }).first());
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByLabel('Phone number'));
  await page.keyboard.type(demo.bob.phone);
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByLabel('Code'));
  await page.keyboard.type(await codeFor(gramdeck, demo.bob.phone));
  await expect(page.getByText(demo.bob.hint)).toBeVisible();
  await tabTo(page, page.getByLabel('Password', { exact: true }));
  await page.keyboard.type(demo.bob.password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: demo.bob.name })).toBeVisible();

  // Switch back to Alice with the shortcut, then lock the app from the keyboard.
  await page.keyboard.press('Control+1');
  await expect(page.getByRole('heading', { level: 1, name: demo.alice.name })).toBeVisible();
  await tabTo(page, page.getByRole('button', { name: 'Lock now' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByLabel('Passcode'));
  await page.keyboard.type('keyboard-pass');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: demo.alice.name })).toBeVisible();
  await shot(page, '02-unlocked-by-keyboard');
});
