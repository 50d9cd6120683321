/**
 * The input rules that both main (the contract's schemas) and the renderer (its forms, which check
 * as the user types) apply. Plain values, no zod: the renderer imports this module as values.
 */
import type { StatusFilter } from './bulk-dto';
import type { AccountStatus, CodeType } from './dto';

/** An app passcode: at least 4 characters (a PIN), at most 256. */
export const passcodeRules = { minLength: 4, maxLength: 256 } as const;

/** Telegram's api_id (a positive 32-bit number) and api_hash (32 hexadecimal characters). */
export const apiCredentialRules = {
  apiIdMin: 1,
  apiIdMax: 2 ** 31 - 1,
  apiHashPattern: /^[0-9a-fA-F]{32}$/,
} as const;

/** A SOCKS5 or MTProxy proxy. */
export const proxyRules = {
  hostMaxLength: 255,
  /** A host name, an IPv4 address or an IPv6 address (with or without brackets). */
  hostPattern: /^[A-Za-z0-9.:[\]-]+$/,
  portMin: 1,
  portMax: 65535,
  /** Hexadecimal, optionally prefixed `ee` (fake TLS) or `dd` (padded). */
  secretPattern: /^(ee|dd)?[0-9a-fA-F]{32,}$/,
  secretMaxLength: 600,
} as const;

/** A phone number has at most 15 digits, country code included (ITU-T E.164). */
export const phoneRules = { maxDigits: 15 } as const;

/**
 * Why a number is too long, in words: over E.164's 15 digits (`digitCount` says by how much), or
 * longer than numbers of its country are (`digitCount` within the limit).
 */
export function phoneTooLongMessage(digitCount: number): string {
  return digitCount > phoneRules.maxDigits
    ? `This number is too long: it has ${digitCount} digits, and a phone number has at most ${phoneRules.maxDigits}, country code included.`
    : 'This number is too long for its country code. Check the digits.';
}

/** Telegram's test numbers: 99966, the DC digit, four digits (e.g. +9996620001). */
export const testPhonePattern = /^99966(\d)(\d{4})$/;

