import type { SessionInfo } from '../../../../electron/shared/dto';
import { formatWhen } from '../../lib/format-when';

/** "Telegram Desktop 5.1", the app a session signed in with. */
export function appOf(session: SessionInfo): string {
  return [session.appName, session.appVersion].filter((x) => x !== '').join(' ');
}

/**
 * What tells each session apart for a screen reader and a voice command ("End session on …"):
 * device, app, IP and last activity; then, where two still read alike, when each signed in, and
 * last of all its place in the list, so no two "End session" buttons share a name.
 */
export function sessionLabels(
  sessions: readonly SessionInfo[],
  now: number,
  locale?: string,
): Map<string, string> {
  const base = (s: SessionInfo) =>
    [
      s.deviceModel || 'Unknown device',
      appOf(s),
      s.ip,
      s.isCurrent ? '' : `last active ${formatWhen(s.activeAt, now, locale)}`,
    ]
      .filter((x) => x !== '')
      .join(', ');
  const signedIn = (s: SessionInfo) =>
    `${base(s)}, signed in ${new Date(s.createdAt).toLocaleString(locale, {
      dateStyle: 'medium',
      timeStyle: 'medium',
    })}`;
  const labels = distinguish(sessions, base, (s) => signedIn(s));
  return new Map(sessions.map((s, i) => [s.id, labels[i] ?? base(s)]));
}

/** `first` for every session, `second` where `first` repeats, then numbered where that repeats. */
function distinguish(
  sessions: readonly SessionInfo[],
  first: (s: SessionInfo) => string,
  second: (s: SessionInfo) => string,
): string[] {
  const firsts = sessions.map(first);
  const seconds = sessions.map((s, i) =>
    count(firsts, firsts[i] ?? '') > 1 ? second(s) : (firsts[i] ?? ''),
  );
  return seconds.map((label, i) => {
    const total = count(seconds, label);
    if (total === 1) return label;
    const place = seconds.slice(0, i + 1).filter((x) => x === label).length;
    return `${label}, ${place} of ${total}`;
  });
}

function count(labels: readonly string[], label: string): number {
  return labels.filter((x) => x === label).length;
}
