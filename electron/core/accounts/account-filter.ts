/**
 * The sidebar's filter, answered in main (`accounts:filter`): main holds every account's full
 * phone number, the renderer only the masked one ("+99966 • •001"), so only main can match a
 * typed number. It answers account ids, never a number.
 */
import { filterDigits, matchesAccountName } from '../../shared/rules';
import type { RecordInfo } from './account';

export type FilterableAccount = {
  readonly id: string;
  readonly record: Pick<RecordInfo, 'displayName' | 'username' | 'phone'>;
};

/**
 * Whether `query` matches the account: in its name or username (any case, a leading @ ignored),
 * or, when it reads as a phone number, its digits anywhere in the full number (+, spaces, dashes,
 * dots and parentheses ignored). An empty query matches every account.
 */
export function matchesAccount(record: FilterableAccount['record'], query: string): boolean {
  if (matchesAccountName(record, query)) return true;
  const digits = filterDigits(query);
  return digits !== null && record.phone.replace(/\D/g, '').includes(digits);
}

/** The ids of the accounts `query` matches, in the given order. */
export function matchingAccountIds(
  accounts: readonly FilterableAccount[],
  query: string,
): string[] {
  return accounts.filter((a) => matchesAccount(a.record, query)).map((a) => a.id);
}
