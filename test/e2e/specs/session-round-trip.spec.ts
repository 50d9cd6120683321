/**
 * The round trip a user makes when moving an account between tools: export its session, remove
 * it from Gramdeck (its Telegram session stays signed in), import the exported text, and the
 * account is back online as the same Telegram user.
 */
import { expect, test } from '../fixtures';
import { exportSession } from './session-export-support';
import { addAccount, demo, setUpSandbox, shot } from './support';

const passcode = 'round trip passcode';

for (const format of ['telethon', 'pyrogram'] as const) {
  test(`export as ${format}, remove, import: the same user is back online`, async ({
    gramdeck,
  }) => {
    const { page, dc } = gramdeck;
    await setUpSandbox(gramdeck, { passcode });
    await addAccount(gramdeck, demo.alice.phone, demo.alice.name);
    const sidebar = page.getByRole('navigation', { name: /Accounts/ });
    const userId = (await dc.control.mintSessions(demo.alice.phone)).userId;

    const session = await exportSession(page, demo.alice.name, { format, passcode });
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();

    await page.getByRole('button', { name: 'Remove from Gramdeck' }).click();
    const remove = page.getByRole('dialog', {
      name: `Remove ${demo.alice.name} from Gramdeck?`,
    });
    await remove.getByRole('button', { name: 'Remove account' }).click();
    await expect(sidebar.getByRole('row')).toHaveCount(0);

    await page.getByRole('button', { name: 'Import sessions' }).click();
    await page.getByLabel('Session strings, one a line').fill(session);
    await page.getByRole('button', { name: 'Preview' }).click();
    const row = page.getByRole('row', { name: /^line 1\b/ });
    await expect(row).toContainText(format === 'telethon' ? 'Telethon' : 'Pyrogram');
    // Pyrogram strings carry the user id; Telethon's do not.
    if (format === 'pyrogram') await expect(row).toContainText(userId);
    await page.getByRole('button', { name: 'Import 1 session' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: /^Import (finished|cancelled)/ }),
    ).toHaveText('Import finished: 1 of 1 (1 added).', { timeout: 30_000 });
    await shot(page, `round-trip-${format}`);

    const alice = sidebar.getByRole('button', { name: new RegExp(`${demo.alice.name}.*Online`) });
    await expect(alice).toBeVisible();
    await expect(sidebar.getByRole('row')).toHaveCount(1);

    // The same Telegram user: importing the text again finds it already in Gramdeck, which
    // Gramdeck decides by Telegram's user id: a Pyrogram string names it, so the preview says so
    // and offers nothing to import; for a Telethon string the import finds out.
    await page.getByRole('button', { name: 'Import more' }).click();
    await page.getByLabel('Session strings, one a line').fill(session);
    await page.getByRole('button', { name: 'Preview' }).click();
    if (format === 'pyrogram') {
      await expect(row).toContainText(`Already in Gramdeck as ${demo.alice.name}`);
      await expect(page.getByRole('button', { name: 'Import 0 sessions' })).toBeDisabled();
    } else {
      await page.getByRole('button', { name: 'Import 1 session' }).click();
      await expect(
        page.getByRole('status').filter({ hasText: /^Import (finished|cancelled)/ }),
      ).toHaveText('Import finished: 1 of 1 (1 already in Gramdeck).', { timeout: 30_000 });
    }
    await expect(sidebar.getByRole('row')).toHaveCount(1);
  });
}
