import { type ReactNode, useState } from 'react';
import type { AppError } from '../../../../electron/shared/errors';
import { useAppData } from '../../state/app-data';
import { invoke } from '../../lib/call';
import { useCountdown } from '../../lib/use-countdown';
import { useRetryAt } from '../../lib/use-retry-at';
import { CountdownText } from '../../ui/countdown-text';
import { Field } from '../../ui/field';
import { PasswordInput } from '../../ui/password-input';
import { NewPasscodeForm } from './new-passcode-form';

/** "Forgot passcode?" on the lock screen: the recovery code and a new passcode. */
export function ForgotPasscode(props: {
  onBack: () => void;
  onNewRecoveryCode: (code: string) => void;
}): ReactNode {
  const { vault } = useAppData();
  const [recoveryCode, setRecoveryCode] = useState('');
  const [codeError, setCodeError] = useState<{ message: string; isWait: boolean } | null>(null);
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
    setCodeError(
      result.error.code === 'TOO_MANY_REQUESTS'
        ? null
        : { message: result.error.message, isWait: result.error.retryAfter !== undefined },
    );
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
          setCodeError({ message: 'Enter the recovery code.', isWait: false });
          return false;
        }}
        before={
          <Field
            label="Recovery code"
            error={
              codeError === null || (codeError.isWait && remaining === 0) ? null : codeError.message
            }
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
              <PasswordInput
                control={control}
                autoComplete="off"
                secretName="recovery code"
                isMono
                autoFocus
                value={recoveryCode}
                onChange={(value) => {
                  setRecoveryCode(value);
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
