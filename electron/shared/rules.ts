/**
 * The input rules that both main (the contract's schemas) and the renderer (its forms, which check
 * as the user types) apply. Plain values, no zod: the renderer imports this module as values.
 */

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

/** Telegram's test numbers: 99966, the DC digit, four digits (e.g. +9996620001). */
export const testPhonePattern = /^99966(\d)(\d{4})$/;
