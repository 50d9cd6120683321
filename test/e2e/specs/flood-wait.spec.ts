import { expect, test } from '../fixtures';
import { demo, enterPhone, setUpSandbox, shot } from './support';

test('counts a flood wait down and disables sending until then', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await enterPhone(page, demo.flooded.phone);

  await expect(
    page.getByText(/Telegram asks you to wait \d:\d\d before trying again/),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send code' })).toBeDisabled();
  const visible = page.getByText(/Telegram asks you to wait \d:\d\d/);
  const first = await visible.innerText();
  await expect(visible).not.toHaveText(first);
  await shot(page, '01-flood-wait');

  // Editing the number lets the user try another one straight away.
  await page.getByLabel('Phone number').fill(demo.alice.phone);
  await expect(page.getByRole('button', { name: 'Send code' })).toBeEnabled();
});
