import { type ReactNode, type SyntheticEvent, useRef, useState } from 'react';
import type { AppError } from '../../../../electron/shared/errors';
import { useAppData } from '../../state/app-data';
import { invoke } from '../../lib/call';
import { useCountdown } from '../../lib/use-countdown';
import { useRetryAt } from '../../lib/use-retry-at';
import { CountdownText } from '../../ui/countdown-text';
import { Field } from '../../ui/field';
import { PasswordInput } from '../../ui/password-input';
import { BusyLabel } from '../../ui/spinner';
import './lock.css';

/**
 * The app lock: passcode, or "Forgot passcode?" with the recovery code (the passcode feature's
 * reset form, which the app hands in; `back` returns to the passcode).
 */
export function LockScreen(props: { forgotPasscode: (back: () => void) => ReactNode }): ReactNode {
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
          props.forgotPasscode(() => {
            setMode('unlock');
          })
        )}
      </div>
    </main>
  );
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
  // A wrong passcode's "… Try again in 5 seconds." is true only while that wait runs.
  const isExpired = error?.retryAfter !== undefined && !isWaiting;
  const fieldError = error?.code === 'TOO_MANY_REQUESTS' || isExpired ? null : error?.message;
  return (
    <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
      <h1 tabIndex={-1}>Gramdeck is locked</h1>
      <p className="muted">Enter your passcode to open your accounts.</p>
      <Field
        label="Passcode"
        error={fieldError}
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
          <PasswordInput
            control={control}
            ref={inputRef}
            canReveal={false}
            autoComplete="current-password"
            autoFocus
            value={passcode}
            onChange={setPasscode}
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
