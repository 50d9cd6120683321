import { readFile } from 'node:fs/promises';
import { expect, test } from '../fixtures';
import {
  exportFormatLabels,
  openExportDialog,
  saveExported,
  showExported,
} from './session-export-support';
import { addAccount, demo, setUpSandbox, shot } from './support';

const passcode = 'export passcode';

test('exports a session behind the passcode: hidden until Show, copied to a file on Save', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck, { passcode });
  await addAccount(gramdeck, demo.alice.phone, demo.alice.name);

  const openButton = page.getByRole('button', { name: 'Export session…' });
  const dialog = await openExportDialog(page, demo.alice.name);
  await expect(
    dialog.getByText('Whoever holds an exported session controls the account.'),
  ).toBeVisible();
  await expect(
    dialog.getByText('They can read and send messages as you.', { exact: false }),
  ).toBeVisible();
  await expect(dialog.getByLabel(exportFormatLabels.gramjs)).toBeChecked();
  await shot(page, '01-export-dialog');

  // A wrong passcode is refused next to its field in plain words; nothing is exported.
  const passcodeField = dialog.getByLabel('Passcode', { exact: true });
  await passcodeField.fill('not my passcode');
  await dialog.getByRole('button', { name: 'Export' }).click();
  await expect(passcodeField).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByText('That passcode is not correct.')).toBeVisible();
  await expect(dialog.getByRole('button', { name: /^Show the session/ })).toHaveCount(0);
  await shot(page, '02-wrong-passcode');

  // The right passcode: the warning stays, and the session is not in the page until Show.
  await passcodeField.fill(passcode);
  await passcodeField.press('Enter');
  await expect(
    dialog.getByText('The session is ready. It stays hidden until you show it.'),
  ).toBeVisible();
  await expect(
    dialog.getByText('Whoever holds an exported session controls the account.'),
  ).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: /of Alice Demo/ })).toHaveCount(0);
  const hiddenHtml = await page.content();
  await shot(page, '03-ready-hidden');
  const session = await showExported(page, demo.alice.name);
  expect(session).toMatch(/^1[A-Za-z0-9+/=]{300,}$/);
  expect(hiddenHtml).not.toContain(session);
  expect(hiddenHtml).not.toContain(session.slice(1, 40));
  await expect(dialog.getByRole('textbox', { name: /of Alice Demo/ })).toHaveAttribute(
    'readonly',
    '',
  );

  // Save file downloads the same text under the account's name.
  const download = await saveExported(page, demo.alice.name);
  expect(download.suggestedFilename()).toBe('alice-demo.gramjs-session.txt');
  expect(await readFile(await download.path(), 'utf8')).toBe(session);

  // Done clears it: reopened, the dialog starts again at the format and the passcode.
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  await expect(openButton).toBeFocused();
  expect(await page.content()).not.toContain(session.slice(1, 40));
  const again = await openExportDialog(page, demo.alice.name);
  await expect(again.getByLabel('Passcode', { exact: true })).toHaveValue('');
  await expect(again.getByRole('textbox', { name: /of Alice Demo/ })).toHaveCount(0);

  // A Telethon .session file downloads as a file that starts like every SQLite database.
  await again.getByLabel(exportFormatLabels['telethon-file']).check();
  await again.getByLabel('Passcode', { exact: true }).fill(passcode);
  await again.getByRole('button', { name: 'Export' }).click();
  const file = await saveExported(page, demo.alice.name);
  expect(file.suggestedFilename()).toBe('alice-demo.session');
  const bytes = await readFile(await file.path());
  expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');

  // Escape closes it too, and nothing of the session stays in the page or the host's log.
  await page.keyboard.press('Escape');
  await expect(again).toBeHidden();
  expect(gramdeck.hostLog()).not.toContain(session.slice(1, 40));
});
