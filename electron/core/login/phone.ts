/**
 * Phone numbers in main: as the login flow accepts them (international format checked with
 * libphonenumber-js before anything reaches Telegram) and as the account view shows them. Telegram's
 * test numbers (99966XYYYY: X is the DC, the code is X five times) are accepted only when the app
 * talks to Telegram's test servers or to a sandbox.
 */
import { parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js';
import type { ServerProfile } from '../../shared/server-profile';
import { failure } from '../../shared/error-words';
import { phoneRules, phoneTooLongMessage, testPhonePattern } from '../../shared/rules';

export interface ParsedPhone {
  /** Digits only, with the country code: what Telegram gets. */
  digits: string;
  /** For people: "+44 7700 900123". */
  display: string;
}

function testDisplay(match: RegExpExecArray): string {
  return `+99966 ${match[1] ?? ''} ${match[2] ?? ''}`;
}

export function allowsTestNumbers(profile: ServerProfile): boolean {
  return profile.kind === 'test' || (profile.kind === 'custom' && profile.isSandbox);
}

/** Parses a typed phone number or throws `AppFailure('PHONE_NUMBER_INVALID', field 'phone')`. */
export function parsePhone(input: string, profile: ServerProfile): ParsedPhone {
  const digits = input.replace(/[^\d]/g, '');
  const test = testPhonePattern.exec(digits);
  if (test) {
    if (allowsTestNumbers(profile)) {
      return { digits, display: testDisplay(test) };
    }
    throw failure('PHONE_NUMBER_INVALID', {
      field: 'phone',
      message:
        'Numbers starting with 99966 are Telegram test numbers. They work only with the Telegram test servers profile.',
    });
  }
  if (
    digits.length > phoneRules.maxDigits ||
    validatePhoneNumberLength(`+${digits}`) === 'TOO_LONG'
  ) {
    throw failure('PHONE_NUMBER_INVALID', {
      field: 'phone',
      message: phoneTooLongMessage(digits.length),
    });
  }
  const parsed = digits.length >= 7 ? parsePhoneNumberFromString(`+${digits}`) : undefined;
  if (!parsed?.isPossible()) {
    throw failure('PHONE_NUMBER_INVALID', {
      field: 'phone',
      message:
        'That does not look like a complete phone number. Enter it in international format with the country code, e.g. +44 7700 900123.',
    });
  }
  return { digits: parsed.number.slice(1), display: parsed.formatInternational() };
}

/** "+44 7700 900123", or masked "+44 •••• ••0123" keeping the country code and last 3 digits. */
export function formatPhone(digits: string, isMasked: boolean): string {
  if (!digits) return '';
  const test = testPhonePattern.exec(digits);
  const parsed = test ? undefined : parsePhoneNumberFromString(`+${digits}`);
  const full = test ? testDisplay(test) : (parsed?.formatInternational() ?? `+${digits}`);
  if (!isMasked) return full;
  const country = test ? '99966' : (parsed?.countryCallingCode ?? digits.slice(0, 1));
  let kept = 0;
  const tail = Array.from(full)
    .reverse()
    .map((ch) => (/\d/.test(ch) && kept++ >= 3 ? '•' : ch))
    .reverse()
    .join('');
  return `+${country}${tail.slice(country.length + 1)}`;
}
