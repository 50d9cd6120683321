/**
 * Message notifications in the web page (issue 16): with notifications on and the browser's
 * permission granted, a new message shows one notification (its text hidden when the user chose
 * so); while the app is locked a new message shows none, and no message or inbox event reaches
 * the page; after unlocking, the inbox has it.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { addAccount, demo, setUpSandbox, shot } from './support';

const bulkOne = { phone: '+9996620081', name: 'Bulk One' };
const passcode = 'quiet hours';

interface Recorded {
  title: string;
  body: string | undefined;
  tag: string | undefined;
}

/**
 * Before any app script: every `Notification` the page constructs is recorded, and so is every
 * push event's name that arrives over the web host's socket.
 */
const recorder = `(() => {
  window.__notifications = [];
  window.__events = [];
  const RealNotification = window.Notification;
  window.Notification = class extends RealNotification {
    constructor(title, options) {
      super(title, options);
      window.__notifications.push({ title, body: options?.body, tag: options?.tag });
    }
  };
  const RealSocket = window.WebSocket;
  window.WebSocket = class extends RealSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        try {
          const message = JSON.parse(event.data);
          if (message.type === 'event') window.__events.push(message.event);
        } catch {}
      });
    }
  };
})();`;

const notifications = (page: Page) => page.evaluate<Recorded[]>('window.__notifications');
const events = (page: Page) => page.evaluate<string[]>('window.__events');

test('notifies a new message with its text hidden, and nothing while locked', async ({
  gramdeck,
}) => {
  // A passcode, a sign-in, a lock and an unlock: more than the default minute on a busy machine.
  test.setTimeout(180_000);
  const { page, dc } = gramdeck;
  await page.context().grantPermissions(['notifications']);
  await page.addInitScript(recorder);
  await page.reload();
  // Alice wrote once before, so the chat is on Bulk One's first page of chats.
  dc.control.sendMessage(demo.alice.phone, bulkOne.phone, 'Hello from Alice');
  await setUpSandbox(gramdeck, { passcode });
  await addAccount(gramdeck, bulkOne.phone, bulkOne.name);

  // Settings → Notifications: on, with the text hidden; the browser already allows them.
  await page.getByRole('button', { name: 'Settings' }).click();
  const section = page.getByRole('region', { name: 'Notifications' });
  const enabled = section.getByLabel('Show a notification when a message arrives');
  await expect(enabled).toBeChecked();
  await section.getByLabel(/Hide message text/).check();
  await expect(section.getByLabel(/Hide message text/)).toBeChecked();
  await expect(section.getByText('This browser shows Gramdeck’s notifications.')).toBeVisible();
  await shot(page, '01-settings');

  dc.control.sendMessage(demo.alice.phone, bulkOne.phone, 'Are you free at three?');
  await expect.poll(() => notifications(page)).toHaveLength(1);
  const [shown] = await notifications(page);
  expect(shown?.title).toContain('Alice Demo');
  expect(shown?.title).toContain(bulkOne.name);
  expect(shown?.body).toBe('New message');
  expect(shown?.tag).toBeTruthy();

  // Locked: a message arrives and nothing reaches the page.
  await page.getByRole('banner').getByRole('button', { name: 'Lock now' }).click();
  await expect(page.getByLabel('Passcode')).toBeVisible();
  await page.evaluate('window.__events.length = 0');
  dc.control.sendMessage(demo.alice.phone, bulkOne.phone, 'Sent while you were away');
  // The DC has delivered to every live session by now; give the host a moment to (not) push.
  await page.waitForTimeout(1500);
  expect(await notifications(page)).toHaveLength(1);
  const whileLocked = await events(page);
  expect(whileLocked).not.toContain('messages:changed');
  expect(whileLocked).not.toContain('unread:changed');
  expect(whileLocked).not.toContain('alerts:changed');
  await shot(page, '02-locked');

  // Unlocked: the inbox has the message.
  await page.getByLabel('Passcode').fill(passcode);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('button', { name: /^Inbox/ })).toBeVisible();
  await page.getByRole('button', { name: /^Inbox/ }).click();
  const row = page
    .getByRole('listbox', { name: /Unread chats/ })
    .getByRole('option', { name: /^Alice Demo, in Bulk One/ });
  await expect(row).toContainText('Sent while you were away');
  await shot(page, '03-unlocked-inbox');
});
