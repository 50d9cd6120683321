/**
 * One account in memory, split the way the lock treats it: `record` (what the sidebar shows and
 * where to connect) stays while locked; `secrets` (the session, its server salts and the API
 * hash) of a saved account leave memory with the lock and come back from the vault at unlock.
 * `secrets` is null only then, and an account whose secrets are null is never written to the
 * vault.
 */
import type { AccountRecord } from '../ports';

export type RecordSecrets = Pick<AccountRecord, 'session' | 'serverSalts' | 'apiHash'>;

export type RecordInfo = Omit<AccountRecord, keyof RecordSecrets>;

export interface Account {
  readonly id: string;
  record: RecordInfo;
  /** Null after the lock dropped them (saved accounts only); the vault has them. */
  secrets: RecordSecrets | null;
  /** Whether the vault holds this account as it is now. */
  isPersisted: boolean;
}

export function splitRecord(full: AccountRecord): { record: RecordInfo; secrets: RecordSecrets } {
  const { session, serverSalts, apiHash, ...record } = full;
  return { record, secrets: { session, apiHash, ...(serverSalts ? { serverSalts } : {}) } };
}

export function joinRecord(record: RecordInfo, secrets: RecordSecrets): AccountRecord {
  return { ...record, ...secrets };
}
