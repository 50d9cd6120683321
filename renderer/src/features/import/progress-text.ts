import type { ImportJobView, ImportOutcome } from '../../../../electron/shared/session-import-dto';

/** Each outcome in words, as the results table and the progress line say it. */
export const outcomeNames: Record<ImportOutcome, string> = {
  added: 'Added',
  'already-added': 'Already in Gramdeck',
  'key-invalid': 'Key no longer valid',
  unreadable: 'Unreadable',
  'needs-api-credentials': 'Needs API credentials',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** Each outcome after a count: "2 added, 1 already in Gramdeck". */
const countWords: Record<ImportOutcome, string> = {
  added: 'added',
  'already-added': 'already in Gramdeck',
  'key-invalid': 'with a key no longer valid',
  unreadable: 'unreadable',
  'needs-api-credentials': 'needing API credentials',
  failed: 'failed',
  cancelled: 'cancelled',
};

const outcomeOrder: ImportOutcome[] = [
  'added',
  'already-added',
  'key-invalid',
  'unreadable',
  'needs-api-credentials',
  'failed',
  'cancelled',
];

/** "Importing: 3 of 9 done (2 added, 1 already in Gramdeck)." */
export function progressText(view: ImportJobView): string {
  const parts = outcomeOrder
    .filter((o) => view.counts[o] > 0)
    .map((o) => `${view.counts[o]} ${countWords[o]}`);
  const head =
    view.state === 'done'
      ? `Import finished: ${view.done} of ${view.total}`
      : view.state === 'cancelled'
        ? `Import cancelled: ${view.done} of ${view.total}`
        : `Importing: ${view.done} of ${view.total} done`;
  return parts.length > 0 ? `${head} (${parts.join(', ')}).` : `${head}.`;
}
