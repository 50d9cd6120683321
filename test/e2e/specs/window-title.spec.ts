import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { addAccount, demo, setUpSandbox, shot } from './support';

/** The unread count the sidebar announces for one account ("…, 7 unread, …"), 0 without one. */
async function sidebarUnread(page: Page, name: string): Promise<number> {
  const sidebar = page.getByRole('navigation', { name: /Accounts/ });
  const label = (await sidebar.getByRole('button', { name: new RegExp(name) }).textContent()) ?? '';
  return Number(/(\d+) unread/.exec(label)?.[1] ?? 0);
}

test('the title shows the unread messages of every account, and follows new ones', async ({
  gramdeck,
}) => {
  const { page, dc } = gramdeck;
  await setUpSandbox(gramdeck);
  await expect(page.getByText('No accounts yet')).toBeVisible();
  await expect(page).toHaveTitle('Gramdeck');

  // Alice has unread chats in the sandbox: the title counts them, as her sidebar badge does.
  await addAccount(gramdeck, demo.alice.phone, demo.alice.name);
  await expect(page).toHaveTitle(/^Gramdeck \(\d+\)$/);
  await expect.poll(() => sidebarUnread(page, demo.alice.name)).toBeGreaterThan(0);
  const alice = await sidebarUnread(page, demo.alice.name);
  await expect(page).toHaveTitle(`Gramdeck (${alice})`);

  dc.control.deliverMessage(demo.alice.phone, { fromPeer: 'Zed', text: 'Are you there?' });
  await expect(page).toHaveTitle(`Gramdeck (${alice + 1})`);

  // A second account adds its own unread messages to the same total.
  await page.getByRole('button', { name: 'Add account' }).click();
  await addAccount(gramdeck, demo.dave.phone, demo.dave.name);
  const daveBefore = await sidebarUnread(page, demo.dave.name);
  dc.control.deliverMessage(demo.dave.phone, { fromPeer: 'Zed', text: 'Hello Dave' });
  dc.control.deliverMessage(demo.dave.phone, { fromPeer: 'Yara', text: 'Hello again' });
  await expect.poll(() => sidebarUnread(page, demo.dave.name)).toBe(daveBefore + 2);
  await expect(page).toHaveTitle(`Gramdeck (${alice + 1 + daveBefore + 2})`);
  await shot(page, '01-title-with-unread');
});
