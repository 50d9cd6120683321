import { type ReactNode, type SyntheticEvent, useRef, useState } from 'react';
import type { LoginView } from '../../../../electron/shared/dto';
import type { AppError } from '../../../../electron/shared/errors';
import { normalizeCode } from '../../lib/code-input';
import { useCountdown } from '../../lib/use-countdown';
import { Field } from '../../ui/field';
import { BusyLabel } from '../../ui/spinner';
import { CodeInput } from './code-input';
import { describeDelivery } from './code-delivery';
import { isWait } from './login-errors';
import { WaitNotice } from './wait-notice';

/**
 * `setUpEmailRequired`: Telegram wants a login email before it sends the code. The user enters
 * an address, then the code Telegram mailed there to confirm it; Telegram then mails the login
 * code, and the attempt continues on the code step.
 */
export function EmailSetupStep(props: {
  view: LoginView;
  error: AppError | null;
  retryAt: number | null;
  isBusy: boolean;
  onSetEmail: (email: string) => void;
  onVerify: (code: string) => void;
  onNewCode: () => void;
  onWrongNumber: () => void;
  onEdit: () => void;
}): ReactNode {
  const code = props.view.code;
  const [email, setEmail] = useState('');
  const [emailCode, setEmailCode] = useState('');
  const [isChangingEmail, setIsChangingEmail] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const isWaiting = useCountdown(isWait(props.error) ? props.retryAt : null) > 0;
  if (code === null) return null;

  const sentTo = isChangingEmail ? null : code.emailSetup;
  const phase = sentTo === null ? 'email' : 'emailCode';
  const serverError =
    props.error === null || isWait(props.error)
      ? null
      : (props.error.field ?? phase) === phase
        ? props.error.message
        : null;
  const message = localError ?? serverError;

  const sendEmail = (event: SyntheticEvent): void => {
    event.preventDefault();
    const trimmed = email.trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed)) {
      setLocalError('Enter an email address like name@example.com.');
      emailRef.current?.focus();
      return;
    }
    setIsChangingEmail(false);
    setEmailCode('');
    props.onSetEmail(trimmed);
  };
  const verify = (current: string): void => {
    if (current === '') {
      setLocalError('Enter the code from the email.');
      codeRef.current?.focus();
      return;
    }
    props.onVerify(current);
  };

  return (
    <form
      className="form"
      noValidate
      onSubmit={
        phase === 'email'
          ? sendEmail
          : (event) => {
              event.preventDefault();
              verify(normalizeCode(emailCode, sentTo?.length ?? null));
            }
      }
    >
      <h1 tabIndex={-1}>Add a login email</h1>
      <p className="delivery">{describeDelivery(code, props.view.phone)}</p>
      {phase === 'email' ? (
        <Field
          label="Login email"
          error={message}
          after={<WaitNotice error={props.error} retryAt={props.retryAt} />}
        >
          {(control) => (
            <input
              {...control}
              ref={emailRef}
              className="input"
              type="email"
              inputMode="email"
              autoComplete="email"
              autoFocus
              spellCheck={false}
              readOnly={props.isBusy || code.isEnded}
              value={email}
              onChange={(event) => {
                setEmail(event.target.value);
                setLocalError(null);
                props.onEdit();
              }}
            />
          )}
        </Field>
      ) : (
        <>
          <p>
            We sent a code to <strong>{sentTo?.emailPattern}</strong> to confirm the address.
          </p>
          <Field
            label="Code from the email"
            error={message}
            after={<WaitNotice error={props.error} retryAt={props.retryAt} />}
          >
            {(control) => (
              <CodeInput
                control={control}
                ref={codeRef}
                value={emailCode}
                length={sentTo?.length ?? null}
                readOnly={props.isBusy || code.isEnded}
                onChange={(next) => {
                  setEmailCode(next);
                  setLocalError(null);
                  props.onEdit();
                }}
                onComplete={(complete) => {
                  if (!isWaiting && !code.isEnded) verify(complete);
                }}
              />
            )}
          </Field>
        </>
      )}
      {code.isEnded ? (
        <div className="inline-action">
          <button
            type="button"
            className="button"
            disabled={props.isBusy || isWaiting}
            onClick={props.onNewCode}
          >
            Send a new code
          </button>
        </div>
      ) : null}
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={props.isBusy || isWaiting || code.isEnded}
        >
          <BusyLabel isBusy={props.isBusy}>
            {phase === 'email' ? 'Send code' : 'Confirm email'}
          </BusyLabel>
        </button>
        {phase === 'emailCode' ? (
          <button
            type="button"
            className="button-link"
            onClick={() => {
              setIsChangingEmail(true);
              props.onEdit();
            }}
          >
            Use a different email
          </button>
        ) : null}
        <button type="button" className="button-link" onClick={props.onWrongNumber}>
          Wrong number?
        </button>
      </div>
    </form>
  );
}
