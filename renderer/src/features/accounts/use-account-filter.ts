/**
 * The sidebar's filter. The renderer holds masked numbers only ("+99966 • •001"), so it matches
 * names and usernames itself, at once, and asks main (`accounts:filter`) for the full answer,
 * numbers included: a short pause after typing, one call per pause, and only the answer to the
 * latest query counts.
 */
import { useEffect, useMemo, useState } from 'react';
import type { AccountSummary } from '../../../../electron/shared/dto';
import { filterDigits, matchesAccountName } from '../../../../electron/shared/rules';
import { invoke } from '../../lib/call';

/** How long typing pauses before main is asked. */
const ASK_AFTER_MS = 150;

interface Answer {
  query: string;
  ids: ReadonlySet<string>;
}

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
  previous: Answer | null,
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
  answer: Answer,
): AccountSummary[] {
  return accounts.filter((a) => answer.ids.has(a.id) || matchesAccountName(a, answer.query));
}

export function useAccountFilter(
  accounts: readonly AccountSummary[],
  query: string,
): AccountFilter {
  const q = query.trim();
  const [answer, setAnswer] = useState<Answer | null>(null);
  // A cleared filter forgets its answer, so the next query starts without a stale count.
  if (q === '' && answer !== null) setAnswer(null);
  // A new or removed account asks again; a reorder does not.
  const idsKey = useMemo(
    () =>
      accounts
        .map((a) => a.id)
        .sort()
        .join(','),
    [accounts],
  );

  useEffect(() => {
    if (q === '') return;
    let isCurrent = true;
    const timer = setTimeout(() => {
      void invoke('accounts:filter', { query: q }).then((result) => {
        // A failed call (locked, connection lost) leaves the names that match.
        if (isCurrent) setAnswer({ query: q, ids: new Set(result.ok ? result.value : []) });
      });
    }, ASK_AFTER_MS);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [q, idsKey]);

  return useMemo(() => {
    if (q === '') return { visible: [...accounts], isFiltering: false, countText: '' };
    const isAnswered = answer?.query === q;
    const visible = isAnswered
      ? answeredMatches(accounts, answer)
      : pendingMatches(accounts, q, answer);
    const countText =
      answer === null
        ? ''
        : matchCountText(isAnswered ? visible.length : answeredMatches(accounts, answer).length);
    return { visible, isFiltering: true, countText };
  }, [accounts, q, answer]);
}
