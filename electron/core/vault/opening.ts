/**
 * Opening the vault's folder: the state store and the attempt counter's key, a data key change
 * interrupted by a kill, the header (with its backup, and format migration), records left
 * without a header, a fresh start, the version-1 records, and whether a key fits the records.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { StorageBackend } from '../../shared/dto';
import type { Clock, KeyValueStore, KeyValueStoreFactory, Logger, SecretCipher } from '../ports';
import { createMemoryStore } from '../storage/conf-store';
import {
  backupPath,
  ensureDirectory,
  isAuxiliaryName,
  isTemporaryName,
  moveAside,
  readText,
  writeAtomic,
} from './atomic-file';
import type { AttentionList } from './attention';
import { COUNTER_KEY_BYTES, fallbackCounterKey } from './counter-seal';
import { fromBase64, open, randomKey, toBase64 } from './crypto';
import {
  CURRENT_VERSION,
  FORMAT_NAME,
  parseHeader,
  parseRecordFile,
  parseRecordsV1,
  recordAad,
  recordAadV1,
  splitV1Key,
  type HeaderV2,
  type LoadedHeader,
} from './format';
import { recoverRotation } from './key-rotation';
import { emptyKeys, keyCheckFor, wrapWithCipher } from './key-wraps';
import {
  ACCOUNTS_DIR,
  CREDENTIALS_DIR,
  LOGIN_DIR,
  HEADER_FILE,
  schemaFor,
  type RecordStore,
} from './record-store';

export const STATE_STORE = 'vault-state';
/** The attempt counter's HMAC key in the state store, wrapped by a strong keychain. */
const COUNTER_KEY_ENTRY = 'attemptsKey';
/** The single records file of format version 1. */
export const V1_RECORDS_FILE = 'accounts.json';

/** What opening works with: the files, where problems are reported, time and the log. */
export interface OpeningContext {
  store: RecordStore;
  attention: AttentionList;
  clock: Clock;
  log: Logger;
}

/** The backend the OS cipher offers now; 'unavailable' when there is none or it fails. */
export function currentBackend(cipher: SecretCipher | null): StorageBackend {
  if (!cipher) return 'unavailable';
  try {
    return cipher.isAvailable() ? cipher.backend : 'unavailable';
  } catch {
    return 'unavailable';
  }
}

/** Finishes (or undoes) a data key change a kill interrupted; before the header is read. */
export async function finishInterruptedRotation(ctx: OpeningContext): Promise<void> {
  const recovered = await recoverRotation(ctx.store.dir);
  if (recovered !== 'none') {
    ctx.log.log('warn', 'Finished a data key change that was interrupted', { recovered });
  }
}

export async function openStateStore(
  ctx: OpeningContext,
  storeFactory: KeyValueStoreFactory,
): Promise<KeyValueStore> {
  const openStore = () => storeFactory({ name: STATE_STORE, directory: ctx.store.dir });
  try {
    return openStore();
  } catch (error) {
    // clearInvalidConfig is off, so a damaged state file throws: move it aside and say so.
    const file = ctx.store.path(`${STATE_STORE}.json`);
    ctx.log.log('warn', 'The vault state file is unreadable', { error: String(error) });
    try {
      const movedTo = await moveAside(file, ctx.clock.now());
      ctx.attention.add({ accountId: null, file, problem: 'unreadable', movedTo });
      return openStore();
    } catch {
      return createMemoryStore(file);
    }
  }
}

/** The attempt counter's HMAC key: random and keychain-wrapped where the keychain is strong. */
export async function counterKey(
  dir: string,
  cipher: SecretCipher | null,
  backend: StorageBackend,
  store: KeyValueStore,
): Promise<Buffer> {
  if (!cipher || backend !== 'keychain') return fallbackCounterKey(dir);
  const stored = store.get(COUNTER_KEY_ENTRY);
  if (typeof stored === 'string') {
    try {
      const key = Buffer.from(await cipher.decrypt(fromBase64(stored)));
      if (key.length === COUNTER_KEY_BYTES) return key;
    } catch {
      // A new key follows; the counter it no longer verifies reads as a penalty.
    }
  }
  const key = randomBytes(COUNTER_KEY_BYTES);
  store.set(COUNTER_KEY_ENTRY, toBase64(await cipher.encrypt(key)));
  return key;
}

