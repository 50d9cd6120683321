import { writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test, type Gramdeck } from '../fixtures';

/** Saves a screenshot of the current step into the test's output folder. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`) });
}

/** The demo accounts the specs use, by role. */
export const demo = {
  /** App code, resend to SMS then call, no 2FA. */
  alice: { phone: '+9996620001', name: 'Alice Demo' },
  /** SMS code, 2FA with a recovery email. */
  bob: { phone: '+9996610002', name: 'Bob Demo', password: 'bob-password', hint: 'pet + year' },
  /** SMS code, 2FA without a recovery email. */
  carol: { phone: '+9996630003', name: 'Carol Demo', password: 'carol-password' },
  /** App code only. */
  dave: { phone: '+9996620004', name: 'Dave Demo' },
  /** sendCode always answers FLOOD_WAIT_30. */
  flooded: { phone: '+9996620009' },
  /** Not registered: the sign-up path. */
  newcomer: { phone: '+9996620123' },
} as const;

/**
 * First run in the sandbox: "Try the sandbox", then the weak-storage prompt (the web host has no
 * keychain) answered with `storage`.
 */
/** From the welcome screen to the sandbox's passcode prompt. */
export async function openPasscodePrompt(page: Page): Promise<void> {
  await expect(
    page.getByRole('heading', { name: 'Welcome! How do you want to start?' }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Try the sandbox' }).click();
  await expect(
    page.getByRole('heading', { name: 'Protect your sign-ins with a passcode' }),
  ).toBeVisible();
}

export async function setUpSandbox(
  gd: Gramdeck,
  storage: { passcode: string } | 'accept-weak' = 'accept-weak',
): Promise<string | null> {
  const { page } = gd;
  await openPasscodePrompt(page);
  let recoveryCode: string | null = null;
  if (storage === 'accept-weak') {
    await page.getByRole('button', { name: 'Accept weak storage' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save sign-ins without protection?' });
    await dialog.getByRole('button', { name: 'Accept weak storage' }).click();
  } else {
    await page.getByLabel('New passcode').fill(storage.passcode);
    await page.getByLabel('Type it again').fill(storage.passcode);
    await page.getByRole('button', { name: 'Set passcode' }).click();
    await expect(page.getByRole('heading', { name: 'Save your recovery code' })).toBeVisible();
    recoveryCode = await page.getByLabel('Your recovery code', { exact: true }).inputValue();
    await page.getByLabel('I saved my recovery code somewhere safe').check();
    await page.getByRole('button', { name: 'Continue' }).click();
  }
  await expect(page.getByText('Sandbox — not Telegram')).toBeVisible();
  return recoveryCode;
}

/** Types a phone number on the wizard's phone step and asks for the code. */
export async function enterPhone(page: Page, phone: string): Promise<void> {
  await page.getByLabel('Phone number').fill(phone);
  await page.getByRole('button', { name: 'Send code' }).click();
}

/** Waits for the DC to have sent a new code to `phone` (different from `previous`). */
export async function codeFor(gd: Gramdeck, phone: string, previous?: string): Promise<string> {
  let code: string | undefined;
  await expect
    .poll(() => {
      code = gd.dc.control.lastCode(phone);
      return code !== undefined && code !== previous;
    })
    .toBe(true);
  return code ?? '';
}

/** Signs in an account without 2FA from the phone step to its account page. */
export async function addAccount(gd: Gramdeck, phone: string, name: string): Promise<void> {
  const { page } = gd;
  await enterPhone(page, phone);
  await expect(page.getByRole('heading', { name: 'Enter the code' })).toBeVisible();
  await page.getByLabel('Code').fill(await codeFor(gd, phone));
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

// Every spec that imports this module attaches the web host's log when it fails.
test.afterEach(async ({ gramdeck }, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach('host-log', {
      path: await writeLog(testInfo.outputPath('host-log.txt'), gramdeck.hostLog()),
    });
  }
});

async function writeLog(path: string, text: string): Promise<string> {
  await writeFile(path, text);
  return path;
}
