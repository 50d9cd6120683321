import { type ReactNode, type Ref, useRef } from 'react';
import type { CodeInputKind } from '../../../../electron/shared/rules';
import { isCodeComplete, normalizeCode } from '../../lib/code-input';
import type { FieldControlProps } from '../../ui/field';

/**
 * A one-time-code input: the platform's code autofill, paste with spaces or dashes, and
 * `onComplete` once the code is whole (once per distinct value). `kind` says what it takes:
 * digits (numeric keyboard), the number that called (phone keyboard; complete when it matches
 * `pattern`), or words (a text keyboard, never complete on its own).
 */
export function CodeInput({
  ref,
  kind = 'digits',
  pattern = null,
  ...props
}: {
  control: FieldControlProps;
  ref?: Ref<HTMLInputElement>;
  value: string;
  length: number | null;
  kind?: CodeInputKind;
  pattern?: string | null;
  readOnly?: boolean;
  onChange: (value: string) => void;
  onComplete: (value: string) => void;
}): ReactNode {
  const lastCompleted = useRef<string | null>(null);
  const update = (raw: string): void => {
    const value = normalizeCode(raw, props.length, kind);
    props.onChange(value);
    const isComplete = isCodeComplete(value, props.length, kind, pattern);
    if (isComplete && value !== lastCompleted.current) {
      lastCompleted.current = value;
      props.onComplete(value);
    } else if (!isComplete) {
      lastCompleted.current = null;
    }
  };
  const size = props.length ?? 6;
  const isDigits = kind === 'digits' || kind === 'none';
  return (
    <input
      {...props.control}
      ref={ref}
      className={isDigits ? 'input input-code' : 'input input-code input-code-wide'}
      data-length={isDigits ? size : undefined}
      type="text"
      inputMode={kind === 'words' ? 'text' : kind === 'calling-number' ? 'tel' : 'numeric'}
      autoComplete="one-time-code"
      autoCapitalize="off"
      pattern={isDigits ? '[0-9]*' : undefined}
      maxLength={isDigits ? size + 8 : 128}
      spellCheck={false}
      autoFocus
      readOnly={props.readOnly}
      placeholder={
        kind === 'calling-number' && pattern !== null
          ? `+${pattern.replace(/[\s+]/g, '').replace(/\*/g, '•')}`
          : isDigits
            ? '–'.repeat(size)
            : undefined
      }
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
