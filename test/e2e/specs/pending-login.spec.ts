import type { Page } from '@playwright/test';
import { expect, test, type Gramdeck } from '../fixtures';
import { codeFor, demo, enterPhone, setUpSandbox, shot } from './support';

/** From first run to the code step of `phone`. */
async function toCodeStep(gd: Gramdeck, phone: string): Promise<void> {
  await setUpSandbox(gd);
  await enterPhone(gd.page, phone);
  await expect(gd.page.getByRole('heading', { name: 'Enter the code' })).toBeVisible();
}

const cancels = (gd: Gramdeck) => gd.dc.control.callCount('auth.cancelCode');

function pendingRegion(page: Page) {
  return page.getByRole('region', { name: 'Sign-ins in progress' });
}

test('Cancel sign-in at the code step cancels the code at Telegram', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await toCodeStep(gramdeck, demo.alice.phone);
  const before = cancels(gramdeck);
  await page.getByRole('button', { name: 'Cancel sign-in' }).click();
  await expect(page.getByRole('heading', { name: 'Add an account' })).toBeVisible();
  await expect.poll(() => cancels(gramdeck)).toBe(before + 1);
  await expect(pendingRegion(page)).toHaveCount(0);
  // Nothing went wrong as far as the user can tell: no error message anywhere.
  await expect(page.getByRole('alert')).toHaveText('');
});

test('Wrong number? cancels the code at Telegram and keeps the number to edit', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  await toCodeStep(gramdeck, demo.dave.phone);
  const before = cancels(gramdeck);
  await page.getByRole('button', { name: 'Wrong number?' }).click();
  await expect(page.getByRole('heading', { name: 'Add an account' })).toBeVisible();
  await expect(page.getByLabel('Phone number')).not.toHaveValue('');
  await expect.poll(() => cancels(gramdeck)).toBe(before + 1);
});

test('a sign-in left for Settings waits in the sidebar and resumes at its step, countdown intact', async ({
  gramdeck,
}) => {
  const { page, dc } = gramdeck;
  await toCodeStep(gramdeck, demo.newcomer.phone);
  const countdown = page.getByText(/You can get .* in \d+:\d\d\./);
  await expect(countdown).toBeVisible();
  const secondsBefore = clockSeconds(await countdown.textContent());
  const codesSent = dc.control.callCount('auth.sendCode');
  const cancelsBefore = cancels(gramdeck);

  // Leave the wizard: the attempt stays, listed with its step in words.
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeFocused();
  const entry = pendingRegion(page).getByRole('button', {
    name: /^Signing in \+999.*Waiting for the code$/,
  });
  await expect(entry).toBeVisible();
  await shot(page, '01-pending-in-sidebar');

  // Back by keyboard: the same attempt, the same countdown (not restarted), no new code.
  await entry.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Enter the code' })).toBeVisible();
  await expect(entry).toHaveAttribute('aria-current', 'page');
  await expect(countdown).toBeVisible();
  const secondsAfter = clockSeconds(await countdown.textContent());
  expect(secondsAfter).toBeLessThanOrEqual(secondsBefore);
  expect(dc.control.callCount('auth.sendCode')).toBe(codesSent);
  expect(cancels(gramdeck)).toBe(cancelsBefore);

  // It goes on where it was: the code leads to sign-up, which also waits in the sidebar.
  await page.getByLabel('Code').fill(await codeFor(gramdeck, demo.newcomer.phone));
  await expect(page.getByRole('heading', { name: 'Create a Telegram account' })).toBeVisible();
  await page.getByRole('button', { name: 'Settings' }).click();
  const signUp = pendingRegion(page).getByRole('button', {
    name: /Waiting for the name of the new account$/,
  });
  await signUp.click();
  await expect(page.getByRole('heading', { name: 'Create a Telegram account' })).toBeVisible();
  await page.getByLabel('First name').fill('Nina');
  await page.getByLabel('I accept the sandbox’s terms of service').check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nina' })).toBeVisible();
  await expect(pendingRegion(page)).toHaveCount(0);
  // A used code is not cancelled.
  expect(cancels(gramdeck)).toBe(cancelsBefore);
});

test('a sign-in left in the sidebar can be cancelled there', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await toCodeStep(gramdeck, demo.bob.phone);
  await page.getByRole('button', { name: 'Settings' }).click();
  const before = cancels(gramdeck);
  await pendingRegion(page)
    .getByRole('button', { name: /^Cancel: Signing in \+999/ })
    .click();
  await expect(pendingRegion(page)).toHaveCount(0);
  await expect.poll(() => cancels(gramdeck)).toBe(before + 1);
});

test('closing the page cancels the code at Telegram', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await toCodeStep(gramdeck, demo.carol.phone);
  const before = cancels(gramdeck);
  await page.close();
  // After the grace period a reload would have used (10 s), Telegram is told.
  await expect.poll(() => cancels(gramdeck), { timeout: 30_000 }).toBe(before + 1);
});

test('reloading the page keeps the sign-in, in the sidebar', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await toCodeStep(gramdeck, demo.alice.phone);
  const before = cancels(gramdeck);
  await page.reload();
  await expect(
    pendingRegion(page).getByRole('button', { name: /^Signing in .*Waiting for the code$/ }),
  ).toBeVisible();
  await pendingRegion(page)
    .getByRole('button', { name: /^Signing in .*Waiting for the code$/ })
    .click();
  await expect(page.getByRole('heading', { name: 'Enter the code' })).toBeVisible();
  expect(cancels(gramdeck)).toBe(before);
  await shot(page, 'pending-login-after-reload');
});

/** "You can get an SMS in 0:27." → 27. */
function clockSeconds(text: string | null): number {
  const match = /(\d+):(\d\d)/.exec(text ?? '');
  if (!match) return 0;
  return Number(match[1]) * 60 + Number(match[2]);
}
