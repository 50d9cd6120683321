import { Api } from 'telegram';
import type { Page } from '@playwright/test';
import { loggedIn } from '../../../tools/telegram-dc/test-helpers';
import { expect, test } from '../fixtures';
import { addAccount, demo, setUpSandbox, shot } from './support';

/** The "End session on …" buttons: one per session other than Gramdeck's own. */
function otherSessions(page: Page) {
  return page
    .getByRole('region', { name: 'Active sessions' })
    .getByRole('button', { name: /^End session on / });
}

test('a session started elsewhere appears after Refresh, and one ended elsewhere goes', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await addAccount(gramdeck, demo.alice.phone, demo.alice.name);
  const panel = page.getByRole('region', { name: 'Active sessions' });
  await expect(panel.getByText('This app')).toBeVisible();
  await expect(otherSessions(page)).toHaveCount(0);

  const elsewhere = await loggedIn(gramdeck.dc, demo.alice.phone);
  try {
    const refresh = panel.getByRole('button', { name: 'Refresh' });
    await refresh.focus();
    await page.keyboard.press('Enter');
    await expect(otherSessions(page)).toHaveCount(1);
    await expect(panel.getByRole('status')).toHaveText('Sessions updated');
    await expect(refresh).toBeFocused();
    await shot(page, '01-started-elsewhere');

    await elsewhere.invoke(new Api.auth.LogOut());
    await page.keyboard.press('Enter');
    await expect(otherSessions(page)).toHaveCount(0);
    await expect(panel.getByRole('status')).toHaveText('Sessions updated');
    await shot(page, '02-ended-elsewhere');
  } finally {
    await elsewhere.destroy();
  }
});

/**
 * What the browser sends when the user comes back to the window: headless Chromium keeps every
 * page focused and visible, so switching pages there sends nothing, and the spec sends it.
 */
async function comeBack(page: Page, event: 'focus' | 'visibilitychange'): Promise<void> {
  await page.evaluate(
    event === 'focus'
      ? "window.dispatchEvent(new Event('focus'))"
      : "document.dispatchEvent(new Event('visibilitychange'))",
  );
}

test('the sessions are read again when the window gets focus back or the page shows', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await addAccount(gramdeck, demo.alice.phone, demo.alice.name);
  const panel = page.getByRole('region', { name: 'Active sessions' });
  await expect(panel.getByText('This app')).toBeVisible();
  await expect(panel.getByRole('status')).toHaveText('');

  // The user signs in on another device, then comes back to Gramdeck's window.
  const elsewhere = await loggedIn(gramdeck.dc, demo.alice.phone);
  try {
    await comeBack(page, 'focus');
    await expect(otherSessions(page)).toHaveCount(1);
    await expect(panel.getByRole('status')).toHaveText('Sessions updated');
    await shot(page, '03-after-focus');

    // Ended on that device; Gramdeck's tab is shown again.
    await elsewhere.invoke(new Api.auth.LogOut());
    await comeBack(page, 'visibilitychange');
    await expect(otherSessions(page)).toHaveCount(0);
    await shot(page, '04-after-visible');
  } finally {
    await elsewhere.destroy();
  }
});
