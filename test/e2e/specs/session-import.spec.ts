import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSessionFiles } from '../../../tools/telegram-dc/mint';
import { expect, test } from '../fixtures';
import { addAccount, demo, setUpSandbox, shot } from './support';

const screenshots = join(import.meta.dirname, '..', '..', '..', 'docs', 'screenshots');

test('imports a mixed paste and a picked .session file: preview, progress, per-row outcomes, accounts online', async ({
  gramdeck,
}) => {
  const { page, dc } = gramdeck;
  await setUpSandbox(gramdeck);
  await addAccount(gramdeck, demo.alice.phone, demo.alice.name);

  // Sessions minted by the DC's control channel, as other tools would have written them.
  const ida = await dc.control.mintSessions('+9996620070');
  const jack = await dc.control.mintSessions('+9996610071');
  const kim = await dc.control.mintSessions('+9996630072');
  const lena = await dc.control.mintSessions('+9996620073');
  const alice = await dc.control.mintSessions(demo.alice.phone);
  const milo = await dc.control.mintSessions('+9996620074');
  const dir = mkdtempSync(join(tmpdir(), 'gramdeck-e2e-import-'));
  try {
    const files = await writeSessionFiles(milo.seeded, dir);
    const paste = [
      ida.gramjs,
      jack.telethon,
      kim.pyrogram,
      lena.mtcute,
      alice.mtcute,
      'this line is not a session',
      ida.gramjs.slice(0, 120),
    ].join('\n');

    await page.getByRole('button', { name: 'Import sessions' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Import sessions' })).toBeFocused();
    await expect(page.getByText('Import only sessions you own.')).toBeVisible();
    await page.getByLabel('Session strings, one a line').fill(paste);
    await page.getByLabel('Session files').setInputFiles(files.pyrogram);
    await expect(page.getByRole('list', { name: 'Chosen files' })).toContainText(
      '9996620074.pyrogram.session',
    );
    await page.getByRole('button', { name: 'Preview' }).click();

    const previewHeading = page.getByRole('heading', { name: /^Preview: 8 sessions, 5 can be/ });
    await expect(previewHeading).toBeFocused();
    const rows = page.getByRole('table').getByRole('row');
    await expect(rows).toHaveCount(9);
    const row = (source: string) => page.getByRole('row', { name: new RegExp(`^${source}\\b`) });
    await expect(row('line 1')).toContainText('GramJS');
    await expect(row('line 2')).toContainText('Telethon');
    await expect(row('line 3')).toContainText(`Pyrogram3${kim.userId}`);
    await expect(row('line 4')).toContainText(`mtcute2${lena.userId}`);
    // Alice is an account already, and an mtcute string names its user: the preview says so.
    await expect(row('line 5')).toContainText('Already in Gramdeck as Alice Demo');
    await expect(row('line 6')).toContainText('not a session string');
    await expect(row('line 7')).toContainText('wrong length');
    await expect(row('9996620074.pyrogram.session')).toContainText(`Pyrogram file2${milo.userId}`);
    // Tall enough for the whole preview table (the main pane scrolls on its own).
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: viewport?.width ?? 1200, height: 1150 });
    await page.screenshot({
      path: join(screenshots, 'import-preview.png'),
      // The pasted strings are live keys of the sandbox; the picture needs none of them.
      mask: [page.getByLabel('Session strings, one a line')],
      maskColor: '#d6dae0',
    });
    if (viewport) await page.setViewportSize(viewport);

    await page.getByRole('button', { name: 'Import 5 sessions' }).click();
    const status = page.getByRole('status').filter({ hasText: /^Import (finished|cancelled)/ });
    await expect(status).toHaveText(
      'Import finished: 8 of 8 (5 added, 1 already in Gramdeck, 2 unreadable).',
      { timeout: 30_000 },
    );
    await expect(page.getByRole('heading', { name: 'Import results' })).toBeFocused();
    const outcome = (source: string) =>
      page
        .getByRole('table', { name: 'Outcome per session' })
        .getByRole('row', { name: new RegExp(`^${source}\\b`) });
    for (const source of ['line 1', 'line 2', 'line 3', 'line 4', '9996620074.pyrogram.session'])
      await expect(outcome(source)).toContainText('Added');
    await expect(outcome('line 5')).toContainText('Already in Gramdeck');
    await expect(outcome('line 6')).toContainText('Unreadable');
    await expect(outcome('line 7')).toContainText('Unreadable');
    await shot(page, 'import-results');

    // The new accounts are in the sidebar and online, with Alice once.
    const sidebar = page.getByRole('navigation', { name: /Accounts/ });
    await expect(sidebar.getByRole('row')).toHaveCount(6);
    for (const name of ['Ida Import', 'Jack Import', 'Kim Import', 'Lena Import', 'Milo Import'])
      await expect(
        sidebar.getByRole('button', { name: new RegExp(`${name}.*Online`) }),
      ).toBeVisible();
    await expect(sidebar.getByRole('button', { name: /Alice Demo/ })).toHaveCount(1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
