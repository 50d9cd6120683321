import {
  AsYouType,
  type CountryCode,
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
} from 'libphonenumber-js';
import { phoneRules, phoneTooLongMessage, testPhonePattern } from '../../../electron/shared/rules';

export interface Country {
  code: CountryCode;
  name: string;
  callingCode: string;
}

/** Every country libphonenumber knows, named in `locale` and sorted by name. */
export function listCountries(locale = 'en'): Country[] {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([locale, 'en'], { type: 'region' });
  } catch {
    names = null;
  }
  const collator = new Intl.Collator(locale);
  return getCountries()
    .map((code) => ({
      code,
      name: names?.of(code) ?? code,
      callingCode: getCountryCallingCode(code),
    }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

/** Case- and accent-insensitive match on the name, the ISO code or the calling code. */
export function matchesCountry(country: Country, query: string): boolean {
  const q = fold(query.trim());
  if (q === '') return true;
  const digits = q.replace(/^\+/, '');
  if (/^\d+$/.test(digits)) return country.callingCode.startsWith(digits);
  return fold(country.name).includes(q) || country.code.toLowerCase() === q;
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Telegram's test numbers: 99966 + DC digit + four digits, e.g. +9996620001. */
export function isTelegramTestNumber(input: string): boolean {
  return testPhonePattern.test(digitsOf(input));
}

export function digitsOf(input: string): string {
  return input.replace(/\D/g, '');
}

/**
 * Keeps what a person may type into a phone field: digits and one leading +. Every digit stays,
 * however many: a number that is too long is said to be, not cut.
 */
export function sanitizePhoneInput(input: string): string {
  const trimmed = input.trimStart();
  const hasPlus = trimmed.startsWith('+') || trimmed.startsWith('00');
  const body = trimmed.startsWith('00') ? trimmed.slice(2) : trimmed;
  const digits = digitsOf(body);
  return hasPlus || digits.length > 0 ? `+${digits}` : '';
}

/**
 * Formats an international number as the user types ("+44 7400 123456"). Test numbers and codes
 * libphonenumber does not know stay as typed digits.
 */
export function formatPhoneAsYouType(input: string): string {
  const value = sanitizePhoneInput(input);
  if (value === '' || value === '+') return value;
  if (digitsOf(value).startsWith('999')) return formatTestNumber(value);
  return new AsYouType().input(value);
}

/** "+999 66 2 0001": readable grouping for Telegram's test numbers. */
function formatTestNumber(value: string): string {
  const d = digitsOf(value);
  const parts = [d.slice(0, 3), d.slice(3, 5), d.slice(5, 6), d.slice(6)].filter((p) => p !== '');
  return `+${parts.join(' ')}`;
}

/** For calling codes several countries share, the one most people mean. */
const mainCountryOfCode: Record<string, CountryCode> = {
  '1': 'US',
  '7': 'RU',
  '39': 'IT',
  '44': 'GB',
  '47': 'NO',
  '61': 'AU',
  '212': 'MA',
  '262': 'RE',
  '290': 'SH',
  '358': 'FI',
  '590': 'GP',
  '599': 'CW',
};

/**
 * The country an international number belongs to, as soon as its calling code is known: the exact
 * country once the number says so, else `current` if it has that calling code (a country the user
 * chose stays chosen), else the main country of the calling code.
 */
export function countryOfNumber(
  input: string,
  current: CountryCode | null = null,
): CountryCode | null {
  const typer = new AsYouType();
  typer.input(sanitizePhoneInput(input));
  const exact = typer.getCountry();
  if (exact !== undefined) return exact;
  const callingCode = typer.getCallingCode();
  if (callingCode === undefined) return null;
  if (current !== null && getCountryCallingCode(current) === callingCode) return current;
  const main = mainCountryOfCode[callingCode];
  if (main !== undefined) return main;
  return getCountries().find((c) => getCountryCallingCode(c) === callingCode) ?? null;
}

export type PhoneCheck =
  { ok: true; e164: string } | { ok: false; message: string; isIncomplete: boolean };

/** Whether `input` is a number Telegram could accept, with a message for the field if not. */
export function checkPhone(input: string, options: { allowTestNumbers: boolean }): PhoneCheck {
  const digits = digitsOf(input);
  if (digits.length === 0) {
    return { ok: false, message: 'Enter your phone number.', isIncomplete: true };
  }
  if (isTelegramTestNumber(digits)) {
    if (options.allowTestNumbers) return { ok: true, e164: `+${digits}` };
    return {
      ok: false,
      message: 'Test numbers (99966…) only work with the sandbox or Telegram’s test servers.',
      isIncomplete: false,
    };
  }
  if (
    digits.length > phoneRules.maxDigits ||
    validatePhoneNumberLength(`+${digits}`) === 'TOO_LONG'
  ) {
    return { ok: false, message: phoneTooLongMessage(digits.length), isIncomplete: false };
  }
  const parsed = parsePhoneNumberFromString(`+${digits}`);
  if (parsed === undefined || !parsed.isPossible()) {
    const isShort = parsed === undefined || digits.length < 8;
    return {
      ok: false,
      message: isShort
        ? 'This number looks too short. Include the country code, e.g. +44 7400 123456.'
        : 'This doesn’t look like a valid phone number. Check the country code and the digits.',
      isIncomplete: isShort,
    };
  }
  if (!parsed.isValid()) {
    return {
      ok: false,
      message:
        'This doesn’t look like a valid phone number. Check the country code and the digits.',
      isIncomplete: false,
    };
  }
  return { ok: true, e164: parsed.number };
}
