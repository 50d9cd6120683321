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
          disabled={update.isBusy}
          onChange={(event) => {
            void update
              .run('notifications:set-account', {
                accountId: props.accountId,
                isEnabled: event.target.checked,
              })
              .then((next) => {
                if (next !== undefined) setSettings(next);
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
