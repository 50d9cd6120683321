/** Where the main pane is. Simple state instead of URLs: the app has a handful of places. */
export type Route =
  | { name: 'home' }
  | { name: 'account'; accountId: string }
  /** The login wizard: a new attempt, or the open attempt `attemptId` resumed. */
  | { name: 'add-account'; phone: string | null; mode: 'phone' | 'qr'; attemptId: string | null }
  /** `proxyAccountId`: open at that account's proxy (from an account whose proxy failed). */
  | { name: 'settings'; proxyAccountId?: string }
  | { name: 'secure-storage' };

export const home: Route = { name: 'home' };
