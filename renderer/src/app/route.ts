/** Where the main pane is. Simple state instead of URLs: the app has a handful of places. */
export type Route =
  | { name: 'home' }
  | { name: 'account'; accountId: string }
  /** The login wizard: a new attempt, or the open attempt `attemptId` resumed. */
  | { name: 'add-account'; phone: string | null; mode: 'phone' | 'qr'; attemptId: string | null }
  | { name: 'settings' }
  | { name: 'secure-storage' };

export const home: Route = { name: 'home' };
