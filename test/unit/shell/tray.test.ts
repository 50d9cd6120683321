import { describe, expect, it } from 'vitest';
import type { LoginCodeNotice } from '../../../electron/core/accounts';
import {
  APP_FULL_NAME,
  buildTrayMenu,
  formatUnread,
  isNewLoginCode,
  loginCodeNotification,
  menuLabel,
  toMenuTemplate,
  totalUnread,
  trayTooltip,
  type TrayCommand,
} from '../../../electron/shell/tray';

const account = (id: string, displayName: string, unreadCount = 0) => ({
  id,
  displayName,
  unreadCount,
});

describe('buildTrayMenu', () => {
  it('without accounts: show, lock, quit', () => {
    expect(buildTrayMenu({ isWindowVisible: false, accounts: [], activeAccountId: null })).toEqual([
      { type: 'normal', label: 'Show Gramdeck', enabled: true, command: { kind: 'toggle-window' } },
      { type: 'normal', label: 'Lock now', enabled: true, command: { kind: 'lock' } },
      { type: 'separator' },
      { type: 'normal', label: 'Quit Gramdeck', enabled: true, command: { kind: 'quit' } },
    ]);
  });

  it('with accounts: one radio item each, the active one checked, unread counts shown', () => {
    const menu = buildTrayMenu({
      isWindowVisible: true,
      accounts: [account('a', 'Alice', 3), account('b', 'Bob & Co')],
      activeAccountId: 'b',
    });
    expect(menu[0]).toMatchObject({ label: 'Hide Gramdeck' });
    expect(menu.slice(2, 5)).toEqual([
      { type: 'separator' },
      {
        type: 'radio',
        label: 'Alice (3)',
        enabled: true,
        checked: false,
        command: { kind: 'switch-account', accountId: 'a' },
      },
      {
        type: 'radio',
        label: 'Bob && Co',
        enabled: true,
        checked: true,
        command: { kind: 'switch-account', accountId: 'b' },
      },
    ]);
    expect(menu.at(-1)).toMatchObject({ label: 'Quit Gramdeck' });
  });

  it('lists at most 15 accounts and points to the app for the rest', () => {
    const accounts = Array.from({ length: 40 }, (_, i) => account(`id${i}`, `Account ${i}`));
    const menu = buildTrayMenu({ isWindowVisible: false, accounts, activeAccountId: null });
    const radios = menu.filter((item) => item.type === 'radio');
    expect(radios).toHaveLength(15);
    expect(menu).toContainEqual({
      type: 'normal',
      label: '25 more in the app…',
      enabled: true,
      command: { kind: 'toggle-window' },
    });
  });
});

describe('labels and counts', () => {
  it.each([
    ['Alice', 'Alice'],
    ['  Multi\nline\tname ', 'Multi line name'],
    ['', 'Unnamed account'],
    ['R&D', 'R&&D'],
    ['x'.repeat(60), `${'x'.repeat(39)}…`],
  ])('menuLabel(%j) → %j', (input, expected) => {
    expect(menuLabel(input)).toBe(expected);
  });

  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '999+'],
  ])('formatUnread(%d) → %s', (n, expected) => {
    expect(formatUnread(n)).toBe(expected);
  });

  it('totalUnread ignores nonsense', () => {
    expect(
      totalUnread([
        { unreadCount: 2 },
        { unreadCount: 5 },
        { unreadCount: -3 },
        { unreadCount: Number.NaN },
      ]),
    ).toBe(7);
  });

  it('the tooltip states the full, unofficial name or the unread total', () => {
    expect(trayTooltip(0)).toBe(APP_FULL_NAME);
    expect(APP_FULL_NAME).toMatch(/unofficial/i);
    expect(trayTooltip(12)).toBe('Gramdeck — 12 unread');
  });
});

describe('toMenuTemplate', () => {
  it('binds each command to click and keeps separators', () => {
    const ran: TrayCommand[] = [];
    const template = toMenuTemplate(
      buildTrayMenu({
        isWindowVisible: false,
        accounts: [account('a', 'A')],
        activeAccountId: 'a',
      }),
      (command) => ran.push(command),
    );
    for (const item of template) {
      (item.click as (() => void) | undefined)?.();
    }
    expect(ran).toEqual([
      { kind: 'toggle-window' },
      { kind: 'lock' },
      { kind: 'switch-account', accountId: 'a' },
      { kind: 'quit' },
    ]);
    expect(template.filter((item) => item.type === 'separator')).toHaveLength(2);
    expect(template.find((item) => item.type === 'radio')).toMatchObject({ checked: true });
  });
});

describe('login code notifications', () => {
  const notice = (
    messageId: string,
    receivedAt: number,
    code: string | null = '12345',
    isLocked = false,
  ): LoginCodeNotice => ({
    accountId: 'acc',
    messageId,
    accountName: 'R&D team',
    receivedAt,
    isLocked,
    hasCode: code !== null,
    code,
  });

  it('notifies only new codes received after start, once each', () => {
    const seen = new Set<string>();
    expect(isNewLoginCode(notice('1', 50), seen, 100)).toBe(false);
    expect(isNewLoginCode(notice('2', 150), seen, 100)).toBe(true);
    expect(isNewLoginCode(notice('2', 150), seen, 100)).toBe(false);
    expect(isNewLoginCode(notice('3', 300, null), seen, 100)).toBe(false);
    expect(isNewLoginCode(notice('4', 300, null, true), seen, 100)).toBe(true);
  });

  it('unlocked, the notification carries the code and the account name', () => {
    expect(loginCodeNotification(notice('1', 1))).toEqual({
      title: 'Login code for R&D team',
      body: 'Code: 12345',
      silent: false,
    });
  });

  it('locked, it says that a code arrived for the account and never shows the code', () => {
    const expected = {
      title: 'A login code arrived for R&D team',
      body: 'Unlock Gramdeck to see it.',
      silent: false,
    };
    expect(loginCodeNotification(notice('1', 1, null, true))).toEqual(expected);
    // Even a notice that wrongly carried the code would not show it while locked.
    const leaky = loginCodeNotification(notice('1', 1, '12345', true));
    expect(leaky).toEqual(expected);
    expect(JSON.stringify(leaky)).not.toContain('12345');
  });
});
