import { expect, test } from '../fixtures';
import { addAccount, demo, setUpSandbox, shot } from './support';

test('logging out and removing each say what happened where the user lands', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await addAccount(gramdeck, demo.alice.phone, demo.alice.name);
  await page.getByRole('button', { name: 'Add account' }).click();
  await addAccount(gramdeck, demo.dave.phone, demo.dave.name);
  const main = page.getByRole('main');
  const status = main.getByRole('status').filter({ hasText: /Logged out|removed/ });

  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await page
    .getByRole('dialog', { name: `Log out of ${demo.dave.name}?` })
    .getByRole('button', { name: 'Log out' })
    .click();
  // The user lands on the remaining account, told what happened, with focus on its heading.
  const alice = page.getByRole('heading', { level: 1, name: demo.alice.name });
  await expect(alice).toBeFocused();
  await expect(status).toHaveText(`Logged out of ${demo.dave.name}.`);
  await shot(page, '01-logged-out');

  await page.getByRole('button', { name: 'Remove from Gramdeck' }).click();
  await page
    .getByRole('dialog', { name: `Remove ${demo.alice.name} from Gramdeck?` })
    .getByRole('button', { name: 'Remove account' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome to Gramdeck' })).toBeFocused();
  await expect(status).toHaveText(`${demo.alice.name} removed from Gramdeck.`);
  await shot(page, '02-removed');

  // The sentence belongs to that moment: going somewhere else clears it.
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(status).toHaveCount(0);
});
