import type { Page, WebSocketRoute } from '@playwright/test';
import { expect, test } from '../fixtures';
import { addAccount, demo, setUpSandbox, shot } from './support';

/**
 * A slow restore, as with many accounts or a slow disk: main answers the unlock before its
 * restore has read the saved accounts. Once armed, the page's account list after the unlock
 * comes back empty and the account pushes wait until `release()`, so the app first opens on no
 * account and the restored accounts arrive after it, the order a slow restore gives.
 */
async function slowRestore(page: Page): Promise<{ arm: () => void; release: () => void }> {
  let isArmed = false;
  let isHolding = false;
  let pageSocket: WebSocketRoute | null = null;
  const held: string[] = [];
  const listCalls = new Set<number>();
  await page.routeWebSocket(/\/ws$/, (ws) => {
    pageSocket = ws;
    const server = ws.connectToServer();
    ws.onMessage((frame) => {
      const message = JSON.parse(String(frame)) as { type: string; id?: number; channel?: string };
      if (message.type === 'invoke' && message.channel === 'vault:unlock' && isArmed) {
        isHolding = true;
      } else if (isHolding && message.channel === 'accounts:list' && message.id !== undefined) {
        listCalls.add(message.id);
      }
      server.send(frame);
    });
    server.onMessage((frame) => {
      const message = JSON.parse(String(frame)) as {
        type: string;
        id?: number;
        event?: string;
        envelope?: { ok: boolean; value?: object };
      };
      if (isHolding && message.type === 'event' && message.event === 'accounts:changed') {
        held.push(String(frame));
        return;
      }
      if (message.id !== undefined && listCalls.has(message.id) && message.envelope?.ok) {
        const empty = { accounts: [], activeAccountId: null, restore: null };
        ws.send(JSON.stringify({ ...message, envelope: { ok: true, value: empty } }));
        return;
      }
      ws.send(frame);
    });
  });
  return {
    arm: () => {
      isArmed = true;
    },
    release: () => {
      isHolding = false;
      for (const frame of held.splice(0)) pageSocket?.send(frame);
    },
  };
}

test('after a restart and unlock, the app opens on the account it highlights', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck, { passcode: 'open sesame' });
  await addAccount(gramdeck, demo.alice.phone, demo.alice.name);
  await page.getByRole('button', { name: 'Add account' }).click();
  await addAccount(gramdeck, demo.dave.phone, demo.dave.name);

  // Switch back to the first account: the last active one is not simply the last added.
  const sidebar = page.getByRole('navigation', { name: /Accounts/ });
  await sidebar.getByRole('button', { name: new RegExp(demo.alice.name) }).click();
  await expect(page.getByRole('heading', { level: 1, name: demo.alice.name })).toBeVisible();

  const restore = await slowRestore(page);
  await gramdeck.restart();
  await expect(page.getByRole('heading', { name: 'Gramdeck is locked' })).toBeVisible();
  restore.arm();
  await page.getByLabel('Passcode').fill('open sesame');
  await page.getByRole('button', { name: 'Unlock' }).click();
  // The app opens before the restore has read any account; then the accounts arrive.
  await expect(page.getByRole('heading', { level: 1, name: 'Add an account' })).toBeVisible();
  restore.release();

  await expect(page.getByRole('heading', { level: 1, name: demo.alice.name })).toBeVisible();
  await expect(sidebar.getByRole('row')).toHaveCount(2);
  await expect(sidebar.getByRole('button', { name: new RegExp(demo.alice.name) })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(
    sidebar.getByRole('button', { name: new RegExp(demo.dave.name) }),
  ).not.toHaveAttribute('aria-current', 'page');
  await expect(sidebar.getByRole('button', { name: 'Add account' })).not.toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(page.getByRole('heading', { name: 'Add an account' })).toBeHidden();
  await shot(page, '01-unlocked-on-highlighted-account');
});
