import type { ReactNode } from 'react';
import { useAppData } from '../../state/app-data';
import { useCall } from '../../lib/use-call';

/** A quiet bar when an update is available or ready; details live in Settings. */
export function UpdateNotice(props: { onOpenSettings: () => void }): ReactNode {
  const { update } = useAppData();
  const install = useCall();
  if (update.kind === 'available') {
    return (
      <div className="update-bar" role="status">
        <p>Gramdeck {update.version} is available.</p>
        <button type="button" className="button-link" onClick={props.onOpenSettings}>
          See what’s new
        </button>
      </div>
    );
  }
  if (update.kind === 'downloaded') {
    return (
      <div className="update-bar" role="status">
        <p>Gramdeck {update.version} is ready to install.</p>
        <button
          type="button"
          className="button button-small button-primary"
          disabled={install.isBusy}
          onClick={() => {
            void install.run('update:install');
          }}
        >
          Restart to update
        </button>
      </div>
    );
  }
  return null;
}
