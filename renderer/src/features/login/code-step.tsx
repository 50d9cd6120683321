import { type ReactNode, type SyntheticEvent, useRef, useState } from 'react';
import type { LoginView } from '../../../../electron/shared/dto';
import type { AppError } from '../../../../electron/shared/errors';
import { codeInputKind } from '../../../../electron/shared/rules';
import { normalizeCode } from '../../lib/code-input';
import { useCountdown } from '../../lib/use-countdown';
import { CountdownText } from '../../ui/countdown-text';
import { Field } from '../../ui/field';
import { BusyLabel } from '../../ui/spinner';
import { CodeInput } from './code-input';
import {
  codeFieldLabel,
  describeDelivery,
  fragmentLink,
  nextMethodPhrase,
  resendLabel,
} from './code-delivery';
import { errorFor, isWait } from './login-errors';
import { WaitNotice } from './wait-notice';

/** Telegram (or main) refused the code itself: the same code would be refused again. */
function isRefusedCode(error: AppError | null): boolean {
  return (
    error !== null &&
    (error.code === 'PHONE_CODE_INVALID' ||
      error.code === 'PHONE_CODE_EMPTY' ||
      (error.code === 'VALIDATION' && error.field === 'code'))
  );
}

/**
 * The code step: where the code went, the code field (digits, the number that called, or words,
 * by delivery type), resend with countdown while Telegram names a next way, wrong number. A
 * Firebase SMS has no field: Gramdeck cannot receive it, so the next way is the only action.
 */
export function CodeStep(props: {
  view: LoginView;
  error: AppError | null;
  retryAt: number | null;
  isBusy: boolean;
  onSubmit: (code: string) => void;
  onResend: () => void;
  onNewCode: () => void;
  onWrongNumber: () => void;
  onEdit: () => void;
}): ReactNode {
  const code = props.view.code;
  const [value, setValue] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  /** The code last sent: Enter does not send it again once Telegram has refused it. */
  const lastSent = useRef<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const isWaiting = useCountdown(isWait(props.error) ? props.retryAt : null) > 0;
  const resendIn = useCountdown(code?.resendAt ?? null);
  if (code === null) return null;

  const kind = codeInputKind(code.type);
  const hasField = kind !== 'none';
  const isEnded = code.isEnded;
  const link = code.type === 'fragment-sms' ? fragmentLink(code.url) : null;
  const submit = (current: string): void => {
    if (current === '') {
      setLocalError(
        kind === 'calling-number' ? 'Enter the number that called you.' : 'Enter the code.',
      );
      inputRef.current?.focus();
      return;
    }
    if (current === lastSent.current && isRefusedCode(props.error)) {
      inputRef.current?.focus();
      return;
    }
    setLocalError(null);
    lastSent.current = current;
    props.onSubmit(current);
  };
  const onSubmit = (event: SyntheticEvent): void => {
    event.preventDefault();
    submit(normalizeCode(value, code.length, kind).trim());
  };

  const fieldError = localError ?? errorFor(props.error, 'code', 'code');
  return (
    <form className="form" noValidate onSubmit={onSubmit}>
      <h1 tabIndex={-1}>{hasField ? 'Enter the code' : 'Get the code another way'}</h1>
      <p className="delivery">{describeDelivery(code, props.view.phone)}</p>
      {link === null ? null : (
        <p>
          <a href={link} target="_blank" rel="noreferrer noopener">
            Open your number on Fragment
          </a>
        </p>
      )}
      {hasField ? (
        <Field
          label={codeFieldLabel(code.type)}
          error={fieldError}
          after={<WaitNotice error={props.error} retryAt={props.retryAt} />}
        >
          {(control) => (
            <CodeInput
              control={control}
              ref={inputRef}
              value={value}
              length={code.length}
              kind={kind}
              pattern={code.pattern}
              readOnly={props.isBusy || isEnded}
              onChange={(next) => {
                setValue(next);
                setLocalError(null);
                props.onEdit();
              }}
              onComplete={(complete) => {
                if (!isEnded && !isWaiting) submit(complete);
              }}
            />
          )}
        </Field>
      ) : (
        <>
          {fieldError === null ? null : (
            <p className="field-error" role="alert">
              {fieldError}
            </p>
          )}
          <WaitNotice error={props.error} retryAt={props.retryAt} />
        </>
      )}
      {isEnded ? (
        <div className="inline-action">
          <button
            type="button"
            className="button"
            disabled={props.isBusy || isWaiting}
            onClick={() => {
              setValue('');
              props.onNewCode();
            }}
          >
            Send a new code
          </button>
        </div>
      ) : null}
      <div className="form-actions">
        {hasField ? (
          <button
            type="submit"
            className="button button-primary"
            disabled={props.isBusy || isWaiting || isEnded}
          >
            <BusyLabel isBusy={props.isBusy}>Continue</BusyLabel>
          </button>
        ) : null}
        <button type="button" className="button-link" onClick={props.onWrongNumber}>
          Wrong number?
        </button>
      </div>
      <div className="resend">
        {isEnded ? null : !code.canResend ? (
          <p className="muted">No other way to send the code is available.</p>
        ) : (
          <CountdownText
            until={resendIn > 0 ? code.resendAt : null}
            running={(clock) => `You can get ${nextMethodPhrase(code.nextType)} in ${clock}.`}
            announceStart={(duration) =>
              `You can get ${nextMethodPhrase(code.nextType)} in ${duration}.`
            }
            announceEnd={`You can now get ${nextMethodPhrase(code.nextType)}.`}
            done={
              <button
                type="button"
                className={hasField ? 'button-link' : 'button button-primary'}
                disabled={props.isBusy || isWaiting}
                onClick={() => {
                  setValue('');
                  props.onResend();
                  inputRef.current?.focus();
                }}
              >
                {resendLabel(code.nextType)}
              </button>
            }
          />
        )}
      </div>
    </form>
  );
}