/** A login code as typed: digits, words or a phone number, at most this long. */
export const loginCodeRules = {
  maxLength: 128,
  /** Letters of any script, digits, spaces, and what phone numbers and words contain. */
  pattern: /^[\p{L}\p{M}\p{N}\s+().'’-]*$/u,
} as const;

/**
 * What the code field takes for each delivery type:
 * - `digits`: a code of digits (app, SMS, call, email, Fragment; the last digits of a missed call);
 * - `calling-number`: the whole number that called (flash calls);
 * - `words`: a word or a phrase from an SMS;
 * - `none`: nothing was sent yet (a login email must be set up first; Firebase SMS needs the
 *   official apps, so the next way must be asked for).
 */
export type CodeInputKind = 'digits' | 'calling-number' | 'words' | 'none';

export function codeInputKind(type: CodeType): CodeInputKind {
  switch (type) {
    case 'app':
    case 'sms':
    case 'call':
    case 'missed-call':
    case 'email':
    case 'fragment-sms':
      return 'digits';
    case 'flash-call':
      return 'calling-number';
    case 'sms-word':
    case 'sms-phrase':
      return 'words';
    case 'setup-email-required':
    case 'firebase-sms':
      return 'none';
  }
}

/**
 * The code as it goes to Telegram: digits without spaces or dashes; a calling number as its
 * digits; words trimmed, with single spaces between them.
 */
export function cleanLoginCode(kind: CodeInputKind, raw: string): string {
  switch (kind) {
    case 'digits':
      return raw.replace(/[\s-]/g, '');
    case 'calling-number':
      return raw.replace(/[\s+().-]/g, '');
    case 'words':
      return raw.trim().split(/\s+/).join(' ');
    case 'none':
      return '';
  }
}

/**
 * Telegram's pattern matching (https://core.telegram.org/api/pattern): the pattern has the
 * length of the digits, `*` matches any one character, and a lone `*` matches everything.
 * Spaces and `+` in the pattern are ignored, as the digits are compared without them.
 */
export function matchesCodePattern(digits: string, pattern: string): boolean {
  const clean = pattern.replace(/[\s+]/g, '');
  if (clean === '*' || clean === '') return true;
  if (clean.length !== digits.length) return false;
  for (let i = 0; i < clean.length; i++) {
    if (clean[i] !== '*' && clean[i] !== digits[i]) return false;
  }
  return true;
}

/** A flash-call pattern for people: "+999772•••••", each • standing for any digit. */
export function readableCodePattern(pattern: string): string {
  const clean = pattern.replace(/[\s+]/g, '');
  return clean === '*' || clean === '' ? 'any number' : `+${clean.replace(/\*/g, '•')}`;
}

/**
 * The sidebar's account filter. Main (`accounts:filter`) matches names, usernames and the full
 * phone numbers it holds; the renderer, which sees masked numbers only, matches names and
 * usernames at once with the same rule and asks main for the rest.
 */
export const accountFilterRules = {
  maxLength: 64,
  /** What reads as a phone number: digits with an optional +, spaces, dashes, dots, parentheses. */
  numberPattern: /^\+?[\d\s().-]*\d[\d\s().-]*$/,
} as const;

/** Whether `query` is in the account's name, or (without a leading @) in its username; any case. */
export function matchesAccountName(
  account: { readonly displayName: string; readonly username: string | null },
  query: string,
): boolean {
  const text = query.trim().toLocaleLowerCase();
  if (text === '') return true;
  if (account.displayName.toLocaleLowerCase().includes(text)) return true;
  const handle = text.replace(/^@/, '');
  return handle !== '' && (account.username?.toLocaleLowerCase().includes(handle) ?? false);
}

/** The digits of a query that reads as a phone number ("+99966 2-0001" → "9996620001"), or null. */
export function filterDigits(query: string): string | null {
  const text = query.trim();
  return accountFilterRules.numberPattern.test(text) ? text.replace(/\D/g, '') : null;
}

// Two-step verification of an added account (issue 15)
/** Bounds of a two-step verification password and its hint, for the contract and the forms. */
export const twoStepRules = { passwordMaxLength: 256, hintMaxLength: 128 } as const;
// Tags and the tag/status filter (issue 15)

/** A tag's name: trimmed, 1 to 32 characters, unique in any case. */
export const tagRules = { nameMaxLength: 32, maxTags: 100 } as const;

/** The fixed palette of tag colours; the renderer draws each with a token of enough contrast. */
export const tagColors = [
  'blue',
  'green',
  'orange',
  'purple',
  'red',
  'teal',
  'pink',
  'gray',
] as const;

/** The sidebar's status filter: `offline` covers connecting, offline, locked and error. */
export const statusFilters = ['online', 'offline', 'logged-out', 'needs-attention'] as const;

/** The actions a bulk job runs, one account at a time, through the account manager. */
export const bulkActionNames = [
  'log-out',
  'remove',
  'reconnect',
  'set-proxy',
  'clear-proxy',
  'end-other-sessions',
  'enable-two-step',
] as const;

/** The status filter an account's status falls under (connecting and error count as offline). */
export function statusFilterOf(status: AccountStatus): Exclude<StatusFilter, 'needs-attention'> {
  if (status.kind === 'online') return 'online';
  return status.kind === 'logged-out' ? 'logged-out' : 'offline';
}

/**
 * Whether an account passes the tag and status filters: it carries one of `tagIds` (none asked:
 * any), and its status is one of `statuses` (none asked: any; `needs-attention` matches the
 * accounts whose health needs the user). The text filter applies on top.
 */
export function matchesAccountFacets(
  account: {
    readonly status: AccountStatus;
    readonly needsAttention: boolean;
    readonly tagIds: readonly string[];
  },
  facets: { readonly tagIds?: readonly string[]; readonly statuses?: readonly StatusFilter[] },
): boolean {
  const tagIds = facets.tagIds ?? [];
  if (tagIds.length > 0 && !tagIds.some((id) => account.tagIds.includes(id))) return false;
  const statuses = facets.statuses ?? [];
  if (statuses.length === 0) return true;
  return (
    statuses.includes(statusFilterOf(account.status)) ||
    (account.needsAttention && statuses.includes('needs-attention'))
  );
}
