/** The account page's notification toggle (issue 16): `notifications:set-account`. */
import type { ReactNode } from 'react';
import { useCall } from '../../lib/use-call';
import { useNotificationSettings } from './use-notification-settings';

export function AccountNotifications(props: { accountId: string }): ReactNode {
  const { settings, setSettings } = useNotificationSettings();
  const update = useCall();
  if (settings === null) return null;
  const isOn = !settings.mutedAccountIds.includes(props.accountId);
  return (
    <div className="account-notifications">
      <label className="check">
        <input
          type="checkbox"
          checked={isOn}
          onChange={(event) => {
            const isEnabled = event.target.checked;
            // The box follows the click at once; a refusal puts it back (and says why).
            setSettings({
              ...settings,
              mutedAccountIds: isEnabled
                ? settings.mutedAccountIds.filter((id) => id !== props.accountId)
                : [...settings.mutedAccountIds, props.accountId],
            });
            void update
              .run('notifications:set-account', { accountId: props.accountId, isEnabled })
              .then((next) => {
                setSettings(next ?? settings);
              });
          }}
        />
        Notify new messages of this account
      </label>
      {settings.isEnabled ? null : (
        <p className="muted">Notifications are off for every account (Settings → Notifications).</p>
      )}
    </div>
  );
}
