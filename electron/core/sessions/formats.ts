/**
 * Session strings people bring from other tools: GramJS, Telethon (v1), Pyrogram and mtcute.
 * Every format is read by `@mtcute/convert` (a maintained converter); this file only decides
 * which format a line is, checks what the converter leaves unchecked (lengths, the auth key's
 * size) and words each problem for a person. mtcute strings are read through the converter too
 * (its `convertTo*` functions read them with `@mtcute/core`'s `readStringSession`), since the
 * layer table lets core import `@mtcute/convert` and not `@mtcute/core`.
 *
 * A parsed session holds the auth key: a secret that stays in main.
 */
import {
  DC_MAPPING_PROD,
  DC_MAPPING_TEST,
  convertToGramjsSession,
  convertToPyrogramSession,
  isTestDc,
  parseGramjsSession,
  parsePyrogramSession,
  parseTelethonSession,
  serializeGramjsSession,
} from '@mtcute/convert';
import type { SessionFormat } from '../../shared/session-import-dto';
import type { ServerProfile } from '../../shared/server-profile';

export type { SessionFormat };

/** One session, read. `authKey` is secret. */
export interface ParsedSession {
  format: SessionFormat;
  dcId: number;
  /** Telegram's user id, where the format keeps it (Pyrogram, mtcute). */
  userId: string | null;
  /** Whether it belongs to Telegram's test servers, where the format says (or its address does). */
  isTest: boolean | null;
  /** The server address stored in it, where the format keeps one. */
  server: { host: string; port: number } | null;
  isBot: boolean;
  /** The 2048-bit auth key. Secret. */
  authKey: Uint8Array;
}

export type ParseResult = { ok: true; session: ParsedSession } | { ok: false; problem: string };

const AUTH_KEY_BYTES = 256;

/** The plain-words reasons a session cannot be read. */
export const sessionProblems = {
  empty: 'The line is empty.',
  notBase64:
    'This is not a session string: it has characters a session never has (it may have been cut or pasted with extra text).',
  unknown: 'This is not a GramJS, Telethon, Pyrogram or mtcute session string.',
  wrongVersion:
    'This session string has a version Gramdeck cannot read (GramJS and Telethon strings start with 1).',
  wrongLength:
    'This session string has the wrong length for its format: it may have been cut short.',
  noAuthKey: 'This session holds no auth key: it was never signed in.',
  badKey: 'The auth key in this session has the wrong size, so the session is damaged.',
  bot: 'This is a bot’s session. Gramdeck manages user accounts only.',
} as const;

const fail = (problem: string): ParseResult => ({ ok: false, problem });

const base64Text = /^[A-Za-z0-9+/_-]+={0,2}$/;

function decodeBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

/** Pads a base64 text to a multiple of four, as the converter's length checks expect. */
function padded(text: string): string {
  const bare = text.replace(/=+$/, '');
  return bare + '='.repeat((4 - (bare.length % 4)) % 4);
}

/** Reads one pasted line as a session string of any known format. */
export function parseSessionString(line: string): ParseResult {
  const text = line.trim();
  if (text === '') return fail(sessionProblems.empty);
  const first = text[0] ?? '';
  if (/^[0-9]$/.test(first)) {
    const body = text.slice(1);
    if (!base64Text.test(body)) return fail(sessionProblems.notBase64);
    if (first !== '1') return fail(sessionProblems.wrongVersion);
    return parseVersionOne(body);
  }
  if (!base64Text.test(text)) return fail(sessionProblems.notBase64);
  return parseUnprefixed(text);
}

