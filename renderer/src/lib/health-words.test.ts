import { describe, expect, test } from 'vitest';
import type { AccountHealth, HealthCheckResult } from '../../../electron/shared/health-dto';
import { attentionText, compareValues, healthWords, sortValue } from './health-words';

const last: HealthCheckResult = {
  checkedAt: 1_800_000_000_000,
  isRestricted: false,
  restrictions: [],
  freeze: null,
  isDeactivated: false,
  isPremium: false,
  hasPassword: true,
  hasRecoveryEmail: false,
  otherSessions: 3,
};

const health = (
  over: Partial<AccountHealth> = {},
  result: Partial<HealthCheckResult> | null = {},
) =>
  ({
    accountId: 'a',
    connection: 'online',
    key: 'valid',
    last: result === null ? null : { ...last, ...result },
    checkError: null,
    isChecking: false,
    needsAttention: false,
    attentionReasons: [],
    ...over,
  }) satisfies AccountHealth;

describe('health in words', () => {
  test('each finding, and "Not checked yet" before the first check', () => {
    const h = health(
      {},
      { isRestricted: true, restrictions: [{ platform: 'all', reason: 'spam', text: 'Limited.' }] },
    );
    expect(healthWords.restricted(h)).toBe('Yes: Limited.');
    expect(healthWords.twoStep(h)).toBe('On');
    expect(healthWords.recoveryEmail(h)).toBe('Not set');
    expect(healthWords.otherSessions(h)).toBe('3');
    expect(healthWords.connection(h)).toBe('Connected');
    const never = health({}, null);
    expect(healthWords.restricted(never)).toBe('Not checked yet');
    expect(healthWords.lastChecked(never)).toBe('Never');
    expect(healthWords.lastChecked(health({ isChecking: true }))).toBe('Checking…');
  });

  test('the badge lists every reason', () => {
    expect(attentionText(['Two-step verification is off.', 'Telegram restricts it.'])).toBe(
      'Needs attention: Two-step verification is off. Telegram restricts it.',
    );
  });
});

describe('sorting', () => {
  const sortBy = (column: Parameters<typeof sortValue>[0], rows: AccountHealth[]) =>
    [...rows].sort((a, b) => compareValues(sortValue(column, a), sortValue(column, b)));

  test('numbers sort as numbers, never-checked last', () => {
    const rows = [
      health({ accountId: 'ten' }, { otherSessions: 10 }),
      health({ accountId: 'never' }, null),
      health({ accountId: 'two' }, { otherSessions: 2 }),
    ];
    expect(sortBy('otherSessions', rows).map((r) => r.accountId)).toEqual(['two', 'ten', 'never']);
  });

  test('needs attention first, then by words', () => {
    const rows = [health({ accountId: 'ok' }), health({ accountId: 'bad', needsAttention: true })];
    expect(sortBy('attention', rows).map((r) => r.accountId)).toEqual(['bad', 'ok']);
    const twoStep = [
      health({ accountId: 'on' }),
      health({ accountId: 'off' }, { hasPassword: false }),
    ];
    expect(sortBy('twoStep', twoStep).map((r) => r.accountId)).toEqual(['off', 'on']);
  });
});
