import { type ReactNode, type SyntheticEvent, useRef, useState } from 'react';
import type { CountryCode } from 'libphonenumber-js';
import type { AppError } from '../../../../electron/shared/errors';
import { checkPhone, countryOfNumber, formatPhoneAsYouType } from '../../lib/phone';
import { useCountdown } from '../../lib/use-countdown';
import { Field } from '../../ui/field';
import { BusyLabel } from '../../ui/spinner';
import { CountryPicker } from './country-picker';
import { errorFor, isWait } from './login-errors';
import { WaitNotice } from './wait-notice';

/** The phone number step: country picker, as-you-type formatting and validation. */
export function PhoneStep(props: {
  initialPhone: string | null;
  allowTestNumbers: boolean;
  error: AppError | null;
  retryAt: number | null;
  isBusy: boolean;
  onSubmit: (e164: string) => void;
  onEdit: () => void;
}): ReactNode {
  const [phone, setPhone] = useState(() =>
    props.initialPhone === null ? '' : formatPhoneAsYouType(props.initialPhone),
  );
  const [country, setCountry] = useState<CountryCode | null>(() =>
    props.initialPhone === null ? null : countryOfNumber(props.initialPhone),
  );
  const [localError, setLocalError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const isWaiting = useCountdown(isWait(props.error) ? props.retryAt : null) > 0;

  const onSubmit = (event: SyntheticEvent): void => {
    event.preventDefault();
    const check = checkPhone(phone, { allowTestNumbers: props.allowTestNumbers });
    if (!check.ok) {
      setLocalError(check.message);
      inputRef.current?.focus();
      return;
    }
    setLocalError(null);
    props.onSubmit(check.e164);
  };

  const error = localError ?? errorFor(props.error, 'phone', 'phone');
  return (
    <form className="form" noValidate onSubmit={onSubmit}>
      <h1 tabIndex={-1}>Add an account</h1>
      <p className="muted">
        Enter the phone number of the Telegram account, with its country code. Telegram will send
        you a code.
        {props.allowTestNumbers ? ' Test numbers such as +999 66 2 0001 work here.' : ''}
      </p>
      <div className="field">
        <span className="field-label" id="country-label">
          Country
        </span>
        <CountryPicker
          value={country}
          describedBy="country-label"
          onChange={(chosen) => {
            setCountry(chosen.code);
            setPhone(`+${chosen.callingCode} `);
            setLocalError(null);
            requestAnimationFrame(() => {
              inputRef.current?.focus();
            });
          }}
        />
      </div>
      <Field
        label="Phone number"
        error={error}
        after={<WaitNotice error={props.error} retryAt={props.retryAt} />}
      >
        {(control) => (
          <input
            {...control}
            ref={inputRef}
            className="input input-phone"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            placeholder="+44 7400 123456"
            autoFocus
            value={phone}
            onChange={(event) => {
              const formatted = formatPhoneAsYouType(event.target.value);
              setPhone(formatted);
              const detected = countryOfNumber(formatted);
              if (detected !== null) setCountry(detected);
              setLocalError(null);
              props.onEdit();
            }}
          />
        )}
      </Field>
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={props.isBusy || isWaiting}
        >
          <BusyLabel isBusy={props.isBusy}>Send code</BusyLabel>
        </button>
      </div>
    </form>
  );
}
