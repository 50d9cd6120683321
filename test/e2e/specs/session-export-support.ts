/**
 * Session export from the account page, as a user does it; reused by the round trip (export,
 * remove, import) once import lands.
 */
import type { Download, Page } from '@playwright/test';
import { expect } from '../fixtures';

/** The format radio's label in the export dialog, by the contract's format. */
export const exportFormatLabels = {
  gramjs: 'GramJS string session',
  telethon: 'Telethon string session',
  pyrogram: 'Pyrogram string session',
  'telethon-file': 'Telethon .session file',
} as const;

export type ExportFormat = keyof typeof exportFormatLabels;

/** Opens the export dialog from the open account page. */
export async function openExportDialog(page: Page, accountName: string) {
  await page.getByRole('button', { name: 'Export session…' }).click();
  const dialog = page.getByRole('dialog', { name: `Export the session of ${accountName}` });
  await expect(dialog).toBeVisible();
  return dialog;
}

/**
 * Exports the open account's session in `format` (with `passcode` when one is set) and returns
 * the text the dialog shows after Show: a string session, or the `.session` file in base64.
 * The dialog is left open on its result.
 */
export async function exportSession(
  page: Page,
  accountName: string,
  options: { format: ExportFormat; passcode?: string },
): Promise<string> {
  const dialog = await openExportDialog(page, accountName);
  await dialog.getByLabel(exportFormatLabels[options.format]).check();
  if (options.passcode !== undefined) {
    await dialog.getByLabel('Passcode', { exact: true }).fill(options.passcode);
  }
  await dialog.getByRole('button', { name: 'Export' }).click();
  return showExported(page, accountName);
}

/** On the dialog's result: Show, then the exported text of `accountName`. */
export async function showExported(page: Page, accountName: string): Promise<string> {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: `Show the session of ${accountName}` }).click();
  const text = dialog.getByRole('textbox', { name: new RegExp(`of ${accountName}`) });
  await expect(text).toBeVisible();
  return text.inputValue();
}

/** On the dialog's result: Save file for `accountName`, and the download it started. */
export async function saveExported(page: Page, accountName: string): Promise<Download> {
  const download = page.waitForEvent('download');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: `Save file for ${accountName}` })
    .click();
  return download;
}
