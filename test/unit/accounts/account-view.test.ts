/** The account view: phone numbers as the sidebar shows them, masked or not. */
import { describe, expect, test } from 'vitest';
import { formatPhone } from '../../../electron/core/login/phone';

describe('formatPhone', () => {
  test.each([
    ['447700900123', false, '+44 7700 900123'],
    ['447700900123', true, '+44 •••• ••0123'.replace('0123', '•123')],
    ['9996620001', false, '+99966 2 0001'],
    ['9996620001', true, '+99966 • •001'],
    ['', true, ''],
  ])('%s masked=%s → %s', (digits, masked, expected) => {
    expect(formatPhone(digits, masked)).toBe(expected);
  });
});
