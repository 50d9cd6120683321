import { describe, expect, test } from 'vitest';
import {
  keepListed,
  noSelection,
  selectAll,
  selectedText,
  selectRange,
  toggleSelected,
} from './selection';

const ids = ['a', 'b', 'c', 'd', 'e'];
const list = (s: { ids: ReadonlySet<string> }) => [...s.ids].sort();

describe('selecting accounts', () => {
  test('Ctrl-click toggles; the first one after a plain click selects both', () => {
    const clicked = { ids: new Set<string>(), anchor: 'b' };
    const two = toggleSelected(clicked, 'd');
    expect(list(two)).toEqual(['b', 'd']);
    expect(list(toggleSelected(two, 'b'))).toEqual(['d']);
    expect(list(toggleSelected(noSelection, 'c'))).toEqual(['c']);
  });

  test('Shift-click selects the range from the anchor, either way, in the order shown', () => {
    const anchored = toggleSelected(noSelection, 'b');
    expect(list(selectRange(anchored, ids, 'd'))).toEqual(['b', 'c', 'd']);
    expect(list(selectRange({ ids: new Set(), anchor: 'd' }, ids, 'a'))).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    expect(list(selectRange(noSelection, ids, 'c'))).toEqual(['c']);
  });

  test('Ctrl+A selects what the filter shows; hidden or removed accounts leave the selection', () => {
    expect(list(selectAll(['b', 'c']))).toEqual(['b', 'c']);
    const all = selectAll(ids);
    expect(list(keepListed(all, ['a', 'e']))).toEqual(['a', 'e']);
    expect(keepListed(all, ids)).toBe(all);
  });

  test('the count in words', () => {
    expect(selectedText(0)).toBe('');
    expect(selectedText(1)).toBe('1 account selected');
    expect(selectedText(1000)).toBe('1,000 accounts selected');
  });
});
