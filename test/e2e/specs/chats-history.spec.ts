import { expect, test } from '../fixtures';
import { addAccount, demo, setUpSandbox } from './support';

const scrollToTop = `document.querySelector('.conversation-scroll').scrollTop = 0`;

test('scrolls back through paged history: older messages load and the position holds', async ({
  gramdeck,
}) => {
  const { page, dc } = gramdeck;
  // 130 messages Dave wrote to Alice (read, his own): the view opens at the bottom.
  for (let i = 1; i <= 130; i++) {
    dc.control.sendMessage(demo.dave.phone, demo.alice.phone, `Message number ${String(i)}`);
  }
  await setUpSandbox(gramdeck);
  await addAccount(gramdeck, demo.dave.phone, demo.dave.name);
  await page
    .getByRole('list', { name: 'Chats' })
    .getByRole('button', { name: new RegExp(`^${demo.alice.name}`) })
    .click();
  const view = page.getByRole('list', { name: `Messages with ${demo.alice.name}` });
  await expect(view.getByText('Message number 130', { exact: true })).toBeVisible();
  // Only the newest page is loaded so far.
  await expect(view.getByText('Message number 60', { exact: true })).toHaveCount(0);

  // Scroll to the top: the next older page loads above, and the message that was at the top
  // stays where it was (without the fix it would be pushed down by 50 messages).
  const anchor = view.getByText('Message number 81', { exact: true });
  await page.evaluate(scrollToTop);
  await expect(view.getByText('Message number 80', { exact: true })).toBeAttached();
  await expect(view).toHaveAttribute('aria-busy', 'false');
  const top = (await view.boundingBox())?.y ?? 0;
  const held = (await anchor.boundingBox())?.y ?? Infinity;
  // Within a few pixels of where it was: the rows that arrived above are placed by their
  // estimated heights, then measured.
  expect(held - top).toBeGreaterThan(-8);
  expect(held - top).toBeLessThan(100);
  // Keep going back to the first message of the chat.
  await expect(async () => {
    await page.evaluate(scrollToTop);
    await expect(view.getByText('Message number 1', { exact: true })).toBeVisible({
      timeout: 1000,
    });
  }).toPass({ timeout: 20_000 });
});
