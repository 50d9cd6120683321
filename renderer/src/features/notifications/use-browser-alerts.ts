/**
 * Shows `alerts:changed` in the web page (issue 16). The desktop app ignores the event: its shell
 * shows the same notification natively. The core sends none while the app is locked; the frame
 * unmounts at lock, and this closes whatever is still shown.
 */
import { useEffect, useRef } from 'react';
import { useAppData } from '../../state/app-data';
import { useEvent } from '../../lib/use-event';
import { BrowserAlerts, browserNotificationApi } from './browser-alerts';

export function useBrowserAlerts(onOpenChat: (accountId: string, chatId: string) => void): void {
  const { info } = useAppData();
  const isWeb = info.transport === 'web';
  const latest = useRef(onOpenChat);
  useEffect(() => {
    latest.current = onOpenChat;
  });
  const alerts = useRef<BrowserAlerts | null>(null);
  useEffect(() => {
    const api = browserNotificationApi();
    if (!isWeb || api === null) return;
    const shown = new BrowserAlerts(
      api,
      (accountId, chatId) => {
        latest.current(accountId, chatId);
      },
      () => {
        window.focus();
      },
    );
    alerts.current = shown;
    return () => {
      shown.closeAll();
      alerts.current = null;
    };
  }, [isWeb]);
  useEvent('alerts:changed', (alert) => {
    alerts.current?.show(alert);
  });
}
