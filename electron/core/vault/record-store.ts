/**
 * The vault's sealed record files: one per account, one per server profile's API credentials
 * and one per login record (the default login proxy, a phone's future auth tokens), each written atomically with a `.bak` of the last good value, repaired from it
 * when damaged, and scanned at unlock. The header file is written here too.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { failure } from '../../shared/error-words';
import type { Clock, Logger } from '../ports';
import {
  backupPath,
  ensureDirectory,
  isAuxiliaryName,
  moveAside,
  readText,
  removeTemporaries,
  removeWithBackup,
  writeAtomic,
  writeAtomicMany,
} from './atomic-file';
import type { AttentionList } from './attention';
import { open, seal } from './crypto';
import {
  ACCOUNT_ID,
  CURRENT_VERSION,
  FORMAT_NAME,
  accountRecordSchema,
  apiCredentialsRecordSchema,
  authTokensRecordSchema,
  credentialsFileName,
  loginFileName,
  loginProxyRecordSchema,
  parseLoginFileName,
  parseRecordFile,
  recordAad,
  type RecordType,
} from './format';
import type { StagedFile } from './key-rotation';

export const HEADER_FILE = 'vault.json';
export const ACCOUNTS_DIR = 'accounts';
export const CREDENTIALS_DIR = 'credentials';
export const LOGIN_DIR = 'login';

type Opened<T> =
  | { kind: 'ok'; value: T; text: string }
  | { kind: 'missing' }
  | { kind: 'corrupt'; reason: string };

export function schemaFor(type: RecordType): z.ZodType {
  switch (type) {
    case 'account':
      return accountRecordSchema;
    case 'api-credentials':
      return apiCredentialsRecordSchema;
    case 'login-proxy':
      return loginProxyRecordSchema;
    case 'auth-tokens':
      return authTokensRecordSchema;
  }
}

/** The file text of a record sealed with `key`, bound to its type and id. */
export function recordText(key: Buffer, type: RecordType, id: string, value: unknown): string {
  const sealed = seal(key, Buffer.from(JSON.stringify(value), 'utf8'), recordAad(type, id));
  return `${JSON.stringify({ format: FORMAT_NAME, version: CURRENT_VERSION, type, id, sealed })}\n`;
}

export interface RecordStoreOptions {
  /** The vault's folder (absolute). */
  directory: string;
  clock: Clock;
  logger: Logger;
  attention: AttentionList;
  /** Called when a write had to move a damaged file aside. */
  onDamage: () => void;
}

export class RecordStore {
  readonly dir: string;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #attention: AttentionList;
  readonly #onDamage: () => void;
  /**
   * Account records the unlock's scan opened, each handed out once to the first `load` (the
   * restore's), so a restore does not read and open every record a second time (issue 17).
   * Written or removed records leave it; the lock empties it (`forgetScanned`).
   */
  readonly #scanned = new Map<string, unknown>();

  constructor(options: RecordStoreOptions) {
    this.dir = options.directory;
    this.#clock = options.clock;
    this.#log = options.logger;
    this.#attention = options.attention;
    this.#onDamage = options.onDamage;
  }

  path(...parts: string[]): string {
    return path.join(this.dir, ...parts);
  }

  /** Creates the folders (mode 0700) and removes what interrupted writes left behind. */
  async prepare(): Promise<void> {
    for (const dir of [
      this.dir,
      this.path(ACCOUNTS_DIR),
      this.path(CREDENTIALS_DIR),
      this.path(LOGIN_DIR),
    ]) {
      await ensureDirectory(dir);
      await removeTemporaries(dir);
    }
  }

  /** Writes the header twice, so the backup never holds an older, revoked wrap. */
  async writeHeader(text: string): Promise<void> {
    const file = this.path(HEADER_FILE);
    await writeAtomic(file, text, true);
    await writeAtomic(file, text, true);
  }

  accountFile(accountId: string): string {
    if (!ACCOUNT_ID.test(accountId)) {
      throw failure('VALIDATION', { message: 'The account id is not valid.' });
    }
    return this.path(ACCOUNTS_DIR, `${accountId}.json`);
  }

  credentialsFile(profileKey: string): string {
    if (profileKey.length === 0 || profileKey.length > 256) {
      throw failure('VALIDATION', { message: 'The server profile key is not valid.' });
    }
    return this.path(CREDENTIALS_DIR, credentialsFileName(profileKey));
  }

