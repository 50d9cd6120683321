/**
 * The first screenful, then the whole list (issue 17): pushes between the two apply on the first
 * rows as far as those rows reach, none is lost (the whole list read afterwards is the truth,
 * and the pushes after its answer apply on it), and the swap keeps every row the first screen
 * showed.
 */
import { describe, expect, it } from 'vitest';
import {
  applyAccountsChange,
  type AccountsChanged,
  type AccountsPatch,
} from '../../../electron/shared/accounts-change';
import type { AccountsFirst } from '../../../electron/shared/accounts-first';
import type { AccountSummary, AccountsState } from '../../../electron/shared/dto';
import { createAccountsCatchUp } from './accounts-catch-up';
import { activeAccountOf, type AccountsView, fromFirst, reduceAccounts } from './first-accounts';

const row = (id: string, unreadCount = 0): AccountSummary => ({
  id,
  displayName: `User ${id}`,
  username: null,
  phone: '+44 7700 900000',
  avatar: null,
  initials: 'U',
  colorIndex: 0,
  homeDcId: 2,
  status: { kind: 'online' },
  unreadCount,
  isPremium: false,
  isSandbox: false,
  proxy: null,
  needsAttention: false,
});

const wholeList = (count: number, activeAccountId: string | null = null): AccountsState => ({
  accounts: Array.from({ length: count }, (_, i) => row(`a${i}`)),
  activeAccountId: activeAccountId ?? 'a0',
  restore: null,
});

/** What `accounts:list-first` answers for `list` (electron/core/accounts/account-view.ts). */
function firstOf(list: AccountsState, limit: number): AccountsFirst {
  const activeIndex = list.accounts.findIndex((a) => a.id === list.activeAccountId);
  return {
    ...list,
    accounts: list.accounts.slice(0, limit),
    total: list.accounts.length,
    activeAccount: activeIndex >= limit ? (list.accounts[activeIndex] ?? null) : null,
  };
}

const patch = (part: Partial<AccountsPatch>): AccountsPatch => ({
  kind: 'patch',
  updated: [],
  added: [],
  removed: [],
  activeAccountId: 'a0',
  restore: null,
  ...part,
});

const push = (view: AccountsView, change: AccountsChanged): AccountsView =>
  reduceAccounts(view, { kind: 'pushed', change });

/** The first rows held are the first rows of `whole`, and the total is its length. */
function expectPrefixOf(view: AccountsView, whole: AccountsState): void {
  const held = view.accounts.accounts;
  expect(held).toEqual(whole.accounts.slice(0, held.length));
  expect(view.partial?.total).toBe(whole.accounts.length);
}

describe('the first screenful, then the whole list', () => {
  it('applies a push in between on the first rows, then swaps in the whole list', () => {
    const before = wholeList(150);
    let view = reduceAccounts(
      { accounts: before, partial: null },
      { kind: 'first', first: firstOf(before, 60) },
    );
    expect(view.partial).toEqual({ total: 150, activeAccount: null });
    expect(view.accounts.accounts).toHaveLength(60);

    // Main changes rows on both sides of the 60th, removes one and adds two.
    const change = patch({
      updated: [row('a10', 3), row('a100', 7)],
      removed: ['a5'],
      added: [
        { index: 20, account: row('n1') },
        { index: 140, account: row('n2') },
      ],
    });
    const after = applyAccountsChange(before, change) as AccountsState;
    view = push(view, change);
    expectPrefixOf(view, after);
    expect(view.accounts.accounts.find((a) => a.id === 'a10')?.unreadCount).toBe(3);
    expect(view.accounts.accounts.some((a) => a.id === 'a5')).toBe(false);
    expect(view.accounts.accounts[20]?.id).toBe('n1');
    // Beyond the first rows: not placed on them, and not lost.
    expect(view.accounts.accounts.some((a) => a.id === 'n2' || a.id === 'a100')).toBe(false);

    // The whole list, read after that push, carries it; a push after its answer applies on it.
    view = reduceAccounts(view, { kind: 'whole', state: after });
    expect(view.partial).toBeNull();
    const later = patch({ updated: [row('a120', 9)] });
    view = push(view, later);
    expect(view.accounts).toEqual(applyAccountsChange(after, later));
    expect(view.accounts.accounts.find((a) => a.id === 'n2')).toBeDefined();
    expect(view.accounts.accounts.find((a) => a.id === 'a100')?.unreadCount).toBe(7);
    expect(view.accounts.accounts.find((a) => a.id === 'a120')?.unreadCount).toBe(9);
  });

  it('keeps the first rows a prefix of the list through many random patches', () => {
    let seed = 17;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    let whole = wholeList(120);
    let view = fromFirst(firstOf(whole, 60));
    let next = 0;
    for (let step = 0; step < 300; step++) {
      const ids = whole.accounts.map((a) => a.id);
      const removed = random(4) === 0 ? [ids[random(ids.length)] as string] : [];
      const keptCount = ids.length - removed.length;
      const indexes = [random(keptCount + 1), random(keptCount + 2)].sort((a, b) => a - b);
      const added = indexes.map((index, i) => ({ index: index + i, account: row(`n${next++}`) }));
      const updated = [row(ids[random(ids.length)] as string, step)].filter(
        (a) => !removed.includes(a.id),
      );
      const change = patch({ updated, removed, added });
      whole = applyAccountsChange(whole, change) as AccountsState;
      view = push(view, change);
      expectPrefixOf(view, whole);
    }
    // Patches never make the first rows whole: only a whole list does.
    expect(view.partial).not.toBeNull();
  });

  it('keeps the pushes that follow the first answer during the read, and not those before it', () => {
    const before = wholeList(100);
    const catchUp = createAccountsCatchUp();
    catchUp.start();
    // Already in the answer: main built it after this change.
    catchUp.push(patch({ updated: [row('a1', 1)] }));
    catchUp.answered();
    const answer = firstOf(before, 60);
    const laterChange = patch({
      updated: [row('a2', 2)],
      added: [{ index: 0, account: row('n') }],
    });
    catchUp.push(laterChange);
    const view = catchUp
      .take()
      .reduce<AccountsView>((v, change) => push(v, change), fromFirst(answer));
    expectPrefixOf(view, applyAccountsChange(before, laterChange) as AccountsState);
    expect(view.accounts.accounts[0]?.id).toBe('n');
    expect(view.accounts.accounts.find((a) => a.id === 'a2')?.unreadCount).toBe(2);
    expect(catchUp.take()).toEqual([]);
  });

  it('takes a whole list pushed while partial as the whole list', () => {
    const before = wholeList(100);
    const reordered = { ...before, accounts: [...before.accounts].reverse() };
    const view = push(fromFirst(firstOf(before, 60)), reordered);
    expect(view).toEqual({ accounts: reordered, partial: null });
  });

  it('is whole at once when the list fits in the first screenful', () => {
    const list = wholeList(12);
    expect(fromFirst(firstOf(list, 60))).toEqual({ accounts: list, partial: null });
  });

  it('knows the active account further down the list, and follows its changes', () => {
    const before = wholeList(100, 'a80');
    let view = fromFirst(firstOf(before, 60));
    expect(activeAccountOf(view)?.id).toBe('a80');
    view = push(view, patch({ activeAccountId: 'a80', updated: [row('a80', 4)] }));
    expect(activeAccountOf(view)?.unreadCount).toBe(4);
    view = push(view, patch({ activeAccountId: 'a0', removed: ['a80'] }));
    expect(view.partial?.activeAccount).toBeNull();
    expect(activeAccountOf(view)?.id).toBe('a0');
  });
});
