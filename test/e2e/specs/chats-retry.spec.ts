import { expect, test } from '../fixtures';
import { addAccount, demo, setUpSandbox } from './support';

test('a failed send keeps the message with Retry, and the retry leaves one message', async ({
  gramdeck,
}) => {
  const { page, dc } = gramdeck;
  dc.control.sendMessage(demo.alice.phone, demo.dave.phone, 'Ping from Alice');
  await setUpSandbox(gramdeck);
  await addAccount(gramdeck, demo.dave.phone, demo.dave.name);
  await page
    .getByRole('list', { name: 'Chats' })
    .getByRole('button', { name: new RegExp(`^${demo.alice.name}`) })
    .click();
  const view = page.getByRole('list', { name: `Messages with ${demo.alice.name}` });
  await expect(view.getByText('Ping from Alice')).toBeVisible();

  // Telegram refuses the next send.
  dc.control.queueError('messages.sendMessage', 'PEER_FLOOD');
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('Pong from Dave');
  await box.press('Enter');
  const message = view.locator('.message', { hasText: 'Pong from Dave' });
  await expect(message.getByText('Not sent', { exact: true })).toBeAttached();
  const retry = message.getByRole('button', { name: 'Retry' });
  await expect(retry).toBeVisible();
  await expect(message.getByRole('button', { name: 'Discard' })).toBeVisible();

  await retry.click();
  await expect(message.getByText('Sent', { exact: true })).toBeAttached();
  await expect(view.getByText('Pong from Dave')).toHaveCount(1);

  // Alice, signed in afterwards, has the message exactly once.
  await page.getByRole('button', { name: 'Add account' }).click();
  await addAccount(gramdeck, demo.alice.phone, demo.alice.name);
  await page
    .getByRole('list', { name: 'Chats' })
    .getByRole('button', { name: new RegExp(`^${demo.dave.name}`) })
    .click();
  const aliceView = page.getByRole('list', { name: `Messages with ${demo.dave.name}` });
  await expect(aliceView.getByText('Ping from Alice')).toBeVisible();
  await expect(aliceView.getByText('Pong from Dave')).toHaveCount(1);
});
