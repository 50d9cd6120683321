import { type ReactNode, type Ref, useRef } from 'react';
import { isCodeComplete, normalizeCode } from '../../lib/code-input';
import type { FieldControlProps } from '../../ui/field';

/**
 * A one-time-code input: numeric keyboard, the platform's code autofill, paste with spaces or
 * dashes, and `onComplete` once all `length` digits are in (once per distinct value).
 */
export function CodeInput({
  ref,
  ...props
}: {
  control: FieldControlProps;
  ref?: Ref<HTMLInputElement>;
  value: string;
  length: number | null;
  readOnly?: boolean;
  onChange: (value: string) => void;
  onComplete: (value: string) => void;
}): ReactNode {
  const lastCompleted = useRef<string | null>(null);
  const update = (raw: string): void => {
    const value = normalizeCode(raw, props.length);
    props.onChange(value);
    if (isCodeComplete(value, props.length) && value !== lastCompleted.current) {
      lastCompleted.current = value;
      props.onComplete(value);
    } else if (!isCodeComplete(value, props.length)) {
      lastCompleted.current = null;
    }
  };
  const size = props.length ?? 6;
  return (
    <input
      {...props.control}
      ref={ref}
      className="input input-code"
      data-length={size}
      type="text"
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]*"
      maxLength={size + 8}
      spellCheck={false}
      autoFocus
      readOnly={props.readOnly}
      placeholder={'–'.repeat(size)}
      value={props.value}
      onChange={(event) => {
        update(event.target.value);
      }}
      onPaste={(event) => {
        event.preventDefault();
        update(event.clipboardData.getData('text'));
      }}
    />
  );
}
