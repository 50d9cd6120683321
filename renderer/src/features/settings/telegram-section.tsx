import { type ReactNode, useState } from 'react';
import type { ServerProfileKind } from '../../../../electron/shared/dto';
import { useAppData } from '../../state/app-data';
import { useCall } from '../../lib/use-call';
import { useResource } from '../../lib/use-resource';
import { Spinner } from '../../ui/spinner';
import { ApiCredentialsForm, ApiCredentialsHelp } from '../../ui/api-credentials-form';

const profileText: Record<ServerProfileKind, { title: string; body: string }> = {
  production: { title: 'Telegram', body: 'Your real Telegram accounts.' },
  test: {
    title: 'Telegram test servers',
    body: 'Telegram’s separate servers for developers. Accounts there are not your real ones.',
  },
  sandbox: {
    title: 'Gramdeck sandbox (not Telegram)',
    body: 'A local demo server with made-up accounts. Nothing reaches Telegram.',
  },
};

/** API credentials and which servers new sign-ins use. */
export function TelegramSection(): ReactNode {
  const { refresh } = useAppData();
  const telegram = useResource('settings:get-telegram');
  const setProfile = useCall();
  const [isEditing, setIsEditing] = useState(false);
  const view = telegram.data;

  return (
    <section className="panel" aria-labelledby="telegram-heading">
      <h2 id="telegram-heading">Telegram connection</h2>
      {view === null ? (
        telegram.error === null ? (
          <Spinner label="Loading" />
        ) : (
          <p>{telegram.error.message}</p>
        )
      ) : (
        <>
          <fieldset className="fieldset" disabled={setProfile.isBusy}>
            <legend>Servers for new sign-ins</legend>
            {view.availableProfiles.map((kind) => (
              <label key={kind} className="radio-card">
                <input
                  type="radio"
                  name="server-profile"
                  checked={view.serverProfile.kind === kind}
                  onChange={() => {
                    void setProfile.run('settings:set-server-profile', { kind }).then((next) => {
                      if (next === undefined) return;
                      telegram.setData(next);
                      void refresh();
                    });
                  }}
                />
                <span>
                  <strong>{profileText[kind].title}</strong>
                  <span className="muted"> {profileText[kind].body}</span>
                </span>
              </label>
            ))}
            <p className="muted">
              Accounts already added keep using the servers they signed in on.
            </p>
          </fieldset>
          <h3>API credentials</h3>
          <p>
            {view.hasApiCredentials
              ? `Saved for ${view.serverProfile.label}${view.apiId === null ? '' : ` (api_id ${view.apiId})`}. The api_hash is kept encrypted and never shown.`
              : `No API credentials for ${view.serverProfile.label} yet.`}
          </p>
          {isEditing || !view.hasApiCredentials ? (
            <>
              <ApiCredentialsHelp />
              <ApiCredentialsForm
                submitLabel="Save credentials"
                initialApiId={view.apiId}
                onSaved={(next) => {
                  telegram.setData(next);
                  setIsEditing(false);
                  void refresh();
                }}
              />
            </>
          ) : (
            <button
              type="button"
              className="button"
              onClick={() => {
                setIsEditing(true);
              }}
            >
              Change API credentials
            </button>
          )}
        </>
      )}
    </section>
  );
}
