import { describe, expect, test } from 'vitest';
import { parsePhone } from '../../../electron/core/login/phone';
import type { ServerProfile } from '../../../electron/shared/server-profile';

describe('phone parsing', () => {
  const sandbox: ServerProfile = {
    kind: 'custom',
    label: 'x',
    isSandbox: true,
    defaultDcId: 2,
    dcs: [{ id: 2, host: '127.0.0.1', port: 1 }],
    rsaKeys: [{ fingerprint: '1', n: 'ab', e: 65537 }],
  };
  test('test numbers only where test numbers exist', () => {
    expect(parsePhone('9996620001', { kind: 'test' }).digits).toBe('9996620001');
    expect(parsePhone('+999 66 2 0001', sandbox).display).toBe('+99966 2 0001');
    expect(() => parsePhone('9996620001', { kind: 'production' })).toThrow(/test numbers/);
  });
  test('international numbers', () => {
    expect(parsePhone('+44 7700 900123', { kind: 'production' })).toEqual({
      digits: '447700900123',
      display: '+44 7700 900123',
    });
    expect(() => parsePhone('+1 234', { kind: 'production' })).toThrow();
  });
  test('a number that is too long says so, whatever the profile', () => {
    expect(() => parsePhone('1'.repeat(200), sandbox)).toThrow(
      'This number is too long: it has 200 digits, and a phone number has at most 15, country code included.',
    );
    expect(() => parsePhone('+44 7700 900 123 45', { kind: 'production' })).toThrow(
      /too long for its country code/,
    );
    expect(() => parsePhone('+44 77', { kind: 'production' })).toThrow(/complete phone number/);
  });
});
