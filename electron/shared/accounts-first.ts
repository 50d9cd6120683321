/**
 * The first screenful of the account list (issue 17): what `accounts:list-first` answers, so a
 * window draws its sidebar before the whole list (2.7 MB at 10,000 accounts) is in. The rows are
 * the first `limit` of the list `accounts:list` answers, built the same way, in the same order.
 */
import type { AccountSummary, AccountsState } from './dto';

/** The most rows one `accounts:list-first` may ask for: a tall screen's worth, with margin. */
export const firstAccountsMaxLimit = 200;

/**
 * How many rows a window asks for first: a screenful of 56 px sidebar rows on a tall window,
 * with the virtualizer's overscan.
 */
export const firstAccountsLimit = 60;

export interface AccountsFirst extends AccountsState {
  /** How many accounts the whole list has (`accounts` may be fewer). */
  total: number;
  /** The active account's row when it lies beyond `accounts`; null when it is among them. */
  activeAccount: AccountSummary | null;
}
