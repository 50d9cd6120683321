import { type ReactNode, useId } from 'react';

/** What a control inside a {@link Field} spreads onto itself. */
export interface FieldControlProps {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': boolean;
}

/**
 * A label, a control, an optional hint and an error shown right under the control. The error is
 * tied to the control with aria-describedby and aria-invalid; space for one line is reserved so
 * the form does not jump when an error appears.
 */
export function Field(props: {
  /** The control's id; generated when omitted. */
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null | undefined;
  /** Extra content under the error, e.g. a countdown or an action. */
  after?: ReactNode;
  children: (control: FieldControlProps) => ReactNode;
}): ReactNode {
  const generated = useId();
  const id = props.id ?? generated;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const hasError = props.error !== undefined && props.error !== null && props.error !== '';
  const describedBy =
    [props.hint === undefined ? null : hintId, hasError ? errorId : null]
      .filter((x) => x !== null)
      .join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {props.label}
      </label>
      {props.hint === undefined ? null : (
        <p id={hintId} className="field-hint">
          {props.hint}
        </p>
      )}
      {props.children({ id, 'aria-describedby': describedBy, 'aria-invalid': hasError })}
      <p id={errorId} className="field-error" aria-live="polite">
        {hasError ? props.error : null}
      </p>
      {props.after}
    </div>
  );
}