/** Reads the header, falling back to its backup; null when there is none at all. */
export async function loadHeader(ctx: OpeningContext): Promise<LoadedHeader | 'newer' | null> {
  const { store, attention, clock, log } = ctx;
  const file = store.path(HEADER_FILE);
  const bak = backupPath(file);
  const mainText = await readText(file);
  const main = mainText === null ? null : parseHeader(mainText);
  if (main?.kind === 'newer') {
    attention.add({ accountId: null, file, problem: 'unreadable', movedTo: file });
    log.log('error', 'The vault was written by a newer Gramdeck', { version: main.version });
    return 'newer';
  }
  if (main?.kind === 'ok') {
    // The migrated header is written at the first unlock, with its key check.
    if (main.migratedFrom !== null && mainText !== null) {
      await keepOldHeader(store, mainText, main.migratedFrom);
    }
    return main.header;
  }

  const bakText = await readText(bak);
  const backup = bakText === null ? null : parseHeader(bakText);
  if (main === null && backup === null) {
    await setAsideOrphans(ctx);
    return null;
  }
  let movedTo = file;
  if (main !== null) {
    movedTo = await moveAside(file, clock.now());
    log.log('warn', 'The vault header is damaged', { reason: main.reason });
  }
  if (backup?.kind === 'ok') {
    if (main !== null) {
      attention.add({ accountId: null, file, problem: 'corrupt-restored-from-backup', movedTo });
    }
    if (bakText !== null) await writeAtomic(file, bakText, false);
    return backup.header;
  }
  if (backup?.kind === 'newer') return 'newer';
  if (backup !== null && bakText !== null) {
    const bakMoved = await moveAside(bak, clock.now());
    if (main === null) movedTo = bakMoved;
  }
  attention.add({ accountId: null, file, problem: 'corrupt-no-backup', movedTo });
  await setAsideOrphans(ctx);
  return null;
}

async function keepOldHeader(store: RecordStore, text: string, version: number): Promise<void> {
  const copy = store.path(`vault.v${version}.json`);
  if ((await readText(copy)) === null) await writeAtomic(copy, text, false);
}

/**
 * Without a header no record can ever be opened again; rather than let a new data key sit
 * next to them, the old records are moved aside (never deleted) and reported.
 */
async function setAsideOrphans({ store, attention, clock }: OpeningContext): Promise<void> {
  const now = clock.now();
  for (const dirName of [ACCOUNTS_DIR, CREDENTIALS_DIR, LOGIN_DIR]) {
    const dir = store.path(dirName);
    const names = (await fs.readdir(dir)).filter((name) => !isAuxiliaryName(name));
    if (names.length === 0) continue;
    const movedTo = `${dir}.orphaned-${now}`;
    await fs.rename(dir, movedTo);
    await ensureDirectory(dir);
    for (const name of names) {
      attention.add({
        accountId: dirName === ACCOUNTS_DIR ? name.replace(/\.json$/, '') : null,
        file: path.join(dir, name),
        problem: 'unreadable',
        movedTo: path.join(movedTo, name),
      });
    }
  }
  const v1 = store.path(V1_RECORDS_FILE);
  if ((await readText(v1)) !== null) {
    const movedTo = await moveAside(v1, now);
    attention.add({ accountId: null, file: v1, problem: 'unreadable', movedTo });
  }
}

/** A header for a new vault under `key`, without any wrap yet. */
export function newHeader(key: Buffer, backend: StorageBackend, now: number): HeaderV2 {
  const vaultId = randomBytes(16).toString('hex');
  return {
    format: FORMAT_NAME,
    version: CURRENT_VERSION,
    vaultId,
    createdAt: now,
    backend,
    weakStorageAccepted: false,
    keys: emptyKeys(),
    keyCheck: keyCheckFor(key, vaultId),
    recoveryCode: null,
    pendingRecordsFrom: null,
  };
}

/**
 * A fresh start: a new data key wrapped by a strong keychain, or null where there is none
 * (weak or no keychain: nothing is stored until the user sets a passcode or accepts that).
 */
