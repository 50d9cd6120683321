import { type ReactNode, type SyntheticEvent, useState } from 'react';
import type { AppError } from '../../../../electron/shared/errors';
import { twoStepRules } from '../../../../electron/shared/rules';
import { Field } from '../../ui/field';
import { PasswordInput } from '../../ui/password-input';
import { BusyLabel } from '../../ui/spinner';

/**
 * The forms of the two-step verification screen. Each checks what it can before calling main
 * (empty fields, the new password typed twice, the email's shape) and shows main's refusals next
 * to the field they concern (`AppError.field`), or above the buttons when they concern none.
 */

/** The message of `error` when it concerns one of `fields`. */
export function errorOn(error: AppError | null, ...fields: string[]): string | null {
  return error !== null && error.field !== undefined && fields.includes(error.field)
    ? error.message
    : null;
}

/** The message of `error` when it concerns none of the form's `fields`. */
function generalError(error: AppError | null, fields: readonly string[]): string | null {
  if (error === null) return null;
  return error.field !== undefined && fields.includes(error.field) ? null : error.message;
}

const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Errors = Record<string, string | null>;

/** Shows how strong a new password is while it is typed (the passcode form's meter). */
export type StrengthMeter = (password: string) => ReactNode;

/** A message above the buttons for a refusal that concerns no single field. */
export function FormError(props: { message: string | null }): ReactNode {
  return (
    <p className="field-error two-step-form-error" role="alert">
      {props.message}
    </p>
  );
}

function Actions(props: {
  isBusy: boolean;
  submitLabel: string;
  isDanger?: boolean;
  onCancel: () => void;
}): ReactNode {
  return (
    <div className="form-actions">
      <button
        type="submit"
        className={props.isDanger === true ? 'button button-danger' : 'button button-primary'}
        disabled={props.isBusy}
      >
        <BusyLabel isBusy={props.isBusy}>{props.submitLabel}</BusyLabel>
      </button>
      <button type="button" className="button" disabled={props.isBusy} onClick={props.onCancel}>
        Cancel
      </button>
    </div>
  );
}

function SecretField(props: {
  label: string;
  value: string;
  error: string | null;
  hint?: string;
  autoComplete: 'current-password' | 'new-password' | 'off';
  autoFocus?: boolean;
  isMono?: boolean;
  after?: ReactNode;
  onChange: (value: string) => void;
}): ReactNode {
  return (
    <Field label={props.label} hint={props.hint} error={props.error} after={props.after}>
      {(control) => (
        <PasswordInput
          control={control}
          value={props.value}
          autoComplete={props.autoComplete}
          autoFocus={props.autoFocus}
          maxLength={twoStepRules.passwordMaxLength}
          onChange={props.onChange}
        />
      )}
    </Field>
  );
}

function TextField(props: {
  label: string;
  value: string;
  error: string | null;
  hint?: string;
  type?: 'text' | 'email';
  inputMode?: 'numeric';
  autoComplete: string;
  autoFocus?: boolean;
  maxLength: number;
  onChange: (value: string) => void;
}): ReactNode {
  return (
    <Field label={props.label} hint={props.hint} error={props.error}>
      {(control) => (
        <input
          {...control}
          className={props.inputMode === 'numeric' ? 'input input-mono' : 'input'}
          type={props.type ?? 'text'}
          inputMode={props.inputMode}
          autoComplete={props.autoComplete}
          autoFocus={props.autoFocus}
          maxLength={props.maxLength}
          value={props.value}
          onChange={(event) => {
            props.onChange(event.target.value);
          }}
        />
      )}
    </Field>
  );
}

/** Checks a new password typed twice; the errors by field, or null when fine. */
function checkNewPassword(password: string, again: string): Errors | null {
  if (password === '') return { newPassword: 'Choose a password.' };
  if (again !== password) return { again: 'The two passwords are not the same. Type it again.' };
  return null;
}

export interface NewPasswordValues {
  password: string;
  hint: string;
}

