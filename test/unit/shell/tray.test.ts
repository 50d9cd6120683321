import { describe, expect, it } from 'vitest';
import type { LoginCodeMessage } from '../../../electron/shared/dto';
import {
  APP_FULL_NAME,
  buildTrayMenu,
  formatUnread,
  loginCodeNotification,
  menuLabel,
  selectNewLoginCodes,
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
  const message = (
    id: string,
    receivedAt: number,
    code: string | null = '12345',
  ): LoginCodeMessage => ({
    id,
    accountId: 'acc',
    text: `Login code: ${code ?? ''}`,
    code,
    receivedAt,
  });

  it('notifies only new codes received after start, once each', () => {
    const seen = new Set<string>();
    expect(selectNewLoginCodes([message('1', 50), message('2', 150)], seen, 100)).toEqual([
      message('2', 150),
    ]);
    expect(
      selectNewLoginCodes([message('1', 50), message('2', 150), message('3', 200)], seen, 100),
    ).toEqual([message('3', 200)]);
    expect(selectNewLoginCodes([message('4', 300, null)], seen, 100)).toEqual([]);
  });

  it('the notification carries the code and the account name', () => {
    expect(loginCodeNotification({ code: '12345' }, 'R&D team')).toEqual({
      title: 'Login code for R&D team',
      body: 'Code: 12345',
      silent: false,
    });
  });
});
