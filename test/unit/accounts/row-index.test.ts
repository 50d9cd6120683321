/**
 * The index of a new row in the renderer's list (issue 17): the account manager's patches say
 * where each added account goes; the list they build must be the list `inOrder` gives, whatever
 * order the accounts arrive, leave and are reordered in.
 */
import { expect, test } from 'vitest';
import { inOrder } from '../../../electron/core/accounts/account-view';
import { RowIndex } from '../../../electron/core/accounts/row-index';

/** Inserts each added row at its index, as `applyAccountsChange` does. */
function applied(list: string[], added: { id: string; index: number }[]): string[] {
  const next = [...list];
  for (const { id, index } of added) next.splice(index, 0, id);
  return next;
}

const expected = (order: string[], present: string[]) =>
  inOrder(order, new Map(present.map((id) => [id, { id }]))).map((a) => a.id);

test('rows added in any order land where the saved order puts them', () => {
  const order = ['a', 'b', 'c', 'd', 'e', 'f'];
  const index = new RowIndex();
  index.reset(order, []);
  let list: string[] = [];
  const present: string[] = [];
  for (const batch of [['d'], ['f', 'b'], ['a'], ['e', 'c']]) {
    present.push(...batch);
    list = applied(list, index.add(order, batch));
    expect(list).toEqual(expected(order, present));
    expect(index.first()).toBe(list[0]);
  }
});

test('accounts the order does not name come after it, in the order they arrived', () => {
  const order = ['m', 'k'];
  const index = new RowIndex();
  index.reset(order, ['k']);
  let list = ['k'];
  const present = ['k'];
  // More arrivals than the tree first has room for, so it grows on the way.
  const arrivals = Array.from({ length: 40 }, (_, i) => `x${i}`);
  for (const batch of [['x0', 'x1'], ['m'], arrivals.slice(2)]) {
    present.push(...batch);
    list = applied(list, index.add(order, batch));
    expect(list).toEqual(expected(order, present));
  }
  expect(index.size).toBe(42);
});

test('a row that left is no longer counted, and a new order ranks everything again', () => {
  const order = ['a', 'b', 'c'];
  const index = new RowIndex();
  index.reset(order, ['a', 'b', 'c']);
  index.remove('a');
  expect(index.first()).toBe('b');
  expect(index.add(order, ['n'])).toEqual([{ id: 'n', index: 2 }]);
  // The order changed (a reorder saved it): ranks follow the new one.
  const reordered = ['n', 'c', 'b'];
  expect(index.add(reordered, ['z'])).toEqual([{ id: 'z', index: 3 }]);
  expect(index.first()).toBe('n');
  index.reset(reordered, []);
  expect(index.first()).toBeNull();
});
