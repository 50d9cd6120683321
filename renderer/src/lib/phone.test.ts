import { describe, expect, it } from 'vitest';
import {
  checkPhone,
  countryOfNumber,
  formatPhoneAsYouType,
  isTelegramTestNumber,
  listCountries,
  matchesCountry,
  sanitizePhoneInput,
} from './phone';

describe('phone input', () => {
  it.each([
    ['', ''],
    ['+', '+'],
    ['447700900123', '+447700900123'],
    ['0044 7700', '+447700'],
    ['+1 (415) 555-0100', '+14155550100'],
    ['abc', ''],
    [`+${'1'.repeat(200)}`, `+${'1'.repeat(200)}`],
  ])('sanitizes %j to %j', (input, expected) => {
    expect(sanitizePhoneInput(input)).toBe(expected);
  });

  it('formats as the user types', () => {
    expect(formatPhoneAsYouType('+447700900123')).toBe('+44 7700 900123');
    expect(formatPhoneAsYouType('+1415555')).toBe('+1 415 555');
  });

  it('groups Telegram test numbers readably', () => {
    expect(formatPhoneAsYouType('+9996620001')).toBe('+999 66 2 0001');
  });

  it('detects the country from the calling code', () => {
    expect(countryOfNumber('+44 7400 123456')).toBe('GB');
    expect(countryOfNumber('+44')).toBe('GB');
    expect(countryOfNumber('+1 204 555 0123')).toBe('CA');
    expect(countryOfNumber('+1 2')).toBe('US');
    expect(countryOfNumber('+49 30')).toBe('DE');
    expect(countryOfNumber('+')).toBeNull();
  });

  it('keeps a chosen country that shares the calling code until the number says otherwise', () => {
    expect(countryOfNumber('+1 2', 'CA')).toBe('CA');
    expect(countryOfNumber('+1 212 555 0123', 'CA')).toBe('US');
    expect(countryOfNumber('+44 7400', 'US')).toBe('GB');
    expect(countryOfNumber('', 'GB')).toBeNull();
  });
});

describe('checkPhone', () => {
  const production = { allowTestNumbers: false };
  const sandbox = { allowTestNumbers: true };

  it('accepts a valid number as E.164', () => {
    expect(checkPhone('+44 7400 123456', production)).toEqual({ ok: true, e164: '+447400123456' });
  });

  it('asks for a number when empty', () => {
    expect(checkPhone('', production)).toMatchObject({ ok: false, isIncomplete: true });
  });

  it('says when a number is too short', () => {
    expect(checkPhone('+44 77', production)).toMatchObject({
      ok: false,
      message: expect.stringContaining('too short') as unknown,
    });
  });

  it('says a number is too long, however long, instead of cutting it', () => {
    expect(checkPhone(`+${'7'.repeat(200)}`, production)).toEqual({
      ok: false,
      message:
        'This number is too long: it has 200 digits, and a phone number has at most 15, country code included.',
      isIncomplete: false,
    });
    expect(checkPhone('+44 7700 900 123 45', production)).toMatchObject({
      ok: false,
      message: 'This number is too long for its country code. Check the digits.',
    });
  });

  it('rejects an invalid number', () => {
    expect(checkPhone('+44 1234 567 89012', production).ok).toBe(false);
  });

  it('allows test numbers only on sandbox and test servers', () => {
    expect(isTelegramTestNumber('+999 66 2 0001')).toBe(true);
    expect(isTelegramTestNumber('+999 66 2 00011')).toBe(false);
    expect(checkPhone('+9996620001', sandbox)).toEqual({ ok: true, e164: '+9996620001' });
    expect(checkPhone('+9996620001', production)).toMatchObject({
      ok: false,
      message: expect.stringContaining('sandbox') as unknown,
    });
  });
});

describe('countries', () => {
  const countries = listCountries('en');

  it('lists every country with its calling code, sorted by name', () => {
    expect(countries.length).toBeGreaterThan(200);
    const uk = countries.find((c) => c.code === 'GB');
    expect(uk).toMatchObject({ name: 'United Kingdom', callingCode: '44' });
    const names = countries.map((c) => c.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('en').compare));
  });

  it('matches by name (ignoring accents and case), ISO code or calling code', () => {
    const reunion = countries.find((c) => c.code === 'RE');
    expect(reunion).toBeDefined();
    if (reunion === undefined) return;
    expect(matchesCountry(reunion, 'reunion')).toBe(true);
    expect(matchesCountry(reunion, 're')).toBe(true);
    expect(matchesCountry(reunion, '+262')).toBe(true);
    expect(matchesCountry(reunion, '44')).toBe(false);
  });
});
