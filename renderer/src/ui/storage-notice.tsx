import type { ReactNode } from 'react';
import { useAppData } from '../state/app-data';

/**
 * Says, before the user starts, that sign-ins cannot be saved yet (no secure storage, no
 * passcode, weak storage not accepted), with the way to fix it. Renders nothing otherwise.
 */
export function StorageNotice(props: { onSecureStorage: () => void }): ReactNode {
  const { vault } = useAppData();
  if (vault.canStoreSessions) return null;
  return (
    <div className="notice notice-warn">
      <p>
        Gramdeck cannot save sign-ins until you set a passcode or accept weak storage, because this
        computer’s secure storage is not available.
      </p>
      <button type="button" className="button" onClick={props.onSecureStorage}>
        Secure storage
      </button>
    </div>
  );
}
