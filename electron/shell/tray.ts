/**
 * The tray icon, its menu, the unread badge and login-code notifications. The menu is built by
 * a pure function from plain state; the controller only hands the result to Electron.
 */
import type {
  App,
  BrowserWindow,
  Menu,
  MenuItemConstructorOptions,
  NativeImage,
  Notification,
  NotificationConstructorOptions,
  Tray,
} from 'electron';
import type { LoginCodeNotice } from '../core/accounts';
import type { Logger } from '../core/ports';
import type { AccountSummary } from '../shared/dto';
import { drawAppIcon, drawBadge, encodePng } from './icon-art';

export const APP_FULL_NAME = 'Gramdeck — unofficial Telegram multi-account manager';

/** What a tray menu item does, as data. */
export type TrayCommand =
  | { kind: 'toggle-window' }
  | { kind: 'lock' }
  | { kind: 'switch-account'; accountId: string }
  | { kind: 'quit' };

export type TrayMenuItem =
  | { type: 'separator' }
  | {
      type: 'normal' | 'radio';
      label: string;
      enabled: boolean;
      checked?: boolean;
      command: TrayCommand | null;
    };

export interface TrayMenuInput {
  isWindowVisible: boolean;
  accounts: readonly Pick<AccountSummary, 'id' | 'displayName' | 'unreadCount'>[];
  activeAccountId: string | null;
  maxAccounts?: number;
}

export const MAX_TRAY_ACCOUNTS = 15;
const MAX_LABEL = 40;

/** A menu label: single line, bounded, and with `&` escaped (Windows treats it as a mnemonic). */
export function menuLabel(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim() || 'Unnamed account';
  const short = line.length > MAX_LABEL ? `${line.slice(0, MAX_LABEL - 1)}…` : line;
  return short.replace(/&/g, '&&');
}

export function formatUnread(count: number): string {
  return count > 999 ? '999+' : String(count);
}

export function buildTrayMenu(input: TrayMenuInput): TrayMenuItem[] {
  const max = input.maxAccounts ?? MAX_TRAY_ACCOUNTS;
  const items: TrayMenuItem[] = [
    {
      type: 'normal',
      label: input.isWindowVisible ? 'Hide Gramdeck' : 'Show Gramdeck',
      enabled: true,
      command: { kind: 'toggle-window' },
    },
    { type: 'normal', label: 'Lock now', enabled: true, command: { kind: 'lock' } },
  ];
  if (input.accounts.length > 0) {
    items.push({ type: 'separator' });
    for (const account of input.accounts.slice(0, max)) {
      const unread = account.unreadCount > 0 ? ` (${formatUnread(account.unreadCount)})` : '';
      items.push({
        type: 'radio',
        label: `${menuLabel(account.displayName)}${unread}`,
        enabled: true,
        checked: account.id === input.activeAccountId,
        command: { kind: 'switch-account', accountId: account.id },
      });
    }
    const hidden = input.accounts.length - max;
    if (hidden > 0) {
      items.push({
        type: 'normal',
        label: `${hidden} more in the app…`,
        enabled: true,
        command: { kind: 'toggle-window' },
      });
    }
  }
  items.push({ type: 'separator' });
  items.push({ type: 'normal', label: 'Quit Gramdeck', enabled: true, command: { kind: 'quit' } });
  return items;
}

/** Unread messages over all accounts. */
export function totalUnread(accounts: readonly Pick<AccountSummary, 'unreadCount'>[]): number {
  return accounts.reduce(
    (sum, account) =>
      sum + (Number.isFinite(account.unreadCount) ? Math.max(0, account.unreadCount) : 0),
    0,
  );
}

export function trayTooltip(unread: number): string {
  return unread > 0 ? `Gramdeck — ${formatUnread(unread)} unread` : APP_FULL_NAME;
}

export function toMenuTemplate(
  items: readonly TrayMenuItem[],
  run: (command: TrayCommand) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.type === 'separator') return { type: 'separator' };
    const { command } = item;
    const options: MenuItemConstructorOptions = {
      type: item.type,
      label: item.label,
      enabled: item.enabled,
    };
    if (item.checked !== undefined) options.checked = item.checked;
    if (command !== null) {
      options.click = () => {
        run(command);
      };
    }
    return options;
  });
}

/**
 * Whether a login code is news worth a notification: a code (or, while locked, any message from
 * Telegram's login service), not seen before, received after `since` (messages Telegram
 * re-delivers from before the app started are history). Marks it seen.
 */
export function isNewLoginCode(
  notice: Pick<LoginCodeNotice, 'accountId' | 'messageId' | 'receivedAt' | 'isLocked' | 'hasCode'>,
  seen: Set<string>,
  since: number,
): boolean {
  const key = `${notice.accountId}/${notice.messageId}`;
  if (seen.has(key)) return false;
  seen.add(key);
  return notice.receivedAt >= since && (notice.isLocked || notice.hasCode);
}

