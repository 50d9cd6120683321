/**
 * The unified inbox (issue 16): three sandbox accounts with unread chats, listed newest first
 * with their accounts; one opened and answered by keyboard alone; it leaves the inbox once read;
 * the tag filter narrows the list to the tagged accounts.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { addAccount, demo, setUpSandbox, shot } from './support';

const accounts = [
  { phone: '+9996620081', name: 'Bulk One' },
  { phone: '+9996620082', name: 'Bulk Two' },
  { phone: '+9996620083', name: 'Bulk Three' },
] as const;

function sidebarOf(page: Page) {
  return page.getByRole('navigation', { name: /Accounts/ });
}

/** Creates the tag `name` and puts it on the accounts named (a bulk action needs two or more). */
async function tagAccounts(page: Page, name: string, names: string[]): Promise<void> {
  const sidebar = sidebarOf(page);
  await sidebar.getByRole('button', { name: 'Manage tags' }).click();
  const tags = page.getByRole('dialog', { name: 'Tags' });
  await tags.getByLabel('New tag name').fill(name);
  await tags.getByRole('button', { name: 'Create tag' }).click();
  await expect(tags.getByRole('list', { name: 'Your tags' })).toContainText(name);
  await tags.getByRole('button', { name: 'Done' }).click();
  await sidebar.getByRole('button', { name: new RegExp(names[0] ?? '') }).click();
  for (const other of names.slice(1)) {
    await sidebar
      .getByRole('button', { name: new RegExp(other) })
      .click({ modifiers: ['Control'] });
  }
  const toolbar = sidebar.getByRole('region', { name: `${names.length} accounts selected` });
  await toolbar.getByRole('button', { name: 'Tag…', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Tag ${names.length} accounts?` });
  await dialog.getByLabel('Tag', { exact: true }).selectOption({ label: name });
  await dialog.getByRole('button', { name: 'Tag', exact: true }).click();
  await expect(dialog).toBeHidden();
  await page.keyboard.press('Escape');
}

test('lists the unread chats of three accounts newest first, answers one by keyboard alone, and filters by tag', async ({
  gramdeck,
}) => {
  // Three sign-ins, tagging and a conversation: more than the default minute on a busy machine.
  test.setTimeout(180_000);
  const { page, dc } = gramdeck;
  // Three demo users write, a minute apart: Bulk Three's chat is the newest. They write before
  // sign-in, so each account's first page of chats holds its chat.
  const minutesAgo = (n: number) => Math.floor(Date.now() / 1000) - n * 60;
  dc.control.sendMessage(demo.alice.phone, accounts[0].phone, {
    text: 'Morning! Are you in today?',
    date: minutesAgo(3),
  });
  dc.control.sendMessage(demo.dave.phone, accounts[1].phone, {
    text: 'Lunch at noon?',
    date: minutesAgo(2),
  });
  dc.control.sendMessage(demo.alice.phone, accounts[2].phone, {
    text: 'Did you see the report?',
    date: minutesAgo(1),
  });

  await setUpSandbox(gramdeck);
  for (const [i, account] of accounts.entries()) {
    if (i > 0) await page.getByRole('button', { name: 'Add account' }).click();
    await addAccount(gramdeck, account.phone, account.name);
  }
  await tagAccounts(page, 'Work', ['Bulk One', 'Bulk Two']);

  // G then I opens the inbox from anywhere outside a text field.
  await page.getByRole('heading', { level: 1 }).first().focus();
  await page.keyboard.press('g');
  await page.keyboard.press('i');
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
  const list = page.getByRole('listbox', { name: /Unread chats/ });
  const rows = list.getByRole('option');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toHaveAccessibleName(/^Alice Demo, in Bulk Three, 1 unread message/);
  await expect(rows.nth(1)).toHaveAccessibleName(/^Dave Demo, in Bulk Two, 1 unread message/);
  await expect(rows.nth(2)).toHaveAccessibleName(/^Alice Demo, in Bulk One, 1 unread message/);
  await expect(rows.nth(1)).toContainText('Lunch at noon?');
  await expect(page.getByRole('button', { name: /^Inbox\W+3 unread$/ })).toBeVisible();
  await shot(page, '01-inbox');
  await page.screenshot({
    path: join(import.meta.dirname, '..', '..', '..', 'docs', 'screenshots', 'inbox.png'),
  });

  // Keyboard alone: Tab past the tag toggle to the list, J down, Enter opens, type, Enter sends.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(list).toBeFocused();
  await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('j');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Dave Demo' })).toBeVisible();
  await expect(page.getByText('In Bulk Two')).toBeVisible();
  const composer = page.getByRole('textbox', { name: 'Message' });
  await expect(composer).toBeFocused();
  await page.keyboard.type('Yes, see you there');
  await page.keyboard.press('Enter');
  await expect(
    page.getByRole('region', { name: /Dave Demo/ }).getByText('Yes, see you there'),
  ).toBeVisible();
  await page.keyboard.press('Escape');

  // Back in the list; the answered (and read) chat has left it, the focus on the row in its place.
  await expect(list).toBeFocused();
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAccessibleName(/^Alice Demo, in Bulk Three/);
  await expect(rows.nth(1)).toHaveAccessibleName(/^Alice Demo, in Bulk One/);
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');

  // The tag filter: only the accounts tagged Work.
  const tagGroup = page.getByRole('group', { name: 'Show accounts with these tags' });
  await tagGroup.getByRole('button', { name: /Work/ }).click();
  await expect(tagGroup.getByRole('button', { name: /Work/ })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0)).toHaveAccessibleName(/^Alice Demo, in Bulk One/);
  await shot(page, '02-filtered');
});
