import { formatResetMoment } from '../../../renderer/src/lib/reset-date';
import { expect, test } from '../fixtures';
import { codeFor, demo, enterPhone, setUpSandbox, shot } from './support';

/** The demo account whose reset Telegram allows at once (README demo table). */
const hugo = { phone: '+9996630042', password: 'hugo-password' };
const WEEK_MS = 7 * 24 * 3600 * 1000;
const timeZone = 'Europe/Berlin';

test.use({ timezoneId: timeZone });

test('no recovery email: explained at once, the reset waits and says until when', async ({
  gramdeck,
}) => {
  const { page, dc } = gramdeck;
  await setUpSandbox(gramdeck);
  await enterPhone(page, demo.carol.phone);
  await page.getByLabel('Code').fill(await codeFor(gramdeck, demo.carol.phone));
  await expect(page.getByRole('heading', { name: 'Enter your password' })).toBeVisible();

  const forgot = page.getByRole('button', { name: 'Forgot password?' });
  await expect(forgot).toHaveAttribute('aria-expanded', 'false');
  await forgot.click();
  await expect(forgot).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByText('This account has no recovery email')).toBeVisible();
  expect(dc.control.callCount('auth.requestPasswordRecovery')).toBe(0);
  await shot(page, '01-no-recovery-email');

  await page.getByRole('button', { name: 'Reset the account…' }).click();
  await expect(page.getByRole('heading', { name: 'Reset the account' })).toBeFocused();
  const confirmation = page.getByLabel(`Type the phone number +99966 3 0003 to confirm`);
  await confirmation.fill('+9996630004');
  await page.getByRole('button', { name: 'Reset account' }).click();
  await expect(
    page.getByText('That is not this account’s number.', { exact: false }),
  ).toBeVisible();
  await expect(confirmation).toBeFocused();
  expect(dc.control.callCount('account.deleteAccount')).toBe(0);
  await shot(page, '02-reset-confirmation');

  await confirmation.fill(demo.carol.phone);
  const before = formatResetMoment(Date.now() + WEEK_MS, timeZone);
  await page.getByRole('button', { name: 'Reset account' }).click();
  const status = page.getByRole('status').filter({ hasText: 'You can reset this account after' });
  await expect(status).toBeVisible();
  const after = formatResetMoment(Date.now() + WEEK_MS, timeZone);
  const text = (await status.textContent()) ?? '';
  expect([before, after].some((moment) => text.includes(`after ${moment}.`))).toBe(true);
  expect(dc.control.callCount('account.deleteAccount')).toBe(1);
  await shot(page, '03-reset-waits');

  // The attempt is still usable: the password signs in.
  await page.getByRole('button', { name: 'Back to the password' }).click();
  await expect(page.getByRole('heading', { name: 'Enter your password' })).toBeFocused();
  await page.getByLabel('Password', { exact: true }).fill(demo.carol.password);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: demo.carol.name })).toBeVisible();
});

test('a reset allowed at once goes on to create the account anew', async ({ gramdeck }) => {
  const { page, dc } = gramdeck;
  await setUpSandbox(gramdeck);
  await enterPhone(page, hugo.phone);
  await page.getByLabel('Code').fill(await codeFor(gramdeck, hugo.phone));
  await expect(page.getByRole('heading', { name: 'Enter your password' })).toBeVisible();

  await page.getByRole('button', { name: 'Forgot password?' }).click();
  await page.getByRole('button', { name: 'Reset the account…' }).click();
  await page.getByLabel('Type the phone number +99966 3 0042 to confirm').fill('+999 66 3 0042');
  await shot(page, '01-reset-confirmed');
  await page.getByRole('button', { name: 'Reset account' }).click();

  await expect(page.getByRole('heading', { name: 'Create a Telegram account' })).toBeVisible();
  expect(dc.control.callCount('account.deleteAccount')).toBe(1);
  await page.getByLabel('First name').fill('Hugo');
  await page.getByLabel('Last name (optional)').fill('Anew');
  await page.getByLabel('I accept the sandbox’s terms of service').check();
  await shot(page, '02-sign-up-after-reset');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hugo Anew' })).toBeVisible();
  expect(dc.control.callCount('auth.signUp')).toBe(1);
  expect(dc.control.callCount('auth.requestPasswordRecovery')).toBe(0);
  await shot(page, '03-new-account');
});
