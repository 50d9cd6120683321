import { describe, expect, it } from 'vitest';
import type { MessageNotification } from '../../../../electron/shared/chat-dto';
import { BrowserAlerts, type NotificationApi, type ShownNotification } from './browser-alerts';

interface Made {
  title: string;
  options: NotificationOptions;
  isClosed: boolean;
  shown: ShownNotification;
}

/** A recording stand-in for the browser's Notification class, with a chosen permission. */
function recordingApi(permission: NotificationPermission): { api: NotificationApi; made: Made[] } {
  const made: Made[] = [];
  class Recorded implements ShownNotification {
    static readonly permission = permission;
    onclick: ((event: Event) => void) | null = null;
    onclose: ((event: Event) => void) | null = null;
    private readonly record: Made;
    constructor(title: string, options: NotificationOptions) {
      this.record = { title, options, isClosed: false, shown: this };
      made.push(this.record);
    }
    close(): void {
      this.record.isClosed = true;
      this.onclose?.(new Event('close'));
    }
  }
  return { api: Recorded, made };
}

const alert = (chatId: string, body: string): MessageNotification => ({
  tag: `acc1:${chatId}`,
  group: 'acc1',
  accountId: 'acc1',
  chatId,
  title: `Bob (Alice)`,
  body,
});

describe('browser notifications of new messages', () => {
  it('shows one per chat: a newer message replaces the chat’s earlier notification', () => {
    const { api, made } = recordingApi('granted');
    const alerts = new BrowserAlerts(
      api,
      () => undefined,
      () => undefined,
    );
    alerts.show(alert('u1', 'first'));
    alerts.show(alert('u1', 'second'));
    alerts.show(alert('u2', 'other chat'));
    expect(made.map((m) => [m.options.tag, m.options.body, m.isClosed])).toEqual([
      ['acc1:u1', 'first', true],
      ['acc1:u1', 'second', false],
      ['acc1:u2', 'other chat', false],
    ]);
  });

  it('focuses the tab and opens the chat when clicked', () => {
    const { api, made } = recordingApi('granted');
    const opened: string[] = [];
    let focused = 0;
    const alerts = new BrowserAlerts(
      api,
      (accountId, chatId) => opened.push(`${accountId}:${chatId}`),
      () => (focused += 1),
    );
    alerts.show(alert('u7', 'hi'));
    made[0]?.shown.onclick?.(new Event('click'));
    expect(opened).toEqual(['acc1:u7']);
    expect(focused).toBe(1);
    expect(made[0]?.isClosed).toBe(true);
  });

  it('shows nothing when the browser refused or was not asked', () => {
    for (const permission of ['denied', 'default'] as const) {
      const { api, made } = recordingApi(permission);
      expect(
        new BrowserAlerts(
          api,
          () => undefined,
          () => undefined,
        ).show(alert('u1', 'x')),
      ).toBe(false);
      expect(made).toHaveLength(0);
    }
  });

  it('closes every open notification at lock', () => {
    const { api, made } = recordingApi('granted');
    const alerts = new BrowserAlerts(
      api,
      () => undefined,
      () => undefined,
    );
    alerts.show(alert('u1', 'a'));
    alerts.show(alert('u2', 'b'));
    alerts.closeAll();
    expect(made.every((m) => m.isClosed)).toBe(true);
  });
});