/** New password, typed again, and its hint. */
function NewPasswordFields(props: {
  values: { password: string; again: string; hint: string };
  errors: Errors;
  remoteError: AppError | null;
  legend?: string;
  autoFocus?: boolean;
  strengthMeter?: StrengthMeter | undefined;
  onChange: (values: { password: string; again: string; hint: string }) => void;
}): ReactNode {
  const { values } = props;
  const fields = (
    <>
      <SecretField
        label="New password"
        value={values.password}
        autoComplete="new-password"
        autoFocus={props.autoFocus}
        error={props.errors.newPassword ?? errorOn(props.remoteError, 'newPassword', 'password')}
        after={props.strengthMeter?.(values.password)}
        onChange={(password) => {
          props.onChange({ ...values, password });
        }}
      />
      <SecretField
        label="Type it again"
        value={values.again}
        autoComplete="new-password"
        error={props.errors.again ?? null}
        onChange={(again) => {
          props.onChange({ ...values, again });
        }}
      />
      <TextField
        label="Hint (optional)"
        hint="Shown when Telegram asks for the password. Do not write the password itself."
        value={values.hint}
        autoComplete="off"
        maxLength={twoStepRules.hintMaxLength}
        error={props.errors.hint ?? errorOn(props.remoteError, 'hint')}
        onChange={(hint) => {
          props.onChange({ ...values, hint });
        }}
      />
    </>
  );
  if (props.legend === undefined) return fields;
  return (
    <fieldset className="two-step-fieldset">
      <legend>{props.legend}</legend>
      {fields}
    </fieldset>
  );
}

const emptyNew = { password: '', again: '', hint: '' };

/** Turning two-step verification on: the new password twice, a hint, an optional recovery email. */
export function EnableForm(props: {
  strengthMeter?: StrengthMeter | undefined;
  isBusy: boolean;
  error: AppError | null;
  onSubmit: (values: NewPasswordValues & { email: string | null }) => void;
  onCancel: () => void;
}): ReactNode {
  const [values, setValues] = useState(emptyNew);
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const onSubmit = (event: SyntheticEvent): void => {
    event.preventDefault();
    const problem = checkNewPassword(values.password, values.again);
    const trimmed = email.trim();
    if (problem) {
      setErrors(problem);
      return;
    }
    if (trimmed !== '' && !emailShape.test(trimmed)) {
      setErrors({ email: 'Enter an email address like name@example.com.' });
      return;
    }
    setErrors({});
    props.onSubmit({
      password: values.password,
      hint: values.hint.trim(),
      email: trimmed === '' ? null : trimmed,
    });
  };
  return (
    <form className="form" noValidate onSubmit={onSubmit} aria-labelledby="two-step-form-title">
      <h2 id="two-step-form-title" tabIndex={-1}>
        Turn on two-step verification
      </h2>
      <p className="muted">
        Telegram will ask for this password, besides the login code, whenever this account signs in
        on a new device.
      </p>
      <NewPasswordFields
        strengthMeter={props.strengthMeter}
        values={values}
        errors={errors}
        remoteError={props.error}
        autoFocus
        onChange={(next) => {
          setValues(next);
          setErrors({});
        }}
      />
      <TextField
        label="Recovery email (optional)"
        hint="If you forget the password, Telegram sends a code here to reset it."
        type="email"
        value={email}
        autoComplete="email"
        maxLength={254}
        error={errors.email ?? errorOn(props.error, 'email')}
        onChange={(next) => {
          setEmail(next);
          setErrors({});
        }}
      />
      <FormError
        message={generalError(props.error, ['newPassword', 'password', 'email', 'hint'])}
      />
      <Actions isBusy={props.isBusy} submitLabel="Turn on" onCancel={props.onCancel} />
    </form>
  );
}

