import { expect, test } from '../fixtures';
import { setUpSandbox } from './support';

const missingToken = 'Open the URL that npm run web printed';

test('the printed URL opens the app, leaves the address bar, survives a reload and opens a new tab', async ({
  gramdeck,
  context,
}) => {
  const { page } = gramdeck;
  const printed = gramdeck.printedUrl();
  const origin = new URL(printed).origin;
  expect(new URL(printed).hash).toMatch(/^#token=/);

  await setUpSandbox(gramdeck);
  await expect(page.getByText('No accounts yet')).toBeVisible();
  // The token is out of the address bar and in no cookie.
  expect(page.url()).toBe(`${origin}/`);
  expect(await context.cookies()).toEqual([]);

  await page.reload();
  await expect(page.getByText('No accounts yet')).toBeVisible();
  expect(page.url()).toBe(`${origin}/`);

  const second = await context.newPage();
  await second.goto(printed);
  await expect(second.getByText('No accounts yet')).toBeVisible();
  expect(second.url()).toBe(`${origin}/`);
});

test('a tab at the bare address, even with the old cookie, does not reach the app', async ({
  gramdeck,
  context,
}) => {
  const origin = new URL(gramdeck.printedUrl()).origin;
  const token = new URL(gramdeck.printedUrl()).hash.slice('#token='.length);
  // What earlier versions stored, and what any other localhost service could replay.
  await context.addCookies([{ name: 'gramdeck_token', value: token, url: origin }]);

  const bare = await context.newPage();
  const sockets: string[] = [];
  bare.on('websocket', (ws) => sockets.push(ws.url()));
  await bare.goto(`${origin}/`);
  await expect(bare.getByRole('heading', { name: missingToken })).toBeVisible();
  await expect(bare.getByText('opened without its key')).toBeVisible();
  expect(sockets).toEqual([]);

  // A socket the page opens by hand, cookie and own Origin included, is closed unauthenticated.
  const closeCode = await bare.evaluate(
    (url) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url);
        ws.addEventListener('open', () => {
          ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'vault:status' }));
        });
        ws.addEventListener('close', (event) => {
          resolve(event.code);
        });
      }),
    `${origin.replace('http:', 'ws:')}/ws`,
  );
  expect(closeCode).toBe(4401);
});

test('a tab with a wrong token says to open the printed URL, and takes it when pasted', async ({
  gramdeck,
  context,
}) => {
  const origin = new URL(gramdeck.printedUrl()).origin;
  const tab = await context.newPage();
  await tab.goto(`${origin}/#token=not-the-token`);
  await expect(tab.getByRole('heading', { name: missingToken })).toBeVisible();
  await expect(tab.getByText('no longer accepts this page')).toBeVisible();
  expect(tab.url()).toBe(`${origin}/`);
  // The refused token is forgotten: a reload does not try it again.
  await tab.reload();
  await expect(tab.getByText('opened without its key')).toBeVisible();

  // Pasting the printed URL into this tab changes only the fragment; the page starts over with it.
  await tab.goto(gramdeck.printedUrl());
  await expect(
    tab.getByRole('heading', { name: 'Welcome! How do you want to start?' }),
  ).toBeVisible();
  expect(tab.url()).toBe(`${origin}/`);
});
