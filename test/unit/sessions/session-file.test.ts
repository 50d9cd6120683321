import { randomBytes } from 'node:crypto';
import initSqlJs from 'sql.js/dist/sql-wasm-inline.js';
import { describe, expect, it } from 'vitest';
import { readSessionFile, fileProblems } from '../../../electron/core/sessions/session-file';
import type { SeededSession } from '../../../tools/telegram-dc/control';
import { pyrogramSessionFile, telethonSessionFile } from '../../../tools/telegram-dc/mint';

const key = randomBytes(256);
key[0] = 1;
const seeded: SeededSession = {
  session: '',
  authKey: key,
  authKeyId: '1',
  dcId: 3,
  host: '127.0.0.1',
  port: 30003,
  user: { id: 5_000_000_321n, phone: '9996620070', firstName: 'Ida', isPremium: false },
};

async function sqliteFile(sql: string): Promise<Uint8Array> {
  const db = new (await initSqlJs()).Database();
  db.run(sql);
  const bytes = db.export();
  db.close();
  return bytes;
}

describe('.session files: good inputs', () => {
  it('a Telethon file gives its DC, server and key (no user id: Telethon keeps none)', async () => {
    const result = await readSessionFile(await telethonSessionFile(seeded));
    expect(result).toMatchObject({
      ok: true,
      session: {
        format: 'telethon-file',
        dcId: 3,
        userId: null,
        server: { host: '127.0.0.1', port: 30003 },
      },
    });
    if (result.ok) expect(Buffer.from(result.session.authKey).equals(key)).toBe(true);
  });

  it('a Pyrogram file gives its DC, user id, test flag and key', async () => {
    const result = await readSessionFile(await pyrogramSessionFile(seeded));
    expect(result).toMatchObject({
      ok: true,
      session: { format: 'pyrogram-file', dcId: 3, userId: '5000000321', isTest: false },
    });
    if (result.ok) expect(Buffer.from(result.session.authKey).equals(key)).toBe(true);
  });
});

describe('.session files: problems, in plain words', () => {
  it.each([
    ['an empty file', () => Promise.resolve(new Uint8Array(0)), fileProblems.notSqlite],
    [
      'a text file',
      () => Promise.resolve(new Uint8Array(Buffer.from('x'.repeat(500)))),
      fileProblems.notSqlite,
    ],
    [
      'a truncated SQLite file',
      async () => (await telethonSessionFile(seeded)).subarray(0, 1500),
      fileProblems.damaged,
    ],
    [
      'a SQLite file of another app',
      () =>
        sqliteFile(
          'CREATE TABLE notes (id integer, text text); INSERT INTO notes VALUES (1, "hi");',
        ),
      fileProblems.otherApp,
    ],
    [
      'a Telethon file with no session row',
      () =>
        sqliteFile(
          'CREATE TABLE sessions (dc_id integer primary key, server_address text, port integer, auth_key blob, takeout_id integer);',
        ),
      fileProblems.empty,
    ],
    [
      'a Telethon file with no auth key',
      () =>
        sqliteFile(
          "CREATE TABLE sessions (dc_id integer primary key, server_address text, port integer, auth_key blob, takeout_id integer); INSERT INTO sessions VALUES (2, '149.154.167.51', 443, NULL, NULL);",
        ),
      fileProblems.noAuthKey,
    ],
    [
      'a Pyrogram file with an empty auth key',
      () =>
        sqliteFile(
          "CREATE TABLE sessions (dc_id INTEGER PRIMARY KEY, api_id INTEGER, test_mode INTEGER, auth_key BLOB, date INTEGER NOT NULL, user_id INTEGER, is_bot INTEGER); INSERT INTO sessions VALUES (2, 1, 0, x'', 0, 42, 0);",
        ),
      fileProblems.noAuthKey,
    ],
  ])('%s', async (_, make, problem) => {
    expect(await readSessionFile(await make())).toEqual({ ok: false, problem });
  });
});
