import { expect, test } from '../fixtures';
import { addAccount, demo, setUpSandbox, shot } from './support';

test('the filter finds an account by its full number while the list shows it masked', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  const sidebar = page.getByRole('navigation', { name: /Accounts/ });
  const filter = sidebar.getByRole('searchbox', { name: 'Filter accounts' });
  const entries = sidebar.getByRole('row');
  const count = sidebar.getByRole('status').filter({ hasText: /matching account/ });

  // One account: nothing to filter yet.
  await addAccount(gramdeck, demo.alice.phone, demo.alice.name);
  await expect(sidebar.getByRole('button', { name: /Alice Demo/ })).toBeVisible();
  await expect(filter).toHaveCount(0);

  // From the second account on, the filter is there; the numbers stay masked.
  await page.getByRole('button', { name: 'Add account' }).click();
  await addAccount(gramdeck, demo.dave.phone, demo.dave.name);
  await expect(filter).toBeVisible();
  await expect(entries).toHaveCount(2);
  await expect(sidebar.getByText('+99966 • •001')).toBeVisible();
  await expect(sidebar.getByText('+99966 • •004')).toBeVisible();

  // The full number, as it is written anywhere, finds Alice alone; her number stays hidden.
  await filter.fill(demo.alice.phone);
  await expect(count).toHaveText('1 matching account');
  await expect(entries).toHaveCount(1);
  await expect(sidebar.getByRole('grid', { name: '1 matching account' })).toBeVisible();
  await expect(sidebar.getByRole('button', { name: /Alice Demo/ })).toBeVisible();
  await expect(sidebar.getByText('+99966 • •001')).toBeVisible();
  await expect(sidebar).not.toContainText('0001');
  await shot(page, '01-full-number-finds-alice');

  // Typed key by key, with spaces: each pause asks main again, and only the last answer counts.
  await filter.fill('');
  await filter.pressSequentially('+99966 2 0004');
  await expect(count).toHaveText('1 matching account');
  await expect(entries).toHaveCount(1);
  await expect(sidebar.getByRole('button', { name: /Dave Demo/ })).toBeVisible();

  await filter.fill('99966');
  await expect(count).toHaveText('2 matching accounts');
  await expect(entries).toHaveCount(2);

  await filter.fill('+9996620002');
  await expect(count).toHaveText('No matching accounts');
  await expect(entries).toHaveCount(0);
  await shot(page, '02-no-match');

  // Names filter too; the keyboard goes from the filter into the list, and reordering waits.
  await filter.fill('dave');
  await expect(count).toHaveText('1 matching account');
  await filter.press('ArrowDown');
  const dave = sidebar.getByRole('button', { name: /Dave Demo/ });
  await expect(dave).toBeFocused();
  await dave.press('Alt+ArrowUp');
  await expect(
    sidebar.getByRole('status').filter({ hasText: 'Clear the filter to reorder accounts.' }),
  ).toBeAttached();

  // Clearing shows everyone again, and the count goes.
  await filter.fill('');
  await expect(entries).toHaveCount(2);
  await expect(count).toHaveCount(0);
  await expect(sidebar.getByRole('grid', { name: 'Your accounts' })).toBeVisible();
  await shot(page, '03-cleared');
});
