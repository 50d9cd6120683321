import type { ReactNode } from 'react';
import type { Settings, Theme } from '../../../../electron/shared/dto';
import { useAppData } from '../../state/app-data';
import { useCall } from '../../lib/use-call';

const themes: { value: Theme; label: string }[] = [
  { value: 'system', label: 'Same as the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

function useSettingsUpdate(): {
  isBusy: boolean;
  save: (patch: Partial<Settings>) => void;
} {
  const { setSettings } = useAppData();
  const update = useCall();
  return {
    isBusy: update.isBusy,
    save: (patch) => {
      void update.run('settings:update', patch).then((next) => {
        if (next !== undefined) setSettings(next);
      });
    },
  };
}

/** Theme and phone masking. */
export function AppearanceSection(): ReactNode {
  const { settings } = useAppData();
  const { save } = useSettingsUpdate();
  return (
    <section className="panel" aria-labelledby="appearance-heading">
      <h2 id="appearance-heading">Appearance and privacy</h2>
      <fieldset className="fieldset">
        <legend>Theme</legend>
        {themes.map((theme) => (
          <label key={theme.value} className="radio">
            <input
              type="radio"
              name="theme"
              checked={settings.theme === theme.value}
              onChange={() => {
                save({ theme: theme.value });
              }}
            />
            {theme.label}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input
          type="checkbox"
          checked={settings.maskPhoneNumbers}
          onChange={(event) => {
            save({ maskPhoneNumbers: event.target.checked });
          }}
        />
        Hide most digits of phone numbers (useful when sharing your screen)
      </label>
    </section>
  );
}

/** Tray and notifications: only in the desktop app. */
export function DesktopSection(): ReactNode {
  const { settings, info } = useAppData();
  const { save } = useSettingsUpdate();
  if (info.transport !== 'electron') return null;
  return (
    <section className="panel" aria-labelledby="desktop-heading">
      <h2 id="desktop-heading">Desktop</h2>
      <label className="check">
        <input
          type="checkbox"
          checked={settings.closeToTray}
          onChange={(event) => {
            save({ closeToTray: event.target.checked });
          }}
        />
        Keep running in the tray when the window is closed
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={settings.notifyLoginCodes}
          onChange={(event) => {
            save({ notifyLoginCodes: event.target.checked });
          }}
        />
        Show a notification when a login code arrives
      </label>
    </section>
  );
}
