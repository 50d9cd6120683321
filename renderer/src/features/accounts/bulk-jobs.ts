/**
 * Bulk jobs as the renderer keeps them (issue 15): `bulk:list` whole (after a reload), then each
 * `bulk:changed`, which carries only the entries that changed. Versions decide: a newer copy of
 * an entry or of the counts wins, whatever order the answers arrive in.
 */
import { useCallback, useEffect, useState } from 'react';
import type { BulkChange, BulkJobView } from '../../../../electron/shared/bulk-dto';
import { invoke } from '../../lib/call';
import { useEvent } from '../../lib/use-event';

/** The job with a change (or a whole job) applied. */
export function mergeJob(
  job: BulkJobView | undefined,
  change: BulkChange | BulkJobView,
): BulkJobView {
  const incoming = 'changed' in change ? change.changed : change.entries;
  const entries = new Map((job?.entries ?? []).map((e) => [e.accountId, e]));
  for (const entry of incoming) {
    const known = entries.get(entry.accountId);
    if (known === undefined || known.version <= entry.version) entries.set(entry.accountId, entry);
  }
  const isNewer = job === undefined || change.version >= job.version;
  const head = isNewer ? change : job;
  return {
    jobId: head.jobId,
    action: head.action,
    total: head.total,
    counts: head.counts,
    isFinished: head.isFinished,
    isCancelled: head.isCancelled,
    version: head.version,
    entries: [...entries.values()],
  };
}

export interface BulkJobs {
  /** The job to show: the latest one started or read back, unless dismissed. */
  current: BulkJobView | null;
  /** Shows `jobId` (just started) as the current job. */
  follow: (jobId: string) => void;
  dismiss: () => void;
}

export function useBulkJobs(): BulkJobs {
  const [jobs, setJobs] = useState<ReadonlyMap<string, BulkJobView>>(new Map());
  const [currentId, setCurrentId] = useState<string | null>(null);

  const apply = useCallback((change: BulkChange | BulkJobView) => {
    setJobs((old) => new Map(old).set(change.jobId, mergeJob(old.get(change.jobId), change)));
  }, []);

  useEffect(() => {
    let isCurrent = true;
    // After a reload: the jobs main kept, the latest shown.
    void invoke('bulk:list').then((result) => {
      if (!isCurrent || !result.ok) return;
      for (const job of result.value) apply(job);
      const latest = result.value.at(-1);
      if (latest) setCurrentId((id) => id ?? latest.jobId);
    });
    return () => {
      isCurrent = false;
    };
  }, [apply]);

  useEvent('bulk:changed', apply);

  return {
    current: currentId === null ? null : (jobs.get(currentId) ?? null),
    follow: setCurrentId,
    dismiss: () => {
      setCurrentId(null);
    },
  };
}
