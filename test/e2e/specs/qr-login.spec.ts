import { expect, test } from '../fixtures';
import { demo, setUpSandbox, shot } from './support';

test('signs in by QR code, then asks for the 2FA password when needed', async ({ gramdeck }) => {
  const { page, dc } = gramdeck;
  await setUpSandbox(gramdeck);

  await page.getByRole('button', { name: 'QR code', exact: true }).click();
  await expect(
    page.getByRole('img', { name: 'QR code to sign in with the Telegram app' }),
  ).toBeVisible();
  await expect(page.getByText('Settings → Devices → Link Desktop Device')).toBeVisible();
  await shot(page, '01-qr');

  dc.control.acceptQrLogin('latest', demo.dave.phone);
  await expect(page.getByRole('heading', { level: 1, name: demo.dave.name })).toBeVisible();
  await shot(page, '02-signed-in');

  // A second account, this time with a password.
  await page.getByRole('button', { name: 'Add account' }).click();
  await page.getByRole('button', { name: 'QR code', exact: true }).click();
  await expect(
    page.getByRole('img', { name: 'QR code to sign in with the Telegram app' }),
  ).toBeVisible();
  dc.control.acceptQrLogin('latest', demo.bob.phone);
  await expect(page.getByRole('heading', { name: 'Enter your password' })).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill(demo.bob.password);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: demo.bob.name })).toBeVisible();
  await shot(page, '03-second-account');
});
