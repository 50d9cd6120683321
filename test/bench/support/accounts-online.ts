/**
 * Resolves once `n` accounts are online, from the core's `accounts:changed` pushes (issue 17: a
 * long list comes as patches). It counts from the rows each push carries, so the bench's own
 * work per push is that of the rows, not of the whole list.
 */
import type { GramdeckCore } from '../../../electron/core/app';
import { changedRows, type AccountsChanged } from '../../../electron/shared/accounts-change';

export function whenAllOnline(core: Pick<GramdeckCore, 'events'>, n: number): Promise<void> {
  const isOnline = new Map<string, boolean>();
  let online = 0;
  return new Promise((resolve) => {
    core.events.subscribe((event, payload) => {
      if (event !== 'accounts:changed') return;
      const { rows, removed } = changedRows(payload as AccountsChanged);
      if (removed === null) {
        isOnline.clear();
        online = 0;
      }
      for (const id of removed ?? []) if (isOnline.get(id)) online--;
      for (const id of removed ?? []) isOnline.delete(id);
      for (const row of rows) {
        const now = row.status.kind === 'online';
        if (now !== (isOnline.get(row.id) ?? false)) online += now ? 1 : -1;
        isOnline.set(row.id, now);
      }
      if (isOnline.size === n && online === n) resolve();
    });
  });
}
