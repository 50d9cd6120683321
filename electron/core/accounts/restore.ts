/**
 * Restore: every saved account is read from the vault and connected, a bounded number at once
 * (so a restore of 10,000 accounts does not open 10,000 connections together), with progress for
 * `AccountsState.restore`. How many at once adapts to how fast connections come up
 * (`restore-pace.ts`, issue 17); the main loop's lag is sampled for it while the restore runs.
 */
import type { RestoreProgress } from '../../shared/dto';
import { isAppFailure } from '../../shared/errors';
import type { Logger, SessionVault } from '../ports';
import type { ConnectOutcome, RestorePace } from './restore-pace';

/** How often the main loop's lag is sampled during a restore. */
const lagSampleMs = 100;

export interface RestoreOptions {
  vault: Pick<SessionVault, 'listAccountIds'>;
  log: Logger;
  /** How many saved accounts connect at once. */
  pace: RestorePace;
  isStopped: () => boolean;
  /** Reads one saved account and connects it; resolves to how the connect ended. */
  restoreOne: (accountId: string) => Promise<ConnectOutcome>;
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
  const { pace } = options;
  let next = 0;
  let running = 0;
  let peak = 0;
  let lastTick = performance.now();
  const lagTimer = setInterval(() => {
    const now = performance.now();
    pace.lag(Math.max(0, now - lastTick - lagSampleMs));
    lastTick = now;
  }, lagSampleMs);
  lagTimer.unref();
  const restoreNext = async (id: string) => {
    const done = pace.start();
    let outcome: ConnectOutcome = 'other';
    try {
      outcome = await restoreOne(id);
    } catch (error) {
      log.log('warn', 'Restoring an account failed', {
        account: id,
        code: isAppFailure(error) ? error.code : 'unknown',
      });
    }
    done(outcome);
    if (outcome === 'online') progress.restored++;
    else progress.failed++;
    onProgress({ ...progress });
  };
  await new Promise<void>((resolve) => {
    const pump = () => {
      while (running < pace.limit && next < ids.length && !isStopped()) {
        const id = ids[next++] ?? '';
        running++;
        peak = Math.max(peak, running);
        void restoreNext(id).finally(() => {
          running--;
          pump();
        });
      }
      if (running === 0) resolve();
    };
    pump();
  });
  clearInterval(lagTimer);
  log.log('info', 'Accounts restored', {
    total: progress.total,
    restored: progress.restored,
    failed: progress.failed,
    peakConcurrency: peak,
  });
  onProgress(null);
}
