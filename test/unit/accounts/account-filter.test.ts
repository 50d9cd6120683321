/** The sidebar's filter as main answers it: names, usernames, and full numbers by their digits. */
import { describe, expect, test } from 'vitest';
import { matchesAccount, matchingAccountIds } from '../../../electron/core/accounts/account-filter';
import { filterDigits, matchesAccountName, statusFilterOf } from '../../../electron/shared/rules';

const alice = { displayName: 'Alice Demo', username: 'alice_d', phone: '9996620001' };
const bob = { displayName: 'Bob Demo', username: null, phone: '447700900123' };
const accounts = [
  { id: 'a', record: alice },
  { id: 'b', record: bob },
];

describe('matchesAccount', () => {
  test.each([
    '9996620001',
    '+9996620001',
    '+99966 2 0001',
    '99966-2-0001',
    ' +999 66 20 001 ',
    '(999) 66.2.0001',
    '20001',
    '0001',
  ])('finds Alice by the digits of her full number: %j', (query) => {
    expect(matchesAccount(alice, query)).toBe(true);
  });

  test.each(['9996620002', '+99966 1 0001', '00012', '99966001'])(
    'does not find her by digits her number does not hold in that order: %j',
    (query) => {
      expect(matchesAccount(alice, query)).toBe(false);
    },
  );

  test('the masked digits on screen ("+99966 • •001") are not a number to match', () => {
    expect(matchesAccount(alice, '+99966 • •001')).toBe(false);
  });

  test.each(['alice', 'ALICE DEMO', 'demo', '@alice_d', 'ALICE_', 'ice d'])(
    'finds her by name or username in any case: %j',
    (query) => {
      expect(matchesAccount(alice, query)).toBe(true);
    },
  );

  test('digits inside words are not read as a number', () => {
    expect(matchesAccount(alice, 'Alice 2')).toBe(false);
    expect(matchesAccount({ ...alice, displayName: 'Alice 2' }, 'Alice 2')).toBe(true);
  });

  test('an empty or blank query matches everyone; a lone @ or + matches names only', () => {
    expect(matchesAccount(bob, '')).toBe(true);
    expect(matchesAccount(bob, '   ')).toBe(true);
    expect(matchesAccount(bob, '@')).toBe(false);
    expect(matchesAccount(bob, '+')).toBe(false);
  });

  test('a number stored with punctuation is compared by its digits too', () => {
    expect(matchesAccount({ ...bob, phone: '+44 7700 900123' }, '7700900123')).toBe(true);
  });
});

test('matchingAccountIds answers ids only, in the given order', () => {
  expect(matchingAccountIds(accounts, '')).toEqual(['a', 'b']);
  expect(matchingAccountIds(accounts, '+44 7700')).toEqual(['b']);
  expect(matchingAccountIds(accounts, 'demo')).toEqual(['a', 'b']);
  expect(matchingAccountIds(accounts, '0001')).toEqual(['a']);
  expect(matchingAccountIds(accounts, 'nobody')).toEqual([]);
});

test('the renderer shares the name rule, and reads numbers with the same digits rule', () => {
  expect(matchesAccountName(alice, '@ALICE')).toBe(true);
  expect(matchesAccountName(alice, '0001')).toBe(false);
  expect(filterDigits('+99966 2-0001')).toBe('9996620001');
  expect(filterDigits('Alice')).toBeNull();
  expect(filterDigits('+')).toBeNull();
});

describe('the tag and status filter (issue 15)', () => {
  const facets = {
    a: { status: { kind: 'online' } as const, needsAttention: false, tagIds: ['t1'] },
    b: {
      status: { kind: 'logged-out', reason: 'Ended.' } as const,
      needsAttention: true,
      tagIds: ['t2'],
    },
  };
  const facetsOf = (id: string) => facets[id as 'a' | 'b'];

  test('a tag keeps the accounts that carry it; several tags keep any of them', () => {
    expect(matchingAccountIds(accounts, '', { tagIds: ['t1'], facetsOf })).toEqual(['a']);
    expect(matchingAccountIds(accounts, '', { tagIds: ['t1', 't2'], facetsOf })).toEqual([
      'a',
      'b',
    ]);
  });

  test.each([
    [['online'], ['a']],
    [['logged-out'], ['b']],
    [['offline'], []],
    [['needs-attention'], ['b']],
    [
      ['online', 'needs-attention'],
      ['a', 'b'],
    ],
    [[], ['a', 'b']],
  ] as const)('statuses %j keep %j', (statuses, expected) => {
    expect(matchingAccountIds(accounts, '', { statuses, facetsOf })).toEqual(expected);
  });

  test('combines with the text filter and with each other', () => {
    expect(matchingAccountIds(accounts, 'bob', { tagIds: ['t1'], facetsOf })).toEqual([]);
    expect(matchingAccountIds(accounts, 'demo', { tagIds: ['t2'], facetsOf })).toEqual(['b']);
    expect(
      matchingAccountIds(accounts, '', { tagIds: ['t2'], statuses: ['online'], facetsOf }),
    ).toEqual([]);
  });

  test('connecting, offline, locked and error all count as offline', () => {
    for (const status of [
      { kind: 'connecting' },
      { kind: 'offline', retryAt: null },
      { kind: 'locked' },
      { kind: 'error', reason: 'x' },
    ] as const) {
      expect(statusFilterOf(status)).toBe('offline');
    }
  });
});
