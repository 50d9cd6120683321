import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { addAccount, demo, setUpSandbox, shot } from './support';

/** Opens the chat titled `title` from the account page's chat list. */
async function openChat(page: Page, title: string): Promise<void> {
  const chats = page.getByRole('list', { name: 'Chats' });
  await chats.getByRole('button', { name: new RegExp(`^${title}`) }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

test('two sandbox accounts write to each other and each sees the other’s message live, and reply', async ({
  gramdeck,
}) => {
  const { page, dc } = gramdeck;
  await setUpSandbox(gramdeck);
  await addAccount(gramdeck, demo.alice.phone, demo.alice.name);
  // Alice greets Dave from another device, so each has the other in the chat list.
  dc.control.sendMessage(demo.alice.phone, demo.dave.phone, 'Hi Dave, are you there?');
  await page.getByRole('button', { name: 'Add account' }).click();
  await addAccount(gramdeck, demo.dave.phone, demo.dave.name);

  // This tab: Dave's account, the conversation with Alice.
  await expect(page.getByRole('list', { name: 'Chats' })).toBeVisible();
  await shot(page, 'chat-list');
  await openChat(page, demo.alice.name);
  const daveView = page.getByRole('list', { name: `Messages with ${demo.alice.name}` });
  await expect(daveView.getByText('Hi Dave, are you there?')).toBeVisible();

  // A second tab of the same web host: Alice's account, the conversation with Dave.
  const second = await page.context().newPage();
  await second.goto(gramdeck.printedUrl());
  const sidebar = second.getByRole('navigation', { name: /Accounts/ });
  await sidebar.getByRole('button', { name: new RegExp(demo.alice.name) }).click();
  await expect(second.getByRole('heading', { level: 1, name: demo.alice.name })).toBeVisible();
  await openChat(second, demo.dave.name);
  const aliceView = second.getByRole('list', { name: `Messages with ${demo.dave.name}` });

  // Dave answers with the keyboard: Enter sends, Shift+Enter adds a line.
  const daveBox = page.getByRole('textbox', { name: 'Message' });
  await daveBox.fill('Yes!');
  await daveBox.press('Shift+Enter');
  await daveBox.pressSequentially('Here now.');
  await daveBox.press('Enter');
  await expect(daveBox).toHaveValue('');
  await expect(daveView.getByText(/Yes!\s+Here now\./)).toBeVisible();
  // Alice sees it live, with no reload.
  await expect(aliceView.getByText(/Yes!\s+Here now\./)).toBeVisible();

  // Alice replies to it: the Reply button, the reply bar, then Enter.
  const daveMessage = aliceView.locator('.message', { hasText: 'Here now.' });
  await daveMessage.getByRole('button', { name: 'Reply' }).click();
  await expect(second.getByText('Replying to')).toBeVisible();
  const aliceBox = second.getByRole('textbox', { name: 'Message' });
  await expect(aliceBox).toBeFocused();
  await aliceBox.fill('Great, lunch at noon?');
  await aliceBox.press('Enter');
  await expect(second.getByText('Replying to')).toBeHidden();
  // Dave sees the reply live, quoting his message; the quote scrolls to it.
  const reply = daveView.locator('.message', { hasText: 'Great, lunch at noon?' });
  await expect(reply).toBeVisible();
  await expect(reply.getByRole('button', { name: /In reply to/ })).toContainText('Here now.');
  // Dave's message is read by Alice now: two checks.
  await expect(
    daveView.locator('.message', { hasText: 'Here now.' }).getByText('Read', { exact: true }),
  ).toBeAttached();
  await shot(page, 'conversation');
  await second.close();
});
