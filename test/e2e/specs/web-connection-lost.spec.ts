import type { Page, WebSocketRoute } from '@playwright/test';
import { expect, test } from '../fixtures';
import { addAccount, demo, setUpSandbox, shot } from './support';

/**
 * Puts the page's WebSocket to the web host behind a switch: `drop()` closes every socket (both
 * ends, as a host that stopped would) and turns further connections away; `restore()` lets the
 * page's next attempt through to the real host again.
 */
async function hostLink(page: Page): Promise<{ drop: () => Promise<void>; restore: () => void }> {
  let isReachable = true;
  const open = new Set<WebSocketRoute>();
  await page.routeWebSocket(/\/ws$/, async (ws) => {
    if (!isReachable) {
      await ws.close({ code: 1000, reason: 'host unreachable' });
      return;
    }
    open.add(ws);
    ws.connectToServer();
  });
  return {
    drop: async () => {
      isReachable = false;
      for (const ws of [...open]) await ws.close({ code: 1000, reason: 'host stopped' });
    },
    restore: () => {
      isReachable = true;
    },
  };
}

/** The unread count the sidebar announces for one account ("…, 7 unread, …"), 0 without one. */
async function sidebarUnread(page: Page, name: string): Promise<number> {
  const sidebar = page.getByRole('navigation', { name: /Accounts/ });
  const label = (await sidebar.getByRole('button', { name: new RegExp(name) }).textContent()) ?? '';
  return Number(/(\d+) unread/.exec(label)?.[1] ?? 0);
}

test('a lost connection to the web host says so, makes statuses unknown, and clears on reconnect', async ({
  gramdeck,
}) => {
  const { page, dc } = gramdeck;
  await setUpSandbox(gramdeck);
  await addAccount(gramdeck, demo.alice.phone, demo.alice.name);

  // From here on the page's socket goes through the switch (a reload opens a new one).
  const link = await hostLink(page);
  await page.reload();
  const pageStatus = (label: string) => page.getByRole('main').getByText(label, { exact: true });
  const sidebar = page.getByRole('navigation', { name: /Accounts/ });
  await expect(page.getByRole('heading', { level: 1, name: demo.alice.name })).toBeVisible();
  await expect(pageStatus('Online')).toBeVisible();
  const banner = page.getByRole('alert').filter({ hasText: 'Lost the connection to Gramdeck' });
  await expect(banner).toHaveCount(0);
  await expect.poll(() => sidebarUnread(page, demo.alice.name)).toBeGreaterThan(0);
  const unread = await sidebarUnread(page, demo.alice.name);

  await link.drop();
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('npm run web');
  await expect(banner).toContainText('reconnects by itself');
  await expect(pageStatus('Status unknown')).toBeVisible();
  await expect(sidebar.getByRole('button', { name: /Status unknown/ })).toBeVisible();
  await expect(page.getByText('Online', { exact: true })).toHaveCount(0);
  await shot(page, '01-connection-lost');

  // What happens while the page is away is pushed to no one: the page reads it on reconnect.
  dc.control.deliverMessage(demo.alice.phone, { fromPeer: 'Zed', text: 'Still there?' });
  link.restore();
  await expect(banner).toHaveCount(0);
  await expect(pageStatus('Online')).toBeVisible();
  await expect(sidebar.getByRole('button', { name: /Online/ })).toBeVisible();
  await expect.poll(() => sidebarUnread(page, demo.alice.name)).toBe(unread + 1);
  await shot(page, '02-reconnected');
});
