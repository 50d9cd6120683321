import { type ReactNode, type SyntheticEvent, useRef, useState } from 'react';
import type { AppError } from '../../../../electron/shared/errors';
import { useAppData } from '../../app/app-data';
import { retryAtFrom } from '../../lib/countdown';
import { invoke } from '../../lib/call';
import { useCountdown } from '../../lib/use-countdown';
import { CountdownText } from '../../ui/countdown-text';
import { Field } from '../../ui/field';
import { BusyLabel } from '../../ui/spinner';
import { NewPasscodeForm } from './new-passcode-form';

/** The app lock: passcode, or "Forgot passcode?" with the recovery code. */
export function LockScreen(props: { onNewRecoveryCode: (code: string) => void }): ReactNode {
  const [mode, setMode] = useState<'unlock' | 'forgot'>('unlock');
  return (
    <main className="center-screen" id="main">
      <div className="card lock-card">
        <p className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">Gramdeck</span>
        </p>
        {mode === 'unlock' ? (
          <UnlockForm
            onForgot={() => {
              setMode('forgot');
            }}
          />
        ) : (
          <ForgotPasscode
            onBack={() => {
              setMode('unlock');
            }}
            onNewRecoveryCode={props.onNewRecoveryCode}
          />
        )}
      </div>
    </main>
  );
}

/**
 * When attempts may resume: the later of the vault's retryAt and the last error's retryAfter.
 * `note` records an error at the moment it arrives.
 */
function useRetryAt(vaultRetryAt: number | null): [number | null, (error: AppError) => void] {
  const [fromError, setFromError] = useState<number | null>(null);
  const note = (error: AppError): void => {
    setFromError(retryAtFrom(error.retryAfter, Date.now()));
  };
  const candidates = [fromError, vaultRetryAt].filter((x): x is number => x !== null);
  return [candidates.length === 0 ? null : Math.max(...candidates), note];
}

function UnlockForm(props: { onForgot: () => void }): ReactNode {
  const { vault, setVault } = useAppData();
  const [passcode, setPasscode] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [retryAt, noteRetry] = useRetryAt(vault.retryAt);
  const remaining = useCountdown(retryAt);
  const inputRef = useRef<HTMLInputElement>(null);

  const onSubmit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    if (passcode === '') {
      setError({ code: 'VALIDATION', message: 'Enter your passcode.' });
      return;
    }
    setIsBusy(true);
    const result = await invoke('vault:unlock', { passcode });
    setIsBusy(false);
    if (result.ok) {
      setVault(result.value);
      return;
    }
    setError(result.error);
    noteRetry(result.error);
    setPasscode('');
    inputRef.current?.focus();
  };

  const isWaiting = remaining > 0;
  return (
    <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
      <h1 tabIndex={-1}>Gramdeck is locked</h1>
      <p className="muted">Enter your passcode to open your accounts.</p>
      <Field
        label="Passcode"
        error={error?.code === 'TOO_MANY_REQUESTS' ? null : error?.message}
        after={
          <p className="field-note">
            <CountdownText
              until={isWaiting ? retryAt : null}
              running={(clock) => `Too many attempts. Try again in ${clock}.`}
              announceStart={(duration) => `Too many attempts. Try again in ${duration}.`}
              announceEnd="You can try your passcode again."
            />
          </p>
        }
      >
        {(control) => (
          <input
            {...control}
            ref={inputRef}
            className="input"
            type="password"
            autoComplete="current-password"
            autoFocus
            value={passcode}
            onChange={(event) => {
              setPasscode(event.target.value);
            }}
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={isBusy || isWaiting}>
          <BusyLabel isBusy={isBusy}>Unlock</BusyLabel>
        </button>
        <button type="button" className="button-link" onClick={props.onForgot}>
          Forgot passcode?
        </button>
      </div>
    </form>
  );
}

function ForgotPasscode(props: {
  onBack: () => void;
  onNewRecoveryCode: (code: string) => void;
}): ReactNode {
  const { vault } = useAppData();
  const [recoveryCode, setRecoveryCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [retryAt, noteRetry] = useRetryAt(vault.retryAt);
  const remaining = useCountdown(retryAt);

  const submit = async (newPasscode: string): Promise<AppError | null> => {
    const result = await invoke('vault:reset-with-recovery-code', {
      recoveryCode: recoveryCode.trim(),
      newPasscode,
    });
    if (result.ok) {
      props.onNewRecoveryCode(result.value.recoveryCode);
      return null;
    }
    noteRetry(result.error);
    if (result.error.field === 'newPasscode') return result.error;
    setCodeError(result.error.code === 'TOO_MANY_REQUESTS' ? null : result.error.message);
    return result.error;
  };

  return (
    <div className="form">
      <h1 tabIndex={-1}>Reset your passcode</h1>
      <p className="muted">
        Enter the recovery code you saved when you set the passcode, then choose a new passcode.
        Your accounts stay as they are. You will get a new recovery code.
      </p>
      <NewPasscodeForm
        submitLabel="Reset passcode"
        isBlocked={remaining > 0}
        precheck={() => {
          if (recoveryCode.trim() !== '') return true;
          setCodeError('Enter the recovery code.');
          return false;
        }}
        before={
          <Field
            label="Recovery code"
            error={codeError}
            after={
              <p className="field-note">
                <CountdownText
                  until={remaining > 0 ? retryAt : null}
                  running={(clock) => `Too many attempts. Try again in ${clock}.`}
                  announceStart={(duration) => `Too many attempts. Try again in ${duration}.`}
                  announceEnd="You can try a recovery code again."
                />
              </p>
            }
          >
            {(control) => (
              <input
                {...control}
                className="input input-mono"
                autoComplete="off"
                spellCheck={false}
                autoFocus
                value={recoveryCode}
                onChange={(event) => {
                  setRecoveryCode(event.target.value);
                  setCodeError(null);
                }}
              />
            )}
          </Field>
        }
        submit={submit}
      />
      <button type="button" className="button-link" onClick={props.onBack}>
        Back to unlock
      </button>
    </div>
  );
}
