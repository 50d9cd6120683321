import { type SyntheticEvent, type ReactNode, useState } from 'react';
import type { AppError } from '../../../../electron/shared/errors';
import { weakPasscodeProblem } from './passcode-strength';
import { Field } from '../../ui/field';
import { checkNewPasscode, MIN_PASSCODE_LENGTH } from './check-new-passcode';
import { PasswordInput } from '../../ui/password-input';
import { PasscodeStrengthMeter, usePasscodeStrength } from './passcode-strength-meter';
import { BusyLabel } from '../../ui/spinner';

/**
 * A new passcode typed twice, with a strength meter. The weakest passcodes (such as a 4-digit PIN)
 * submit only after "Use it anyway" is ticked. `submit` returns the error to show, or null on
 * success.
 */
export function NewPasscodeForm(props: {
  submitLabel: string;
  /** Fields shown above the new passcode, e.g. the current passcode or a recovery code. */
  before?: ReactNode;
  /** Extra check before submitting (e.g. the fields in `before`); returns false to stop. */
  precheck?: () => boolean;
  isBlocked?: boolean;
  submit: (passcode: string) => Promise<AppError | null>;
}): ReactNode {
  const [passcode, setPasscode] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [error, setError] = useState<{ field: string; message: string } | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [isWeakAccepted, setIsWeakAccepted] = useState(false);
  const { strength, estimateNow } = usePasscodeStrength(passcode);

  const onSubmit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    if (props.precheck !== undefined && !props.precheck()) return;
    const problem = checkNewPasscode(passcode, confirmation);
    setError(problem);
    if (problem !== null) return;
    setIsBusy(true);
    try {
      const weakness = weakPasscodeProblem(await estimateNow(), isWeakAccepted);
      if (weakness !== null) {
        setError({ field: 'passcode', message: weakness });
        return;
      }
      const failure = await props.submit(passcode);
      if (failure !== null && (failure.field === 'newPasscode' || failure.field === 'passcode')) {
        setError({ field: 'passcode', message: failure.message });
      }
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
      {props.before}
      <Field
        label="New passcode"
        hint={`At least ${MIN_PASSCODE_LENGTH} characters. Gramdeck asks for it when you open the app.`}
        error={error?.field === 'passcode' ? error.message : null}
        after={
          <>
            <PasscodeStrengthMeter strength={strength} />
            {strength?.isWeak === true ? (
              <label className="check">
                <input
                  type="checkbox"
                  checked={isWeakAccepted}
                  onChange={(event) => {
                    setIsWeakAccepted(event.target.checked);
                    if (event.target.checked) {
                      setError((current) => (current?.field === 'passcode' ? null : current));
                    }
                  }}
                />
                Use it anyway, even though it is easy to guess
              </label>
            ) : null}
          </>
        }
      >
        {(control) => (
          <PasswordInput
            control={control}
            canReveal={false}
            autoComplete="new-password"
            value={passcode}
            onChange={(value) => {
              setPasscode(value);
              // The acceptance was for the passcode the user saw rated; a new one is rated anew.
              setIsWeakAccepted(false);
            }}
          />
        )}
      </Field>
      <Field label="Type it again" error={error?.field === 'confirm' ? error.message : null}>
        {(control) => (
          <PasswordInput
            control={control}
            canReveal={false}
            autoComplete="new-password"
            value={confirmation}
            onChange={setConfirmation}
          />
        )}
      </Field>
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={isBusy || props.isBlocked === true}
        >
          <BusyLabel isBusy={isBusy}>{props.submitLabel}</BusyLabel>
        </button>
      </div>
    </form>
  );
}
