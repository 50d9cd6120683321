import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { codeFor, demo, enterPhone, setUpSandbox, shot } from './support';

test('a 200-digit phone number is called too long, not cut short', async ({ gramdeck }) => {
  const { page, dc } = gramdeck;
  await setUpSandbox(gramdeck);
  const digits = '4'.repeat(200);
  await page.getByLabel('Phone number').fill(`+${digits}`);
  const tooLong =
    'This number is too long: it has 200 digits, and a phone number has at most 15, country code included.';
  await expect(page.getByText(tooLong)).toBeVisible();
  // Every digit stays in the field.
  await expect
    .poll(async () => (await page.getByLabel('Phone number').inputValue()).replace(/\D/g, ''))
    .toBe(digits);
  const codesSent = dc.control.callCount('auth.sendCode');
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByText(tooLong)).toBeVisible();
  await expect(page.getByLabel('Phone number')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Phone number')).toBeFocused();
  await expect(page.getByText(/too short/)).toHaveCount(0);
  expect(dc.control.callCount('auth.sendCode')).toBe(codesSent);
  await shot(page, '01-too-long');
});

test('an empty code says Enter the code', async ({ gramdeck }) => {
  const { page, dc } = gramdeck;
  await setUpSandbox(gramdeck);
  await enterPhone(page, demo.alice.phone);
  await expect(page.getByRole('heading', { name: 'Enter the code' })).toBeVisible();
  const signIns = dc.control.callCount('auth.signIn');
  await page.getByRole('button', { name: 'Continue' }).click();
  const field = page.getByLabel('Code');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription('Enter the code.');
  await expect(field).toBeFocused();
  expect(dc.control.callCount('auth.signIn')).toBe(signIns);
  await shot(page, '02-empty-code');
});

test('Enter right after an auto-submitted code does not send it again', async ({ gramdeck }) => {
  const { page, dc } = gramdeck;
  await setUpSandbox(gramdeck);
  await enterPhone(page, demo.alice.phone);
  await expect(page.getByRole('heading', { name: 'Enter the code' })).toBeVisible();
  const code = await codeFor(gramdeck, demo.alice.phone);
  // Telegram takes a moment to answer, so Enter lands while the auto-submitted code is in flight.
  dc.control.setDelay('auth.signIn', 1500);
  const signIns = dc.control.callCount('auth.signIn');
  await page.getByLabel('Code').focus();
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: demo.alice.name })).toBeVisible();
  await page.keyboard.press('Enter');
  expect(dc.control.callCount('auth.signIn')).toBe(signIns + 1);
  await expect(page.getByRole('alert').filter({ hasText: /code/i })).toHaveCount(0);
});

test('Enter after an auto-submitted wrong code does not send it again', async ({ gramdeck }) => {
  const { page, dc } = gramdeck;
  await setUpSandbox(gramdeck);
  await enterPhone(page, demo.alice.phone);
  const code = await codeFor(gramdeck, demo.alice.phone);
  const wrong = code === '11111' ? '22222' : '11111';
  const signIns = dc.control.callCount('auth.signIn');
  const field = page.getByLabel('Code');
  await field.focus();
  await page.keyboard.type(wrong);
  await expect(field).toHaveAccessibleDescription(/That code is not right/);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(field).toHaveAccessibleDescription(/That code is not right/);
  await expect(field).toBeFocused();
  expect(dc.control.callCount('auth.signIn')).toBe(signIns + 1);

  // A changed code goes.
  await field.fill(code);
  await expect(page.getByRole('heading', { level: 1, name: demo.alice.name })).toBeVisible();
  expect(dc.control.callCount('auth.signIn')).toBe(signIns + 2);
});

/**
 * Whether the page draws a flag emoji in colour (a colour emoji font is installed): a colour
 * pixel in a test drawing. A script string, since the specs are typed without the DOM.
 */
const drawsFlagEmojiScript = `(() => {
  const canvas = document.createElement('canvas');
  canvas.width = 32;
  canvas.height = 32;
  const context = canvas.getContext('2d');
  if (context === null) return false;
  context.font = '24px sans-serif';
  context.textBaseline = 'top';
  context.fillText('\u{1F1EC}\u{1F1E7}', 0, 0);
  const pixels = context.getImageData(0, 0, 32, 32).data;
  for (let i = 0; i + 3 < pixels.length; i += 4) {
    if (pixels[i + 3] !== 0 && (pixels[i] !== pixels[i + 1] || pixels[i + 1] !== pixels[i + 2])) {
      return true;
    }
  }
  return false;
})()`;

function drawsFlagEmoji(page: Page): Promise<boolean> {
  return page.evaluate<boolean>(drawsFlagEmojiScript);
}

test('the country picker follows the typed number and its flags render', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  const picker = page.getByRole('button', { name: /^Country:/ });
  const phone = page.getByLabel('Phone number');

  await phone.fill('+44 7700 900123');
  await expect(picker).toHaveAccessibleName(/United Kingdom/);
  await phone.fill('+1 212 555 0123');
  await expect(picker).toHaveAccessibleName(/United States/);
  await phone.fill('+1 204 555 0123');
  await expect(picker).toHaveAccessibleName(/Canada/);
  await phone.fill('+49 30 123456');
  await expect(picker).toHaveAccessibleName(/Germany/);

  // A number of no country (a sandbox test number) leaves no country shown from before.
  await phone.fill(demo.alice.phone);
  await expect(picker).toHaveAccessibleName(/Choose a country/);

  // Typed digit by digit too: +44 selects the United Kingdom as soon as the code is known.
  await phone.fill('');
  await phone.pressSequentially('+447');
  await expect(picker).toHaveAccessibleName(/United Kingdom/);

  // A flag is the emoji where this browser draws it in colour, else the ISO code: never a box.
  const flag = (await drawsFlagEmoji(page)) ? '\u{1F1EC}\u{1F1E7}' : 'GB';
  await expect(picker).toContainText(flag);
  await picker.click();
  await page.getByRole('combobox', { name: 'Search countries' }).fill('United Kingdom');
  await expect(page.getByRole('option', { name: /United Kingdom/ })).toContainText(flag);
  await shot(page, '04-country-flags');
});

test('the API credentials form shows every field’s error at once, focus on the first', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  await page.getByRole('button', { name: 'Use Telegram' }).click();
  await expect(page.getByRole('heading', { name: 'Connect to Telegram' })).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();
  const apiId = page.getByLabel('api_id');
  const apiHash = page.getByLabel('api_hash', { exact: true });
  await expect(apiId).toHaveAccessibleDescription('Enter your api_id.');
  await expect(apiHash).toHaveAccessibleDescription('Enter your api_hash.');
  await expect(apiId).toBeFocused();

  await apiId.fill('12a');
  await expect(apiHash).toHaveAccessibleDescription('Enter your api_hash.');
  await apiHash.fill('xyz');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(apiId).toHaveAccessibleDescription('The api_id has digits only, e.g. 1234567.');
  await expect(apiHash).toHaveAccessibleDescription(
    'The api_hash is 32 characters of 0–9 and a–f (you entered 3).',
  );
  await expect(apiId).toBeFocused();
  await shot(page, '05-api-credentials-errors');
});
