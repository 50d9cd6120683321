import type { Page } from '@playwright/test';
import { standInAccounts, standInBridgeScript } from '../../support/stand-in-bridge';
import { expect, test } from '../fixtures';
import { codeFor, demo, enterPhone, setUpSandbox, shot } from './support';

/** The longest first name Telegram allows, without a break opportunity. */
const longName = 'Wolfeschlegelsteinhausenbergerdorff'.repeat(2).slice(0, 64);
/** The longest username Telegram allows. */
const longUsername = 'a_rather_long_username_for_tests'.slice(0, 32);

/** 100 % and 200 % zoom of the configured 1200 × 760 window: zoom halves the CSS viewport. */
const zooms = [
  { label: '100', viewport: { width: 1200, height: 760 } },
  { label: '200', viewport: { width: 600, height: 380 } },
] as const;

/**
 * Elements that scroll sideways: the page itself, or any scrolling box whose content is wider
 * than it. A source string: the e2e project has no DOM types.
 */
const sidewaysScrollersScript = `(() => {
  const found = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) found.push('the page');
  for (const element of document.querySelectorAll('body *')) {
    const overflow = getComputedStyle(element).overflowX;
    if ((overflow === 'auto' || overflow === 'scroll') && element.scrollWidth > element.clientWidth)
      found.push(element.tagName.toLowerCase() + '.' + element.className);
  }
  return found;
})()`;

function sidewaysScrollers(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(sidewaysScrollersScript);
}

/** Whether the element's text is cut (ellipsized) rather than shown whole. */
function isCut(page: Page, selector: string): Promise<boolean> {
  return page.evaluate<boolean>(
    `(() => { const e = document.querySelector(${JSON.stringify(selector)}); return e.scrollWidth > e.clientWidth; })()`,
  );
}

test('a 64-character unbroken name fits at 100 % and 200 % zoom, in full on hover', async ({
  gramdeck,
}) => {
  const { page } = gramdeck;
  await setUpSandbox(gramdeck);
  await enterPhone(page, demo.newcomer.phone);
  await page.getByLabel('Code').fill(await codeFor(gramdeck, demo.newcomer.phone));
  await page.getByLabel('First name').fill(longName);
  await page.getByLabel(/I accept/).check();
  await page.getByRole('button', { name: 'Create account' }).click();
  const heading = page.getByRole('heading', { level: 1, name: longName });
  await expect(heading).toBeVisible();

  const sidebar = page.getByRole('navigation', { name: /Accounts/ });
  const item = sidebar.getByRole('button', { name: new RegExp(longName) });
  for (const zoom of zooms) {
    await page.setViewportSize(zoom.viewport);
    await expect(heading).toBeVisible();
    expect(await sidewaysScrollers(page)).toEqual([]);
    // Cut in the sidebar, whole in its hover text and in the account's accessible name.
    expect(await isCut(page, '.account-name')).toBe(true);
    await expect(sidebar.locator('.account-name')).toHaveAttribute('title', longName);
    await expect(item).toBeVisible();
    await expect(heading).toHaveAttribute('title', longName);
    await shot(page, `${zoom.label}-long-name`);
  }
});

test('1,000 accounts and a long username fit at 100 % and 200 % zoom', async ({ gramdeck }) => {
  const page = await gramdeck.page.context().newPage();
  // The renderer bench's stand-in bridge: 1,000 accounts at once (see stand-in-bridge.ts).
  const accounts = standInAccounts(1000, [{ displayName: longName, username: longUsername }]);
  await page.addInitScript(
    standInBridgeScript(accounts, { label: 'layout test', activeAccountId: 'acc0' }),
  );
  // The static files need no token; the bridge above stands in for the web host's socket.
  await page.goto(new URL(gramdeck.printedUrl()).origin);
  const heading = page.getByRole('heading', { level: 1, name: longName });
  await expect(heading).toBeVisible();
  await expect(page.getByRole('heading', { name: /Accounts\s*1000/ })).toBeVisible();
  const handle = page.locator('.account-header-text p').first();
  const sidebar = page.getByRole('navigation', { name: /Accounts/ });

  for (const zoom of zooms) {
    await page.setViewportSize(zoom.viewport);
    await expect(heading).toBeVisible();
    expect(await sidewaysScrollers(page)).toEqual([]);
    await expect(handle).toContainText(`@${longUsername}`);
    // The list scrolls down to the last account without scrolling sideways.
    await sidebar.getByRole('button', { name: new RegExp(longName) }).focus();
    await page.keyboard.press('End');
    await expect(sidebar.getByRole('button', { name: /Account 1000\b/ })).toBeFocused();
    expect(await sidewaysScrollers(page)).toEqual([]);
    await shot(page, `${zoom.label}-thousand-accounts`);
    await page.keyboard.press('Home');
  }
  await page.close();
});
