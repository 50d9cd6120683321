import { type ReactNode, type Ref, useState } from 'react';
import type { FieldControlProps } from './field';

/**
 * A secret field (passcode, 2FA password, proxy password). With `canReveal` (the default) it has
 * a show/hide toggle that keeps focus in place; without it, it is the bare masked input.
 */
export function PasswordInput({
  ref,
  canReveal = true,
  ...props
}: {
  control: FieldControlProps;
  ref?: Ref<HTMLInputElement>;
  value: string;
  autoComplete: 'current-password' | 'new-password' | 'off';
  autoFocus?: boolean;
  canReveal?: boolean;
  onChange: (value: string) => void;
}): ReactNode {
  const [isVisible, setIsVisible] = useState(false);
  const input = (
    <input
      {...props.control}
      ref={ref}
      className="input"
      type={isVisible ? 'text' : 'password'}
      autoComplete={props.autoComplete}
      autoFocus={props.autoFocus}
      spellCheck={canReveal ? false : undefined}
      value={props.value}
      onChange={(event) => {
        props.onChange(event.target.value);
      }}
    />
  );
  if (!canReveal) return input;
  return (
    <div className="password-input">
      {input}
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
