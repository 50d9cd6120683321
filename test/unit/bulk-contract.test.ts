/** The contract of tags and bulk actions (issue 15): strict, typed params per action. */
import { expect, test } from 'vitest';
import { channels } from '../../electron/shared/contract';

test('bulk:start takes an action, account ids, and the params that action needs only', () => {
  const schema = channels['bulk:start'].args;
  expect(schema.safeParse({ action: 'reconnect', accountIds: ['a1', 'a2'] }).success).toBe(true);
  const proxy = { type: 'socks5', host: '127.0.0.1', port: 1080 };
  expect(
    schema.safeParse({ action: 'set-proxy', accountIds: ['a1'], params: { proxy } }).success,
  ).toBe(true);
  // set-proxy needs its proxy; the others take no params; unknown actions and keys are refused.
  expect(schema.safeParse({ action: 'set-proxy', accountIds: ['a1'] }).success).toBe(false);
  expect(
    schema.safeParse({ action: 'log-out', accountIds: ['a1'], params: { proxy } }).success,
  ).toBe(false);
  expect(schema.safeParse({ action: 'delete-account', accountIds: ['a1'] }).success).toBe(false);
  expect(schema.safeParse({ action: 'remove', accountIds: [] }).success).toBe(false);
  expect(schema.safeParse({ action: 'remove', accountIds: ['../x'] }).success).toBe(false);
  expect(schema.safeParse({ action: 'remove', accountIds: Array(10_001).fill('a') }).success).toBe(
    false,
  );
});

test('tag names are trimmed, 1 to 32 characters, with a palette colour', () => {
  const schema = channels['tags:create'].args;
  expect(schema.parse({ name: '  Support ', color: 'teal' })).toEqual({
    name: 'Support',
    color: 'teal',
  });
  expect(schema.safeParse({ name: '   ', color: 'teal' }).success).toBe(false);
  expect(schema.safeParse({ name: 'x'.repeat(33), color: 'teal' }).success).toBe(false);
  expect(schema.safeParse({ name: 'Support', color: '#ff0000' }).success).toBe(false);
});

test('accounts:filter takes known statuses and tag ids', () => {
  const schema = channels['accounts:filter'].args;
  expect(
    schema.safeParse({ query: '', tagIds: ['t1'], statuses: ['online', 'needs-attention'] })
      .success,
  ).toBe(true);
  expect(schema.safeParse({ query: '', statuses: ['asleep'] }).success).toBe(false);
});
