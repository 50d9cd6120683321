import { join } from 'node:path';
import { expect, test } from '../fixtures';
import { addAccount, codeFor, enterPhone, setUpSandbox, shot } from './support';

/** The health demo accounts (+999662005x). */
const rita = { phone: '+9996620050', name: 'Rita Restricted' };
const fiona = { phone: '+9996620051', name: 'Fiona Frozen' };
const nora = { phone: '+9996620053', name: 'Nora Healthy', password: 'nora-password' };
/** Matches a text that ends with `tail`. */
const endsWith = (tail: string) => new RegExp(`${tail.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
const ritasReason = 'This account can only message mutual contacts after reports of spam.';

test('the health table shows a normal, a restricted and a frozen account, sorts, and badges the two', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await addAccount(gramdeck, rita.phone, rita.name);
  await page.getByRole('button', { name: 'Add account' }).click();
  await addAccount(gramdeck, fiona.phone, fiona.name);
  await page.getByRole('button', { name: 'Add account' }).click();
  await enterPhone(page, nora.phone);
  await page.getByLabel('Code').fill(await codeFor(gramdeck, nora.phone));
  await page.getByLabel('Password', { exact: true }).fill(nora.password);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: nora.name })).toBeVisible();

  // Each account was checked as it came online: the badge names its reasons to screen readers.
  const sidebar = page.getByRole('navigation', { name: /Accounts/ });
  const badgeOf = (name: string) => sidebar.getByRole('button', { name: new RegExp(name) });
  await expect(badgeOf(rita.name)).toHaveAccessibleName(
    endsWith(
      `, Needs attention: Telegram restricts it: ${ritasReason} Two-step verification is off.`,
    ),
  );
  await expect(badgeOf(fiona.name)).toHaveAccessibleName(
    endsWith(
      ', Needs attention: Telegram has frozen it: it can read but not send. Two-step verification is off.',
    ),
  );
  await expect(badgeOf(nora.name)).toHaveAccessibleName(/, Online, sandbox account$/);

  // The account page's Health section, in words.
  const section = page.getByRole('region', { name: 'Health' });
  await expect(section.getByText('Last checked')).toBeVisible();
  await expect(section).not.toContainText('Needs attention');

  await page.getByRole('button', { name: 'Health', exact: false }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Account health' })).toBeFocused();
  const table = page.getByRole('table', { name: /Account health/ });
  const rowOf = (name: string) => table.getByRole('row').filter({ hasText: name });
  const cell = (name: string, column: number) => rowOf(name).getByRole('cell').nth(column);
  await expect(cell(rita.name, 4)).toHaveText(`Yes: ${ritasReason}`);
  await expect(cell(fiona.name, 5)).toHaveText(/^Since .+, until .+$/);
  await expect(cell(nora.name, 1)).toHaveText('No');
  await expect(cell(nora.name, 7)).toHaveText('Yes');
  await expect(cell(nora.name, 8)).toHaveText('On');
  await expect(cell(nora.name, 9)).toHaveText('Set');
  await expect(cell(rita.name, 8)).toHaveText('Off');
  await expect(cell(rita.name, 3)).toHaveText('Valid');

  // Sorted by name; a click on the header turns it around.
  const names = () => table.getByRole('row').locator('[role="cell"]:first-child').allTextContents();
  expect(await names()).toEqual([fiona.name, nora.name, rita.name]);
  const nameHeader = table.getByRole('columnheader', { name: 'Account' });
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
  await nameHeader.getByRole('button').click();
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
  expect(await names()).toEqual([rita.name, nora.name, fiona.name]);

  // Enter on "Two-step verification" sorts by it: Off before On.
  const twoStep = table.getByRole('columnheader', { name: 'Two-step verification' });
  await twoStep.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(twoStep).toHaveAttribute('aria-sort', 'ascending');
  await expect(nameHeader).toHaveAttribute('aria-sort', 'none');
  expect((await names()).at(-1)).toBe(nora.name);

  // The sorted header keeps focus, so the table scrolled to it: show it from its first column.
  await page.evaluate(`document.querySelector('[role="table"]').scrollLeft = 0`);
  await page.screenshot({
    path: join(import.meta.dirname, '..', '..', '..', 'docs', 'screenshots', 'health-table.png'),
  });

  // "Check all" checks every account again.
  const before = await cell(nora.name, 11).textContent();
  await page.getByRole('button', { name: 'Check all' }).click();
  await expect(page.getByRole('button', { name: 'Check all' })).toBeEnabled();
  await expect(cell(nora.name, 11)).not.toHaveText('Checking…');
  expect(await cell(nora.name, 11).textContent()).toBeTruthy();
  expect(before).toBeTruthy();
  await shot(page, '01-health-table');
});