export async function freshKeychainVault(
  cipher: SecretCipher | null,
  backend: StorageBackend,
  now: number,
): Promise<{ key: Buffer; header: HeaderV2 } | null> {
  if (backend !== 'keychain' || !cipher) return null;
  const key = randomKey();
  const header = newHeader(key, backend, now);
  header.keys.os = await wrapWithCipher(cipher, 'keychain', key);
  return { key, header };
}

/**
 * True when `key` opens at least one saved record (or none exists to ask). A key that passes
 * the key check yet opens no record at all means the header was replaced: that is reported as
 * a wrong key, and no record is treated as damaged or moved aside.
 */
export async function keyFitsRecords(
  store: RecordStore,
  key: Buffer,
  header: LoadedHeader,
): Promise<boolean> {
  let evidence = 0;
  for (const dirName of [ACCOUNTS_DIR, CREDENTIALS_DIR, LOGIN_DIR]) {
    const dir = store.path(dirName);
    for (const name of await fs.readdir(dir)) {
      if (isTemporaryName(name) || !/\.json(\.bak)?$/.test(name)) continue;
      const text = await readText(path.join(dir, name));
      const envelope = text === null ? null : parseRecordFile(text);
      if (!envelope) continue;
      evidence += 1;
      try {
        open(key, envelope.sealed, recordAad(envelope.type, envelope.id));
        return true;
      } catch {
        // Damaged, or sealed under another key: the next one decides.
      }
    }
  }
  if (header.pendingRecordsFrom === 1) {
    const text = await readText(store.path(V1_RECORDS_FILE));
    const records = text === null ? null : parseRecordsV1(text);
    for (const [entryKey, entry] of Object.entries(records?.records ?? {})) {
      const target = splitV1Key(entryKey);
      if (!target) continue;
      evidence += 1;
      try {
        open(key, { nonce: entry.iv, ciphertext: entry.data }, recordAadV1(target.type, target.id));
        return true;
      } catch {
        // As above.
      }
    }
  }
  return evidence === 0;
}

/**
 * Moves version-1 records (one shared file) into one v2 file each, and keeps the old file as
 * `accounts.json.migrated-v1-<time>`. Needs the data key. Returns the header to write next.
 */
export async function migrateRecordsV1(
  { store, attention, clock, log }: OpeningContext,
  header: LoadedHeader,
  key: Buffer,
): Promise<HeaderV2> {
  const file = store.path(V1_RECORDS_FILE);
  const text = await readText(file);
  if (text !== null) {
    const records = parseRecordsV1(text);
    const keptAs = `${file}.migrated-v1-${clock.now()}`;
    if (!records) {
      attention.add({ accountId: null, file, problem: 'unreadable', movedTo: keptAs });
    } else {
      for (const [entryKey, entry] of Object.entries(records.records)) {
        const target = splitV1Key(entryKey);
        if (!target) continue;
        const { type, id } = target;
        try {
          const plaintext = open(
            key,
            { nonce: entry.iv, ciphertext: entry.data },
            recordAadV1(type, id),
          );
          const value = schemaFor(type).parse(JSON.parse(plaintext.toString('utf8')));
          await store.save(type, id, value, key);
        } catch (error) {
          log.log('warn', 'A version-1 record could not be migrated', {
            type,
            error: error instanceof Error ? error.name : 'unknown',
          });
          attention.add({
            accountId: type === 'account' ? id : null,
            file,
            problem: 'unreadable',
            movedTo: keptAs,
          });
        }
      }
    }
    // Kept, never deleted: the user (or support) can still look at it.
    await fs.rename(file, keptAs);
  }
  return {
    ...header,
    keyCheck: header.keyCheck ?? keyCheckFor(key, header.vaultId),
    pendingRecordsFrom: null,
  };
}

/**
 * The version-1 records file kept after its migration holds every session under the old key.
 * Once all its records live on under the new key it goes too; one that still holds a record
 * that could not be migrated (reported in `attention`) stays for the user to look at.
 */
export async function removeMigratedV1Records({ store, attention }: OpeningContext): Promise<void> {
  const stillNeeded = new Set(attention.list().map((item) => item.movedTo));
  for (const name of await fs.readdir(store.dir)) {
    if (!name.startsWith(`${V1_RECORDS_FILE}.migrated-v1-`) || stillNeeded.has(name)) continue;
    await fs.rm(store.path(name), { force: true });
  }
}
