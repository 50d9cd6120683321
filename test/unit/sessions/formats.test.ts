import { randomBytes } from 'node:crypto';
import {
  serializeGramjsSession,
  serializePyrogramSession,
  serializeTelethonSession,
} from '@mtcute/convert';
import { writeStringSession } from '@mtcute/core/utils.js';
import { describe, expect, it } from 'vitest';
import {
  parseSessionString,
  sessionProblems,
  toGramJsSession,
  type ParsedSession,
} from '../../../electron/core/sessions/formats';
import type { CustomServerProfile } from '../../../electron/shared/server-profile';

const key = new Uint8Array(randomBytes(256));
const address = { dcId: 2, ipAddress: '127.0.0.1', ipv6: false, port: 40002 };
const gramjs = serializeGramjsSession({ ...address, authKey: key });
const telethon = serializeTelethonSession({ ...address, authKey: key });
const telethonV6 = serializeTelethonSession({
  ...address,
  ipAddress: '2001:db8::1',
  ipv6: true,
  authKey: key,
});
const pyrogram = serializePyrogramSession({
  apiId: 12345,
  dcId: 4,
  isTest: true,
  authKey: key,
  userId: 5_000_000_123,
  isBot: false,
});
const mtcute = writeStringSession({
  version: 3,
  primaryDcs: {
    main: { id: 1, ipAddress: '149.154.175.10', port: 443, testMode: true },
    media: { id: 1, ipAddress: '149.154.175.10', port: 443, testMode: true },
  },
  authKey: key,
  self: { userId: 777000123, isBot: false, isPremium: false, usernames: [] },
});

function parsed(line: string): ParsedSession {
  const result = parseSessionString(line);
  if (!result.ok) throw new Error(result.problem);
  return result.session;
}

describe('session strings: good inputs', () => {
  it.each([
    ['GramJS', gramjs, 'gramjs', 2, null, false, { host: '127.0.0.1', port: 40002 }],
    ['Telethon (IPv4)', telethon, 'telethon', 2, null, false, { host: '127.0.0.1', port: 40002 }],
    [
      'Telethon (IPv6)',
      telethonV6,
      'telethon',
      2,
      null,
      false,
      { host: '2001:db8::1', port: 40002 },
    ],
    ['Pyrogram', pyrogram, 'pyrogram', 4, '5000000123', true, null],
    ['mtcute', mtcute, 'mtcute', 1, '777000123', true, { host: '149.154.175.10', port: 443 }],
  ])(
    '%s: format, DC, user id, test flag, server and key',
    (_, line, format, dcId, userId, isTest, server) => {
      const s = parsed(`  ${line}  `);
      expect(s).toMatchObject({ format, dcId, userId, isTest, server });
      expect([...s.authKey]).toEqual([...key]);
    },
  );

  it('a Telethon string without its base64 padding still reads', () => {
    expect(parsed(telethon.replace(/=+$/, '')).format).toBe('telethon');
  });

  it('a session read again as GramJS for the vault dials the profile’s DC of its id', () => {
    const profile: CustomServerProfile = {
      kind: 'custom',
      label: 'Sandbox',
      isSandbox: true,
      dcs: [{ id: 2, host: '127.0.0.1', port: 30002 }],
      defaultDcId: 2,
      rsaKeys: [{ fingerprint: '1', n: 'ab', e: 65537 }],
    };
    const again = parsed(toGramJsSession(parsed(telethon), profile));
    expect(again).toMatchObject({ format: 'gramjs', dcId: 2, server: { port: 30002 } });
    expect([...again.authKey]).toEqual([...key]);
  });
});

describe('session strings: problems, in plain words', () => {
  const zeroKey = serializeGramjsSession({ ...address, authKey: new Uint8Array(256) });
  const botPyrogram = serializePyrogramSession({
    apiId: 1,
    dcId: 2,
    isTest: false,
    authKey: key,
    userId: 42,
    isBot: true,
  });
  it.each([
    ['an empty line', '   ', sessionProblems.empty],
    ['a cut GramJS string', gramjs.slice(0, 200), sessionProblems.wrongLength],
    ['a cut Telethon string', telethon.slice(0, 300), sessionProblems.wrongLength],
    ['a GramJS string with an extra character', `${gramjs}AAAA`, sessionProblems.wrongLength],
    ['bad base64', `1${gramjs.slice(1, 100)}$%${gramjs.slice(102)}`, sessionProblems.notBase64],
    ['a line of prose', 'my session is here', sessionProblems.notBase64],
    ['a wrong version', `2${gramjs.slice(1)}`, sessionProblems.wrongVersion],
    ['a cut mtcute string', mtcute.slice(0, 120), sessionProblems.wrongLength],
    [
      'base64 of something else',
      Buffer.from('hello world, not a session').toString('base64'),
      sessionProblems.unknown,
    ],
    [
      'a GramJS string with no auth key',
      `1${Buffer.from([2, 0, 9, ...Buffer.from('127.0.0.1'), 0x9c, 0x42]).toString('base64')}`,
      sessionProblems.noAuthKey,
    ],
    ['a key of zeros', zeroKey, sessionProblems.noAuthKey],
    ['a bot', botPyrogram, sessionProblems.bot],
  ])('%s', (_, line, problem) => {
    expect(parseSessionString(line)).toEqual({ ok: false, problem });
  });

  it('no problem echoes the session it was given', () => {
    for (const line of [gramjs.slice(0, 200), `2${gramjs.slice(1)}`, mtcute.slice(0, 120)]) {
      const result = parseSessionString(line);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problem).not.toContain(line.slice(5, 25));
    }
  });
});
