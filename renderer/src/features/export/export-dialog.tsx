import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { AppError } from '../../../../electron/shared/errors';
import type { ExportedSession, SessionExportFormat } from '../../../../electron/shared/export-dto';
import { useCall } from '../../lib/use-call';
import { useAppData } from '../../state/app-data';
import { Field } from '../../ui/field';
import { PasswordInput } from '../../ui/password-input';
import { BusyLabel } from '../../ui/spinner';
import { downloadUrl } from './download-url';
import './export.css';

const formats: { value: SessionExportFormat; label: string; hint: string }[] = [
  { value: 'gramjs', label: 'GramJS string session', hint: 'For GramJS (telegram on npm).' },
  { value: 'telethon', label: 'Telethon string session', hint: 'For Telethon’s StringSession.' },
  { value: 'pyrogram', label: 'Pyrogram string session', hint: 'For Pyrogram’s session_string.' },
  {
    value: 'telethon-file',
    label: 'Telethon .session file',
    hint: 'A file Telethon opens as its session.',
  },
];

function saveFile(session: ExportedSession, format: SessionExportFormat): void {
  const link = document.createElement('a');
  link.href = downloadUrl(session, format);
  link.download = session.fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

/**
 * Exports the sessions of `accountIds` (one account from its page, or a selection): the format,
 * the warning, the passcode when one is set, then each session hidden until Show, with Copy and
 * Save file. Everything exported is dropped when the dialog closes.
 */
export function ExportDialog(props: { accountIds: string[]; onClose: () => void }): ReactNode {
  const ref = useRef<HTMLDialogElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const { accounts, vault } = useAppData();
  const [format, setFormat] = useState<SessionExportFormat>('gramjs');
  const [passcode, setPasscode] = useState('');
  const [results, setResults] = useState<{
    format: SessionExportFormat;
    sessions: ExportedSession[];
  } | null>(null);
  const exporting = useCall({ report: false });

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null || dialog.open) return;
    returnFocus.current =
      document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
  }, []);

  const names = props.accountIds.map(
    (id) => accounts.accounts.find((account) => account.id === id)?.displayName ?? 'An account',
  );
  const title =
    names.length === 1
      ? `Export the session of ${names[0] ?? ''}`
      : `Export ${names.length} sessions`;

  const close = (): void => {
    // Nothing exported outlives the dialog.
    setResults(null);
    setPasscode('');
    ref.current?.close();
    returnFocus.current?.focus();
    returnFocus.current = null;
    props.onClose();
  };

  const submit = async (): Promise<void> => {
    const value = await exporting.run('accounts:export', {
      accountIds: props.accountIds,
      format,
      ...(vault.hasPasscode ? { passcode } : {}),
    });
    if (value === undefined) return;
    setPasscode('');
    setResults({ format, sessions: value });
  };

  const error: AppError | null = exporting.error;
  const passcodeError = error !== null && error.field === 'passcode' ? error.message : null;
  const otherError = error !== null && error.field !== 'passcode' ? error.message : null;

  return (
    <dialog
      ref={ref}
      className="dialog export-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      <div className="notice notice-warn" role="note">
        <p>
          <strong>Whoever holds an exported session controls the account.</strong> They can read and
          send messages as you. Gramdeck cannot take a copy back: only ending that session in the
          account’s Sessions list does. Export only to tools you trust, and never share it.
        </p>
      </div>
      {results === null ? (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <fieldset className="fieldset">
            <legend>Format</legend>
            {formats.map((option) => (
              <label key={option.value} className="radio-card">
                <input
                  type="radio"
                  name="export-format"
                  value={option.value}
                  checked={format === option.value}
                  onChange={() => {
                    setFormat(option.value);
                  }}
                />
                <span>
                  {option.label}
                  <span className="field-hint export-format-hint">{option.hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {vault.hasPasscode ? (
            <Field
              label="Passcode"
              hint="Enter your Gramdeck passcode again to export."
              error={passcodeError}
            >
              {(control) => (
                <PasswordInput
                  control={control}
                  value={passcode}
                  secretName="passcode"
                  autoComplete="current-password"
                  onChange={(next) => {
                    setPasscode(next);
                    exporting.clearError();
                  }}
                />
              )}
            </Field>
          ) : null}
          {otherError === null ? null : (
            <p className="field-error" role="alert">
              {otherError}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={exporting.isBusy}>
              <BusyLabel isBusy={exporting.isBusy}>Export</BusyLabel>
            </button>
          </div>
        </form>
      ) : (
        <>
          <p role="status">
            {results.sessions.length === 1
              ? 'The session is ready. It stays hidden until you show it.'
              : `${String(results.sessions.length)} sessions are ready. Each stays hidden until you show it.`}
          </p>
          <ul className="export-results">
            {results.sessions.map((session) => (
              <ExportedItem key={session.accountId} session={session} format={results.format} />
            ))}
          </ul>
          <div className="dialog-actions">
            <button type="button" className="button button-primary" onClick={close} autoFocus>
              Done
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}

function ExportedItem(props: { session: ExportedSession; format: SessionExportFormat }): ReactNode {
  const { session, format } = props;
  const [isShown, setIsShown] = useState(false);
  const [note, setNote] = useState('');
  const textId = useId();
  const headingId = useId();
  const isFile = format === 'telethon-file';
  return (
    <li className="export-item" aria-labelledby={headingId}>
      <h3 id={headingId} className="export-item-name" title={session.displayName}>
        {session.displayName}
      </h3>
      <div className="export-item-actions">
        <button
          type="button"
          className="button button-small"
          aria-pressed={isShown}
          aria-controls={isShown ? textId : undefined}
          onClick={() => {
            setIsShown((shown) => !shown);
          }}
        >
          {isShown ? 'Hide' : 'Show'}
          <span className="visually-hidden"> the session of {session.displayName}</span>
        </button>
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            navigator.clipboard.writeText(session.text).then(
              () => {
                setNote('Copied.');
              },
              () => {
                setNote('Gramdeck could not copy it. Show it and copy it by hand.');
              },
            );
          }}
        >
          Copy
          <span className="visually-hidden"> the session of {session.displayName}</span>
        </button>
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            saveFile(session, format);
            setNote(`Saved as ${session.fileName}.`);
          }}
        >
          Save file
          <span className="visually-hidden"> for {session.displayName}</span>
        </button>
      </div>
      {isShown ? (
        <textarea
          id={textId}
          className="input input-mono export-text"
          readOnly
          rows={isFile ? 6 : 4}
          spellCheck={false}
          aria-label={
            isFile
              ? `The .session file of ${session.displayName}, in base64`
              : `The session of ${session.displayName}`
          }
          value={session.text}
        />
      ) : null}
      <p className="field-note" role="status">
        {note}
      </p>
    </li>
  );
}
