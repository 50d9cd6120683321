/**
 * A bulk job's progress (issue 15): counts in a polite status, a progress bar, every failure
 * with its reason and a Retry for them, Cancel while it runs. Each account's own state shows on
 * its sidebar row as well.
 */
import { type ReactNode, useId } from 'react';
import type { BulkEntryState, BulkJobView } from '../../../../electron/shared/bulk-dto';
import type { AccountSummary } from '../../../../electron/shared/dto';
import { useCall } from '../../lib/use-call';
import { bulkActionWords } from './bulk-toolbar';
import { accountsText } from './selection';

/** What an account's row says about it while it is part of a job. */
export const entryStateWords: Record<BulkEntryState, string> = {
  pending: 'Waiting',
  running: 'Working…',
  done: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
};

export function summaryText(job: BulkJobView): string {
  const { counts } = job;
  const parts = [`${counts.done.toLocaleString('en')} done`];
  if (counts.failed > 0) parts.push(`${counts.failed.toLocaleString('en')} failed`);
  if (counts.skipped > 0) parts.push(`${counts.skipped.toLocaleString('en')} skipped`);
  const left = counts.pending + counts.running;
  if (left > 0) parts.push(`${left.toLocaleString('en')} to go`);
  return `${parts.join(', ')}.`;
}

export function BulkProgress(props: {
  job: BulkJobView;
  accounts: readonly AccountSummary[];
  onDismiss: () => void;
}): ReactNode {
  const { job } = props;
  const headingId = useId();
  const call = useCall();
  const names = new Map(props.accounts.map((a) => [a.id, a.displayName]));
  const failed = job.entries.filter((e) => e.state === 'failed');
  const settled = job.counts.done + job.counts.failed + job.counts.skipped;
  return (
    <section className="bulk-progress" aria-labelledby={headingId}>
      <h3 id={headingId} className="bulk-progress-title">
        {bulkActionWords[job.action].button.replace('…', '')}: {accountsText(job.total)}
      </h3>
      <progress max={job.total} value={settled} aria-labelledby={headingId} />
      <p className="bulk-progress-summary" role="status">
        {summaryText(job)}
      </p>
      {failed.length > 0 ? (
        <>
          <h4 className="bulk-progress-failures-title">Failed</h4>
          <ul className="bulk-progress-failures" aria-label="Failed accounts">
            {failed.slice(0, 200).map((entry) => (
              <li key={entry.accountId}>
                <strong>{names.get(entry.accountId) ?? 'An account no longer in Gramdeck'}</strong>:{' '}
                {entry.reason ?? 'It failed.'}
              </li>
            ))}
          </ul>
          {failed.length > 200 ? (
            <p className="muted">And {(failed.length - 200).toLocaleString('en')} more.</p>
          ) : null}
        </>
      ) : null}
      <div className="bulk-progress-actions">
        {!job.isFinished ? (
          <button
            type="button"
            className="button button-small"
            disabled={call.isBusy}
            onClick={() => {
              void call.run('bulk:cancel', { jobId: job.jobId });
            }}
          >
            Cancel
          </button>
        ) : null}
        {job.isFinished && failed.length > 0 ? (
          <button
            type="button"
            className="button button-small button-primary"
            disabled={call.isBusy}
            onClick={() => {
              void call.run('bulk:retry', { jobId: job.jobId });
            }}
          >
            Retry {accountsText(failed.length)}
          </button>
        ) : null}
        {job.isFinished ? (
          <button type="button" className="button button-small" onClick={props.onDismiss}>
            Close
          </button>
        ) : null}
      </div>
    </section>
  );
}
