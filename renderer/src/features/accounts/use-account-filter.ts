/**
 * The sidebar's filter. The renderer holds masked numbers only ("+99966 • •001"), so it matches
 * names and usernames itself, at once, and asks main (`accounts:filter`) for the full answer,
 * numbers included: a short pause after typing, one call per pause, and only the answer to the
 * latest query counts.
 */
import { useEffect, useMemo, useState } from 'react';
import type { StatusFilter } from '../../../../electron/shared/bulk-dto';
import type { AccountSummary } from '../../../../electron/shared/dto';
import {
  filterDigits,
  matchesAccountFacets,
  matchesAccountName,
} from '../../../../electron/shared/rules';
import { invoke } from '../../lib/call';

/** How long typing pauses before main is asked. */
const ASK_AFTER_MS = 150;

interface Answer {
  query: string;
  /** The query with its tags and statuses: which question this answers. */
  key: string;
  ids: ReadonlySet<string>;
}

/** The tag and status filter (issue 15): an account passes with one of the tags and statuses. */
export interface Facets {
  tagIds: readonly string[];
  statuses: readonly StatusFilter[];
}

export const noFacets: Facets = { tagIds: [], statuses: [] };

export interface AccountFilter {
  /** The accounts to list, in the list order. */
  visible: AccountSummary[];
  /** Whether a query is typed. */
  isFiltering: boolean;
  /** The count, in words, of the latest answer from main ("1 matching account"); '' before one. */
  countText: string;
}

/** "No matching accounts", "1 matching account", "3 matching accounts". */
export function matchCountText(count: number): string {
  if (count === 0) return 'No matching accounts';
  return count === 1 ? '1 matching account' : `${count.toLocaleString('en')} matching accounts`;
}

/**
 * What to list while main has not answered `query` yet: the names that match, plus the accounts
 * of the previous answer when `query` only narrows it (more digits of the same number), or every
 * account while a number is typed afresh, so typing a number never blanks the list.
 */
export function pendingMatches(
  accounts: readonly AccountSummary[],
  query: string,
  previous: Pick<Answer, 'query' | 'ids'> | null,
): AccountSummary[] {
  const digits = filterDigits(query);
  const previousDigits = previous === null ? null : filterDigits(previous.query);
  const narrows = digits !== null && previousDigits !== null && digits.includes(previousDigits);
  return accounts.filter(
    (a) =>
      matchesAccountName(a, query) ||
      (digits !== null && (!narrows || previous?.ids.has(a.id) === true)),
  );
}

/** The matches of an answer from main, with the names that match (the list may be newer). */
export function answeredMatches(
  accounts: readonly AccountSummary[],
  answer: Pick<Answer, 'query' | 'ids'>,
): AccountSummary[] {
  return accounts.filter((a) => answer.ids.has(a.id) || matchesAccountName(a, answer.query));
}

export function useAccountFilter(
  accounts: readonly AccountSummary[],
  query: string,
  facets: Facets = noFacets,
  accountTags: Readonly<Record<string, readonly string[]>> = {},
): AccountFilter {
  const q = query.trim();
  const hasFacets = facets.tagIds.length > 0 || facets.statuses.length > 0;
  const key = JSON.stringify([q, facets.tagIds, facets.statuses, hasFacets ? accountTags : null]);
  const [answer, setAnswer] = useState<Answer | null>(null);
  // A cleared filter forgets its answer, so the next query starts without a stale count.
  if (q === '' && !hasFacets && answer !== null) setAnswer(null);
  // A new or removed account asks again; a reorder does not. Only a filter asks: without one,
  // sorting 10,000 ids on every change of the list would be wasted.
  const isAsking = q !== '' || hasFacets;
  const idsKey = useMemo(
    () =>
      isAsking
        ? accounts
            .map((a) => a.id)
            .sort()
            .join(',')
        : '',
    [accounts, isAsking],
  );

  useEffect(() => {
    if (!isAsking) return;
    let isCurrent = true;
    const [, tagIds, statuses] = JSON.parse(key) as [string, string[], StatusFilter[]];
    const timer = setTimeout(() => {
      const args = hasFacets ? { query: q, tagIds, statuses } : { query: q };
      void invoke('accounts:filter', args).then((result) => {
        // A failed call (locked, connection lost) leaves the names that match.
        if (isCurrent) setAnswer({ query: q, key, ids: new Set(result.ok ? result.value : []) });
      });
    }, ASK_AFTER_MS);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [q, key, hasFacets, isAsking, idsKey]);

  return useMemo(() => {
    if (!isAsking) return { visible: [...accounts], isFiltering: false, countText: '' };
    // The renderer knows every account's status and tags: it applies them at once, main too.
    const passes = (a: AccountSummary) =>
      !hasFacets ||
      matchesAccountFacets(
        { status: a.status, needsAttention: a.needsAttention, tagIds: accountTags[a.id] ?? [] },
        facets,
      );
    const isAnswered = answer?.key === key;
    const visible = (
      isAnswered ? answeredMatches(accounts, answer) : pendingMatches(accounts, q, answer)
    ).filter(passes);
    const countText =
      answer === null
        ? ''
        : matchCountText(
            isAnswered ? visible.length : answeredMatches(accounts, answer).filter(passes).length,
          );
    return { visible, isFiltering: true, countText };
  }, [accounts, q, key, hasFacets, isAsking, facets, accountTags, answer]);
}
