import { type ReactNode, type Ref, useState } from 'react';
import type { FieldControlProps } from './field';

/**
 * Every secret field (passcode, 2FA password, recovery code, api_hash, proxy password and MTProxy
 * secret). With `canReveal` (the default) it has a show/hide toggle that keeps focus in place and
 * names the secret to screen readers; without it, it is the bare masked input.
 */
export function PasswordInput({
  ref,
  canReveal = true,
  secretName = 'password',
  ...props
}: {
  control: FieldControlProps;
  ref?: Ref<HTMLInputElement>;
  value: string;
  autoComplete: 'current-password' | 'new-password' | 'off';
  autoFocus?: boolean;
  canReveal?: boolean;
  /** What the toggle shows or hides, for screen readers ("Show password"). */
  secretName?: string;
  /** Codes and keys read better in the monospaced face. */
  isMono?: boolean;
  maxLength?: number;
  onChange: (value: string) => void;
}): ReactNode {
  const [isVisible, setIsVisible] = useState(false);
  const input = (
    <input
      {...props.control}
      ref={ref}
      className={props.isMono ? 'input input-mono' : 'input'}
      type={isVisible ? 'text' : 'password'}
      maxLength={props.maxLength}
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
        <span className="visually-hidden"> {secretName}</span>
      </button>
    </div>
  );
}