/** Changing the password: the current one, then the new one twice and its hint. */
export function ChangePasswordForm(props: {
  strengthMeter?: StrengthMeter | undefined;
  isBusy: boolean;
  error: AppError | null;
  onSubmit: (values: { currentPassword: string } & NewPasswordValues) => void;
  onCancel: () => void;
}): ReactNode {
  const [current, setCurrent] = useState('');
  const [values, setValues] = useState(emptyNew);
  const [errors, setErrors] = useState<Errors>({});
  const onSubmit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (current === '') {
      setErrors({ currentPassword: 'Enter the current password.' });
      return;
    }
    const problem = checkNewPassword(values.password, values.again);
    if (problem) {
      setErrors(problem);
      return;
    }
    setErrors({});
    props.onSubmit({ currentPassword: current, password: values.password, hint: values.hint });
  };
  return (
    <form className="form" noValidate onSubmit={onSubmit} aria-labelledby="two-step-form-title">
      <h2 id="two-step-form-title" tabIndex={-1}>
        Change the password
      </h2>
      <SecretField
        label="Current password"
        value={current}
        autoComplete="current-password"
        autoFocus
        error={errors.currentPassword ?? errorOn(props.error, 'currentPassword')}
        onChange={(next) => {
          setCurrent(next);
          setErrors({});
        }}
      />
      <NewPasswordFields
        strengthMeter={props.strengthMeter}
        values={values}
        errors={errors}
        remoteError={props.error}
        onChange={(next) => {
          setValues(next);
          setErrors({});
        }}
      />
      <FormError
        message={generalError(props.error, ['currentPassword', 'newPassword', 'password', 'hint'])}
      />
      <Actions isBusy={props.isBusy} submitLabel="Change password" onCancel={props.onCancel} />
    </form>
  );
}

