/**
 * Telethon and Pyrogram `.session` files: SQLite databases, read with sql.js's single-file build
 * (`sql-wasm-inline.js`: no native module, and its WebAssembly is inside the script, so no .wasm
 * file ships or is looked up inside Electron; the asm.js build is deprecated and warns on load). The file's bytes are
 * read in memory and never written anywhere.
 */
import type { Database, SqlValue } from 'sql.js';
import { ok, type ParseResult } from './formats';
import { loadSqlJs } from './sql';

/** The plain-words reasons a session file cannot be read. */
export const fileProblems = {
  notSqlite: 'This file is not a session file: it is not an SQLite database.',
  damaged: 'This session file is damaged or cut short.',
  otherApp: 'This SQLite file is not a Telethon or Pyrogram session (it belongs to another app).',
  empty: 'This session file holds no session.',
  noAuthKey: 'This session file holds no auth key: it was never signed in.',
} as const;

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** Reads a Telethon or Pyrogram `.session` file (its bytes). */
export async function readSessionFile(bytes: Uint8Array): Promise<ParseResult> {
  if (bytes.length < 100 || Buffer.from(bytes.subarray(0, 16)).toString('latin1') !== SQLITE_MAGIC)
    return { ok: false, problem: fileProblems.notSqlite };
  const SQL = await loadSqlJs();
  let db: Database | null = null;
  try {
    db = new SQL.Database(bytes);
    return readOpened(db);
  } catch {
    return { ok: false, problem: fileProblems.damaged };
  } finally {
    db?.close();
  }
}

function readOpened(db: Database): ParseResult {
  const columns = db.exec("SELECT name FROM pragma_table_info('sessions')")[0]?.values.flat();
  if (!columns || columns.length === 0) return { ok: false, problem: fileProblems.otherApp };
  const has = (name: string) => columns.includes(name);
  if (has('server_address') && has('auth_key')) return readTelethon(db);
  if (has('test_mode') && has('auth_key')) return readPyrogram(db, has('user_id'), has('is_bot'));
  return { ok: false, problem: fileProblems.otherApp };
}

function firstRow(db: Database, sql: string): SqlValue[] | null {
  return db.exec(sql)[0]?.values[0] ?? null;
}

function keyOf(value: SqlValue | undefined): Uint8Array | null {
  return value instanceof Uint8Array && value.length > 0 ? new Uint8Array(value) : null;
}

function readTelethon(db: Database): ParseResult {
  const row = firstRow(
    db,
    'SELECT dc_id, server_address, port, auth_key FROM sessions ORDER BY auth_key IS NULL LIMIT 1',
  );
  if (!row) return { ok: false, problem: fileProblems.empty };
  const [dcId, host, port, key] = row;
  const authKey = keyOf(key);
  if (!authKey) return { ok: false, problem: fileProblems.noAuthKey };
  const server = typeof host === 'string' && typeof port === 'number' ? { host, port } : null;
  return ok({
    format: 'telethon-file',
    dcId: Number(dcId),
    userId: null,
    isTest: null,
    server,
    isBot: false,
    authKey,
  });
}

function readPyrogram(db: Database, hasUserId: boolean, hasIsBot: boolean): ParseResult {
  const row = firstRow(
    db,
    `SELECT dc_id, test_mode, auth_key, ${hasUserId ? 'user_id' : 'NULL'}, ${hasIsBot ? 'is_bot' : '0'} FROM sessions LIMIT 1`,
  );
  if (!row) return { ok: false, problem: fileProblems.empty };
  const [dcId, testMode, key, userId, isBot] = row;
  const authKey = keyOf(key);
  if (!authKey) return { ok: false, problem: fileProblems.noAuthKey };
  return ok({
    format: 'pyrogram-file',
    dcId: Number(dcId),
    userId: typeof userId === 'number' && userId > 0 ? String(userId) : null,
    isTest: Boolean(testMode),
    server: null,
    isBot: Boolean(isBot),
    authKey,
  });
}
