/**
 * The sidebar's filter, answered in main (`accounts:filter`): main holds every account's full
 * phone number, the renderer only the masked one ("+99966 • •001"), so only main can match a
 * typed number. It answers account ids, never a number.
 */
import type { StatusFilter } from '../../shared/bulk-dto';
import type { AccountStatus } from '../../shared/dto';
import { filterDigits, matchesAccountFacets, matchesAccountName } from '../../shared/rules';
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

/**
 * The tag and status filter (issue 15): the tags and statuses asked for, and how to read an
 * account's own (its status, whether it needs attention, its tags).
 */
export interface FacetFilter {
  readonly tagIds?: readonly string[] | undefined;
  readonly statuses?: readonly StatusFilter[] | undefined;
  readonly facetsOf: (accountId: string) => {
    readonly status: AccountStatus;
    readonly needsAttention: boolean;
    readonly tagIds: readonly string[];
  };
}

/** The ids of the accounts `query` (and the tag and status filter, if given) matches, in order. */
export function matchingAccountIds(
  accounts: readonly FilterableAccount[],
  query: string,
  facets?: FacetFilter,
): string[] {
  return accounts
    .filter(
      (a) =>
        matchesAccount(a.record, query) &&
        (facets === undefined || matchesAccountFacets(facets.facetsOf(a.id), facets)),
    )
    .map((a) => a.id);
}
