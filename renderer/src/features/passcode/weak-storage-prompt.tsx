import { type ReactNode, useState } from 'react';
import { useAppData } from '../../state/app-data';
import { invoke } from '../../lib/call';
import { useCall } from '../../lib/use-call';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { NewPasscodeForm } from './new-passcode-form';
import { RecoveryCodeScreen } from './recovery-code-screen';
import './passcode.css';

/** Why storage is weak, in words that fit the backend. */
function weaknessText(backend: string): string {
  if (backend === 'basic_text') {
    return 'This computer has no keyring (such as GNOME Keyring or KWallet) that Gramdeck can use, so your sign-ins would be saved with a key that anyone with access to your files could read.';
  }
  return 'Gramdeck cannot use your system’s secure storage here, so your sign-ins would be saved in a form that anyone with access to your files could read.';
}

/**
 * Offered when no keychain protects saved sessions: set a passcode (recommended) or accept weak
 * storage knowingly.
 */
export function WeakStoragePrompt(props: { onDone: () => void }): ReactNode {
  const { vault, setVault } = useAppData();
  const [recoveryCode, setRecoveryCode] = useState<string | null>(null);
  const [isConfirming, setIsConfirming] = useState(false);
  const accept = useCall();

  if (recoveryCode !== null) {
    return <RecoveryCodeScreen code={recoveryCode} onDone={props.onDone} />;
  }

  return (
    <section className="page narrow" aria-labelledby="weak-storage-heading">
      <h1 id="weak-storage-heading" tabIndex={-1}>
        Protect your sign-ins with a passcode
      </h1>
      <p>{weaknessText(vault.backend)}</p>
      <p>
        A passcode encrypts them properly. You type it when you open Gramdeck, and you get a
        recovery code in case you forget it.
      </p>
      {vault.canStoreSessions ? (
        <p className="notice" role="status">
          {vault.hasPasscode
            ? 'Your sign-ins are protected by your passcode.'
            : 'You accepted weak storage. You can still set a passcode here or later in Settings.'}
        </p>
      ) : null}
      {vault.hasPasscode ? null : (
        <NewPasscodeForm
          submitLabel="Set passcode"
          submit={async (passcode) => {
            const result = await invoke('vault:set-passcode', { passcode });
            if (!result.ok) return result.error;
            setRecoveryCode(result.value.recoveryCode);
            return null;
          }}
        />
      )}
      <div className="alternative">
        {vault.canStoreSessions ? (
          <button type="button" className="button" onClick={props.onDone}>
            Continue
          </button>
        ) : (
          <>
            <h2>Or continue without a passcode</h2>
            <p className="muted">
              Anyone who can read your files, including malware, could take over your Telegram
              accounts. Choose this only on a computer you fully control.
            </p>
            <button
              type="button"
              className="button"
              onClick={() => {
                setIsConfirming(true);
              }}
            >
              Accept weak storage
            </button>
          </>
        )}
      </div>
      <ConfirmDialog
        isOpen={isConfirming}
        title="Save sign-ins without protection?"
        confirmLabel="Accept weak storage"
        isDestructive
        isBusy={accept.isBusy}
        onCancel={() => {
          setIsConfirming(false);
        }}
        onConfirm={() => {
          void accept.run('vault:accept-weak-storage').then((status) => {
            setIsConfirming(false);
            if (status === undefined) return;
            setVault(status);
            props.onDone();
          });
        }}
      >
        <p>
          Your Telegram sessions will be stored in a form that other programs on this computer can
          read. You can set a passcode later in Settings to protect them.
        </p>
      </ConfirmDialog>
    </section>
  );
}
