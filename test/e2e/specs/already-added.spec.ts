import { expect, test } from '../fixtures';
import { addAccount, codeFor, demo, enterPhone, setUpSandbox, shot } from './support';

test('a number already in Gramdeck is named at the phone step, no code is sent, and Open it switches to it', async ({
  gramdeck,
}) => {
  const { page, dc } = gramdeck;
  await setUpSandbox(gramdeck);
  await addAccount(gramdeck, demo.alice.phone, demo.alice.name);
  await page.getByRole('button', { name: 'Add account' }).click();
  await addAccount(gramdeck, demo.dave.phone, demo.dave.name);

  await page.getByRole('button', { name: 'Add account' }).click();
  const codesSent = dc.control.callCount('auth.sendCode');
  await enterPhone(page, demo.alice.phone);
  await expect(page.getByText('+99966 2 0001 is already in Gramdeck.')).toBeVisible();
  await expect(page.getByLabel('Phone number')).toHaveAttribute('aria-invalid', 'true');
  expect(dc.control.callCount('auth.sendCode')).toBe(codesSent);
  await shot(page, '01-already-added-at-phone-step');

  await page.getByRole('button', { name: 'Open it' }).click();
  await expect(page.getByRole('heading', { level: 1, name: demo.alice.name })).toBeVisible();
  expect(dc.control.callCount('auth.sendCode')).toBe(codesSent);
});

test('a Telegram account found already added after the code or QR code is named, with Open it, not opened silently', async ({
  gramdeck,
}) => {
  const { page, dc } = gramdeck;
  await setUpSandbox(gramdeck);
  await addAccount(gramdeck, demo.dave.phone, demo.dave.name);

  // A sign-in for Alice waits at its code while Alice is added another way (QR code).
  await page.getByRole('button', { name: 'Add account' }).click();
  await enterPhone(page, demo.alice.phone);
  await expect(page.getByRole('heading', { name: 'Enter the code' })).toBeVisible();
  const code = await codeFor(gramdeck, demo.alice.phone);
  await page.getByRole('button', { name: 'Back to accounts' }).click();
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByRole('button', { name: 'QR code', exact: true }).click();
  await expect(
    page.getByRole('img', { name: 'QR code to sign in with the Telegram app' }),
  ).toBeVisible();
  dc.control.acceptQrLogin('latest', demo.alice.phone);
  await expect(page.getByRole('heading', { level: 1, name: demo.alice.name })).toBeVisible();

  // The waiting sign-in goes on with its code: Telegram's user is Alice, already here.
  await page
    .getByRole('region', { name: 'Sign-ins in progress' })
    .getByRole('button', { name: /^Signing in \+999.*Waiting for the code$/ })
    .click();
  await page.getByLabel('Code').fill(code);
  await expect(page.getByRole('heading', { level: 1, name: 'Already in Gramdeck' })).toBeVisible();
  await expect(
    page.getByRole('alert').filter({
      hasText: `This Telegram account is already in Gramdeck as ${demo.alice.name}.`,
    }),
  ).toBeVisible();
  await shot(page, '02-already-added-after-code');
  await page.getByRole('button', { name: 'Open it' }).click();
  await expect(page.getByRole('heading', { level: 1, name: demo.alice.name })).toBeVisible();

  // By QR code, from another account's page: Dave is named, the wizard stays until Open it.
  await page
    .getByRole('navigation', { name: /Accounts/ })
    .getByRole('button', { name: new RegExp(demo.alice.name) })
    .click();
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByRole('button', { name: 'QR code', exact: true }).click();
  await expect(
    page.getByRole('img', { name: 'QR code to sign in with the Telegram app' }),
  ).toBeVisible();
  dc.control.acceptQrLogin('latest', demo.dave.phone);
  await expect(page.getByRole('heading', { level: 1, name: 'Already in Gramdeck' })).toBeVisible();
  await expect(
    page.getByRole('alert').filter({
      hasText: `This Telegram account is already in Gramdeck as ${demo.dave.name}.`,
    }),
  ).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: demo.dave.name })).toHaveCount(0);
  await shot(page, '03-already-added-after-qr');
  await page.getByRole('button', { name: 'Open it' }).click();
  await expect(page.getByRole('heading', { level: 1, name: demo.dave.name })).toBeVisible();
});
