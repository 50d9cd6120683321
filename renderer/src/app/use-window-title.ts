import { useEffect } from 'react';
import type { AccountSummary } from '../../../electron/shared/dto';

/** The window's (or tab's) title: "Gramdeck", with the unread messages of every account. */
export function windowTitle(accounts: readonly AccountSummary[]): string {
  const unread = accounts.reduce((sum, account) => sum + account.unreadCount, 0);
  return unread === 0 ? 'Gramdeck' : `Gramdeck (${unread})`;
}

/** Keeps `document.title` (the Electron window follows it) on the total unread count. */
export function useWindowTitle(accounts: readonly AccountSummary[]): void {
  const title = windowTitle(accounts);
  useEffect(() => {
    document.title = title;
  }, [title]);
}
