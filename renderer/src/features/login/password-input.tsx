import { type ReactNode, type Ref, useState } from 'react';
import type { FieldControlProps } from '../../ui/field';

/** A password field with a show/hide toggle that keeps focus in place. */
export function PasswordInput({
  ref,
  ...props
}: {
  control: FieldControlProps;
  ref?: Ref<HTMLInputElement>;
  value: string;
  autoComplete: 'current-password' | 'new-password';
  autoFocus?: boolean;
  onChange: (value: string) => void;
}): ReactNode {
  const [isVisible, setIsVisible] = useState(false);
  return (
    <div className="password-input">
      <input
        {...props.control}
        ref={ref}
        className="input"
        type={isVisible ? 'text' : 'password'}
        autoComplete={props.autoComplete}
        autoFocus={props.autoFocus}
        spellCheck={false}
        value={props.value}
        onChange={(event) => {
          props.onChange(event.target.value);
        }}
      />
      <button
        type="button"
        className="button button-small password-toggle"
        aria-pressed={isVisible}
        aria-controls={props.control.id}
        onClick={() => {
          setIsVisible((v) => !v);
        }}
      >
        {isVisible ? 'Hide' : 'Show'}
        <span className="visually-hidden"> password</span>
      </button>
    </div>
  );
}
