import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '../fixtures';
import { setUpSandbox, shot } from './support';

test('a damaged settings.json: the web host starts with defaults and a banner names the file', async ({
  gramdeck,
}) => {
  const { page, dataDir } = gramdeck;
  await setUpSandbox(gramdeck);

  // Cut short, as a crash in the middle of a write by another tool would leave it.
  const settingsFile = join(dataDir, 'settings.json');
  const damaged = '{"settings": {"theme": "da';
  await writeFile(settingsFile, damaged);
  await gramdeck.restart();

  const banner = page.getByRole('complementary', { name: 'Needs your attention' });
  await expect(banner).toContainText(
    `The settings file ${settingsFile} was damaged, so Gramdeck started with default settings.`,
  );
  const kept = (await readdir(dataDir)).filter((name) => name.startsWith('settings.json.corrupt-'));
  expect(kept).toHaveLength(1);
  await expect(banner).toContainText(`The damaged file was kept as ${join(dataDir, kept[0]!)}.`);
  expect(await readFile(join(dataDir, kept[0]!), 'utf8')).toBe(damaged);
  // The defaults include no server profile choice: first run starts again, under the banner.
  await expect(
    page.getByRole('heading', { name: 'Welcome! How do you want to start?' }),
  ).toBeVisible();
  expect(gramdeck.hostLog()).toContain('The settings file was damaged');
  await shot(page, '01-banner');

  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toBeHidden();
  await page.getByRole('button', { name: 'Try the sandbox' }).click();
  await expect(page.getByText('Sandbox — not Telegram')).toBeVisible();
});
