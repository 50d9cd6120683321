import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { addAccount, demo, setUpSandbox, shot } from './support';

const bulkOne = { phone: '+9996620081', name: 'Bulk One' };

function sidebarOf(page: Page) {
  return page.getByRole('navigation', { name: /Accounts/ });
}

async function createTag(page: Page, name: string, colour: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Tags' });
  await dialog.getByLabel('New tag name').fill(name);
  await dialog.getByLabel('Colour', { exact: true }).selectOption({ label: colour });
  await dialog.getByRole('button', { name: 'Create tag' }).click();
  await expect(dialog.getByRole('list', { name: 'Your tags' })).toContainText(name);
}

/** Selects the accounts named, with Ctrl-click, and tags them through the bulk toolbar. */
async function tagSelected(page: Page, names: string[], tag: string): Promise<void> {
  const sidebar = sidebarOf(page);
  await sidebar.getByRole('button', { name: new RegExp(names[0] ?? '') }).click();
  for (const name of names.slice(1)) {
    await sidebar.getByRole('button', { name: new RegExp(name) }).click({ modifiers: ['Control'] });
  }
  await expect(sidebar.getByRole('row', { selected: true })).toHaveCount(names.length);
  const toolbar = sidebar.getByRole('region', { name: `${names.length} accounts selected` });
  await toolbar.getByRole('button', { name: 'Tag…', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Tag ${names.length} accounts?` });
  await dialog.getByLabel('Tag', { exact: true }).selectOption({ label: tag });
  await dialog.getByRole('button', { name: 'Tag', exact: true }).click();
  await expect(dialog).toBeHidden();
}

test('creates two tags, tags accounts by selection, filters by tag and by status, and clears', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await addAccount(gramdeck, demo.alice.phone, demo.alice.name);
  await page.getByRole('button', { name: 'Add account' }).click();
  await addAccount(gramdeck, demo.dave.phone, demo.dave.name);
  await page.getByRole('button', { name: 'Add account' }).click();
  await addAccount(gramdeck, bulkOne.phone, bulkOne.name);
  const sidebar = sidebarOf(page);
  const rows = sidebar.getByRole('row');
  await expect(rows).toHaveCount(3);

  // Two tags; a third with a taken name (any case) is refused in words.
  await sidebar.getByRole('button', { name: 'Manage tags' }).click();
  await createTag(page, 'Support', 'Blue');
  await createTag(page, 'Sales', 'Green');
  const tagsDialog = page.getByRole('dialog', { name: 'Tags' });
  await tagsDialog.getByLabel('New tag name').fill('support');
  await tagsDialog.getByRole('button', { name: 'Create tag' }).click();
  await expect(tagsDialog.getByRole('alert')).toHaveText(
    'There is already a tag named “support”. Choose another name.',
  );
  await tagsDialog.getByRole('button', { name: 'Done' }).click();

  await tagSelected(page, [demo.alice.name, demo.dave.name], 'Support');
  await tagSelected(page, [demo.dave.name, bulkOne.name], 'Sales');
  // Chips on the rows: the name, and the colour for screen readers.
  await expect(sidebar.getByRole('row', { name: new RegExp(demo.alice.name) })).toContainText(
    'Support',
  );
  await expect(
    sidebar.getByRole('button', { name: new RegExp(demo.dave.name) }),
  ).toHaveAccessibleName(/Support \(blue tag\).*Sales \(green tag\)/);
  await shot(page, '01-tagged');

  // Filter by a tag.
  await sidebar.getByRole('button', { name: 'Filter by status or tag' }).click();
  const tagGroup = sidebar.getByRole('group', { name: 'Tags' });
  const statusGroup = sidebar.getByRole('group', { name: 'Status' });
  const count = sidebar.getByRole('status').filter({ hasText: /matching account/ });
  await tagGroup.getByRole('button', { name: /Support/ }).click();
  await expect(tagGroup.getByRole('button', { name: /Support/ })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(count).toHaveText('2 matching accounts');
  await expect(rows).toHaveCount(2);
  await expect(sidebar.getByRole('button', { name: new RegExp(bulkOne.name) })).toBeHidden();

  // With the text filter too.
  await sidebar.getByLabel('Filter accounts').fill('Dave');
  await expect(count).toHaveText('1 matching account');
  await sidebar.getByLabel('Filter accounts').fill('');
  await expect(count).toHaveText('2 matching accounts');

  // And by status: all three are online, none logged out or needing attention.
  await statusGroup.getByRole('button', { name: 'Logged out' }).click();
  await expect(count).toHaveText('No matching accounts');
  await statusGroup.getByRole('button', { name: 'Online' }).click();
  await expect(count).toHaveText('2 matching accounts');
  await tagGroup.getByRole('button', { name: /Support/ }).click();
  await expect(count).toHaveText('3 matching accounts');
  await shot(page, '02-filtered');

  // Clear: every account again, no filter on.
  await sidebar.getByRole('button', { name: 'Clear filters' }).click();
  await expect(rows).toHaveCount(3);
  await expect(count).toHaveCount(0);
  await expect(statusGroup.getByRole('button', { name: 'Online' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );

  // Deleting a tag takes it off every account.
  await sidebar.getByRole('button', { name: 'Manage tags' }).click();
  await tagsDialog.getByRole('button', { name: 'Delete Support' }).click();
  await tagsDialog.getByRole('button', { name: 'Done' }).click();
  await expect(sidebar.getByRole('row', { name: new RegExp(demo.alice.name) })).not.toContainText(
    'Support',
  );
});
