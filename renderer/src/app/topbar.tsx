import type { ReactNode } from 'react';
import { useCall } from '../lib/use-call';
import { BusyLabel } from '../ui/spinner';
import { useAppData } from '../state/app-data';

/** App name, the sandbox marker, the storage warning, "Lock now" and the settings entry. */
export function Topbar(props: {
  isSettingsActive: boolean;
  onSettings: () => void;
  onSecureStorage: () => void;
}): ReactNode {
  const { info, vault } = useAppData();
  const lock = useCall();
  return (
    <header className="topbar">
      <p className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">Gramdeck</span>
        <span className="brand-note">unofficial</span>
      </p>
      {info.serverProfile.isSandbox ? (
        <p className="sandbox-badge" title={info.serverProfile.label}>
          Sandbox — not Telegram
        </p>
      ) : null}
      <div className="topbar-actions">
        {vault.canStoreSessions ? null : (
          <button
            type="button"
            className="button button-warn button-small"
            onClick={props.onSecureStorage}
          >
            Storage is not protected
          </button>
        )}
        {vault.hasPasscode ? (
          <button
            type="button"
            className="button button-small"
            disabled={lock.isBusy}
            onClick={() => {
              void lock.run('vault:lock');
            }}
          >
            <BusyLabel isBusy={lock.isBusy}>Lock now</BusyLabel>
          </button>
        ) : null}
        <button
          type="button"
          className="button button-small"
          aria-current={props.isSettingsActive ? 'page' : undefined}
          onClick={props.onSettings}
        >
          Settings
        </button>
      </div>
    </header>
  );
}
