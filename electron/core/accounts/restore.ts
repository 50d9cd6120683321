/**
 * Restore: every saved account is read from the vault and connected, a bounded number at once
 * (so a restore of 1,000 accounts does not open 1,000 connections together), with progress for
 * `AccountsState.restore`.
 */
import type { RestoreProgress } from '../../shared/dto';
import { isAppFailure } from '../../shared/errors';
import type { Logger, SessionVault } from '../ports';

export interface RestoreOptions {
  vault: Pick<SessionVault, 'listAccountIds'>;
  log: Logger;
  /** How many saved accounts connect at once. */
  concurrency: number;
  isStopped: () => boolean;
  /** Reads one saved account and connects it; resolves to whether it came online. */
  restoreOne: (accountId: string) => Promise<boolean>;
  /** Progress while the restore runs (none when there is nothing to restore), null once it ended. */
  onProgress: (progress: RestoreProgress | null) => void;
}

export async function restoreAccounts(options: RestoreOptions): Promise<void> {
  const { log, isStopped, restoreOne, onProgress } = options;
  let ids: string[];
  try {
    ids = await options.vault.listAccountIds();
  } catch (error) {
    log.log('warn', 'Listing saved accounts failed', {
      code: isAppFailure(error) ? error.code : 'unknown',
    });
    return;
  }
  const progress: RestoreProgress = { total: ids.length, restored: 0, failed: 0 };
  onProgress(ids.length > 0 ? { ...progress } : null);
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined && !isStopped(); id = queue.shift()) {
      let isOnline = false;
      try {
        isOnline = await restoreOne(id);
      } catch (error) {
        log.log('warn', 'Restoring an account failed', {
          account: id,
          code: isAppFailure(error) ? error.code : 'unknown',
        });
      }
      if (isOnline) progress.restored++;
      else progress.failed++;
      onProgress({ ...progress });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, ids.length) }, worker));
  log.log('info', 'Accounts restored', {
    total: progress.total,
    restored: progress.restored,
    failed: progress.failed,
  });
  onProgress(null);
}
