import type { Page } from '@playwright/test';
import { startSocks5Server, type Socks5Server } from '../../support/socks5-server';
import { expect, test } from '../fixtures';
import { addAccount, codeFor, demo, enterPhone, setUpSandbox, shot } from './support';

let socks: Socks5Server;

test.beforeAll(async () => {
  socks = await startSocks5Server({ username: 'gd', password: 'proxy-secret' });
});

test.afterAll(async () => {
  await socks.close();
});

/** Fills the SOCKS5 fields of a proxy form inside `scope`. */
async function fillSocks5(page: Page, password: string): Promise<void> {
  await page.getByLabel('Host').fill('127.0.0.1');
  await page.getByLabel('Port').fill(String(socks.port));
  await page.getByLabel('Username (optional)').fill('gd');
  await page.getByLabel('Password (optional)').fill(password);
}

test('signs in through a proxy chosen on the first step, tested before use; a failing proxy says why and links to its settings', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);

  // The first step: another proxy, tested with a wrong password, then the right one.
  await page.getByRole('radio', { name: 'Another proxy' }).check();
  await fillSocks5(page, 'wrong');
  await page.getByRole('button', { name: 'Test proxy' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The proxy' })).toHaveText(
    'The proxy did not accept the user name or password.',
  );
  await shot(page, '01-test-refused');
  await page.getByLabel('Password (optional)').fill('proxy-secret');
  await page.getByRole('button', { name: 'Test proxy' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The proxy' })).toHaveText(
    /^The proxy works: Telegram answered in \d+ ms\.$/,
  );
  const tunnelsBefore = socks.tunnels;
  await enterPhone(page, demo.alice.phone);
  await expect(page.getByRole('heading', { name: 'Enter the code' })).toBeVisible();
  expect(socks.tunnels).toBeGreaterThan(tunnelsBefore);
  await page.getByLabel('Code').fill(await codeFor(gramdeck, demo.alice.phone));
  await expect(page.getByRole('heading', { level: 1, name: demo.alice.name })).toBeVisible();
  await shot(page, '02-signed-in-through-proxy');

  // The account kept the proxy: Settings shows it (without the password).
  await expect(page.getByRole('heading', { name: 'Recent chats' })).toBeVisible();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  const accountProxies = page.getByRole('region', { name: 'Account proxies' });
  await expect(accountProxies.getByRole('radio', { name: 'SOCKS5' })).toBeChecked();
  await expect(accountProxies.getByLabel('Host')).toHaveValue('127.0.0.1');
  await expect(accountProxies.getByLabel('Password (optional)')).toHaveValue('');

  // A wrong password saved: the account says why it is offline, and links to its proxy.
  await accountProxies.getByLabel('Password (optional)').fill('wrong');
  await accountProxies.getByRole('button', { name: 'Save proxy' }).click();
  const sidebar = page.getByRole('navigation', { name: /Accounts/ });
  await sidebar.getByRole('button', { name: new RegExp(demo.alice.name) }).click();
  await expect(
    page.getByText('Proxy problem: The proxy did not accept the user name or password.'),
  ).toBeVisible();
  await expect(sidebar.getByText('Proxy problem', { exact: true })).toBeVisible();
  await shot(page, '03-proxy-problem');
  await page.getByRole('button', { name: 'Proxy settings' }).click();
  await expect(page.getByRole('heading', { name: 'Account proxies' })).toBeFocused();
  await accountProxies.getByLabel('Password (optional)').fill('proxy-secret');
  await accountProxies.getByRole('button', { name: 'Save proxy' }).click();
  await expect(accountProxies.getByText('Saved. The account reconnects')).toBeVisible();
  await sidebar.getByRole('button', { name: new RegExp(demo.alice.name) }).click();
  await expect(page.getByText('Online', { exact: true })).toBeVisible();
});

test('the proxy for new logins from Settings is the first step’s default', async ({ gramdeck }) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await addAccount(gramdeck, demo.dave.phone, demo.dave.name);

  await expect(page.getByRole('heading', { name: 'Recent chats' })).toBeVisible();
  await page.getByRole('button', { name: 'Settings' }).click();
  const loginProxy = page.getByRole('region', { name: 'Proxy for new logins' });
  await loginProxy.getByRole('radio', { name: 'SOCKS5' }).check();
  await loginProxy.getByLabel('Host').fill('127.0.0.1');
  await loginProxy.getByLabel('Port').fill(String(socks.port));
  await loginProxy.getByLabel('Username (optional)').fill('gd');
  await loginProxy.getByLabel('Password (optional)').fill('proxy-secret');
  await loginProxy.getByRole('button', { name: 'Save login proxy' }).click();
  await expect(loginProxy.getByText('Saved. New logins use this setting.')).toBeVisible();
  await shot(page, '01-login-proxy-saved');

  await page.getByRole('button', { name: 'Add account' }).click();
  const fromSettings = page.getByRole('radio', {
    name: `The proxy from Settings (SOCKS5 127.0.0.1:${String(socks.port)})`,
  });
  await expect(fromSettings).toBeChecked();
  const tunnelsBefore = socks.tunnels;
  await addAccount(gramdeck, demo.alice.phone, demo.alice.name);
  expect(socks.tunnels).toBeGreaterThan(tunnelsBefore);
  await shot(page, '02-signed-in-through-default');
});
