import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../fixtures';
import { formatResetMoment } from '../../../renderer/src/lib/reset-date';
import { addAccount, codeFor, enterPhone, setUpSandbox, shot } from './support';

/** Demo account without two-step verification (the 2FA range, +99966200 6x). */
const tess = { phone: '+9996620060', name: 'Tess Demo' };
/** Demo account with two-step verification and no recovery email. */
const reese = { phone: '+9996620061', name: 'Reese Demo', password: 'reese-password' };

test('turns two-step verification on with a recovery email, changes the password and recovers it by email', async ({
  gramdeck,
}) => {
  const { page, dc } = gramdeck;
  await setUpSandbox(gramdeck);
  await addAccount(gramdeck, tess.phone, tess.name);

  await page.getByRole('button', { name: 'Manage two-step verification' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Two-step verification' }),
  ).toBeFocused();
  await expect(page.getByText('Anyone who gets a login code for this account')).toBeVisible();

  // Turn it on, with a recovery email: the change waits for the code sent there.
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.getByLabel('New password').fill('tess-first');
  await page.getByLabel('Type it again').fill('tess-typo');
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByText('The two passwords are not the same. Type it again.')).toBeVisible();
  await page.getByLabel('Type it again').fill('tess-first');
  await page.getByLabel('Hint (optional)').fill('first try');
  await page.getByLabel('Recovery email (optional)').fill('tess@example.com');
  await page.getByRole('button', { name: 'Turn on' }).click();

  await expect(page.getByRole('heading', { name: 'Confirm the recovery email' })).toBeVisible();
  await expect(page.getByText('t***@example.com')).toBeVisible();
  let first: string | undefined;
  await expect.poll(() => (first = dc.control.lastPasswordEmailCode(tess.phone))).toBeTruthy();
  await page.getByLabel('Code from the email').fill('000000');
  await page.getByRole('button', { name: 'Confirm email' }).click();
  await expect(
    page.getByText('That code is not right. Check the email and enter it again.'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Send the code again' }).click();
  await expect(page.getByText('Telegram sent a new code.')).toBeVisible();
  let code: string | undefined;
  await expect
    .poll(() => {
      code = dc.control.lastPasswordEmailCode(tess.phone);
      return code !== undefined && code !== first;
    })
    .toBe(true);
  await page.getByLabel('Code from the email').fill(code ?? '');
  await page.getByRole('button', { name: 'Confirm email' }).click();
  await expect(
    page.getByRole('status').getByText('The recovery email is confirmed.'),
  ).toBeVisible();
  const facts = page.getByRole('region', { name: 'Now' });
  await expect(facts.getByText('On', { exact: true })).toBeVisible();
  await expect(facts.getByText('first try')).toBeVisible();
  await expect(facts.getByText('Set', { exact: true })).toBeVisible();

  // Change the password: a wrong current password is refused in plain words next to it.
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByLabel('Current password').fill('not-the-password');
  await page.getByLabel('New password').fill('tess-second');
  await page.getByLabel('Type it again').fill('tess-second');
  await page.getByLabel('Hint (optional)').fill('second try');
  await page.getByRole('button', { name: 'Change password' }).click();
  const current = page.getByLabel('Current password');
  await expect(current).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('That password is not right. Check it and try again.')).toBeVisible();
  await current.fill('tess-first');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status').getByText('The password is changed.')).toBeVisible();
  await expect(facts.getByText('second try')).toBeVisible();
  mkdirSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'screenshots'), {
    recursive: true,
  });
  await page.screenshot({
    path: join(import.meta.dirname, '..', '..', '..', 'docs', 'screenshots', 'two-step.png'),
  });

  // Forgotten: recovery by the emailed code, with a new password.
  await page.getByRole('button', { name: 'Forgot password?' }).click();
  await page.getByRole('button', { name: 'Send a code to the recovery email' }).click();
  await expect(page.getByRole('heading', { name: 'Reset the password by email' })).toBeVisible();
  let recovery: string | undefined;
  await expect.poll(() => (recovery = dc.control.lastRecoveryCode(tess.phone))).toBeTruthy();
  await page.getByLabel('Code from the email').fill(recovery ?? '');
  const newPassword = page.getByRole('group', { name: 'New password (optional)' });
  await newPassword.getByLabel('New password').fill('tess-third');
  await newPassword.getByLabel('Type it again').fill('tess-third');
  await newPassword.getByLabel('Hint (optional)').fill('third try');
  await shot(page, 'recover-by-email');
  await page.getByRole('button', { name: 'Reset password' }).click();
  await expect(
    page.getByRole('status').getByText('The password is reset. Use the new one from now on.'),
  ).toBeVisible();
  await expect(facts.getByText('third try')).toBeVisible();

  // The recovered password is the one now: it turns two-step verification off.
  await page.getByRole('button', { name: 'Turn off' }).click();
  await page.getByLabel('Current password').fill('tess-third');
  await page.getByRole('button', { name: 'Turn off' }).click();
  await expect(page.getByRole('status').getByText('Two-step verification is off.')).toBeVisible();
  await expect(facts.getByText('Off', { exact: true })).toBeVisible();

  // No password or code reached the web host's log.
  const log = gramdeck.hostLog();
  for (const secret of ['tess-first', 'tess-second', 'tess-third', code, recovery])
    if (secret) expect(log).not.toContain(secret);
});

test('a forgotten password without a recovery email: Telegram’s reset, its date, cancel, and the reset once the wait is over', async ({
  gramdeck,
}) => {
  const { page, dc } = gramdeck;
  await setUpSandbox(gramdeck);
  await enterPhone(page, reese.phone);
  await page.getByLabel('Code').fill(await codeFor(gramdeck, reese.phone));
  await expect(page.getByRole('heading', { name: 'Enter your password' })).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill(reese.password);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: reese.name })).toBeVisible();

  await page.getByRole('button', { name: 'Manage two-step verification' }).click();
  await page.getByRole('button', { name: 'Forgot password?' }).click();
  await expect(page.getByText('This account has no recovery email.')).toBeVisible();
  const week = 7 * 24 * 3600 * 1000;
  const before = dc.control.now();
  await page.getByRole('button', { name: 'Reset the password' }).click();
  const pending = page.getByText('A reset of the password was requested.');
  await expect(pending).toBeVisible();
  const after = dc.control.now();
  const shown = await pending.locator('strong').textContent();
  expect([formatResetMoment(before + week), formatResetMoment(after + week)]).toContain(shown);
  await shot(page, 'reset-waiting');

  await page.getByRole('button', { name: 'Cancel the reset' }).click();
  await expect(
    page.getByRole('status').getByText('The password reset is cancelled.'),
  ).toBeVisible();
  await expect(pending).toBeHidden();

  await page.getByRole('button', { name: 'Forgot password?' }).click();
  await page.getByRole('button', { name: 'Reset the password' }).click();
  await expect(pending).toBeVisible();
  await page.getByRole('button', { name: 'Finish the reset' }).click();
  await expect(
    page.getByRole('status').getByText('The waiting period is not over yet.'),
  ).toBeVisible();
  dc.control.advance(7 * 24 * 3600 + 60);
  await page.getByRole('button', { name: 'Finish the reset' }).click();
  await expect(
    page.getByRole('status').getByText('The password is reset: two-step verification is off.'),
  ).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Now' }).getByText('Off', { exact: true }),
  ).toBeVisible();
});
