/**
 * Session export (issue 15): hands the user an account's session in another library's format,
 * on their explicit request and only after the passcode (when one is set) is proven again.
 *
 * The formats are written by `@mtcute/convert` (GramJS, Telethon and Pyrogram string sessions);
 * the Telethon `.session` file is a SQLite database in Telethon's own schema (version 7), built
 * with sql.js (`./sql.ts`), which needs no native module and no `.wasm` file at run time.
 *
 * The answer is the one IPC answer that carries a secret: nothing here logs, caches or pushes it.
 */
import type * as ConvertModule from '@mtcute/convert';
import type { Handlers } from '../../shared/contract';
import type { ExportedSession, SessionExportFormat } from '../../shared/export-dto';
import { failure } from '../../shared/error-words';
import { isAppFailure } from '../../shared/errors';
import type { AccountRecord, Logger } from '../ports';
import { loadSqlJs } from './sql';

type Convert = typeof ConvertModule;

/** The session data every mtcute converter reads. */
export type SessionData = ReturnType<Convert['convertFromGramjsSession']>;

let convert: Promise<Convert> | null = null;

/**
 * `@mtcute/convert`, loaded at the first export. Imported as ES modules: its CommonJS build warns
 * on the console when it is required.
 */
function loadConvert(): Promise<Convert> {
  convert ??= import('@mtcute/convert').catch((error: unknown) => {
    convert = null;
    throw error;
  });
  return convert;
}

/** What export needs of the vault. */
export interface ExportVault {
  readAccount(accountId: string): Promise<AccountRecord>;
  /** Proves the passcode (rate limited); resolves at once when no passcode is set. */
  confirmPasscode(passcode: string | undefined): Promise<void>;
}

export interface SessionExportRequest {
  accountIds: string[];
  format: SessionExportFormat;
  passcode?: string | undefined;
}

export interface SessionExporter {
  exportSessions(request: SessionExportRequest): Promise<ExportedSession[]>;
}

/** Telethon v1's SQLite session schema (`telethon/sessions/sqlite.py`, CURRENT_VERSION 7). */
const TELETHON_VERSION = 7;
const TELETHON_SCHEMA = `
create table version (version integer primary key);
create table sessions (
  dc_id integer primary key,
  server_address text,
  port integer,
  auth_key blob,
  takeout_id integer
);
create table entities (
  id integer primary key,
  hash integer not null,
  username text,
  phone integer,
  name text,
  date integer
);
create table sent_files (
  md5_digest blob,
  file_size integer,
  type integer,
  id integer,
  hash integer,
  primary key(md5_digest, file_size, type)
);
create table update_state (
  id integer primary key,
  pts integer,
  qts integer,
  date integer,
  seq integer
);`;

/**
 * The account's session as mtcute's session data: its auth key and home DC from the stored
 * GramJS session, the DC's address from the account's server profile (so a test-server account
 * carries the test flag and Telegram's test address), and the account's user id.
 */
export async function sessionDataOf(record: AccountRecord): Promise<SessionData> {
  const { convertFromGramjsSession, DC_MAPPING_PROD, DC_MAPPING_TEST } = await loadConvert();
  const parsed = convertFromGramjsSession(record.session);
  const dcId = parsed.primaryDcs.main.id;
  const profile = record.serverProfile;
  let main = parsed.primaryDcs.main;
  if (profile.kind === 'production' || profile.kind === 'test') {
    const known = (profile.kind === 'test' ? DC_MAPPING_TEST : DC_MAPPING_PROD)[dcId];
    if (known) main = { ...known.main, testMode: profile.kind === 'test' };
    else main = { ...main, testMode: profile.kind === 'test' };
  } else {
    const dc = profile.dcs.find((candidate) => candidate.id === dcId);
    main = { ...main, ...(dc ? { ipAddress: dc.host, port: dc.port } : {}), testMode: false };
  }
  return {
    ...parsed,
    primaryDcs: { main, media: main },
    self: {
      userId: Number(record.userId),
      isBot: false,
      isPremium: record.isPremium,
      usernames: record.username ? [record.username] : [],
    },
  };
}

/** Telethon's `.session` file for `data`, as the bytes of a SQLite database. */
export async function telethonSessionFile(data: SessionData): Promise<Uint8Array> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  try {
    db.run(TELETHON_SCHEMA);
    db.run('insert into version values (?)', [TELETHON_VERSION]);
    const dc = data.primaryDcs.main;
    db.run('insert into sessions values (?, ?, ?, ?, ?)', [
      dc.id,
      dc.ipAddress,
      dc.port,
      data.authKey,
      null,
    ]);
    return db.export();
  } finally {
    db.close();
  }
}

/** A file name from the account's name: letters, digits and dashes, never empty. */
export function exportFileName(displayName: string, format: SessionExportFormat): string {
  const base =
    displayName
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase()
      .slice(0, 48) || 'account';
  return format === 'telethon-file' ? `${base}.session` : `${base}.${format}-session.txt`;
}

/** The exported text of one account: a string session, or the `.session` file in base64. */
export async function exportRecord(
  record: AccountRecord,
  format: SessionExportFormat,
): Promise<string> {
  const data = await sessionDataOf(record);
  const { convertToGramjsSession, convertToPyrogramSession, convertToTelethonSession } =
    await loadConvert();
  switch (format) {
    case 'gramjs':
      return convertToGramjsSession(data);
    case 'telethon':
      return convertToTelethonSession(data);
    case 'pyrogram':
      return convertToPyrogramSession(data, { apiId: record.apiId });
    case 'telethon-file':
      return Buffer.from(await telethonSessionFile(data)).toString('base64');
  }
}

export function createSessionExporter(deps: {
  vault: ExportVault;
  logger: Logger;
}): SessionExporter {
  const log = deps.logger.child({ scope: 'export' });
  return {
    async exportSessions({ accountIds, format, passcode }) {
      await deps.vault.confirmPasscode(passcode);
      const unique = [...new Set(accountIds)];
      const results: ExportedSession[] = [];
      for (const accountId of unique) {
        let record: AccountRecord;
        try {
          record = await deps.vault.readAccount(accountId);
        } catch (error) {
          if (isAppFailure(error) && error.code === 'NOT_FOUND') {
            throw failure('NOT_FOUND', {
              message: 'That account is no longer in Gramdeck.',
              accountId,
            });
          }
          throw error;
        }
        results.push({
          accountId,
          displayName: record.displayName,
          fileName: exportFileName(record.displayName, format),
          text: await exportRecord(record, format),
        });
      }
      // Which accounts and which format only: never the session itself.
      log.log('info', 'Exported sessions', { count: results.length, format });
      return results;
    },
  };
}

/** The IPC handler of `accounts:export`. */
export function createSessionExportHandlers(exporter: SessionExporter) {
  return {
    'accounts:export': (args) => exporter.exportSessions(args),
  } satisfies Pick<Handlers, 'accounts:export'>;
}
