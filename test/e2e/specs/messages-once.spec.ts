import { loggedIn } from '../../../tools/telegram-dc/test-helpers';
import { expect, test } from '../fixtures';
import { addAccount, codeFor, demo, enterPhone, setUpSandbox, shot } from './support';

/** The demo number the sandbox blocks for too many attempts (PHONE_NUMBER_FLOOD, no wait). */
const blocked = '+9996620008';

test('the blocked-number message appears once', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await enterPhone(page, blocked);
  const message = page.getByText(
    'Telegram has limited login attempts for this phone number because of too many tries.',
  );
  await expect(message).toHaveCount(1);
  await expect(page.getByLabel('Phone number')).toHaveAttribute('aria-invalid', 'true');
  await shot(page, '01-blocked-once');
});

test('the sign-up checkbox names the sandbox’s terms in the sandbox', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await enterPhone(page, demo.newcomer.phone);
  await page.getByLabel('Code').fill(await codeFor(gramdeck, demo.newcomer.phone));
  await expect(page.getByRole('heading', { name: 'Create a Telegram account' })).toBeVisible();
  await expect(page.getByLabel('I accept the sandbox’s terms of service')).toBeVisible();
  await expect(page.getByText('Telegram’s terms of service')).toHaveCount(0);
  await shot(page, '02-sandbox-terms');
});

test('the weak-storage sentence says plainly who could read the sign-ins', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await page.getByRole('button', { name: 'Try the sandbox' }).click();
  await expect(
    page.getByRole('heading', { name: 'Protect your sign-ins with a passcode' }),
  ).toBeVisible();
  await expect(page.getByText(/anyone with access to your files could read\./)).toBeVisible();
  await expect(page.getByText(/could not get around/)).toHaveCount(0);
  await shot(page, '03-weak-storage-wording');
});

test('the recovery-code screens never say the code is shown only now', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await page.getByRole('button', { name: 'Try the sandbox' }).click();
  await page.getByLabel('New passcode').fill('open sesame');
  await page.getByLabel('Type it again').fill('open sesame');
  await page.getByRole('button', { name: 'Set passcode' }).click();
  await expect(page.getByRole('heading', { name: 'Save your recovery code' })).toBeVisible();
  await expect(
    page.getByText('You can see it again in Settings after entering your passcode.'),
  ).toBeVisible();
  await expect(page.getByText(/only now/)).toHaveCount(0);
  await page.getByLabel('I saved my recovery code somewhere safe').check();
  await page.getByRole('button', { name: 'Continue' }).click();

  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Show recovery code' }).click();
  await page.getByLabel('Passcode', { exact: true }).fill('open sesame');
  await page.getByRole('button', { name: 'Show the code' }).click();
  await expect(page.getByRole('heading', { name: 'Your current recovery code' })).toBeVisible();
  await expect(page.getByText('You can see it here again whenever you enter')).toBeVisible();
  await expect(page.getByText(/only now/)).toHaveCount(0);
  await shot(page, '04-recovery-code-shown-again');
});

test('the Show recovery code form has one button per action, each with its own name', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck, { passcode: 'open sesame' });
  await page.getByRole('button', { name: 'Settings' }).click();
  const toggle = page.getByRole('button', { name: 'Show recovery code', exact: true });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: 'Show recovery code' })).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Show the code' })).toHaveCount(1);
  await shot(page, '05-show-recovery-code-form');
});

test('sessions with the same name get distinguishable End session buttons', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await addAccount(gramdeck, demo.alice.phone, demo.alice.name);
  // Two more sign-ins from the same kind of device, app and address.
  const others = [
    await loggedIn(gramdeck.dc, demo.alice.phone),
    await loggedIn(gramdeck.dc, demo.alice.phone),
  ];
  try {
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: demo.alice.name })).toBeVisible();
    const ends = page.getByRole('button', { name: /^End session on / });
    await expect(ends).toHaveCount(2);
    const names = await ends.allTextContents();
    expect(new Set(names).size).toBe(2);
    for (const name of names) expect(name).toContain('Sandbox test');
    await shot(page, '06-distinct-end-session');
  } finally {
    for (const client of others) await client.destroy();
  }
});
