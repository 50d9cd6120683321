/**
 * Settings → Notifications (issue 16): new messages as notifications, with or without their text.
 * In the web page the browser must allow them: a button asks, and a refusal is said in words.
 */
import { type ReactNode, useState } from 'react';
import type { NotificationSettings } from '../../../../electron/shared/chat-dto';
import { useCall } from '../../lib/use-call';
import { useAppData } from '../../state/app-data';
import { browserNotificationApi } from './browser-alerts';
import { useNotificationSettings } from './use-notification-settings';

export function NotificationsSection(): ReactNode {
  const { info } = useAppData();
  const { settings, error, setSettings } = useNotificationSettings();
  const update = useCall();
  const save = (patch: Partial<Pick<NotificationSettings, 'isEnabled' | 'isTextHidden'>>): void => {
    if (settings === null) return;
    // The box follows the click at once; a refusal puts it back (and says why).
    setSettings({ ...settings, ...patch });
    void update.run('notifications:update', patch).then((next) => {
      setSettings(next ?? settings);
    });
  };
  return (
    <section className="panel" aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">Notifications</h2>
      {settings === null ? (
        <p className="muted">{error === null ? 'Loading…' : error.message}</p>
      ) : (
        <>
          <label className="check">
            <input
              type="checkbox"
              checked={settings.isEnabled}
              onChange={(event) => {
                save({ isEnabled: event.target.checked });
              }}
            />
            Show a notification when a message arrives
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={settings.isTextHidden}
              disabled={!settings.isEnabled}
              onChange={(event) => {
                save({ isTextHidden: event.target.checked });
              }}
            />
            Hide message text (show only “New message” and the chat)
          </label>
          <p className="muted">
            Muted chats and accounts whose notifications are off on their page stay quiet. Nothing
            is shown while Gramdeck is locked.
          </p>
          {info.transport === 'web' && settings.isEnabled ? <BrowserPermission /> : null}
        </>
      )}
    </section>
  );
}

const permissionWords: Record<NotificationPermission, string> = {
  granted: 'This browser shows Gramdeck’s notifications.',
  denied:
    'This browser refused notifications for this page. Allow them in the browser’s site settings to see new messages here.',
  default: 'This browser asks before showing notifications.',
};

function BrowserPermission(): ReactNode {
  const api = browserNotificationApi();
  const [permission, setPermission] = useState<NotificationPermission | null>(
    api === null ? null : api.permission,
  );
  if (api === null || permission === null) {
    return <p className="notice">This browser cannot show notifications.</p>;
  }
  return (
    <div className="notifications-permission">
      <p role="status">{permissionWords[permission]}</p>
      {permission === 'default' ? (
        <button
          type="button"
          className="button"
          onClick={() => {
            void Notification.requestPermission().then(setPermission);
          }}
        >
          Allow notifications in this browser
        </button>
      ) : null}
    </div>
  );
}
