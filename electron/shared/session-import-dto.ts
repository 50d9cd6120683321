/**
 * Session import (issue 15): what the renderer sees of a preview and of an import job. No
 * session, auth key or server address is ever part of these.
 */

export type SessionFormat =
  'gramjs' | 'telethon' | 'pyrogram' | 'mtcute' | 'telethon-file' | 'pyrogram-file';

/** One row of a preview: a pasted line or a file. */
export interface SessionPreviewRow {
  rowId: string;
  /** Where it came from, in words: "line 3", or the file's name. */
  source: string;
  format: SessionFormat | null;
  dcId: number | null;
  userId: string | null;
  /** Why the row cannot be imported, in plain words; null when it can be. */
  problem: string | null;
  /**
   * The account this session's user already is (formats that carry the user id: Pyrogram and
   * mtcute); importing it would only say "already in Gramdeck". Null when unknown.
   */
  knownAccountId: string | null;
}

export interface SessionPreview {
  previewId: string;
  rows: SessionPreviewRow[];
}

export type ImportOutcome =
  | 'added'
  | 'already-added'
  | 'key-invalid'
  | 'unreadable'
  | 'needs-api-credentials'
  | 'failed'
  | 'cancelled';

export interface ImportRowResult {
  rowId: string;
  source: string;
  outcome: ImportOutcome;
  /** The account it became or already is, for "added" and "already-added". */
  accountId: string | null;
  /** The outcome in plain words (why, for the failures). */
  message: string;
}

export interface ImportJobView {
  jobId: string;
  state: 'running' | 'cancelling' | 'done' | 'cancelled';
  total: number;
  done: number;
  /** Finished rows per outcome. */
  counts: Record<ImportOutcome, number>;
  results: ImportRowResult[];
}
