import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { demo, enterPhone, setUpSandbox, shot } from './support';

interface Seen {
  /** Every text a live region (role status) held. */
  announcements: string[];
  /** Every "m:ss" shown after the label, in seconds. */
  clocks: number[];
  /** Every line the page showed. */
  lines: string[];
}

/**
 * Records what the page shows and announces from now on, so a value that flashed by, or a wait
 * that ended before an assertion ran on a busy machine, is not missed.
 */
async function record(page: Page, label: string): Promise<() => Promise<Seen>> {
  // Runs in the page; a string, since the e2e project is type-checked without the DOM library.
  await page.evaluate(`(() => {
    const seen = { announcements: [], clocks: [], lines: [] };
    const pattern = new RegExp(${JSON.stringify(label)} + ' (\\\\d+):(\\\\d\\\\d)', 'g');
    const read = () => {
      const text = document.body.innerText;
      for (const match of text.matchAll(pattern)) {
        seen.clocks.push(Number(match[1]) * 60 + Number(match[2]));
      }
      seen.lines.push(...text.split('\\n'));
      for (const status of document.querySelectorAll('[role="status"]')) {
        if (status.textContent) seen.announcements.push(status.textContent);
      }
    };
    new MutationObserver(read).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
    window.seenOnPage = seen;
  })()`);
  return () => page.evaluate<Seen>('window.seenOnPage');
}

/** The wait a wrong passcode's red message names, in seconds; 0 when none was shown. */
function waitIn(lines: readonly string[]): number {
  for (const line of lines) {
    const match = /^That passcode is not correct\. Try again in (\d+) seconds?\.$/.exec(line);
    if (match) return Number(match[1]);
  }
  return 0;
}

test('a failed unlock announces the real wait, and its red message goes when the wait ends', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck, { passcode: 'open sesame' });
  await page.getByRole('button', { name: 'Lock now' }).click();
  await expect(page.getByRole('heading', { name: 'Gramdeck is locked' })).toBeVisible();
  const seen = await record(page, 'Try again in');

  // Three wrong passcodes are free; then each asks for a wait (5 s, 10 s, …) counted from the
  // failed attempt, which a slow key derivation on a busy machine can use up before the answer.
  test.setTimeout(240_000);
  const passcode = page.getByLabel('Passcode');
  const unlock = page.getByRole('button', { name: 'Unlock' });
  let wait = 0;
  for (let attempt = 1; attempt <= 6 && wait === 0; attempt += 1) {
    await expect(unlock).toBeEnabled({ timeout: 60_000 });
    await passcode.fill(`wrong ${attempt}`);
    await unlock.click();
    await expect(passcode).toHaveValue('', { timeout: 30_000 });
    wait = waitIn((await seen()).lines);
  }
  expect(wait).toBeGreaterThan(0);

  const wrong = page.getByText(/^That passcode is not correct\. Try again in/);
  await expect(
    page.getByRole('status').filter({ hasText: 'You can try your passcode again.' }),
  ).toHaveCount(1, { timeout: 60_000 });
  await expect(wrong).toBeHidden();
  await expect(unlock).toBeEnabled();
  await shot(page, '01-unlock-wait-over');

  const { announcements, clocks } = await seen();
  expect(new Set(announcements.filter((text) => text.startsWith('Too many attempts')))).toEqual(
    new Set([`Too many attempts. Try again in ${wait} second${wait === 1 ? '' : 's'}.`]),
  );
  expect(clocks.length).toBeGreaterThan(0);
  expect(Math.max(...clocks)).toBeLessThanOrEqual(wait);
});

test('a resend announces the new wait, not one measured from the last countdown', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await enterPhone(page, demo.alice.phone);
  await expect(page.getByRole('heading', { name: 'Enter the code' })).toBeVisible();

  // The first countdown runs out; the user then asks for the SMS.
  const sms = page.getByRole('button', { name: 'Send the code by SMS instead' });
  await expect(sms).toBeVisible({ timeout: 15_000 });
  const seen = await record(page, 'in');
  await sms.click();
  await expect(page.getByText('We sent the code by SMS to')).toBeVisible();

  // The DC allows the next resend 5 seconds after this one.
  await expect(page.getByRole('button', { name: 'Call me with the code instead' })).toBeVisible({
    timeout: 15_000,
  });
  await shot(page, '02-resend-wait-over');
  const { announcements, clocks } = await seen();
  const waits = new Set(announcements.filter((text) => /^You can get .+ in /.test(text)));
  expect(waits.size).toBe(1);
  expect([...waits][0]).toMatch(/ in 5 seconds\.$/);
  expect(clocks.length).toBeGreaterThan(0);
  expect(Math.max(...clocks)).toBeLessThanOrEqual(5);
});