/** Setting, changing or removing the recovery email, behind the current password. */
export function EmailForm(props: {
  hasRecoveryEmail: boolean;
  isBusy: boolean;
  error: AppError | null;
  onSubmit: (values: { currentPassword: string; email: string | null }) => void;
  onCancel: () => void;
}): ReactNode {
  const [current, setCurrent] = useState('');
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const submit = (remove: boolean): void => {
    if (current === '') {
      setErrors({ currentPassword: 'Enter the current password.' });
      return;
    }
    const trimmed = email.trim();
    if (!remove && !emailShape.test(trimmed)) {
      setErrors({ email: 'Enter an email address like name@example.com.' });
      return;
    }
    setErrors({});
    props.onSubmit({ currentPassword: current, email: remove ? null : trimmed });
  };
  return (
    <form
      className="form"
      noValidate
      aria-labelledby="two-step-form-title"
      onSubmit={(event) => {
        event.preventDefault();
        submit(false);
      }}
    >
      <h2 id="two-step-form-title" tabIndex={-1}>
        {props.hasRecoveryEmail ? 'Change the recovery email' : 'Add a recovery email'}
      </h2>
      <SecretField
        label="Current password"
        value={current}
        autoComplete="current-password"
        autoFocus
        error={errors.currentPassword ?? errorOn(props.error, 'currentPassword')}
        onChange={(next) => {
          setCurrent(next);
          setErrors({});
        }}
      />
      <TextField
        label="New recovery email"
        hint="Telegram sends a code there to confirm it."
        type="email"
        value={email}
        autoComplete="email"
        maxLength={254}
        error={errors.email ?? errorOn(props.error, 'email')}
        onChange={(next) => {
          setEmail(next);
          setErrors({});
        }}
      />
      <FormError message={generalError(props.error, ['currentPassword', 'email'])} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={props.isBusy}>
          <BusyLabel isBusy={props.isBusy}>Save email</BusyLabel>
        </button>
        {props.hasRecoveryEmail ? (
          <button
            type="button"
            className="button button-danger-quiet"
            disabled={props.isBusy}
            onClick={() => {
              submit(true);
            }}
          >
            Remove the recovery email
          </button>
        ) : null}
        <button type="button" className="button" disabled={props.isBusy} onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Turning two-step verification off, behind the current password. */
export function DisableForm(props: {
  isBusy: boolean;
  error: AppError | null;
  onSubmit: (currentPassword: string) => void;
  onCancel: () => void;
}): ReactNode {
  const [current, setCurrent] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  return (
    <form
      className="form"
      noValidate
      aria-labelledby="two-step-form-title"
      onSubmit={(event) => {
        event.preventDefault();
        if (current === '') {
          setLocalError('Enter the current password.');
          return;
        }
        props.onSubmit(current);
      }}
    >
      <h2 id="two-step-form-title" tabIndex={-1}>
        Turn off two-step verification
      </h2>
      <p className="muted">
        Without it, anyone who gets a login code for this account can sign in to it. The recovery
        email is removed too.
      </p>
      <SecretField
        label="Current password"
        value={current}
        autoComplete="current-password"
        autoFocus
        error={localError ?? errorOn(props.error, 'currentPassword')}
        onChange={(next) => {
          setCurrent(next);
          setLocalError(null);
        }}
      />
      <FormError message={generalError(props.error, ['currentPassword'])} />
      <Actions isBusy={props.isBusy} submitLabel="Turn off" isDanger onCancel={props.onCancel} />
    </form>
  );
}

/** The code Telegram e-mailed to a new recovery email: confirm, send again, or cancel. */
export function EmailCodeForm(props: {
  pattern: string;
  length: number | null;
  isBusy: boolean;
  error: AppError | null;
  notice: string | null;
  onConfirm: (code: string) => void;
  onResend: () => void;
  onCancelEmail: () => void;
}): ReactNode {
  const [code, setCode] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  return (
    <form
      className="form"
      noValidate
      aria-labelledby="two-step-email-title"
      onSubmit={(event) => {
        event.preventDefault();
        if (code.trim() === '') {
          setLocalError('Enter the code from the email.');
          return;
        }
        props.onConfirm(code.trim());
      }}
    >
      <h2 id="two-step-email-title" tabIndex={-1}>
        Confirm the recovery email
      </h2>
      <p>
        Telegram sent a code to <strong>{props.pattern}</strong>. The change applies once you enter
        it.
      </p>
      <TextField
        label="Code from the email"
        hint={props.length === null ? undefined : `${String(props.length)} digits`}
        inputMode="numeric"
        value={code}
        autoComplete="one-time-code"
        autoFocus
        maxLength={16}
        error={localError ?? errorOn(props.error, 'code')}
        onChange={(next) => {
          setCode(next);
          setLocalError(null);
        }}
      />
      <FormError message={generalError(props.error, ['code'])} />
      <p className="muted" role="status">
        {props.notice}
      </p>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={props.isBusy}>
          <BusyLabel isBusy={props.isBusy}>Confirm email</BusyLabel>
        </button>
        <button type="button" className="button" disabled={props.isBusy} onClick={props.onResend}>
          Send the code again
        </button>
        <button
          type="button"
          className="button button-danger-quiet"
          disabled={props.isBusy}
          onClick={props.onCancelEmail}
        >
          Cancel the new email
        </button>
      </div>
    </form>
  );
}

/** Recovery by the code Telegram e-mailed to the recovery email, with an optional new password. */
export function RecoverForm(props: {
  pattern: string;
  strengthMeter?: StrengthMeter | undefined;
  isBusy: boolean;
  error: AppError | null;
  onSubmit: (code: string, newPassword: NewPasswordValues | null) => void;
  onCancel: () => void;
}): ReactNode {
  const [code, setCode] = useState('');
  const [values, setValues] = useState(emptyNew);
  const [errors, setErrors] = useState<Errors>({});
  const onSubmit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (code.trim() === '') {
      setErrors({ code: 'Enter the code from the email.' });
      return;
    }
    const wantsPassword = values.password !== '' || values.again !== '';
    const problem = wantsPassword ? checkNewPassword(values.password, values.again) : null;
    if (problem) {
      setErrors(problem);
      return;
    }
    setErrors({});
    props.onSubmit(
      code.trim(),
      wantsPassword ? { password: values.password, hint: values.hint.trim() } : null,
    );
  };
  return (
    <form className="form" noValidate onSubmit={onSubmit} aria-labelledby="two-step-form-title">
      <h2 id="two-step-form-title" tabIndex={-1}>
        Reset the password by email
      </h2>
      <p>
        Telegram sent a code to the recovery email <strong>{props.pattern}</strong>.
      </p>
      <TextField
        label="Code from the email"
        inputMode="numeric"
        value={code}
        autoComplete="one-time-code"
        autoFocus
        maxLength={16}
        error={errors.code ?? errorOn(props.error, 'code')}
        onChange={(next) => {
          setCode(next);
          setErrors({});
        }}
      />
      <NewPasswordFields
        strengthMeter={props.strengthMeter}
        legend="New password (optional)"
        values={values}
        errors={errors}
        remoteError={props.error}
        onChange={(next) => {
          setValues(next);
          setErrors({});
        }}
      />
      <p className="muted">Without a new password, two-step verification turns off.</p>
      <FormError message={generalError(props.error, ['code', 'newPassword', 'password'])} />
      <Actions isBusy={props.isBusy} submitLabel="Reset password" onCancel={props.onCancel} />
    </form>
  );
}
