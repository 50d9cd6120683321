/**
 * Account health (issue 15) in words, for the health table, the account page's Health section
 * and the sidebar's badge: each field as a short phrase, and how the table sorts by it.
 */
import type {
  AccountHealth,
  HealthConnection,
  HealthKey,
} from '../../../electron/shared/health-dto';

/** Worded apart from the status line ("Online"), which the page shows too. */
const connectionWords: Record<HealthConnection, string> = {
  online: 'Connected',
  connecting: 'Connecting now',
  offline: 'Not connected',
  locked: 'Locked with the app',
  error: 'Cannot connect',
};

const keyWords: Record<HealthKey, string> = {
  valid: 'Valid',
  invalid: 'No longer valid',
  unknown: 'Not known yet',
};

const notChecked = 'Not checked yet';

/** A date as the user's locale writes it, without the time. */
export function formatDay(ms: number): string {
  return new Date(ms).toLocaleDateString(undefined, { dateStyle: 'medium' });
}

/** A moment as the user's locale writes it. */
export function formatMoment(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export const healthWords = {
  connection: (h: AccountHealth) => connectionWords[h.connection],
  key: (h: AccountHealth) => keyWords[h.key],
  restricted: (h: AccountHealth) => {
    if (h.last === null) return notChecked;
    if (!h.last.isRestricted) return 'No';
    const texts = [...new Set(h.last.restrictions.map((r) => r.text))];
    return texts.length === 0 ? 'Yes' : `Yes: ${texts.join(' ')}`;
  },
  frozen: (h: AccountHealth) => {
    if (h.last === null) return notChecked;
    const f = h.last.freeze;
    if (f === null) return 'No';
    return f.until > 0
      ? `Since ${formatDay(f.since)}, until ${formatDay(f.until)}`
      : `Since ${formatDay(f.since)}`;
  },
  deactivated: (h: AccountHealth) =>
    h.last === null ? notChecked : h.last.isDeactivated ? 'Yes' : 'No',
  premium: (h: AccountHealth) => (h.last === null ? notChecked : h.last.isPremium ? 'Yes' : 'No'),
  twoStep: (h: AccountHealth) => (h.last === null ? notChecked : h.last.hasPassword ? 'On' : 'Off'),
  recoveryEmail: (h: AccountHealth) =>
    h.last === null ? notChecked : h.last.hasRecoveryEmail ? 'Set' : 'Not set',
  otherSessions: (h: AccountHealth) =>
    h.last === null ? notChecked : String(h.last.otherSessions),
  lastChecked: (h: AccountHealth) => {
    if (h.isChecking) return 'Checking…';
    return h.last === null ? 'Never' : formatMoment(h.last.checkedAt);
  },
} as const;

export type HealthColumn = 'name' | keyof typeof healthWords | 'attention';

/**
 * The sort key of a column: numbers sort as numbers, the rest as the words shown (so "Not
 * checked yet" groups together). Missing findings sort last whichever way.
 */
export function sortValue(
  column: Exclude<HealthColumn, 'name'>,
  h: AccountHealth,
): string | number {
  switch (column) {
    case 'attention':
      return h.needsAttention ? 0 : 1;
    case 'otherSessions':
      return h.last?.otherSessions ?? Number.MAX_SAFE_INTEGER;
    case 'lastChecked':
      return h.last?.checkedAt ?? 0;
    case 'frozen':
      return (
        h.last?.freeze?.since ??
        (h.last === null ? Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER - 1)
      );
    default:
      return healthWords[column](h);
  }
}

/** Compares two values of one column, ascending. */
export function compareValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
}

/** The badge's words: "Needs attention: …" with every reason. */
export function attentionText(reasons: readonly string[]): string {
  return reasons.length === 0 ? 'Needs attention' : `Needs attention: ${reasons.join(' ')}`;
}
