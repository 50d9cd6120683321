/** Where the main pane is. Simple state instead of URLs: the app has a handful of places. */
export type Route =
  | { name: 'home' }
  | { name: 'account'; accountId: string }
  | { name: 'add-account'; phone: string | null; mode: 'phone' | 'qr' }
  | { name: 'settings' }
  | { name: 'secure-storage' };

export const home: Route = { name: 'home' };
