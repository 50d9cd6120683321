import { expect, test } from '../fixtures';
import { codeFor, demo, enterPhone, setUpSandbox, shot } from './support';

test('offers a new code when the code has expired', async ({ gramdeck }) => {
  const { page, dc } = gramdeck;
  await setUpSandbox(gramdeck);
  await enterPhone(page, demo.alice.phone);
  const first = await codeFor(gramdeck, demo.alice.phone);

  dc.control.queueError('auth.signIn', 'PHONE_CODE_EXPIRED');
  await page.getByLabel('Code').fill(first);
  await expect(page.getByLabel('Code')).toHaveAttribute('aria-invalid', 'true');
  const sendNew = page.getByRole('button', { name: 'Send a new code' });
  await expect(sendNew).toBeVisible();
  await shot(page, '01-expired');

  await sendNew.click();
  const second = await codeFor(gramdeck, demo.alice.phone, first);
  await expect(page.getByLabel('Code')).toHaveValue('');
  await page.getByLabel('Code').fill(second);
  await expect(page.getByRole('heading', { level: 1, name: demo.alice.name })).toBeVisible();
  await shot(page, '02-signed-in');
});
