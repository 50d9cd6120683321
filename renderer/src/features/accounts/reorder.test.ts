import { describe, expect, it } from 'vitest';
import { moveItem, shortcutIndex } from './reorder';
import { describeStatus, formatUnread } from '../../lib/account-status';

describe('moveItem', () => {
  it.each([
    [0, 2, ['b', 'c', 'a', 'd']],
    [3, 0, ['d', 'a', 'b', 'c']],
    [1, 1, ['a', 'b', 'c', 'd']],
    [2, 99, ['a', 'b', 'd', 'c']],
    [9, 0, ['a', 'b', 'c', 'd']],
  ])('moves index %d to %d', (from, to, expected) => {
    const items = ['a', 'b', 'c', 'd'];
    expect(moveItem(items, from, to)).toEqual(expected);
    expect(items).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('shortcutIndex', () => {
  const key = (
    k: string,
    mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>>,
  ) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...mods,
  });

  it('maps Ctrl or Cmd with 1–9 to an index', () => {
    expect(shortcutIndex(key('1', { ctrlKey: true }))).toBe(0);
    expect(shortcutIndex(key('9', { metaKey: true }))).toBe(8);
  });

  it('ignores other keys and modifiers', () => {
    expect(shortcutIndex(key('0', { ctrlKey: true }))).toBeNull();
    expect(shortcutIndex(key('1', {}))).toBeNull();
    expect(shortcutIndex(key('1', { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(shortcutIndex(key('1', { ctrlKey: true, altKey: true }))).toBeNull();
  });
});

describe('status and badges', () => {
  it('describes every status in words', () => {
    expect(describeStatus({ kind: 'online' })).toEqual({ label: 'Online', tone: 'ok' });
    expect(describeStatus({ kind: 'logged-out', reason: 'x' }).label).toBe('Signed out');
    expect(describeStatus({ kind: 'offline', retryAt: null }).tone).toBe('warn');
  });

  it('says when the proxy is why an account is offline', () => {
    const proxyError = { code: 'PROXY_REFUSED' as const, message: 'The proxy refused.' };
    expect(describeStatus({ kind: 'offline', retryAt: null, proxyError })).toEqual({
      label: 'Proxy problem',
      tone: 'bad',
    });
  });

  it.each([
    [0, ''],
    [7, '7'],
    [999, '999'],
    [1234, '1.2K'],
    [12_345, '12K'],
  ])('formats %d unread as %j', (count, expected) => {
    expect(formatUnread(count)).toBe(expected);
  });
});
