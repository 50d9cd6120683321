/**
 * Message notifications in the web page (issue 16): `alerts:changed` shown with the browser's
 * Notification API. One per chat (its `tag` replaces the chat's earlier one); a click focuses the
 * tab and opens the chat. In the desktop app the shell shows them natively, so this stays off.
 * The browser's API is passed in, so this is tested without a browser.
 */
import type { MessageNotification } from '../../../../electron/shared/chat-dto';

/** The part of a shown `Notification` used here. */
export interface ShownNotification {
  onclick: ((event: Event) => void) | null;
  onclose: ((event: Event) => void) | null;
  close(): void;
}

/** The part of the browser's `Notification` class used here. */
export interface NotificationApi {
  readonly permission: NotificationPermission;
  new (title: string, options: NotificationOptions): ShownNotification;
}

export class BrowserAlerts {
  /** Open notifications by tag: a chat's newer one replaces its older one. */
  private readonly open = new Map<string, ShownNotification>();

  constructor(
    private readonly api: NotificationApi,
    private readonly onOpenChat: (accountId: string, chatId: string) => void,
    private readonly focusWindow: () => void,
  ) {}

  /** Shows `alert` if the browser allows notifications; returns whether it did. */
  show(alert: MessageNotification): boolean {
    if (this.api.permission !== 'granted') return false;
    this.open.get(alert.tag)?.close();
    const shown = new this.api(alert.title, { body: alert.body, tag: alert.tag });
    this.open.set(alert.tag, shown);
    shown.onclick = () => {
      this.focusWindow();
      this.onOpenChat(alert.accountId, alert.chatId);
      shown.close();
    };
    shown.onclose = () => {
      if (this.open.get(alert.tag) === shown) this.open.delete(alert.tag);
    };
    return true;
  }

  /** Closes every notification still shown (the app locked, or the page is leaving). */
  closeAll(): void {
    for (const shown of this.open.values()) shown.close();
    this.open.clear();
  }
}

/** The browser's Notification API, or null when the page has none (or is not in a browser). */
export function browserNotificationApi(): NotificationApi | null {
  return typeof Notification === 'function' ? Notification : null;
}
