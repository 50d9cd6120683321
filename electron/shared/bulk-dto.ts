/**
 * Tags and bulk actions (issue 15): what crosses IPC. Tags are plain preferences (settings, not
 * the vault); a bulk job names accounts by id and says per account how its action went.
 */

import type { bulkActionNames, statusFilters, tagColors } from './rules';

/** One of the fixed palette's colours (`tagColors` in rules.ts). */
export type TagColor = (typeof tagColors)[number];

export interface Tag {
  id: string;
  /** Unique (any case), trimmed, 1 to 32 characters. */
  name: string;
  color: TagColor;
}

/** Every tag, and which tags each account carries (account id → tag ids, in the tags' order). */
export interface TagsState {
  tags: Tag[];
  accountTags: Record<string, string[]>;
}

/** The sidebar's status filter: `offline` covers connecting, offline, locked and error. */
export type StatusFilter = (typeof statusFilters)[number];

/** The actions a bulk job runs, one account at a time, through the account manager. */
export type BulkActionName = (typeof bulkActionNames)[number];

export type BulkEntryState = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

export interface BulkEntry {
  accountId: string;
  state: BulkEntryState;
  /** Why it failed, in plain words (set for `failed`; `skipped` says "Cancelled."). */
  reason?: string;
  /** The job's `version` when this entry last changed: a newer copy of the entry wins. */
  version: number;
}

export type BulkCounts = Record<BulkEntryState, number>;

/** A whole job, as `bulk:list` answers it (e.g. after a reload). */
export interface BulkJobView {
  jobId: string;
  action: BulkActionName;
  total: number;
  counts: BulkCounts;
  /** No entry is pending or running. */
  isFinished: boolean;
  /** Set when the user (or the lock) cancelled it. */
  isCancelled: boolean;
  /** Grows with every change; a renderer keeps the newest it has seen. */
  version: number;
  entries: BulkEntry[];
}

/**
 * `bulk:changed`: the job's counts and only the entries that changed since the last push
 * (pushes are coalesced), so 1,000 accounts do not send 1,000 entries a tick.
 */
export type BulkChange = Omit<BulkJobView, 'entries'> & { changed: BulkEntry[] };
