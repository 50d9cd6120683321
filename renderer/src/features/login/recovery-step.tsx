import { type ReactNode, type SyntheticEvent, useRef, useState } from 'react';
import type { LoginView } from '../../../../electron/shared/dto';
import type { AppError } from '../../../../electron/shared/errors';
import { normalizeCode } from '../../lib/code-input';
import { useCountdown } from '../../lib/use-countdown';
import { Field } from '../../ui/field';
import { BusyLabel } from '../../ui/spinner';
import { CodeInput } from './code-input';
import { errorFor, isWait } from './login-errors';
import { PasswordInput } from '../../ui/password-input';
import { WaitNotice } from './wait-notice';

/**
 * Password recovery by email: the code (checked first), then an optional new password and hint.
 */
export function RecoveryStep(props: {
  view: LoginView;
  error: AppError | null;
  retryAt: number | null;
  isBusy: boolean;
  onCheckCode: (code: string) => void;
  onRecover: (input: { code: string; newPassword?: string; hint?: string }) => void;
  onResendEmail: () => void;
  onBack: () => void;
  onEdit: () => void;
}): ReactNode {
  const recovery = props.view.recovery;
  const [code, setCode] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [hint, setHint] = useState('');
  const [localError, setLocalError] = useState<{ field: string; message: string } | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const isWaiting = useCountdown(isWait(props.error) ? props.retryAt : null) > 0;
  if (recovery === null) return null;

  const isChecked = recovery.isCodeChecked;
  const isExpired = props.error?.code === 'PASSWORD_RECOVERY_EXPIRED';
  const onSubmit = (event: SyntheticEvent): void => {
    event.preventDefault();
    const digits = normalizeCode(code, null);
    if (digits === '') {
      setLocalError({ field: 'code', message: 'Enter the code from the email.' });
      codeRef.current?.focus();
      return;
    }
    if (!isChecked) {
      props.onCheckCode(digits);
      return;
    }
    if (hint !== '' && newPassword === '') {
      setLocalError({ field: 'newPassword', message: 'A hint needs a new password to go with.' });
      return;
    }
    if (hint !== '' && hint === newPassword) {
      setLocalError({ field: 'hint', message: 'The hint must not be the password itself.' });
      return;
    }
    props.onRecover({
      code: digits,
      ...(newPassword === '' ? {} : { newPassword }),
      ...(hint === '' ? {} : { hint }),
    });
  };
  const messageFor = (field: string): string | null =>
    localError?.field === field ? localError.message : errorFor(props.error, 'recovery', field);

  return (
    <form className="form" noValidate onSubmit={onSubmit}>
      <h1 tabIndex={-1}>Reset your password</h1>
      <p className="muted">
        We sent a code to your recovery email <strong>{recovery.emailPattern}</strong>.
        {isChecked ? ' The code is correct.' : ''}
      </p>
      <Field
        label="Code from the email"
        error={messageFor('code')}
        after={<WaitNotice error={props.error} retryAt={props.retryAt} />}
      >
        {(control) => (
          <CodeInput
            control={control}
            ref={codeRef}
            value={code}
            length={null}
            readOnly={props.isBusy || isChecked}
            onChange={(next) => {
              setCode(next);
              setLocalError(null);
              props.onEdit();
            }}
            onComplete={() => undefined}
          />
        )}
      </Field>
      {isExpired ? (
        <div className="inline-action">
          <button
            type="button"
            className="button"
            disabled={props.isBusy}
            onClick={() => {
              setCode('');
              props.onResendEmail();
            }}
          >
            Email me a new code
          </button>
        </div>
      ) : null}
      {isChecked ? (
        <fieldset className="fieldset">
          <legend>New password (optional)</legend>
          <p className="muted">
            Leave it empty to turn two-step verification off for this account. You can set a new
            password later in Telegram.
          </p>
          <Field label="New password" error={messageFor('newPassword')}>
            {(control) => (
              <PasswordInput
                control={control}
                value={newPassword}
                autoComplete="new-password"
                autoFocus
                onChange={(next) => {
                  setNewPassword(next);
                  setLocalError(null);
                }}
              />
            )}
          </Field>
          <Field label="Hint (optional)" error={messageFor('hint')}>
            {(control) => (
              <input
                {...control}
                className="input"
                maxLength={128}
                value={hint}
                onChange={(event) => {
                  setHint(event.target.value);
                  setLocalError(null);
                }}
              />
            )}
          </Field>
        </fieldset>
      ) : null}
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={props.isBusy || isWaiting}
        >
          <BusyLabel isBusy={props.isBusy}>
            {isChecked ? 'Finish signing in' : 'Check code'}
          </BusyLabel>
        </button>
        <button type="button" className="button-link" onClick={props.onBack}>
          Cancel
        </button>
      </div>
    </form>
  );
}
