import { type ReactNode, type SyntheticEvent, useRef, useState } from 'react';
import type { LoginView } from '../../../../electron/shared/dto';
import type { AppError } from '../../../../electron/shared/errors';
import { useCountdown } from '../../lib/use-countdown';
import { Field } from '../../ui/field';
import { BusyLabel } from '../../ui/spinner';
import { AccountResetHelp } from './account-reset-help';
import { errorFor, isWait } from './login-errors';
import { PasswordInput } from '../../ui/password-input';
import { WaitNotice } from './wait-notice';

/** Two-step verification: the cloud password, with its hint and "Forgot password?". */
export function PasswordStep(props: {
  view: LoginView;
  error: AppError | null;
  retryAt: number | null;
  isBusy: boolean;
  onSubmit: (password: string) => void;
  onForgot: () => void;
  onCancel: () => void;
  onEdit: () => void;
}): ReactNode {
  const [password, setPassword] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const isWaiting = useCountdown(isWait(props.error) ? props.retryAt : null) > 0;
  const hint = props.view.password?.hint ?? null;
  const isRecoveryUnavailable = props.error?.code === 'PASSWORD_RECOVERY_NA';

  const onSubmit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (password === '') {
      setLocalError('Enter your password.');
      inputRef.current?.focus();
      return;
    }
    props.onSubmit(password);
  };

  return (
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
      {isRecoveryUnavailable ? <AccountResetHelp /> : null}
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={props.isBusy || isWaiting}
        >
          <BusyLabel isBusy={props.isBusy}>Continue</BusyLabel>
        </button>
        <button
          type="button"
          className="button-link"
          disabled={props.isBusy}
          onClick={props.onForgot}
        >
          Forgot password?
        </button>
        <button type="button" className="button-link" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
