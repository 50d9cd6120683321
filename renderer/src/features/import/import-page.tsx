import { type DragEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import type {
  ImportJobView,
  SessionFormat,
  SessionPreview,
} from '../../../../electron/shared/session-import-dto';
import { invoke } from '../../lib/call';
import { useEvent } from '../../lib/use-event';
import { StorageNotice } from '../../ui/storage-notice';
import { useAppData } from '../../state/app-data';
import { outcomeNames, progressText } from './progress-text';
import './import.css';

/** The largest file sent to main (main refuses larger ones too, in the same words). */
const MAX_FILE_BYTES = 512 * 1024;

const formatNames: Record<SessionFormat, string> = {
  gramjs: 'GramJS',
  telethon: 'Telethon',
  pyrogram: 'Pyrogram',
  mtcute: 'mtcute',
  'telethon-file': 'Telethon file',
  'pyrogram-file': 'Pyrogram file',
};

interface PickedFile {
  name: string;
  base64: string | null;
  problem: string | null;
}

async function readPicked(file: File): Promise<PickedFile> {
  if (file.size > MAX_FILE_BYTES)
    return {
      name: file.name,
      base64: null,
      problem: `This file is larger than ${MAX_FILE_BYTES / 1024} KB; a session file or list is much smaller.`,
    };
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { name: file.name, base64: btoa(binary), problem: null };
}

/**
 * Import sessions: paste session strings or pick / drop `.session` files, preview what they are,
 * then import them with progress and a per-row outcome. The sessions go to main and stay there.
 */
export function ImportPage(props: {
  onClose: (() => void) | null;
  onSecureStorage: () => void;
}): ReactNode {
  const { accounts } = useAppData();
  const [text, setText] = useState('');
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [preview, setPreview] = useState<SessionPreview | null>(null);
  const [job, setJob] = useState<ImportJobView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [isDragging, setDragging] = useState(false);
  const previewHeading = useRef<HTMLHeadingElement>(null);
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  // Pushes can overtake the answer to sessions:import: the latest view of each job wins.
  const latestViews = useRef(new Map<string, ImportJobView>());

  useEvent('import:changed', (view) => {
    latestViews.current.set(view.jobId, view);
    // An updater, not this render's `job`: a push that lands right after the answer to
    // sessions:import was set, before React rendered it, must still reach the page.
    setJob((current) => (current !== null && current.jobId === view.jobId ? view : current));
  });

  // Focus moves to what just appeared: the preview, then the results once the import ends.
  const previewId = preview?.previewId ?? null;
  useEffect(() => {
    if (previewId !== null) previewHeading.current?.focus();
  }, [previewId]);
  const endedJobId =
    job !== null && (job.state === 'done' || job.state === 'cancelled') ? job.jobId : null;
  useEffect(() => {
    if (endedJobId !== null) resultsHeading.current?.focus();
  }, [endedJobId]);

  const addFiles = async (list: FileList | null): Promise<void> => {
    if (!list) return;
    const picked = await Promise.all([...list].map(readPicked));
    setFiles((current) => [...current, ...picked]);
    setPreview(null);
  };

  const onPreview = async (): Promise<void> => {
    setError(null);
    const items = [
      ...(text.trim() === '' ? [] : [{ name: '', text }]),
      ...files.flatMap((f) => (f.base64 === null ? [] : [{ name: f.name, base64: f.base64 }])),
    ];
    if (items.length === 0) {
      setError('Paste session strings or choose session files first.');
      return;
    }
    setBusy(true);
    const result = await invoke('sessions:preview', { items });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    setPreview(result.value);
    setJob(null);
  };

  const onImport = async (): Promise<void> => {
    if (!preview) return;
    setError(null);
    setBusy(true);
    const result = await invoke('sessions:import', {
      previewId: preview.previewId,
      rowIds: preview.rows.map((r) => r.rowId),
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    const latest = latestViews.current.get(result.value.jobId) ?? result.value;
    setJob(latest);
    // The strings are in main now; the page keeps none of them.
    setText('');
    setFiles([]);
  };

  const onCancel = async (): Promise<void> => {
    const result = await invoke('sessions:import-cancel');
    if (result.ok && result.value && job && result.value.jobId === job.jobId) setJob(result.value);
  };

  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault();
    setDragging(false);
    void addFiles(event.dataTransfer.files);
  };

  const tooLarge = files.filter((f) => f.problem !== null);
  const isRunning = job !== null && (job.state === 'running' || job.state === 'cancelling');
  // A row whose user is already an account would only say so: it is not counted as new.
  const readable =
    preview?.rows.filter((r) => r.problem === null && r.knownAccountId === null).length ?? 0;
  const nameOf = (accountId: string): string =>
    accounts.accounts.find((a) => a.id === accountId)?.displayName ?? 'another account';
  // Rows finish in any order; the results read in the order of the preview.
  const place = new Map(preview?.rows.map((r, i) => [r.rowId, i]));
  const results = [...(job?.results ?? [])].sort(
    (a, b) => (place.get(a.rowId) ?? 0) - (place.get(b.rowId) ?? 0),
  );

  return (
    <div className="page import-page">
      <h1 tabIndex={-1}>Import sessions</h1>
      <StorageNotice onSecureStorage={props.onSecureStorage} />
      <p className="notice notice-warn" id="import-own-only">
        Import only sessions you own. A session string or file is full access to its account:
        whoever holds one is signed in as that account. Gramdeck keeps imported sessions in its
        encrypted vault and never shows them again.
      </p>

      {job === null ? (
        <div className="form">
          <div className="field">
            <label htmlFor="import-text" className="field-label">
              Session strings, one a line
            </label>
            <p id="import-text-hint" className="field-hint">
              GramJS, Telethon, Pyrogram or mtcute string sessions.
            </p>
            <textarea
              id="import-text"
              className="input import-text"
              rows={6}
              spellCheck={false}
              autoComplete="off"
              aria-describedby="import-text-hint import-own-only"
              value={text}
              onChange={(event) => {
                setText(event.target.value);
                setPreview(null);
              }}
            />
          </div>
          <div
            className={`import-drop${isDragging ? ' import-drop-active' : ''}`}
            onDragOver={(event) => {
              event.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => {
              setDragging(false);
            }}
            onDrop={onDrop}
          >
            <label htmlFor="import-files" className="field-label">
              Session files
            </label>
            <p id="import-files-hint" className="field-hint">
              Telethon or Pyrogram <code>.session</code> files, or text files with one session a
              line. Choose several, or drop them here.
            </p>
            <input
              id="import-files"
              type="file"
              multiple
              accept=".session,.txt,text/plain"
              aria-describedby="import-files-hint"
              onChange={(event) => {
                void addFiles(event.target.files);
                event.target.value = '';
              }}
            />
            {files.length > 0 ? (
              <ul className="import-files" aria-label="Chosen files">
                {files.map((f, i) => (
                  <li key={`${f.name}-${String(i)}`}>
                    {f.name}
                    {f.problem ? <span className="field-error"> {f.problem}</span> : null}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
          {error ? (
            <p className="field-error" role="alert">
              {error}
            </p>
          ) : null}
          <div className="form-actions">
            <button
              type="button"
              className="button"
              disabled={isBusy}
              onClick={() => {
                void onPreview();
              }}
            >
              Preview
            </button>
            {props.onClose ? (
              <button type="button" className="button button-quiet" onClick={props.onClose}>
                Close
              </button>
            ) : null}
          </div>
          {tooLarge.length > 0 ? (
            <p className="muted">Files that are too large are left out of the preview.</p>
          ) : null}
        </div>
      ) : null}

      {preview && job === null ? (
        <section aria-labelledby="import-preview-heading">
          <h2 id="import-preview-heading" ref={previewHeading} tabIndex={-1}>
            Preview: {preview.rows.length} {preview.rows.length === 1 ? 'session' : 'sessions'},{' '}
            {readable} can be imported
          </h2>
          <table className="import-table">
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Format</th>
                <th scope="col">DC</th>
                <th scope="col">User id</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => (
                <tr key={row.rowId} className={row.problem ? 'import-row-problem' : undefined}>
                  <th scope="row">{row.source}</th>
                  <td>{row.format ? formatNames[row.format] : '—'}</td>
                  <td>{row.dcId ?? '—'}</td>
                  <td>{row.format === null ? '—' : (row.userId ?? 'Not in this format')}</td>
                  <td>
                    {row.problem ??
                      (row.knownAccountId === null
                        ? 'None'
                        : `Already in Gramdeck as ${nameOf(row.knownAccountId)}`)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="form-actions">
            <button
              type="button"
              className="button button-primary"
              disabled={isBusy || readable === 0}
              onClick={() => {
                void onImport();
              }}
            >
              Import {readable} {readable === 1 ? 'session' : 'sessions'}
            </button>
          </div>
        </section>
      ) : null}

      {job ? (
        <section aria-labelledby="import-progress-heading">
          <h2 id="import-progress-heading" ref={resultsHeading} tabIndex={-1}>
            {isRunning ? 'Importing' : 'Import results'}
          </h2>
          <progress
            className="import-progress"
            max={Math.max(1, job.total)}
            value={job.done}
            aria-labelledby="import-progress-heading"
            aria-describedby="import-progress-text"
          />
          <p id="import-progress-text" role="status" aria-live="polite">
            {progressText(job)}
          </p>
          {isRunning ? (
            <button
              type="button"
              className="button"
              disabled={job.state === 'cancelling'}
              onClick={() => {
                void onCancel();
              }}
            >
              {job.state === 'cancelling' ? 'Cancelling…' : 'Cancel import'}
            </button>
          ) : null}
          {results.length > 0 ? (
            <table className="import-table" aria-label="Outcome per session">
              <thead>
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {results.map((r) => (
                  <tr key={r.rowId} data-outcome={r.outcome}>
                    <th scope="row">{r.source}</th>
                    <td>{outcomeNames[r.outcome]}</td>
                    <td>{r.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {!isRunning ? (
            <div className="form-actions">
              <button
                type="button"
                className="button"
                onClick={() => {
                  setJob(null);
                  setPreview(null);
                }}
              >
                Import more
              </button>
              {props.onClose ? (
                <button type="button" className="button button-quiet" onClick={props.onClose}>
                  Close
                </button>
              ) : null}
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
