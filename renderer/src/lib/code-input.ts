import {
  type CodeInputKind,
  loginCodeRules,
  matchesCodePattern,
} from '../../../electron/shared/rules';

/**
 * A pasted or typed code, kept to what the field takes:
 * - digits: "12-345", "12 345" and "Code: 12345" all give "12345";
 * - a calling number: digits, "+", spaces, dashes and parentheses, as people write numbers;
 * - words: letters, spaces, hyphens and apostrophes, without leading or doubled spaces.
 */
export function normalizeCode(
  input: string,
  maxLength: number | null,
  kind: CodeInputKind = 'digits',
): string {
  switch (kind) {
    case 'words':
      return input
        .replace(/[^\p{L}\p{M}\s'’-]/gu, '')
        .replace(/^\s+/, '')
        .replace(/\s+/g, ' ')
        .slice(0, loginCodeRules.maxLength);
    case 'calling-number':
      return input.replace(/[^\d+\s()-]/g, '').slice(0, 32);
    case 'digits':
    case 'none': {
      const digits = input.replace(/\D/g, '');
      return maxLength === null ? digits.slice(0, 16) : digits.slice(0, maxLength);
    }
  }
}

/**
 * Whether a code is complete and can be submitted on its own: digits at the expected length, or
 * a calling number that matches its pattern. Words are submitted with the button only.
 */
export function isCodeComplete(
  code: string,
  length: number | null,
  kind: CodeInputKind = 'digits',
  pattern: string | null = null,
): boolean {
  if (kind === 'calling-number') {
    const digits = code.replace(/\D/g, '');
    return pattern !== null && /\d/.test(pattern) && matchesCodePattern(digits, pattern);
  }
  return kind === 'digits' && length !== null && code.length === length;
}
