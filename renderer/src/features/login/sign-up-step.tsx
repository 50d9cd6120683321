import { type ReactNode, type SyntheticEvent, useState } from 'react';
import type { LoginView } from '../../../../electron/shared/dto';
import type { AppError } from '../../../../electron/shared/errors';
import { useAppData } from '../../state/app-data';
import { Field } from '../../ui/field';
import { BusyLabel } from '../../ui/spinner';
import { errorFor } from './login-errors';

/** A new number: the name for the new account and Telegram's terms, explicitly accepted. */
export function SignUpStep(props: {
  view: LoginView;
  error: AppError | null;
  isBusy: boolean;
  onSubmit: (input: { firstName: string; lastName: string }) => void;
  onCancel: () => void;
  onEdit: () => void;
}): ReactNode {
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [isAccepted, setIsAccepted] = useState(false);
  const [localError, setLocalError] = useState<{ field: string; message: string } | null>(null);
  const terms = props.view.signUp;
  // The sandbox's DC sends its own terms, not Telegram's: the checkbox names whose they are.
  const termsOwner = useAppData().info.serverProfile.isSandbox ? 'the sandbox’s' : 'Telegram’s';

  const onSubmit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (firstName.trim() === '') {
      setLocalError({ field: 'firstName', message: 'Enter your first name.' });
      return;
    }
    if (!isAccepted) {
      setLocalError({ field: 'acceptTerms', message: 'Accept the terms of service to continue.' });
      return;
    }
    setLocalError(null);
    props.onSubmit({ firstName: firstName.trim(), lastName: lastName.trim() });
  };
  const messageFor = (field: string): string | null =>
    localError?.field === field ? localError.message : errorFor(props.error, 'sign-up', field);
  const termsError = messageFor('acceptTerms');

  return (
    <form className="form" noValidate onSubmit={onSubmit}>
      <h1 tabIndex={-1}>Create a Telegram account</h1>
      <p className="muted">
        {props.view.phone ?? 'This number'} has no Telegram account yet. Enter a name to create one.
      </p>
      <Field label="First name" error={messageFor('firstName')}>
        {(control) => (
          <input
            {...control}
            className="input"
            autoComplete="given-name"
            maxLength={64}
            autoFocus
            value={firstName}
            onChange={(event) => {
              setFirstName(event.target.value);
              setLocalError(null);
              props.onEdit();
            }}
          />
        )}
      </Field>
      <Field label="Last name (optional)" error={messageFor('lastName')}>
        {(control) => (
          <input
            {...control}
            className="input"
            autoComplete="family-name"
            maxLength={64}
            value={lastName}
            onChange={(event) => {
              setLastName(event.target.value);
              props.onEdit();
            }}
          />
        )}
      </Field>
      {terms === null || terms.termsOfService === '' ? null : (
        <section className="terms" aria-labelledby="terms-heading">
          <h2 id="terms-heading">Terms of service</h2>
          <div className="terms-text" tabIndex={0}>
            {terms.termsOfService.split(/\n{2,}/).map((paragraph, index) => (
              <p key={index}>{paragraph}</p>
            ))}
          </div>
          {terms.minAgeConfirm === null ? null : (
            <p className="muted">You must be at least {terms.minAgeConfirm} years old.</p>
          )}
        </section>
      )}
      <div className="field">
        <label className="check">
          <input
            type="checkbox"
            checked={isAccepted}
            aria-invalid={termsError !== null}
            aria-describedby="terms-error"
            onChange={(event) => {
              setIsAccepted(event.target.checked);
              setLocalError(null);
            }}
          />
          I accept {termsOwner} terms of service
        </label>
        <p id="terms-error" className="field-error" aria-live="polite">
          {termsError}
        </p>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={props.isBusy}>
          <BusyLabel isBusy={props.isBusy}>Create account</BusyLabel>
        </button>
        <button type="button" className="button-link" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
