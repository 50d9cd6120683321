import type { ReactNode } from 'react';
import { UpdatesSection } from '../features/updates/updates-section';
import { PasscodeSection } from '../features/passcode/passcode-section';
import { AppearanceSection, DesktopSection } from '../features/settings/preferences-section';
import { ProxySection } from '../features/settings/proxy-section';
import { TelegramSection } from '../features/settings/telegram-section';
import { NotificationsSection } from '../features/notifications/notifications-section';

/** Settings: Telegram connection, passcode and lock, proxies, appearance, desktop, updates. */
export function SettingsPage(props: { proxyAccountId?: string | undefined }): ReactNode {
  return (
    <div className="page settings-page">
      <h1 tabIndex={-1}>Settings</h1>
      <TelegramSection />
      <PasscodeSection />
      <ProxySection focusAccountId={props.proxyAccountId ?? null} />
      <AppearanceSection />
      <DesktopSection />
      <UpdatesSection />
      <NotificationsSection />
    </div>
  );
}
