import type { ReactNode } from 'react';
import { UpdatesSection } from '../updates/updates-section';
import { PasscodeSection } from './passcode-section';
import { AppearanceSection, DesktopSection } from './preferences-section';
import { ProxySection } from './proxy-section';
import { TelegramSection } from './telegram-section';

/** Settings: Telegram connection, passcode and lock, proxies, appearance, desktop, updates. */
export function SettingsPage(): ReactNode {
  return (
    <div className="page settings-page">
      <h1 tabIndex={-1}>Settings</h1>
      <TelegramSection />
      <PasscodeSection />
      <ProxySection />
      <AppearanceSection />
      <DesktopSection />
      <UpdatesSection />
    </div>
  );
}
