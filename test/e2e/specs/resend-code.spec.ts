import { expect, test } from '../fixtures';
import { demo, enterPhone, setUpSandbox, shot } from './support';

test('resends the code through every medium until none is left', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await enterPhone(page, demo.alice.phone);
  await expect(
    page.getByText('We sent the code to your Telegram app on another device'),
  ).toBeVisible();
  await expect(page.getByText(/You can get the code by SMS in \d:\d\d/)).toBeVisible();
  await shot(page, '01-app-code-countdown');

  // The action appears when the countdown ends, named after the next medium.
  await page.getByRole('button', { name: 'Send the code by SMS instead' }).click();
  await expect(page.getByText(`We sent the code by SMS to`)).toBeVisible();
  await shot(page, '02-sms');

  await page.getByRole('button', { name: 'Call me with the code instead' }).click();
  await expect(
    page.getByText(/We are calling .+ Answer, and a voice will read the code/),
  ).toBeVisible();
  await shot(page, '03-call');

  // After the last medium Telegram has nothing else to offer.
  const again = page.getByRole('button', { name: 'Send the code again' });
  const unavailable = page.getByText('No other way to send the code is available.');
  await expect(again.or(unavailable)).toBeVisible();
  if (await again.isVisible()) await again.click();
  await expect(unavailable).toBeVisible();
  await shot(page, '04-unavailable');
});
