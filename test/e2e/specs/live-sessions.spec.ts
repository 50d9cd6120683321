import { Api, type TelegramClient } from 'telegram';
import type { Page } from '@playwright/test';
import { connected, loggedIn } from '../../../tools/telegram-dc/test-helpers';
import { expect, test, type Gramdeck } from '../fixtures';
import { addAccount, demo, setUpSandbox, shot } from './support';

/** The "End session on …" buttons: one per session other than Gramdeck's own. */
function otherSessions(page: Page) {
  return page
    .getByRole('region', { name: 'Active sessions' })
    .getByRole('button', { name: /^End session on / });
}

/**
 * A session of Alice's started on another device without Telegram announcing it to her other
 * sessions (the DC binds a key directly), so only a refresh can find it.
 */
async function unannouncedSession(gd: Gramdeck): Promise<TelegramClient> {
  const seeded = await gd.dc.control.seedAuthorizedSession(demo.alice.phone);
  return connected(gd.dc, seeded.session);
}

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

/** Sandbox set up, Alice added, her page open with only Gramdeck's own session listed. */
async function aliceAlone(gd: Gramdeck): Promise<void> {
  const { page } = gd;
  await setUpSandbox(gd);
  await addAccount(gd, demo.alice.phone, demo.alice.name);
  const panel = page.getByRole('region', { name: 'Active sessions' });
  await expect(panel.getByText('This app')).toBeVisible();
  await expect(otherSessions(page)).toHaveCount(0);
  await expect(panel.getByRole('status')).toHaveText('');
}

test('a session started elsewhere appears after Refresh, and one ended elsewhere goes', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  await aliceAlone(gramdeck);
  const panel = page.getByRole('region', { name: 'Active sessions' });

  const elsewhere = await unannouncedSession(gramdeck);
  try {
    // Named apart from the chats panel's "Refresh chats".
    const refresh = page.getByRole('button', { name: 'Refresh sessions' });
    await expect(page.getByRole('button', { name: /^Refresh/ })).toHaveCount(2);
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

test('the sessions are read again when the window gets focus back or the page shows', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  await aliceAlone(gramdeck);
  const panel = page.getByRole('region', { name: 'Active sessions' });

  // The user signs in on another device, then comes back to Gramdeck's window.
  const elsewhere = await unannouncedSession(gramdeck);
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

test('a sign-in elsewhere that Telegram announces appears by itself', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await aliceAlone(gramdeck);
  const panel = page.getByRole('region', { name: 'Active sessions' });

  // A full login on another device: Telegram sends updateNewAuthorization to Gramdeck's session.
  const elsewhere = await loggedIn(gramdeck.dc, demo.alice.phone);
  try {
    await expect(otherSessions(page)).toHaveCount(1);
    await expect(panel.getByRole('status')).toHaveText('Sessions updated');
    await shot(page, '05-announced');
  } finally {
    await elsewhere.destroy();
  }
});