  fileOf(type: RecordType, id: string): string {
    if (type === 'account') return this.accountFile(id);
    if (type === 'api-credentials') return this.credentialsFile(id);
    if (id.length === 0 || id.length > 256) {
      throw failure('VALIDATION', { message: 'The record id is not valid.' });
    }
    return this.path(LOGIN_DIR, loginFileName(type, id));
  }

  async #open<T>(
    file: string,
    type: RecordType,
    id: string,
    schema: z.ZodType<T>,
    key: Buffer,
  ): Promise<Opened<T>> {
    const text = await readText(file);
    if (text === null) return { kind: 'missing' };
    const envelope = parseRecordFile(text);
    if (!envelope) return { kind: 'corrupt', reason: 'not a record' };
    if (envelope.type !== type || envelope.id !== id) {
      return { kind: 'corrupt', reason: 'belongs elsewhere' };
    }
    let plaintext: Buffer;
    try {
      plaintext = open(key, envelope.sealed, recordAad(type, id));
    } catch {
      return { kind: 'corrupt', reason: 'authentication failed' };
    }
    try {
      const parsed = schema.safeParse(JSON.parse(plaintext.toString('utf8')));
      return parsed.success
        ? { kind: 'ok', value: parsed.data, text }
        : { kind: 'corrupt', reason: 'schema' };
    } catch {
      return { kind: 'corrupt', reason: 'not JSON' };
    }
  }

  /**
   * Reads a record, repairing what it can: a damaged file is moved aside and its backup restored
   * when the backup is valid. Returns null when the record does not exist (or could not be
   * saved), with the damage reported in `attention`.
   */
  async load<T>(
    type: RecordType,
    id: string,
    schema: z.ZodType<T>,
    key: Buffer,
    file: string = this.fileOf(type, id),
  ): Promise<T | null> {
    if (type === 'account') {
      const scanned = this.#scanned.get(id);
      this.#scanned.delete(id);
      if (scanned !== undefined) return scanned as T;
    }
    const main = await this.#open(file, type, id, schema, key);
    if (main.kind === 'ok') return main.value;
    const bak = backupPath(file);
    const backup = await this.#open(bak, type, id, schema, key);
    const accountId = type === 'account' ? id : null;

    if (main.kind === 'missing') {
      if (backup.kind === 'ok') {
        // A write was interrupted between its two renames: the backup is the last saved value.
        await writeAtomic(file, backup.text, false);
        this.#log.log('info', 'Finished an interrupted write from the backup', { type });
        return backup.value;
      }
      if (backup.kind === 'corrupt') {
        const movedTo = await moveAside(bak, this.#clock.now());
        this.#attention.add({ accountId, file, problem: 'unreadable', movedTo });
      }
      return null;
    }

    const movedTo = await moveAside(file, this.#clock.now());
    this.#log.log('warn', 'A vault record is damaged', { type, reason: main.reason });
    if (backup.kind === 'ok') {
      await writeAtomic(file, backup.text, false);
      this.#attention.add({ accountId, file, problem: 'corrupt-restored-from-backup', movedTo });
      return backup.value;
    }
    if (backup.kind === 'corrupt') await moveAside(bak, this.#clock.now());
    this.#attention.add({ accountId, file, problem: 'corrupt-no-backup', movedTo });
    return null;
  }

  async save(type: RecordType, id: string, value: unknown, key: Buffer): Promise<void> {
    const { file, data, keepBackup } = await this.#prepareSave(type, id, value, key);
    await writeAtomic(file, data, keepBackup);
  }

  /** Saves several records of one type as `save` does each, with one fsync pass for all. */
  async saveMany(
    type: RecordType,
    records: readonly { id: string; value: unknown }[],
    key: Buffer,
  ): Promise<void> {
    const latest = new Map(records.map((r) => [r.id, r.value]));
    const files = [];
    for (const [id, value] of latest) files.push(await this.#prepareSave(type, id, value, key));
    await writeAtomicMany(files);
  }

  async #prepareSave(
    type: RecordType,
    id: string,
    value: unknown,
    key: Buffer,
  ): Promise<{ file: string; data: string; keepBackup: boolean }> {
    if (type === 'account') this.#scanned.delete(id);
    const file = this.fileOf(type, id);
    // Only a verified current file may become the backup: a damaged one is moved aside instead.
    const current = await this.#open(file, type, id, schemaFor(type), key);
    if (current.kind === 'corrupt') {
      const movedTo = await moveAside(file, this.#clock.now());
      this.#attention.add({
        accountId: type === 'account' ? id : null,
        file,
        problem: 'corrupt-no-backup',
        movedTo,
      });
      this.#onDamage();
    }
    return { file, data: recordText(key, type, id, value), keepBackup: current.kind === 'ok' };
  }

  async remove(type: RecordType, id: string): Promise<void> {
    if (type === 'account') this.#scanned.delete(id);
    await removeWithBackup(this.fileOf(type, id));
  }

  /** Every saved record that `key` opens (repairing on the way), in a stable order. */
  async #each(
    key: Buffer,
    visit: (type: RecordType, id: string, file: string, value: unknown) => void,
  ): Promise<void> {
    for (const accountId of await this.listIds()) {
      const value = await this.load('account', accountId, accountRecordSchema, key);
      if (value !== null) visit('account', accountId, this.accountFile(accountId), value);
    }
    for (const { file, profileKey } of await this.#listCredentialFiles()) {
      const value = await this.load(
        'api-credentials',
        profileKey,
        apiCredentialsRecordSchema,
        key,
        file,
      );
      if (value !== null) visit('api-credentials', profileKey, file, value);
    }
    for (const { file, type, id } of await this.#listLoginFiles()) {
      const value = await this.load(type, id, schemaFor(type), key, file);
      if (value !== null) visit(type, id, file, value);
    }
  }

  /**
   * Opens every record, so damage is repaired or reported now; true when something was. The
   * account records stay open for their first `load`.
   */
  async scan(key: Buffer): Promise<boolean> {
    const before = this.#attention.size;
    this.#scanned.clear();
    await this.#each(key, (type, id, _file, value) => {
      if (type === 'account') this.#scanned.set(id, value);
    });
    return this.#attention.size !== before;
  }

  /** Drops the records the scan kept open (the vault locked). */
  forgetScanned(): void {
    this.#scanned.clear();
  }

  /** Every record re-sealed under `newKey`, as files for a journaled key change. */
  async resealAll(oldKey: Buffer, newKey: Buffer): Promise<StagedFile[]> {
    const files: StagedFile[] = [];
    await this.#each(oldKey, (type, id, file, value) => {
      files.push({
        relative: path.relative(this.dir, file),
        text: recordText(newKey, type, id, value),
      });
    });
    return files;
  }

  /** Every saved API credentials record (or its lone backup), with its profile key. */
  async #listCredentialFiles(): Promise<Array<{ file: string; profileKey: string }>> {
    const credentialsDir = this.path(CREDENTIALS_DIR);
    const names = new Set(
      (await fs.readdir(credentialsDir)).map((name) => name.replace(/\.bak$/, '')),
    );
    const found: Array<{ file: string; profileKey: string }> = [];
    for (const name of [...names].sort()) {
      if (isAuxiliaryName(name) || !name.endsWith('.json')) continue;
      const profileKey = Buffer.from(name.slice(0, -'.json'.length), 'base64url').toString('utf8');
      if (credentialsFileName(profileKey) !== name) continue;
      found.push({ file: path.join(credentialsDir, name), profileKey });
    }
    return found;
  }

  /** Every saved login record (or its lone backup), with its type and id. */
  async #listLoginFiles(): Promise<Array<{ file: string; type: RecordType; id: string }>> {
    const dir = this.path(LOGIN_DIR);
    const names = new Set((await fs.readdir(dir)).map((name) => name.replace(/\.bak$/, '')));
    const found: Array<{ file: string; type: RecordType; id: string }> = [];
    for (const name of [...names].sort()) {
      if (isAuxiliaryName(name)) continue;
      const parsed = parseLoginFileName(name);
      if (parsed) found.push({ file: path.join(dir, name), ...parsed });
    }
    return found;
  }

  async listIds(): Promise<string[]> {
    const ids = new Set<string>();
    for (const name of await fs.readdir(this.path(ACCOUNTS_DIR))) {
      // A lone `.bak` is a record whose write was interrupted; it is still an account.
      const base = name.endsWith('.json.bak') ? name.slice(0, -'.bak'.length) : name;
      if (!base.endsWith('.json') || isAuxiliaryName(base)) continue;
      const id = base.slice(0, -'.json'.length);
      if (ACCOUNT_ID.test(id)) ids.add(id);
    }
    return [...ids].sort();
  }
}