/**
 * The notification for a login code. While unlocked it shows the code on purpose (it is logged
 * nowhere); while locked it only says that a code arrived, whatever the notice carries.
 */
export function loginCodeNotification(
  notice: Pick<LoginCodeNotice, 'code' | 'isLocked' | 'accountName'>,
): NotificationConstructorOptions {
  const name = menuLabel(notice.accountName).replace(/&&/g, '&');
  if (notice.isLocked) {
    return {
      title: `A login code arrived for ${name}`,
      body: 'Unlock Gramdeck to see it.',
      silent: false,
    };
  }
  return {
    title: `Login code for ${name}`,
    body: notice.code === null ? 'Telegram sent a login code.' : `Code: ${notice.code}`,
    silent: false,
  };
}

export interface TrayDeps {
  app: Pick<App, 'setBadgeCount'>;
  Tray: typeof Tray;
  Menu: Pick<typeof Menu, 'buildFromTemplate'>;
  nativeImage: {
    createFromBuffer(buffer: Buffer, options?: { scaleFactor?: number }): NativeImage;
  };
  Notification: typeof Notification;
  platform: string;
  logger: Logger;
}

export interface TrayActions {
  isWindowVisible(): boolean;
  toggleWindow(): void;
  showWindow(): void;
  lock(): void;
  switchAccount(accountId: string): void;
  quit(): void;
  /** The window whose taskbar button carries the Windows overlay badge. */
  window(): BrowserWindow | null;
}

export interface TrayController {
  setAccounts(accounts: readonly AccountSummary[], activeAccountId: string | null): void;
  notifyLoginCode(notice: LoginCodeNotice, isEnabled: boolean): void;
  /** Rebuilds the menu (e.g. after the window was shown or hidden). */
  refresh(): void;
  destroy(): void;
}

export function createTrayController(
  deps: TrayDeps,
  actions: TrayActions,
  now: () => number,
): TrayController {
  const log = deps.logger.child({ scope: 'tray' });
  // 32 px drawn at scale 2 gives a crisp 16-pt icon on every platform.
  const icon = deps.nativeImage.createFromBuffer(encodePng(drawAppIcon(32)), { scaleFactor: 2 });
  const badge = deps.nativeImage.createFromBuffer(encodePng(drawBadge(16)), { scaleFactor: 1 });
  const tray = new deps.Tray(icon);
  const startedAt = now();
  const seenCodes = new Set<string>();
  let accounts: readonly AccountSummary[] = [];
  let activeAccountId: string | null = null;
  let lastUnread = -1;

  const run = (command: TrayCommand) => {
    switch (command.kind) {
      case 'toggle-window':
        actions.toggleWindow();
        break;
      case 'lock':
        actions.lock();
        break;
      case 'switch-account':
        actions.switchAccount(command.accountId);
        break;
      case 'quit':
        actions.quit();
        break;
    }
  };

  const refresh = () => {
    const items = buildTrayMenu({
      isWindowVisible: actions.isWindowVisible(),
      accounts,
      activeAccountId,
    });
    tray.setContextMenu(deps.Menu.buildFromTemplate(toMenuTemplate(items, run)));
    const unread = totalUnread(accounts);
    tray.setToolTip(trayTooltip(unread));
    if (unread !== lastUnread) {
      lastUnread = unread;
      // macOS dock and Linux launchers show the count; Windows gets an overlay on the taskbar.
      deps.app.setBadgeCount(unread);
      if (deps.platform === 'win32') {
        actions
          .window()
          ?.setOverlayIcon(
            unread > 0 ? badge : null,
            unread > 0 ? `${formatUnread(unread)} unread` : '',
          );
      }
    }
  };

  tray.on('click', () => {
    if (deps.platform !== 'darwin') actions.showWindow();
  });
  refresh();

  return {
    setAccounts(next, nextActive) {
      accounts = next;
      activeAccountId = nextActive;
      refresh();
    },
    notifyLoginCode(notice, isEnabled) {
      const isNew = isNewLoginCode(notice, seenCodes, startedAt);
      if (!isEnabled || !isNew || !deps.Notification.isSupported()) return;
      const notification = new deps.Notification(loginCodeNotification(notice));
      notification.on('click', () => {
        if (notice.isLocked) actions.showWindow();
        else actions.switchAccount(notice.accountId);
      });
      notification.show();
      log.log('info', 'Showed a login code notification', { isLocked: notice.isLocked });
    },
    refresh,
    destroy() {
      tray.destroy();
    },
  };
}
