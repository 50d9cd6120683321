/**
 * Session minting (issue 15): a fresh authorized auth key for a demo account on its home DC,
 * written as the session strings and files of the tools people import from: GramJS, Telethon,
 * Pyrogram and mtcute strings (through `@mtcute/convert` and `@mtcute/core`), and Telethon and
 * Pyrogram `.session` SQLite files (through sql.js). Every string is a live key: whoever holds it
 * is signed in as that account on the sandbox.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  convertToPyrogramSession,
  serializeGramjsSession,
  serializeTelethonSession,
} from '@mtcute/convert';
import { writeStringSession, type StringSessionData } from '@mtcute/core/utils.js';
import initSqlJs from 'sql.js/dist/sql-wasm-inline.js';
import type { Control, SeededSession } from './control';

export interface MintedSessions {
  phone: string;
  userId: string;
  dcId: number;
  gramjs: string;
  telethon: string;
  pyrogram: string;
  mtcute: string;
  /** The key as minted (what a `.session` file stores). Secret. */
  seeded: SeededSession;
}

/** Mints a new authorized key for `phone` and writes it in every string format. */
export async function mintSessions(control: Control, phone: string): Promise<MintedSessions> {
  const seeded = await control.seedAuthorizedSession(phone);
  return sessionStrings(seeded);
}

/** Writes a seeded key in every string format. */
export function sessionStrings(seeded: SeededSession): MintedSessions {
  const address = { dcId: seeded.dcId, ipAddress: seeded.host, ipv6: false, port: seeded.port };
  const authKey = new Uint8Array(seeded.authKey);
  const data: StringSessionData = {
    version: 3,
    primaryDcs: {
      main: { id: seeded.dcId, ipAddress: seeded.host, port: seeded.port, testMode: false },
      media: { id: seeded.dcId, ipAddress: seeded.host, port: seeded.port, testMode: false },
    },
    authKey,
    self: {
      userId: Number(seeded.user.id),
      isBot: false,
      isPremium: seeded.user.isPremium,
      usernames: seeded.user.username ? [seeded.user.username] : [],
    },
  };
  const mtcute = writeStringSession(data);
  return {
    phone: seeded.user.phone,
    userId: seeded.user.id.toString(),
    dcId: seeded.dcId,
    gramjs: serializeGramjsSession({ ...address, authKey }),
    telethon: serializeTelethonSession({ ...address, authKey }),
    pyrogram: convertToPyrogramSession(mtcute, { apiId: 1 }),
    mtcute,
    seeded,
  };
}

type SqlJs = Awaited<ReturnType<typeof initSqlJs>>;
let sqlJs: Promise<SqlJs> | null = null;
const loadSqlJs = () => (sqlJs ??= initSqlJs());

/** A Telethon (1.x, schema version 7) `.session` file holding the key. */
export async function telethonSessionFile(seeded: SeededSession): Promise<Uint8Array> {
  const db = new (await loadSqlJs()).Database();
  try {
    db.run(`CREATE TABLE version (version integer primary key);
      INSERT INTO version VALUES (7);
      CREATE TABLE sessions (dc_id integer primary key, server_address text, port integer,
        auth_key blob, takeout_id integer);
      CREATE TABLE entities (id integer primary key, hash integer not null, username text,
        phone integer, name text, date integer);
      CREATE TABLE sent_files (md5_digest blob, file_size integer, type integer, id integer,
        hash integer, primary key(md5_digest, file_size, type));
      CREATE TABLE update_state (id integer primary key, pts integer, qts integer, date integer,
        seq integer);`);
    db.run('INSERT INTO sessions VALUES (?, ?, ?, ?, NULL)', [
      seeded.dcId,
      seeded.host,
      seeded.port,
      new Uint8Array(seeded.authKey),
    ]);
    return db.export();
  } finally {
    db.close();
  }
}

/** A Pyrogram (2.x, schema version 3) `.session` file holding the key. */
export async function pyrogramSessionFile(seeded: SeededSession): Promise<Uint8Array> {
  const db = new (await loadSqlJs()).Database();
  try {
    db.run(`CREATE TABLE sessions (dc_id INTEGER PRIMARY KEY, api_id INTEGER, test_mode INTEGER,
        auth_key BLOB, date INTEGER NOT NULL, user_id INTEGER, is_bot INTEGER);
      CREATE TABLE peers (id INTEGER PRIMARY KEY, access_hash INTEGER, type INTEGER NOT NULL,
        username TEXT, phone_number TEXT, last_update_on INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE version (number INTEGER PRIMARY KEY);
      INSERT INTO version VALUES (3);`);
    db.run('INSERT INTO sessions VALUES (?, 1, 0, ?, 0, ?, 0)', [
      seeded.dcId,
      new Uint8Array(seeded.authKey),
      Number(seeded.user.id),
    ]);
    return db.export();
  } finally {
    db.close();
  }
}

/**
 * Writes `<digits>.telethon.session` and `<digits>.pyrogram.session` for the key into `dir`;
 * returns their paths.
 */
export async function writeSessionFiles(
  seeded: SeededSession,
  dir: string,
): Promise<{ telethon: string; pyrogram: string }> {
  const base = seeded.user.phone.replace(/\D/g, '');
  const telethon = join(dir, `${base}.telethon.session`);
  const pyrogram = join(dir, `${base}.pyrogram.session`);
  writeFileSync(telethon, await telethonSessionFile(seeded), { mode: 0o600 });
  writeFileSync(pyrogram, await pyrogramSessionFile(seeded), { mode: 0o600 });
  return { telethon, pyrogram };
}