/** GramJS and Telethon: "1" and base64 of the DC id, the address, the port and the key. */
function parseVersionOne(body: string): ParseResult {
  const bytes = decodeBase64(body);
  if (bytes.length >= 3) {
    const ipLength = ((bytes[1] ?? 0) << 8) | (bytes[2] ?? 0);
    const gramJsHead = 3 + ipLength + 2;
    const ip = Buffer.from(bytes.subarray(3, 3 + ipLength)).toString('latin1');
    if (ipLength > 0 && /^[0-9A-Za-z.:-]+$/.test(ip) && bytes.length >= gramJsHead) {
      if (bytes.length === gramJsHead) return fail(sessionProblems.noAuthKey);
      if (bytes.length !== gramJsHead + AUTH_KEY_BYTES) return fail(sessionProblems.wrongLength);
      const s = parseGramjsSession(`1${body}`);
      return ok({
        format: 'gramjs',
        dcId: s.dcId,
        userId: null,
        isTest: isTestDc(s.ipAddress),
        server: { host: s.ipAddress, port: s.port },
        isBot: false,
        authKey: s.authKey,
      });
    }
  }
  // Telethon: 1 + 4 (IPv4) or 16 (IPv6) + 2 + 256 bytes.
  if (bytes.length === 7 || bytes.length === 19) return fail(sessionProblems.noAuthKey);
  if (bytes.length !== 263 && bytes.length !== 275) return fail(sessionProblems.wrongLength);
  const s = parseTelethonSession(`1${padded(body)}`);
  return ok({
    format: 'telethon',
    dcId: s.dcId,
    userId: null,
    isTest: isTestDc(s.ipAddress),
    server: { host: s.ipAddress, port: s.port },
    isBot: false,
    authKey: s.authKey,
  });
}

/** Pyrogram (by its fixed sizes) or mtcute (versioned TL). */
function parseUnprefixed(text: string): ParseResult {
  const bytes = decodeBase64(text);
  // Pyrogram: 271 bytes (with the api id), or 267 of older versions.
  if (bytes.length === 271 || bytes.length === 267) {
    const s = parsePyrogramSession(text.replace(/=+$/, ''));
    return ok({
      format: 'pyrogram',
      dcId: s.dcId,
      userId: String(s.userId),
      isTest: s.isTest,
      server: null,
      isBot: s.isBot,
      authKey: s.authKey,
    });
  }
  const version = bytes[0];
  if (version === undefined || version < 1 || version > 3) return fail(sessionProblems.unknown);
  let gramJs: string;
  let pyrogram: string;
  try {
    gramJs = convertToGramjsSession(text);
    pyrogram = convertToPyrogramSession(text);
  } catch {
    return fail(sessionProblems.wrongLength);
  }
  const main = parseGramjsSession(gramJs);
  const extra = parsePyrogramSession(pyrogram);
  if (main.authKey.length === 0) return fail(sessionProblems.noAuthKey);
  if (main.authKey.length !== AUTH_KEY_BYTES) return fail(sessionProblems.wrongLength);
  return ok({
    format: 'mtcute',
    dcId: main.dcId,
    userId: extra.userId === 0 ? null : String(extra.userId),
    isTest: extra.isTest,
    server: { host: main.ipAddress, port: main.port },
    isBot: extra.isBot,
    authKey: new Uint8Array(main.authKey),
  });
}

/** The final checks every format shares. */
export function ok(session: ParsedSession): ParseResult {
  if (session.authKey.length === 0 || session.authKey.every((b) => b === 0))
    return fail(sessionProblems.noAuthKey);
  if (session.authKey.length !== AUTH_KEY_BYTES) return fail(sessionProblems.badKey);
  if (session.isBot) return fail(sessionProblems.bot);
  return { ok: true, session };
}

/**
 * The session as a GramJS StringSession (what the vault keeps), addressed at the profile's DC
 * of the same id. Secret.
 */
export function toGramJsSession(session: ParsedSession, profile: ServerProfile): string {
  const address = dcAddress(profile, session.dcId) ??
    session.server ?? { host: '127.0.0.1', port: 443 };
  return serializeGramjsSession({
    dcId: session.dcId,
    ipAddress: address.host,
    ipv6: address.host.includes(':'),
    port: address.port,
    authKey: session.authKey,
  });
}

function dcAddress(profile: ServerProfile, dcId: number): { host: string; port: number } | null {
  if (profile.kind === 'custom') {
    const dc = profile.dcs.find((d) => d.id === dcId);
    return dc ? { host: dc.host, port: dc.port } : null;
  }
  const main = (profile.kind === 'test' ? DC_MAPPING_TEST : DC_MAPPING_PROD)[dcId]?.main;
  return main ? { host: main.ipAddress, port: main.port } : null;
}

/** Whether the profile has a DC of this id. */
export function profileHasDc(profile: ServerProfile, dcId: number): boolean {
  return dcAddress(profile, dcId) !== null;
}
