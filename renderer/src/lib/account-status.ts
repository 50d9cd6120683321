import type { AccountStatus } from '../../../electron/shared/dto';

export type StatusTone = 'ok' | 'busy' | 'warn' | 'bad' | 'idle';

/** Words for an account's connection status, for the dot's screen-reader text and the page. */
export function describeStatus(status: AccountStatus): { label: string; tone: StatusTone } {
  switch (status.kind) {
    case 'online':
      return { label: 'Online', tone: 'ok' };
    case 'connecting':
      return { label: 'Connecting', tone: 'busy' };
    case 'offline':
      return status.proxyError
        ? { label: 'Proxy problem', tone: 'bad' }
        : { label: 'Offline', tone: 'warn' };
    case 'logged-out':
      return { label: 'Signed out', tone: 'bad' };
    case 'locked':
      return { label: 'Locked', tone: 'idle' };
    case 'error':
      return { label: 'Connection problem', tone: 'bad' };
  }
}

/** What every account shows while the page has lost its connection to main: nothing is known. */
export const unknownStatus: { label: string; tone: StatusTone } = {
  label: 'Status unknown',
  tone: 'idle',
};

/** An unread count as a short badge: "7", "999", "1.2K", "12K". */
export function formatUnread(count: number): string {
  if (count <= 0) return '';
  if (count < 1000) return String(count);
  return `${(count / 1000).toFixed(count < 10_000 ? 1 : 0)}K`;
}
