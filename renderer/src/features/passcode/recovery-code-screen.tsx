import { type ReactNode, useEffect, useRef, useState } from 'react';
import './passcode.css';

/** Text of the downloadable .txt file. */
export function recoveryFileText(code: string, date: Date): string {
  return [
    'Gramdeck recovery code',
    '',
    code,
    '',
    `Created ${date.toISOString().slice(0, 10)}.`,
    'Use this code if you forget your Gramdeck passcode. It works once; a new one is shown after',
    'you use it. Keep it somewhere safe and private, like a password manager.',
    '',
  ].join('\n');
}

/**
 * Shows a recovery code: copy, download as .txt, and an explicit "I saved it" before the user can
 * continue. Settings can show the current code again after the passcode ("Show recovery code").
 */
export function RecoveryCodeScreen(props: {
  code: string;
  title?: string;
  intro?: ReactNode;
  onDone: () => void;
}): ReactNode {
  const [isSaved, setIsSaved] = useState(false);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(props.code);
      setCopyState('copied');
    } catch {
      setCopyState('failed');
    }
  };

  const download = (): void => {
    const blob = new Blob([recoveryFileText(props.code, new Date())], { type: 'text/plain' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = 'gramdeck-recovery-code.txt';
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => {
      URL.revokeObjectURL(url);
    }, 10_000);
  };

  return (
    <section className="card recovery-code" aria-labelledby="recovery-code-heading">
      <h1 id="recovery-code-heading" ref={headingRef} tabIndex={-1}>
        {props.title ?? 'Save your recovery code'}
      </h1>
      {props.intro ?? (
        <p>
          If you ever forget your passcode, this code is the only way back in without losing your
          accounts. Write it down now. You can see it again in Settings after entering your
          passcode.
        </p>
      )}
      <label className="field-label" htmlFor="recovery-code-value">
        Your recovery code
      </label>
      <input
        id="recovery-code-value"
        className="input recovery-code-value"
        readOnly
        value={props.code}
        onFocus={(event) => {
          event.currentTarget.select();
        }}
      />
      <div className="row">
        <button type="button" className="button" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" className="button" onClick={download}>
          Download as .txt
        </button>
        <span className="muted" role="status">
          {copyState === 'copied'
            ? 'Copied to the clipboard.'
            : copyState === 'failed'
              ? 'Could not copy. Select the code and copy it by hand.'
              : ''}
        </span>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={isSaved}
          onChange={(event) => {
            setIsSaved(event.target.checked);
          }}
        />
        I saved my recovery code somewhere safe
      </label>
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={!isSaved}
          onClick={props.onDone}
        >
          Continue
        </button>
      </div>
    </section>
  );
}
