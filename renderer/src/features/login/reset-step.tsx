import { type ReactNode, type SyntheticEvent, useRef, useState } from 'react';
import type { LoginView } from '../../../../electron/shared/dto';
import type { AppError } from '../../../../electron/shared/errors';
import { Field } from '../../ui/field';
import { BusyLabel } from '../../ui/spinner';
import { isWait } from './login-errors';
import { formatResetMoment } from '../../lib/reset-date';
import { WaitNotice } from './wait-notice';

const digitsOf = (text: string): string => text.replace(/\D/g, '');

/**
 * The account reset for a lost password without a recovery email (`account.deleteAccount`),
 * behind the phone number typed again. When Telegram holds it back, the step says from when the
 * reset is allowed; the password can still be entered meanwhile.
 */
export function ResetStep(props: {
  view: LoginView;
  error: AppError | null;
  retryAt: number | null;
  isBusy: boolean;
  onReset: (confirmation: string) => void;
  onBack: () => void;
  onCancel: () => void;
  onEdit: () => void;
}): ReactNode {
  const [confirmation, setConfirmation] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const phone = props.view.phone ?? '';
  const availableAt = props.view.reset?.availableAt ?? null;

  const onSubmit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (digitsOf(confirmation) !== digitsOf(phone)) {
      setLocalError(
        confirmation.trim() === ''
          ? `Type ${phone} to confirm the reset.`
          : `That is not this account’s number. Type ${phone} to confirm the reset.`,
      );
      inputRef.current?.focus();
      return;
    }
    props.onReset(confirmation);
  };
  const error = props.error;
  const serverError =
    error === null || isWait(error) || (error.field !== undefined && error.field !== 'confirmation')
      ? null
      : error.message;

  return (
    <form className="form" noValidate onSubmit={onSubmit}>
      <h1 tabIndex={-1}>Reset the account</h1>
      {availableAt === null ? (
        <>
          <div className="notice notice-warn" role="note">
            <p>
              A reset deletes the Telegram account of <strong>{phone}</strong> for good: its chats,
              messages, contacts and the groups and channels it owns. The phone number stays yours:
              Gramdeck then creates a new account with it, using the code you already entered.
            </p>
            <p>
              If the account was used recently, Telegram holds the reset back for up to a week and
              tells the devices that are signed in to it.
            </p>
          </div>
          <Field
            label={`Type the phone number ${phone} to confirm`}
            error={localError ?? serverError}
            after={<WaitNotice error={props.error} retryAt={props.retryAt} />}
          >
            {(control) => (
              <input
                {...control}
                ref={inputRef}
                className="input"
                inputMode="tel"
                autoComplete="off"
                spellCheck={false}
                maxLength={32}
                autoFocus
                value={confirmation}
                onChange={(event) => {
                  setConfirmation(event.target.value);
                  setLocalError(null);
                  props.onEdit();
                }}
              />
            )}
          </Field>
        </>
      ) : (
        <div className="notice notice-warn" role="status">
          <p>
            This account was used recently, so Telegram holds the reset back.{' '}
            <strong>You can reset this account after {formatResetMoment(availableAt)}.</strong>
          </p>
          <p>
            Until then you can still sign in with the password. After that moment, sign in with this
            number again and choose “Reset the account” once more.
          </p>
        </div>
      )}
      <div className="form-actions">
        {availableAt === null ? (
          <button type="submit" className="button button-danger" disabled={props.isBusy}>
            <BusyLabel isBusy={props.isBusy}>Reset account</BusyLabel>
          </button>
        ) : null}
        <button
          type="button"
          className={availableAt === null ? 'button-link' : 'button button-primary'}
          disabled={props.isBusy}
          onClick={props.onBack}
        >
          Back to the password
        </button>
        <button type="button" className="button-link" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
