/**
 * When a restore has brought every saved account online: the one place where the restore bench
 * reads the core's account pushes (issue 17 changes what `accounts:changed` carries for large
 * lists; a merge adapts this function only).
 *
 * Each push is only looked at for its restore progress (O(1), no walk over the list; `onProgress`
 * hears it). Once a push
 * says no restore is running, the core's own `accounts()` is read once: all `count` accounts online
 * resolves with the moment of that push; a restore that ended with fewer online rejects.
 */
import type { GramdeckCore } from '../../../electron/core/app';
import type { AccountsState, RestoreProgress } from '../../../electron/shared/dto';

export function watchAllOnline(
  core: GramdeckCore,
  count: number,
  onProgress: (progress: RestoreProgress) => void = () => undefined,
): Promise<number> {
  let hasRestoreRun = false;
  return new Promise<number>((resolve, reject) => {
    const stop = core.on('accounts:changed', (payload) => {
      const restore = (payload as Partial<AccountsState>).restore;
      if (restore) {
        hasRestoreRun = true;
        onProgress(restore);
        return;
      }
      const at = performance.now();
      const accounts = core.accounts()?.accounts ?? [];
      const online = accounts.filter((a) => a.status.kind === 'online').length;
      if (online === count) {
        stop();
        resolve(at);
      } else if (hasRestoreRun) {
        stop();
        reject(new Error(`the restore ended with ${online} of ${count} accounts online`));
      }
    });
  });
}
