import { expect, test } from '../fixtures';
import { codeFor, demo, enterPhone, setUpSandbox, shot } from './support';

test('shows a wrong code next to the field and accepts the right one', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await enterPhone(page, demo.alice.phone);
  const code = await codeFor(gramdeck, demo.alice.phone);
  const wrong = code === '11111' ? '22222' : '11111';

  const field = page.getByLabel('Code');
  await field.fill(wrong);
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(/.+/);
  await shot(page, '01-wrong-code');

  await field.fill(code);
  await expect(page.getByRole('heading', { level: 1, name: demo.alice.name })).toBeVisible();
  await shot(page, '02-signed-in');
});
