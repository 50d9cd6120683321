/** Where the main pane is. Simple state instead of URLs: the app has a handful of places. */
export type Route =
  | { name: 'home' }
  | { name: 'account'; accountId: string }
  /** The login wizard: a new attempt, or the open attempt `attemptId` resumed. */
  | { name: 'add-account'; phone: string | null; mode: 'phone' | 'qr'; attemptId: string | null }
  /** `proxyAccountId`: open at that account's proxy (from an account whose proxy failed). */
  | { name: 'settings'; proxyAccountId?: string }
  | { name: 'secure-storage' }
  // Two-step verification of an added account (issue 15)
  | { name: 'two-step'; accountId: string }
  /** Account health (issue 15): every account's health in one table. */
  | { name: 'health' }
  // Session import (issue 15)
  | { name: 'import-sessions' }
  // A conversation (issue 16)
  | { name: 'chat'; accountId: string; chatId: string }
  // The unified inbox (issue 16); `open`: a chat to open at once (a notification was clicked)
  | { name: 'inbox'; open?: { accountId: string; chatId: string } };

export const home: Route = { name: 'home' };

/** A new login: the wizard's phone step. */
export const newLogin = {
  name: 'add-account',
  phone: null,
  mode: 'phone',
  attemptId: null,
} as const satisfies Route;

/**
 * Where the main pane is while the user has not gone anywhere yet (`chosen` null): the account
 * the sidebar highlights, or a new login when there is none. It follows the accounts as they
 * arrive, because after an unlock main restores the saved accounts a moment after it answers.
 */
export function shownRoute(chosen: Route | null, accountCount: number): Route {
  if (chosen !== null) return chosen;
  return accountCount === 0 ? newLogin : home;
}
