import type { ReactNode } from 'react';
import { useAppData } from '../../state/app-data';
import { useCall } from '../../lib/use-call';
import { BusyLabel } from '../../ui/spinner';
import './updates.css';

function formatSpeed(bytesPerSecond: number): string {
  if (bytesPerSecond >= 1_000_000) return `${(bytesPerSecond / 1_000_000).toFixed(1)} MB/s`;
  return `${Math.max(1, Math.round(bytesPerSecond / 1000))} kB/s`;
}

/** Update status, release notes, download progress and "Restart to update". */
export function UpdatesSection(): ReactNode {
  const { update, info, setUpdate } = useAppData();
  const action = useCall();
  const run = (channel: 'update:check' | 'update:download'): void => {
    void action.run(channel).then((next) => {
      if (next !== undefined) setUpdate(next);
    });
  };

  let body: ReactNode;
  switch (update.kind) {
    case 'disabled':
      body = <p>Automatic updates are off: {update.reason}</p>;
      break;
    case 'idle':
    case 'not-available':
    case 'error':
      body = (
        <>
          <p role="status">
            {update.kind === 'not-available'
              ? 'You have the latest version.'
              : update.kind === 'error'
                ? `The last check failed: ${update.message}`
                : update.lastCheckedAt === null
                  ? 'Not checked yet.'
                  : `Last checked ${new Date(update.lastCheckedAt).toLocaleString()}.`}
          </p>
          <button
            type="button"
            className="button"
            disabled={action.isBusy}
            onClick={() => {
              run('update:check');
            }}
          >
            <BusyLabel isBusy={action.isBusy}>Check for updates</BusyLabel>
          </button>
        </>
      );
      break;
    case 'checking':
      body = <p role="status">Checking for updates…</p>;
      break;
    case 'available':
      body = (
        <>
          <p>Version {update.version} is available.</p>
          <ReleaseNotes notes={update.notes} />
          <button
            type="button"
            className="button button-primary"
            disabled={action.isBusy}
            onClick={() => {
              run('update:download');
            }}
          >
            <BusyLabel isBusy={action.isBusy}>Download</BusyLabel>
          </button>
        </>
      );
      break;
    case 'downloading':
      body = (
        <>
          <p>
            Downloading {update.version}: {Math.round(update.percent)}% (
            {formatSpeed(update.bytesPerSecond)})
          </p>
          <progress
            max={100}
            value={update.percent}
            aria-label={`Downloading version ${update.version}`}
          />
        </>
      );
      break;
    case 'downloaded':
      body = (
        <>
          <p>Version {update.version} is ready.</p>
          <ReleaseNotes notes={update.notes} />
          <button
            type="button"
            className="button button-primary"
            disabled={action.isBusy}
            onClick={() => {
              void action.run('update:install');
            }}
          >
            Restart to update
          </button>
        </>
      );
      break;
  }

  return (
    <section className="panel" aria-labelledby="updates-heading">
      <h2 id="updates-heading">Updates</h2>
      <p className="muted">
        {info.fullName} {info.version}
      </p>
      {body}
    </section>
  );
}

function ReleaseNotes(props: { notes: string | null }): ReactNode {
  if (props.notes === null || props.notes.trim() === '') return null;
  return (
    <details className="release-notes">
      <summary>Release notes</summary>
      {props.notes.split(/\n{2,}/).map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
    </details>
  );
}
