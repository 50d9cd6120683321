import { describe, expect, test } from 'vitest';
import type { AccountSummary } from '../../../../electron/shared/dto';
import { answeredMatches, matchCountText, pendingMatches } from './use-account-filter';

const account = (id: string, displayName: string, username: string | null = null) =>
  ({ id, displayName, username, phone: '+99966 • •001' }) as AccountSummary;
const alice = account('a', 'Alice Demo', 'alice_d');
const bob = account('b', 'Bob Demo');
const dave = account('d', 'Dave Demo');
const all = [alice, bob, dave];
const names = (list: AccountSummary[]) => list.map((a) => a.displayName);

describe('matchCountText', () => {
  test.each([
    [0, 'No matching accounts'],
    [1, '1 matching account'],
    [3, '3 matching accounts'],
    [1000, '1,000 matching accounts'],
  ])('%i → %s', (count, text) => {
    expect(matchCountText(count)).toBe(text);
  });
});

describe('before main answers', () => {
  test('names and usernames filter at once', () => {
    expect(names(pendingMatches(all, 'bob', null))).toEqual(['Bob Demo']);
    expect(names(pendingMatches(all, '@ALICE', null))).toEqual(['Alice Demo']);
    expect(names(pendingMatches(all, 'nobody', null))).toEqual([]);
  });

  test('a number typed afresh keeps every account listed rather than blank the list', () => {
    expect(names(pendingMatches(all, '+99966 2 0001', null))).toEqual(names(all));
    const other = { query: 'Bob', ids: new Set(['b']) };
    expect(names(pendingMatches(all, '0001', other))).toEqual(names(all));
  });

  test('more digits of the same number narrow the previous answer', () => {
    const previous = { query: '99966', ids: new Set(['a', 'd']) };
    expect(names(pendingMatches(all, '+99966 2', previous))).toEqual(['Alice Demo', 'Dave Demo']);
  });
});

test("main's answer lists its ids, with names that match, in the list order", () => {
  expect(names(answeredMatches(all, { query: '0004', ids: new Set(['d']) }))).toEqual([
    'Dave Demo',
  ]);
  expect(names(answeredMatches(all, { query: 'demo', ids: new Set(['d', 'a']) }))).toEqual(
    names(all),
  );
  expect(answeredMatches(all, { query: '9', ids: new Set() })).toEqual([]);
});
