import { type ReactNode, type SyntheticEvent, useEffect, useId, useRef, useState } from 'react';
import type { LoginView } from '../../../../electron/shared/dto';
import type { AppError } from '../../../../electron/shared/errors';
import { useCountdown } from '../../lib/use-countdown';
import { Field } from '../../ui/field';
import { BusyLabel } from '../../ui/spinner';
import { AccountResetHelp } from './account-reset-help';
import { errorFor, isWait } from './login-errors';
import { PasswordInput } from '../../ui/password-input';
import { ResetStep } from './reset-step';
import { WaitNotice } from './wait-notice';

/**
 * Two-step verification: the cloud password, with its hint and "Forgot password?". Without a
 * recovery email, "Forgot password?" explains at once (no call to Telegram) and leads to the
 * account reset, which replaces the form until the user goes back to the password.
 */
export function PasswordStep(props: {
  view: LoginView;
  error: AppError | null;
  retryAt: number | null;
  isBusy: boolean;
  onSubmit: (password: string) => void;
  onForgot: () => void;
  onResetAccount: (confirmation: string) => void;
  onCancel: () => void;
  onEdit: () => void;
}): ReactNode {
  const [password, setPassword] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const [mode, setMode] = useState<'password' | 'reset'>(
    props.view.reset === null ? 'password' : 'reset',
  );
  const [isHelpShown, setIsHelpShown] = useState(false);
  const helpId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const isWaiting = useCountdown(isWait(props.error) ? props.retryAt : null) > 0;
  const hint = props.view.password?.hint ?? null;
  const hasRecovery = props.view.password?.hasRecovery ?? true;
  const isRecoveryUnavailable = props.error?.code === 'PASSWORD_RECOVERY_NA';
  const canReset = props.view.phone !== null;

  // Switching between the password and the reset moves focus to the new heading.
  const isFirstMode = useRef(true);
  useEffect(() => {
    if (isFirstMode.current) {
      isFirstMode.current = false;
      return;
    }
    containerRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [mode]);

  const openReset = (): void => {
    props.onEdit();
    setMode('reset');
  };

  if (mode === 'reset') {
    return (
      <div ref={containerRef}>
        <ResetStep
          view={props.view}
          error={props.error}
          retryAt={props.retryAt}
          isBusy={props.isBusy}
          onReset={props.onResetAccount}
          onBack={() => {
            props.onEdit();
            setMode('password');
          }}
          onCancel={props.onCancel}
          onEdit={props.onEdit}
        />
      </div>
    );
  }

  const onSubmit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (password === '') {
      setLocalError('Enter your password.');
      inputRef.current?.focus();
      return;
    }
    props.onSubmit(password);
  };

  const isHelpVisible = isRecoveryUnavailable || (!hasRecovery && isHelpShown);
  return (
    <div ref={containerRef}>
      <form className="form" noValidate onSubmit={onSubmit}>
        <h1 tabIndex={-1}>Enter your password</h1>
        <p className="muted">
          This account is protected with two-step verification, so Telegram needs its password too.
        </p>
        <Field
          label="Password"
          hint={hint === null || hint === '' ? undefined : `Hint: ${hint}`}
          error={
            localError ??
            (isRecoveryUnavailable ? null : errorFor(props.error, 'password', 'password'))
          }
          after={<WaitNotice error={props.error} retryAt={props.retryAt} />}
        >
          {(control) => (
            <PasswordInput
              control={control}
              ref={inputRef}
              value={password}
              autoComplete="current-password"
              autoFocus
              onChange={(next) => {
                setPassword(next);
                setLocalError(null);
                props.onEdit();
              }}
            />
          )}
        </Field>
        {isHelpVisible ? (
          <AccountResetHelp id={helpId} onReset={canReset ? openReset : null} />
        ) : null}
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={props.isBusy || isWaiting}
          >
            <BusyLabel isBusy={props.isBusy}>Continue</BusyLabel>
          </button>
          {hasRecovery ? (
            <button
              type="button"
              className="button-link"
              disabled={props.isBusy}
              onClick={props.onForgot}
            >
              Forgot password?
            </button>
          ) : (
            // No recovery email: nothing to ask Telegram, the explanation is shown at once.
            <button
              type="button"
              className="button-link"
              aria-expanded={isHelpVisible}
              aria-controls={helpId}
              onClick={() => {
                setIsHelpShown((shown) => !shown);
              }}
            >
              Forgot password?
            </button>
          )}
          <button type="button" className="button-link" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
