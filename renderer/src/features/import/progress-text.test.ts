import { describe, expect, it } from 'vitest';
import type { ImportJobView } from '../../../../electron/shared/session-import-dto';
import { progressText } from './progress-text';

const counts = {
  added: 0,
  'already-added': 0,
  'key-invalid': 0,
  unreadable: 0,
  'needs-api-credentials': 0,
  failed: 0,
  cancelled: 0,
};

function view(over: Partial<ImportJobView>): ImportJobView {
  return { jobId: 'j', state: 'running', total: 9, done: 0, counts, results: [], ...over };
}

describe('the progress line of an import', () => {
  it.each([
    [view({}), 'Importing: 0 of 9 done.'],
    [
      view({ done: 3, counts: { ...counts, added: 2, 'already-added': 1 } }),
      'Importing: 3 of 9 done (2 added, 1 already in Gramdeck).',
    ],
    [
      view({ state: 'done', done: 9, counts: { ...counts, added: 7, 'key-invalid': 2 } }),
      'Import finished: 9 of 9 (7 added, 2 with a key no longer valid).',
    ],
    [
      view({ state: 'cancelled', done: 9, counts: { ...counts, added: 1, cancelled: 8 } }),
      'Import cancelled: 9 of 9 (1 added, 8 cancelled).',
    ],
  ])('%#', (v, text) => {
    expect(progressText(v)).toBe(text);
  });
});
