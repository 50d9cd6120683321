import { Api } from 'telegram';
import type { Page } from '@playwright/test';
import { connected } from '../../../tools/telegram-dc/test-helpers';
import { expect, test, type Gramdeck } from '../fixtures';
import { addAccount, setUpSandbox, shot } from './support';

const bulk = [
  { phone: '+9996620081', name: 'Bulk One' },
  { phone: '+9996620082', name: 'Bulk Two' },
  { phone: '+9996620083', name: 'Bulk Three' },
] as const;

function sidebarOf(page: Page) {
  return page.getByRole('navigation', { name: /Accounts/ });
}

/** Ends every other session of `phone` from a second device: Gramdeck's session is revoked. */
async function revokeElsewhere(gd: Gramdeck, phone: string): Promise<void> {
  const seeded = await gd.dc.control.seedAuthorizedSession(phone);
  const device = await connected(gd.dc, seeded.session);
  try {
    await device.invoke(new Api.auth.ResetAuthorizations());
  } finally {
    await device.destroy();
  }
}

test('selects all with Ctrl+A, reconnects three, lists the revoked one as failed and retries only it', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  for (const [i, account] of bulk.entries()) {
    if (i > 0) await page.getByRole('button', { name: 'Add account' }).click();
    await addAccount(gramdeck, account.phone, account.name);
  }
  const sidebar = sidebarOf(page);
  await expect(sidebar.getByRole('row')).toHaveCount(3);
  await revokeElsewhere(gramdeck, bulk[1].phone);

  // Select every listed account from the keyboard.
  await sidebar.getByRole('button', { name: /Bulk One/ }).focus();
  await page.keyboard.press('Control+a');
  await expect(sidebar.getByRole('row', { selected: true })).toHaveCount(3);
  await expect(sidebar.getByRole('status').filter({ hasText: 'selected' })).toHaveText(
    '3 accounts selected',
  );

  const toolbar = sidebar.getByRole('region', { name: '3 accounts selected' });
  // Export opens the export dialog for the three (it asks for the format and warns first).
  await toolbar.getByRole('button', { name: 'Export sessions…' }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export 3 sessions' });
  await expect(exportDialog).toBeVisible();
  await exportDialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(exportDialog).toBeHidden();

  await toolbar.getByRole('button', { name: 'Reconnect' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reconnect 3 accounts?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Reconnect' }).click();

  const progress = sidebar.getByRole('region', { name: 'Reconnect: 3 accounts' });
  await expect(progress.getByRole('status')).toHaveText('2 done, 1 failed.', { timeout: 30_000 });
  const failures = progress.getByRole('list', { name: 'Failed accounts' });
  await expect(failures.getByRole('listitem')).toHaveText([
    'Bulk Two: This session has ended (logged out or revoked). Sign in again.',
  ]);
  // Each account's row says how its part went.
  await expect(sidebar.getByRole('row', { name: /Bulk One/ })).toContainText('Done');
  await expect(sidebar.getByRole('row', { name: /Bulk Two/ })).toContainText('Failed');
  await expect(sidebar.getByRole('row', { name: /Bulk Three/ })).toContainText('Done');
  await shot(page, '01-one-failed');

  // Retry runs the failed one only: it fails again for the same reason, the others stay done.
  const reconnectsBefore = gramdeck.dc.control.callCount('users.getUsers');
  await progress.getByRole('button', { name: 'Retry 1 account' }).click();
  await expect(progress.getByRole('status')).toHaveText('2 done, 1 failed.');
  await expect(failures.getByRole('listitem')).toHaveCount(1);
  await expect(sidebar.getByRole('row', { name: /Bulk One/ })).toContainText('Done');
  // A reconnect asks Telegram who the account is; no other account was reconnected.
  expect(gramdeck.dc.control.callCount('users.getUsers') - reconnectsBefore).toBeLessThan(2);

  // The job lives in main: a reload reads it back.
  await page.reload();
  await expect(
    sidebarOf(page).getByRole('region', { name: 'Reconnect: 3 accounts' }).getByRole('status'),
  ).toHaveText('2 done, 1 failed.');

  // Escape clears the selection.
  await sidebarOf(page)
    .getByRole('button', { name: /Bulk One/ })
    .focus();
  await page.keyboard.press('Control+a');
  await expect(sidebarOf(page).getByRole('row', { selected: true })).toHaveCount(3);
  await page.keyboard.press('Escape');
  await expect(sidebarOf(page).getByRole('row', { selected: true })).toHaveCount(0);
});
