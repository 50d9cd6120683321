/**
 * The moment Telegram allows an account reset, as people read a date: "6 December 2026, 14:05",
 * in the local time zone (or `timeZone`, for tests). Built from parts so the words do not depend
 * on how a browser's locale data joins a date and a time ("at", a comma, or nothing).
 */
export function formatResetMoment(epochMs: number, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(timeZone === undefined ? {} : { timeZone }),
  }).formatToParts(new Date(epochMs));
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')} ${part('month')} ${part('year')}, ${part('hour')}:${part('minute')}`;
}
