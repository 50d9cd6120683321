/**
 * The encrypted session vault and the app lock.
 *
 * A random 32-byte data key seals every record with AES-256-GCM (see format.ts for the files).
 * The data key itself is only ever stored wrapped: by the OS keychain (SecretCipher), by an app
 * passcode (scrypt), by a one-time recovery code (scrypt), or, only after the user accepted weak
 * storage where no OS cipher exists, in the clear and labelled weak.
 *
 * Every operation runs through one queue, so there is exactly one writer and a lock never
 * interleaves with a half-done write.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { StorageBackend, VaultAttention, VaultStatus } from '../../shared/dto';
import { AppFailure } from '../../shared/errors';
import type {
  AccountRecord,
  ApiCredentials,
  Clock,
  KeyValueStore,
  KeyValueStoreFactory,
  Logger,
  SecretCipher,
  SessionVault,
  VaultEvent,
} from '../ports';
import {
  backupPath,
  ensureDirectory,
  isAuxiliaryName,
  isTemporaryName,
  moveAside,
  readText,
  removeTemporaries,
  removeWithBackup,
  writeAtomic,
} from './atomic-file';
import { AttemptLimiter, describeWait } from './attempt-limiter';
import { COUNTER_KEY_BYTES, fallbackCounterKey } from './counter-seal';
import { applyRotation, recoverRotation, stageRotation, type StagedFile } from './key-rotation';
import { confStoreFactory, createMemoryStore } from '../storage/conf-store';
import {
  CryptoError,
  DATA_KEY_BYTES,
  DEFAULT_SCRYPT,
  deriveKey,
  fromBase64,
  generateRecoveryCode,
  isWeakerThan,
  normalizeRecoveryCode,
  open,
  randomKey,
  randomSalt,
  seal,
  toBase64,
  type ScryptParams,
} from './crypto';
import {
  ACCOUNT_ID,
  CURRENT_VERSION,
  FORMAT_NAME,
  KEY_CHECK_TEXT,
  accountRecordSchema,
  apiCredentialsRecordSchema,
  credentialsFileName,
  parseHeader,
  parseRecordFile,
  parseRecordsV1,
  recordAad,
  recordAadV1,
  serializeHeader,
  splitV1Key,
  wrapAad,
  type HeaderV2,
  type LoadedHeader,
  type RecordType,
  type SecretWrap,
} from './format';

export const HEADER_FILE = 'vault.json';
export const STATE_STORE = 'vault-state';
/** The attempt counter's HMAC key in the state store, wrapped by a strong keychain. */
const COUNTER_KEY_ENTRY = 'attemptsKey';
export const ACCOUNTS_DIR = 'accounts';
export const CREDENTIALS_DIR = 'credentials';
/** The single records file of format version 1. */
export const V1_RECORDS_FILE = 'accounts.json';

/** How often the auto-lock timer re-reads the idle setting while nothing else wakes it. */
const AUTO_LOCK_POLL_MS = 60_000;

/** A timer source, injectable so auto-lock can be tested without waiting. */
export interface Scheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realScheduler: Scheduler = {
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    // The idle timer alone must not keep a Node process (tests, the web host) alive.
    handle.unref();
    return handle;
  },
  clearTimeout(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

export interface VaultOptions {
  /** The vault's own folder inside the user data directory (created with mode 0700). */
  directory: string;
  /** The OS keychain (SafeStorageCipher in Electron), or null where none exists (web host). */
  cipher: SecretCipher | null;
  clock: Clock;
  logger: Logger;
  /** The user's idle time before the app locks itself, read whenever the timer fires. */
  getAutoLockMinutes: () => number | null;
  /** scrypt cost; tests pass small values. Defaults to `DEFAULT_SCRYPT`. */
  kdf?: Partial<ScryptParams>;
  /** Opens the small non-secret state store; defaults to plain `conf`. */
  storeFactory?: KeyValueStoreFactory;
  scheduler?: Scheduler;
}

/** The vault as the IPC handlers and the composition root use it. */
export interface Vault extends SessionVault {
  status(): VaultStatus;
  /** Unlocks with the passcode. */
  unlock(passcode: string): Promise<VaultStatus>;
  /** Locks now, forgetting the data key. Needs a passcode, or the next start would reopen it. */
  lock(): Promise<VaultStatus>;
  /** Sets the first passcode; returns the recovery code, shown this once. */
  setPasscode(passcode: string): Promise<{ recoveryCode: string }>;
  changePasscode(currentPasscode: string, newPasscode: string): Promise<VaultStatus>;
  removePasscode(passcode: string): Promise<VaultStatus>;
  /** Shows the current recovery code again after proving the passcode. */
  getRecoveryCode(passcode: string): Promise<{ recoveryCode: string }>;
  /** Resets a forgotten passcode; the used code is replaced by the returned one. */
  resetWithRecoveryCode(
    recoveryCode: string,
    newPasscode: string,
  ): Promise<{ recoveryCode: string }>;
  /**
   * Replaces the recovery code while unlocked, after proving the passcode (rate limited like
   * unlock); the old code stops working.
   */
  regenerateRecoveryCode(passcode: string): Promise<{ recoveryCode: string }>;
  /** Stores sessions even though no keychain protects them, labelled weak. */
  acceptWeakStorage(): Promise<VaultStatus>;
  /** Marks user activity for auto-lock. */
  touch(): void;
  /** Stops timers and waits for queued work; the vault is unusable afterwards. */
  close(): Promise<void>;
}

type State =
  /** No header and no keychain: nothing may be stored until a passcode or weak storage. */
  | 'uninitialized'
  | 'locked'
  | 'unlocked'
  /** The header was written by a newer Gramdeck; nothing is touched. */
  | 'newer';

type Opened<T> =
  | { kind: 'ok'; value: T; text: string }
  | { kind: 'missing' }
  | { kind: 'corrupt'; reason: string };

/** Why a key was refused although it unwrapped: the header is not to be trusted. */
type Refusal = 'wrong-key' | 'plain-key-refused';

const INCORRECT_PASSCODE = 'That passcode is not correct.';
const INCORRECT_RECOVERY_CODE = 'That recovery code is not correct.';

/** The key check of a header: a constant sealed with the data key. */
function keyCheckFor(key: Buffer, vaultId: string): HeaderV2['keyCheck'] {
  return seal(key, Buffer.from(KEY_CHECK_TEXT), wrapAad('key-check', vaultId));
}

/** The file text of a record sealed with `key`, bound to its type and id. */
function recordText(key: Buffer, type: RecordType, id: string, value: unknown): string {
  const sealed = seal(key, Buffer.from(JSON.stringify(value), 'utf8'), recordAad(type, id));
  return `${JSON.stringify({ format: FORMAT_NAME, version: CURRENT_VERSION, type, id, sealed })}\n`;
}

/**
 * Opens (creating if needed) the vault in `options.directory`: cleans up interrupted writes,
 * migrates older formats, checks the header, and unlocks at once when the keychain holds the
 * key and no passcode is set.
 */
export async function createVault(options: VaultOptions): Promise<Vault> {
  const vault = new VaultImpl(options);
  await vault.start();
  return vault;
}

class VaultImpl implements Vault {
  readonly #dir: string;
  readonly #cipher: SecretCipher | null;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #getAutoLockMinutes: () => number | null;
  readonly #kdf: ScryptParams;
  readonly #storeFactory: KeyValueStoreFactory;
  readonly #scheduler: Scheduler;
  readonly #listeners = new Set<(event: VaultEvent) => void>();

  #state: State = 'uninitialized';
  #header: LoadedHeader | null = null;
  #key: Buffer | null = null;
  #backend: StorageBackend = 'unavailable';
  #backendChange: VaultStatus['backendChange'] = null;
  #attention: VaultAttention[] = [];
  #refusal: Refusal | null = null;
  #limiter!: AttemptLimiter;
  #queue: Promise<unknown> = Promise.resolve();
  #timer: unknown = null;
  #lastActivity = 0;
  #isClosed = false;

  constructor(options: VaultOptions) {
    this.#dir = path.resolve(options.directory);
    this.#cipher = options.cipher;
    this.#clock = options.clock;
    this.#log = options.logger.child({ scope: 'vault' });
    this.#getAutoLockMinutes = options.getAutoLockMinutes;
    this.#kdf = { ...DEFAULT_SCRYPT, ...options.kdf };
    this.#storeFactory = options.storeFactory ?? confStoreFactory;
    this.#scheduler = options.scheduler ?? realScheduler;
  }

  // ---------------------------------------------------------------------------------------------
  // Startup

  async start(): Promise<void> {
    for (const dir of [this.#dir, this.#path(ACCOUNTS_DIR), this.#path(CREDENTIALS_DIR)]) {
      await ensureDirectory(dir);
      await removeTemporaries(dir);
    }
    this.#backend = this.#currentBackend();
    const store = await this.#openStateStore();
    this.#limiter = new AttemptLimiter(store, this.#clock, {
      macKey: await this.#counterKey(store),
      requiresCounter: () => Boolean(this.#header?.keys.passcode),
    });
    const recovered = await recoverRotation(this.#dir);
    if (recovered !== 'none') {
      this.#log.log('warn', 'Finished a data key change that was interrupted', { recovered });
    }

    const header = await this.#loadHeader();
    if (header === 'newer') {
      this.#state = 'newer';
      return;
    }
    if (header === null) {
      await this.#startFresh();
      return;
    }
    this.#header = header;
    if (header.backend !== this.#backend) {
      this.#backendChange = { from: header.backend, to: this.#backend };
      this.#log.log('warn', 'The storage backend changed since the last run', {
        from: header.backend,
        to: this.#backend,
      });
    }
    this.#state = 'locked';
    if (header.keys.passcode) return;

    const key = await this.#unwrapWithoutSecret(header);
    if (key) await this.#afterUnlock(key);
  }

  #currentBackend(): StorageBackend {
    if (!this.#cipher) return 'unavailable';
    try {
      return this.#cipher.isAvailable() ? this.#cipher.backend : 'unavailable';
    } catch {
      return 'unavailable';
    }
  }

  /** The attempt counter's HMAC key: random and keychain-wrapped where the keychain is strong. */
  async #counterKey(store: KeyValueStore): Promise<Buffer> {
    const cipher = this.#cipher;
    if (!cipher || this.#backend !== 'keychain') return fallbackCounterKey(this.#dir);
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

  async #openStateStore(): Promise<KeyValueStore> {
    const open = () => this.#storeFactory({ name: STATE_STORE, directory: this.#dir });
    try {
      return open();
    } catch (error) {
      // clearInvalidConfig is off, so a damaged state file throws: move it aside and say so.
      const file = this.#path(`${STATE_STORE}.json`);
      this.#log.log('warn', 'The vault state file is unreadable', { error: String(error) });
      try {
        const movedTo = await moveAside(file, this.#clock.now());
        this.#addAttention({ accountId: null, file, problem: 'unreadable', movedTo });
        return open();
      } catch {
        return createMemoryStore(file);
      }
    }
  }

  /** Reads the header, falling back to its backup; null when there is none at all. */
  async #loadHeader(): Promise<LoadedHeader | 'newer' | null> {
    const file = this.#path(HEADER_FILE);
    const bak = backupPath(file);
    const mainText = await readText(file);
    const main = mainText === null ? null : parseHeader(mainText);
    if (main?.kind === 'newer') {
      this.#addAttention({ accountId: null, file, problem: 'unreadable', movedTo: file });
      this.#log.log('error', 'The vault was written by a newer Gramdeck', {
        version: main.version,
      });
      return 'newer';
    }
    if (main?.kind === 'ok') {
      // The migrated header is written at the first unlock, with its key check.
      if (main.migratedFrom !== null && mainText !== null) {
        await this.#keepOldHeader(mainText, main.migratedFrom);
      }
      return main.header;
    }

    const bakText = await readText(bak);
    const backup = bakText === null ? null : parseHeader(bakText);
    if (main === null && backup === null) {
      await this.#setAsideOrphans();
      return null;
    }
    let movedTo = file;
    if (main !== null) {
      movedTo = await moveAside(file, this.#clock.now());
      this.#log.log('warn', 'The vault header is damaged', { reason: main.reason });
    }
    if (backup?.kind === 'ok') {
      if (main !== null) {
        this.#addAttention({
          accountId: null,
          file,
          problem: 'corrupt-restored-from-backup',
          movedTo,
        });
      }
      if (bakText !== null) await writeAtomic(file, bakText, false);
      return backup.header;
    }
    if (backup?.kind === 'newer') return 'newer';
    if (backup !== null && bakText !== null) {
      const bakMoved = await moveAside(bak, this.#clock.now());
      if (main === null) movedTo = bakMoved;
    }
    this.#addAttention({ accountId: null, file, problem: 'corrupt-no-backup', movedTo });
    await this.#setAsideOrphans();
    return null;
  }

  async #keepOldHeader(text: string, version: number): Promise<void> {
    const copy = this.#path(`vault.v${version}.json`);
    if ((await readText(copy)) === null) await writeAtomic(copy, text, false);
  }

  /**
   * Without a header no record can ever be opened again; rather than let a new data key sit
   * next to them, the old records are moved aside (never deleted) and reported.
   */
  async #setAsideOrphans(): Promise<void> {
    const now = this.#clock.now();
    for (const dirName of [ACCOUNTS_DIR, CREDENTIALS_DIR]) {
      const dir = this.#path(dirName);
      const names = (await fs.readdir(dir)).filter((name) => !isAuxiliaryName(name));
      if (names.length === 0) continue;
      const movedTo = `${dir}.orphaned-${now}`;
      await fs.rename(dir, movedTo);
      await ensureDirectory(dir);
      for (const name of names) {
        this.#addAttention({
          accountId: dirName === ACCOUNTS_DIR ? name.replace(/\.json$/, '') : null,
          file: path.join(dir, name),
          problem: 'unreadable',
          movedTo: path.join(movedTo, name),
        });
      }
    }
    const v1 = this.#path(V1_RECORDS_FILE);
    if ((await readText(v1)) !== null) {
      const movedTo = await moveAside(v1, now);
      this.#addAttention({ accountId: null, file: v1, problem: 'unreadable', movedTo });
    }
  }

  async #startFresh(): Promise<void> {
    if (this.#backend !== 'keychain' || !this.#cipher) {
      // Weak or no keychain: store nothing until the user sets a passcode or accepts it.
      this.#state = 'uninitialized';
      return;
    }
    const key = randomKey();
    const header = this.#newHeader(key);
    header.keys.os = { backend: 'keychain', ciphertext: toBase64(await this.#cipher.encrypt(key)) };
    await this.#writeHeader(header);
    this.#log.log('info', 'Created a new vault protected by the keychain');
    await this.#afterUnlock(key);
  }

  #newHeader(key: Buffer): HeaderV2 {
    const vaultId = randomBytes(16).toString('hex');
    return {
      format: FORMAT_NAME,
      version: CURRENT_VERSION,
      vaultId,
      createdAt: this.#clock.now(),
      backend: this.#backend,
      weakStorageAccepted: false,
      keys: { os: null, passcode: null, recovery: null, plain: null },
      keyCheck: keyCheckFor(key, vaultId),
      recoveryCode: null,
      pendingRecordsFrom: null,
    };
  }

  /** The data key from the keychain or the weak plain slot, or null (the vault stays locked). */
  async #unwrapWithoutSecret(header: LoadedHeader): Promise<Buffer | null> {
    if (header.keys.os && this.#cipher && this.#backend !== 'unavailable') {
      try {
        const key = Buffer.from(await this.#cipher.decrypt(fromBase64(header.keys.os.ciphertext)));
        if (this.#isRightKey(header, key)) return key;
      } catch (error) {
        this.#log.log('warn', 'The keychain could not unwrap the data key', {
          error: error instanceof Error ? error.name : 'unknown',
        });
      }
      this.#log.log('warn', 'The keychain no longer opens the vault; it stays locked');
      return null;
    }
    if (header.keys.plain) {
      if (this.#backend === 'keychain') {
        // Only a user without any keychain ever stores the key in the clear: here it is forged.
        this.#refuse('plain-key-refused');
        return null;
      }
      const key = fromBase64(header.keys.plain.key);
      if (this.#isRightKey(header, key)) return key;
    }
    return null;
  }

  /** Checks the key check; a header without one is decided by the records (`#keyFitsRecords`). */
  #isRightKey(header: LoadedHeader, key: Buffer): boolean {
    if (key.length !== DATA_KEY_BYTES) return false;
    if (!header.keyCheck) return true;
    try {
      const text = open(key, header.keyCheck, wrapAad('key-check', header.vaultId));
      return text.toString('utf8') === KEY_CHECK_TEXT;
    } catch {
      return false;
    }
  }

  /**
   * Everything that follows getting the data key: the wrong-key check, the key check of an older
   * header, migration, the move to a strong keychain, the record scan. Returns false (and stays
   * locked, with the refusal reported) when the key opens none of the saved records.
   */
  async #afterUnlock(key: Buffer): Promise<boolean> {
    const header = this.#header;
    if (!header) throw new Error('No header');
    if (!(await this.#keyFitsRecords(key, header))) {
      key.fill(0);
      this.#refuse('wrong-key');
      return false;
    }
    this.#clearRefusal();
    this.#key = key;
    this.#state = 'unlocked';
    this.#lastActivity = this.#clock.now();

    if (!header.keyCheck) {
      await this.#writeHeader({ ...header, keyCheck: keyCheckFor(key, header.vaultId) });
    }
    if (this.#header?.pendingRecordsFrom === 1) await this.#migrateRecordsV1(key);
    // A keychain that became strong takes over from a weak wrap (never the other way round),
    // under a new data key: the weak wrap's copies must not open what is written from now on.
    const current = this.#checkedHeader();
    if (
      !current.keys.passcode &&
      this.#backend === 'keychain' &&
      this.#cipher &&
      (current.keys.os?.backend !== 'keychain' || current.keys.plain)
    ) {
      const next = randomKey();
      const os = {
        backend: 'keychain' as const,
        ciphertext: toBase64(await this.#cipher.encrypt(next)),
      };
      await this.#rotateKey(key, next, {
        ...current,
        keys: { os, passcode: null, recovery: null, plain: null },
        recoveryCode: null,
      });
      this.#replaceKey(next);
      this.#log.log('info', 'Moved the vault to the keychain under a new data key');
    }
    await this.#scanRecords();
    this.#armAutoLock();
    return true;
  }

  /**
   * True when `key` opens at least one saved record (or none exists to ask). A key that passes
   * the key check yet opens no record at all means the header was replaced: that is reported as
   * a wrong key, and no record is treated as damaged or moved aside.
   */
  async #keyFitsRecords(key: Buffer, header: LoadedHeader): Promise<boolean> {
    let evidence = 0;
    for (const dirName of [ACCOUNTS_DIR, CREDENTIALS_DIR]) {
      const dir = this.#path(dirName);
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
      const text = await readText(this.#path(V1_RECORDS_FILE));
      const records = text === null ? null : parseRecordsV1(text);
      for (const [entryKey, entry] of Object.entries(records?.records ?? {})) {
        const target = splitV1Key(entryKey);
        if (!target) continue;
        evidence += 1;
        try {
          open(
            key,
            { nonce: entry.iv, ciphertext: entry.data },
            recordAadV1(target.type, target.id),
          );
          return true;
        } catch {
          // As above.
        }
      }
    }
    return evidence === 0;
  }

  /** Stays locked and says loudly why: the header carries a key that must not be used. */
  #refuse(refusal: Refusal): AppFailure {
    this.#forgetKey();
    this.#state = 'locked';
    this.#refusal = refusal;
    const file = this.#path(HEADER_FILE);
    this.#addAttention({ accountId: null, file, problem: refusal, movedTo: file });
    this.#log.log('error', 'Refused the key in the vault header', { refusal });
    this.#emit({ kind: 'changed' });
    return this.#lockedFailure();
  }

  #clearRefusal(): void {
    if (this.#refusal === null) return;
    this.#refusal = null;
    this.#attention = this.#attention.filter(
      (item) => item.problem !== 'wrong-key' && item.problem !== 'plain-key-refused',
    );
  }

  /** The header, which has its key check whenever the vault has been unlocked once. */
  #checkedHeader(): HeaderV2 {
    const header = this.#requireHeader();
    const { keyCheck } = header;
    if (!keyCheck) throw this.#lockedFailure();
    return { ...header, keyCheck };
  }

  /** Takes `next` as the data key after a rotation; a locked vault forgets it at once. */
  #replaceKey(next: Buffer): void {
    if (this.#state === 'unlocked') {
      if (this.#key !== next) this.#key?.fill(0);
      this.#key = next;
    } else {
      next.fill(0);
    }
  }

  /**
   * Re-seals every record under `newKey` and switches to `next` (whose wraps hold `newKey`) as
   * one journaled change (key-rotation.ts). Old record backups go; the header backup is
   * rewritten. Refuses, moving nothing, when `oldKey` opens none of the records.
   */
  async #rotateKey(oldKey: Buffer, newKey: Buffer, next: HeaderV2): Promise<void> {
    const header = this.#requireHeader();
    if (!(await this.#keyFitsRecords(oldKey, header))) throw this.#refuse('wrong-key');
    if (header.pendingRecordsFrom === 1) await this.#migrateRecordsV1(oldKey);
    const files: StagedFile[] = [];
    for (const accountId of await this.#listIds()) {
      const file = this.#accountFile(accountId);
      const value = await this.#loadRecord(file, 'account', accountId, accountRecordSchema, oldKey);
      if (value === null) continue;
      files.push({
        relative: path.relative(this.#dir, file),
        text: recordText(newKey, 'account', accountId, value),
      });
    }
    for (const { file, profileKey } of await this.#listCredentialFiles()) {
      const value = await this.#loadRecord(
        file,
        'api-credentials',
        profileKey,
        apiCredentialsRecordSchema,
        oldKey,
      );
      if (value === null) continue;
      files.push({
        relative: path.relative(this.#dir, file),
        text: recordText(newKey, 'api-credentials', profileKey, value),
      });
    }
    const rotated: HeaderV2 = {
      ...next,
      backend: this.#backend,
      keyCheck: keyCheckFor(newKey, next.vaultId),
      pendingRecordsFrom: null,
    };
    await stageRotation(this.#dir, files, serializeHeader(rotated));
    await applyRotation(this.#dir);
    this.#header = rotated;
    await this.#removeMigratedV1Records();
    this.#log.log('info', 'Changed the data key', { records: files.length });
  }

  /**
   * The version-1 records file kept after its migration holds every session under the old key.
   * Once all its records live on under the new key it goes too; one that still holds a record
   * that could not be migrated (reported in `attention`) stays for the user to look at.
   */
  async #removeMigratedV1Records(): Promise<void> {
    const stillNeeded = new Set(this.#attention.map((item) => item.movedTo));
    for (const name of await fs.readdir(this.#dir)) {
      if (!name.startsWith(`${V1_RECORDS_FILE}.migrated-v1-`) || stillNeeded.has(name)) continue;
      await fs.rm(this.#path(name), { force: true });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Records

  #path(...parts: string[]): string {
    return path.join(this.#dir, ...parts);
  }

  #accountFile(accountId: string): string {
    if (!ACCOUNT_ID.test(accountId)) {
      throw new AppFailure('VALIDATION', 'The account id is not valid.');
    }
    return this.#path(ACCOUNTS_DIR, `${accountId}.json`);
  }

  #credentialsFile(profileKey: string): string {
    if (profileKey.length === 0 || profileKey.length > 256) {
      throw new AppFailure('VALIDATION', 'The server profile key is not valid.');
    }
    return this.#path(CREDENTIALS_DIR, credentialsFileName(profileKey));
  }

  async #openRecord<T>(
    file: string,
    type: RecordType,
    id: string,
    schema: z.ZodType<T>,
    key: Buffer | null,
  ): Promise<Opened<T>> {
    if (!key) throw this.#lockedFailure();
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
  async #loadRecord<T>(
    file: string,
    type: RecordType,
    id: string,
    schema: z.ZodType<T>,
    key: Buffer | null = this.#key,
  ): Promise<T | null> {
    const main = await this.#openRecord(file, type, id, schema, key);
    if (main.kind === 'ok') return main.value;
    const bak = backupPath(file);
    const backup = await this.#openRecord(bak, type, id, schema, key);
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
        this.#addAttention({ accountId, file, problem: 'unreadable', movedTo });
      }
      return null;
    }

    const movedTo = await moveAside(file, this.#clock.now());
    this.#log.log('warn', 'A vault record is damaged', { type, reason: main.reason });
    if (backup.kind === 'ok') {
      await writeAtomic(file, backup.text, false);
      this.#addAttention({ accountId, file, problem: 'corrupt-restored-from-backup', movedTo });
      return backup.value;
    }
    if (backup.kind === 'corrupt') await moveAside(bak, this.#clock.now());
    this.#addAttention({ accountId, file, problem: 'corrupt-no-backup', movedTo });
    return null;
  }

  async #saveRecord(
    file: string,
    type: RecordType,
    id: string,
    value: unknown,
    key: Buffer | null = this.#key,
  ): Promise<void> {
    if (!key) throw this.#lockedFailure();
    const schema = type === 'account' ? accountRecordSchema : apiCredentialsRecordSchema;
    // Only a verified current file may become the backup: a damaged one is moved aside instead.
    const current = await this.#openRecord(file, type, id, schema, key);
    if (current.kind === 'corrupt') {
      const movedTo = await moveAside(file, this.#clock.now());
      this.#addAttention({
        accountId: type === 'account' ? id : null,
        file,
        problem: 'corrupt-no-backup',
        movedTo,
      });
      this.#emit({ kind: 'changed' });
    }
    await writeAtomic(file, recordText(key, type, id, value), current.kind === 'ok');
  }

  async #scanRecords(): Promise<void> {
    const before = this.#attention.length;
    for (const accountId of await this.#listIds()) {
      await this.#loadRecord(
        this.#accountFile(accountId),
        'account',
        accountId,
        accountRecordSchema,
      );
    }
    for (const { file, profileKey } of await this.#listCredentialFiles()) {
      await this.#loadRecord(file, 'api-credentials', profileKey, apiCredentialsRecordSchema);
    }
    if (this.#attention.length !== before) this.#emit({ kind: 'changed' });
  }

  /** Every saved API credentials record (or its lone backup), with its profile key. */
  async #listCredentialFiles(): Promise<Array<{ file: string; profileKey: string }>> {
    const credentialsDir = this.#path(CREDENTIALS_DIR);
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

  async #listIds(): Promise<string[]> {
    const ids = new Set<string>();
    for (const name of await fs.readdir(this.#path(ACCOUNTS_DIR))) {
      // A lone `.bak` is a record whose write was interrupted; it is still an account.
      const base = name.endsWith('.json.bak') ? name.slice(0, -'.bak'.length) : name;
      if (!base.endsWith('.json') || isAuxiliaryName(base)) continue;
      const id = base.slice(0, -'.json'.length);
      if (ACCOUNT_ID.test(id)) ids.add(id);
    }
    return [...ids].sort();
  }

  /** Moves version-1 records (one shared file) into one v2 file each. Needs the data key. */
  async #migrateRecordsV1(key: Buffer): Promise<void> {
    const header = this.#header;
    if (!header) return;
    const file = this.#path(V1_RECORDS_FILE);
    const text = await readText(file);
    if (text !== null) {
      const records = parseRecordsV1(text);
      const keptAs = `${file}.migrated-v1-${this.#clock.now()}`;
      if (!records) {
        this.#addAttention({ accountId: null, file, problem: 'unreadable', movedTo: keptAs });
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
            const schema = type === 'account' ? accountRecordSchema : apiCredentialsRecordSchema;
            const value = schema.parse(JSON.parse(plaintext.toString('utf8')));
            const targetFile =
              type === 'account' ? this.#accountFile(id) : this.#credentialsFile(id);
            await this.#saveRecord(targetFile, type, id, value, key);
          } catch (error) {
            this.#log.log('warn', 'A version-1 record could not be migrated', {
              type,
              error: error instanceof Error ? error.name : 'unknown',
            });
            this.#addAttention({
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
    await this.#writeHeader({
      ...header,
      keyCheck: header.keyCheck ?? keyCheckFor(key, header.vaultId),
      pendingRecordsFrom: null,
    });
    this.#log.log('info', 'Migrated the vault records from format version 1');
  }

  // ---------------------------------------------------------------------------------------------
  // Header and key wraps

  /** Writes the header twice, so the backup never holds an older, revoked wrap. */
  async #writeHeader(header: HeaderV2): Promise<void> {
    const file = this.#path(HEADER_FILE);
    const text = serializeHeader({ ...header, backend: this.#backend });
    await writeAtomic(file, text, true);
    await writeAtomic(file, text, true);
    this.#header = { ...header, backend: this.#backend };
  }

  async #wrapSecret(secret: string, key: Buffer, kind: 'passcode' | 'recovery', vaultId: string) {
    const salt = randomSalt();
    const kek = await deriveKey(secret, salt, this.#kdf);
    const wrap: SecretWrap = {
      kdf: { algorithm: 'scrypt', ...this.#kdf, salt: toBase64(salt) },
      sealed: seal(kek, key, wrapAad(kind, vaultId)),
    };
    kek.fill(0);
    return wrap;
  }

  async #unwrapSecret(
    secret: string,
    wrap: SecretWrap,
    kind: 'passcode' | 'recovery',
    header: LoadedHeader,
  ): Promise<Buffer | null> {
    const { N, r, p, salt } = wrap.kdf;
    const kek = await deriveKey(secret, fromBase64(salt), { N, r, p });
    try {
      const key = open(kek, wrap.sealed, wrapAad(kind, header.vaultId));
      return this.#isRightKey(header, key) ? key : null;
    } catch (error) {
      if (error instanceof CryptoError) return null;
      throw error;
    } finally {
      kek.fill(0);
    }
  }

  /** Proves the passcode (rate limited) and returns the data key. */
  async #verifyPasscode(
    passcode: string,
    field: string,
  ): Promise<{ key: Buffer; header: LoadedHeader }> {
    const header = this.#requireHeader();
    const wrap = header.keys.passcode;
    if (!wrap) throw new AppFailure('PASSCODE_NOT_SET', 'No passcode is set.');
    this.#limiter.begin();
    const key = await this.#unwrapSecret(passcode, wrap, 'passcode', header);
    if (!key) throw this.#incorrect(INCORRECT_PASSCODE, field);
    this.#limiter.succeeded();
    return { key, header };
  }

  #incorrect(message: string, field: string): AppFailure {
    const retryAfter = this.#limiter.failed();
    this.#emit({ kind: 'changed' });
    const suffix = retryAfter ? ` Try again in ${describeWait(retryAfter)}.` : '';
    return new AppFailure('INCORRECT_CODE', `${message}${suffix}`, {
      field,
      ...(retryAfter ? { retryAfter } : {}),
    });
  }

  async #newRecoveryCode(key: Buffer, vaultId: string) {
    return this.#sealRecoveryCode(generateRecoveryCode(), key, vaultId);
  }

  /** The recovery wrap of `key` under `code`, and `code` sealed by `key` to show it again. */
  async #sealRecoveryCode(code: string, key: Buffer, vaultId: string) {
    const canonical = normalizeRecoveryCode(code);
    if (!canonical) throw new Error('Invalid recovery code');
    return {
      code,
      recovery: await this.#wrapSecret(canonical, key, 'recovery', vaultId),
      recoveryCode: seal(key, Buffer.from(code, 'utf8'), wrapAad('recovery-code', vaultId)),
    };
  }

  #requireHeader(): LoadedHeader {
    if (this.#state === 'newer') throw this.#newerFailure();
    if (!this.#header) {
      throw new AppFailure('PASSCODE_NOT_SET', 'No passcode is set.');
    }
    return this.#header;
  }

  // ---------------------------------------------------------------------------------------------
  // Events, timers, queue

  #emit(event: VaultEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.#log.log('error', 'A vault listener failed', {
          error: error instanceof Error ? error.name : 'unknown',
        });
      }
    }
  }

  #addAttention(entry: VaultAttention): void {
    const relative = (file: string) => path.relative(this.#dir, file) || file;
    const item = { ...entry, file: relative(entry.file), movedTo: relative(entry.movedTo) };
    this.#attention = [...this.#attention.filter((other) => other.file !== item.file), item];
  }

  #run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(() => {
      if (this.#isClosed) throw new AppFailure('UNAVAILABLE', 'The vault is closed.');
      return task();
    });
    this.#queue = result.catch(() => undefined);
    return result;
  }

  #armAutoLock(): void {
    this.#clearTimer();
    if (this.#state !== 'unlocked' || !this.#header?.keys.passcode || this.#isClosed) return;
    let wait = AUTO_LOCK_POLL_MS;
    const minutes = this.#getAutoLockMinutes();
    if (minutes !== null && minutes > 0) {
      const remaining = this.#lastActivity + minutes * 60_000 - this.#clock.now();
      if (remaining <= 0) {
        this.#log.log('info', 'Locking after inactivity', { minutes });
        void this.lock().catch(() => undefined);
        return;
      }
      wait = Math.min(wait, remaining);
    }
    this.#timer = this.#scheduler.setTimeout(() => {
      this.#timer = null;
      this.#armAutoLock();
    }, wait);
  }

  #clearTimer(): void {
    if (this.#timer !== null) this.#scheduler.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #forgetKey(): void {
    this.#key?.fill(0);
    this.#key = null;
  }

  #lockedFailure(): AppFailure {
    if (this.#state === 'newer') return this.#newerFailure();
    if (this.#refusal === 'wrong-key') {
      return new AppFailure(
        'STORAGE_CORRUPT',
        'The key in the vault header (vault.json) opens none of the saved sessions, so that ' +
          'header was replaced or belongs to another vault. Gramdeck will not use it. Nothing ' +
          'was moved or deleted: put back the right vault.json to open your sessions.',
      );
    }
    if (this.#refusal === 'plain-key-refused') {
      return new AppFailure(
        'STORAGE_CORRUPT',
        'The vault header (vault.json) holds its key unprotected although this computer has a ' +
          'system keychain, so Gramdeck does not trust it: it may have been replaced. Nothing ' +
          'was moved or deleted. If you stored it that way yourself, open it with the web host ' +
          'and set a passcode there.',
      );
    }
    if (this.#header && !this.#header.keys.passcode) {
      return new AppFailure(
        'LOCKED',
        'The system keychain no longer opens the saved sessions, and no passcode was set. ' +
          'Nothing was deleted: run Gramdeck again where the keychain is available to open them.',
      );
    }
    return new AppFailure('LOCKED', 'Gramdeck is locked. Enter your passcode to continue.');
  }

  #newerFailure(): AppFailure {
    return new AppFailure(
      'STORAGE_CORRUPT',
      'The saved sessions were written by a newer version of Gramdeck. Update Gramdeck to open them.',
    );
  }

  #requireUnlocked(): Buffer {
    if (this.#state !== 'unlocked' || !this.#key) throw this.#lockedFailure();
    return this.#key;
  }

  #requireCanStore(): void {
    this.#requireUnlockedOrEmpty();
    if (!this.canStoreSessions()) {
      throw new AppFailure(
        'STORAGE_NOT_SECURE',
        this.#backend === 'basic_text'
          ? 'No system keyring protects saved data on this computer, so Gramdeck will not save ' +
              'sessions yet. Set an app passcode, or accept weak storage in Settings.'
          : 'This system offers no secure storage, so Gramdeck will not save sessions yet. ' +
              'Set an app passcode, or accept weak storage in Settings.',
      );
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Public API

  status(): VaultStatus {
    const header = this.#header;
    const hasPasscode = Boolean(header?.keys.passcode);
    const isWeak = !hasPasscode && this.#backend !== 'keychain';
    const isWeakStorageAccepted = header?.weakStorageAccepted ?? false;
    return {
      isLocked: this.#state === 'locked' || this.#state === 'newer',
      backend: this.#backend,
      isWeak,
      hasPasscode,
      isWeakStorageAccepted,
      canStoreSessions: this.#state !== 'newer' && (!isWeak || isWeakStorageAccepted),
      backendChange: this.#backendChange,
      attention: this.#attention.map((item) => ({ ...item })),
      retryAt: this.#limiter.retryAt(),
    };
  }

  isUnlocked(): boolean {
    return this.#state === 'unlocked';
  }

  canStoreSessions(): boolean {
    return this.status().canStoreSessions;
  }

  listAccountIds(): Promise<string[]> {
    return this.#run(async () => {
      this.#requireUnlockedOrEmpty();
      return this.#state === 'uninitialized' ? [] : await this.#listIds();
    });
  }

  readAccount(accountId: string): Promise<AccountRecord> {
    return this.#run(async () => {
      this.#requireUnlockedOrEmpty();
      const file = this.#accountFile(accountId);
      const record =
        this.#state === 'uninitialized'
          ? null
          : await this.#loadRecord(file, 'account', accountId, accountRecordSchema);
      if (!record) {
        const damaged = this.#attention.some((item) => item.accountId === accountId);
        throw damaged
          ? new AppFailure(
              'STORAGE_CORRUPT',
              'The saved session of this account is damaged and has no usable backup. ' +
                'The damaged file was kept; log in to this account again.',
            )
          : new AppFailure('NOT_FOUND', 'There is no saved session for this account.');
      }
      return record;
    });
  }

  writeAccount(accountId: string, record: AccountRecord): Promise<void> {
    return this.#run(async () => {
      this.#requireCanStore();
      const value = accountRecordSchema.parse(record);
      await this.#saveRecord(this.#accountFile(accountId), 'account', accountId, value);
    });
  }

  deleteAccount(accountId: string): Promise<void> {
    return this.#run(async () => {
      this.#requireUnlockedOrEmpty();
      await removeWithBackup(this.#accountFile(accountId));
      this.#attention = this.#attention.filter((item) => item.accountId !== accountId);
    });
  }

  readApiCredentials(profileKey: string): Promise<ApiCredentials | null> {
    return this.#run(async () => {
      this.#requireUnlockedOrEmpty();
      if (this.#state === 'uninitialized') return null;
      return this.#loadRecord(
        this.#credentialsFile(profileKey),
        'api-credentials',
        profileKey,
        apiCredentialsRecordSchema,
      );
    });
  }

  writeApiCredentials(profileKey: string, credentials: ApiCredentials): Promise<void> {
    return this.#run(async () => {
      this.#requireCanStore();
      const value = apiCredentialsRecordSchema.parse(credentials);
      await this.#saveRecord(
        this.#credentialsFile(profileKey),
        'api-credentials',
        profileKey,
        value,
      );
    });
  }

  #requireUnlockedOrEmpty(): void {
    if (this.#state !== 'uninitialized') this.#requireUnlocked();
  }

  onEvent(listener: (event: VaultEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  unlock(passcode: string): Promise<VaultStatus> {
    return this.#run(async () => {
      if (this.#state === 'newer') throw this.#newerFailure();
      if (this.#state !== 'locked') return this.status();
      const header = this.#requireHeader();
      if (!header.keys.passcode) throw this.#lockedFailure();
      const { key } = await this.#verifyPasscode(passcode, 'passcode');
      const wrap = header.keys.passcode;
      if (!(await this.#afterUnlock(key))) throw this.#lockedFailure();
      const checked = this.#checkedHeader();
      if (isWeakerThan(wrap.kdf, this.#kdf) && this.#key) {
        // Parameters grew since this wrap was made: rewrap now that the passcode is at hand.
        const upgraded = await this.#wrapSecret(passcode, this.#key, 'passcode', header.vaultId);
        await this.#writeHeader({ ...checked, keys: { ...checked.keys, passcode: upgraded } });
        this.#log.log('info', 'Upgraded the passcode key derivation parameters', {
          fromN: wrap.kdf.N,
          toN: this.#kdf.N,
        });
      } else if (checked.backend !== this.#backend) {
        await this.#writeHeader(checked);
      }
      this.#emit({ kind: 'unlocked' });
      return this.status();
    });
  }

  lock(): Promise<VaultStatus> {
    return this.#run(() => {
      if (this.#state === 'newer') throw this.#newerFailure();
      if (!this.#header?.keys.passcode) {
        throw new AppFailure(
          'PASSCODE_NOT_SET',
          'Set a passcode first: without one, Gramdeck cannot lock.',
        );
      }
      if (this.#state !== 'unlocked') return Promise.resolve(this.status());
      this.#clearTimer();
      this.#forgetKey();
      this.#state = 'locked';
      this.#log.log('info', 'Locked');
      this.#emit({ kind: 'locked' });
      return Promise.resolve(this.status());
    });
  }

  setPasscode(passcode: string): Promise<{ recoveryCode: string }> {
    return this.#run(async () => {
      if (this.#state === 'newer') throw this.#newerFailure();
      if (this.#header?.keys.passcode) {
        throw new AppFailure(
          'PASSCODE_ALREADY_SET',
          'A passcode is already set. Change it instead.',
        );
      }
      const wasEmpty = this.#state === 'uninitialized';
      const oldKey = wasEmpty ? null : this.#requireUnlocked();
      const base = wasEmpty ? null : this.#checkedHeader();
      // A new data key: what the keychain or the weak slot kept must not open later records.
      const key = randomKey();
      const header = base ?? this.#newHeader(key);
      const passcodeWrap = await this.#wrapSecret(passcode, key, 'passcode', header.vaultId);
      const { code, recovery, recoveryCode } = await this.#newRecoveryCode(key, header.vaultId);
      // With a passcode, the keychain no longer opens the vault on its own.
      const next: HeaderV2 = {
        ...header,
        keys: { os: null, plain: null, passcode: passcodeWrap, recovery },
        recoveryCode,
      };
      this.#limiter.succeeded();
      if (oldKey) {
        await this.#rotateKey(oldKey, key, next);
        this.#replaceKey(key);
      } else {
        await this.#writeHeader(next);
        this.#key = key;
        this.#state = 'unlocked';
        this.#lastActivity = this.#clock.now();
      }
      this.#armAutoLock();
      this.#log.log('info', 'Set an app passcode');
      this.#emit({ kind: 'changed' });
      return { recoveryCode: code };
    });
  }

  changePasscode(currentPasscode: string, newPasscode: string): Promise<VaultStatus> {
    return this.#run(async () => {
      const { key: oldKey, header } = await this.#verifyPasscode(
        currentPasscode,
        'currentPasscode',
      );
      try {
        const key = randomKey();
        const passcode = await this.#wrapSecret(newPasscode, key, 'passcode', header.vaultId);
        // The recovery code stays the same; it now wraps the new key.
        let recovery: HeaderV2['keys']['recovery'] = null;
        let recoveryCode: HeaderV2['recoveryCode'] = null;
        if (header.recoveryCode) {
          const code = open(oldKey, header.recoveryCode, wrapAad('recovery-code', header.vaultId));
          ({ recovery, recoveryCode } = await this.#sealRecoveryCode(
            code.toString('utf8'),
            key,
            header.vaultId,
          ));
        }
        await this.#rotateKey(oldKey, key, {
          ...header,
          keyCheck: keyCheckFor(key, header.vaultId),
          keys: { ...header.keys, passcode, recovery },
          recoveryCode,
        });
        this.#replaceKey(key);
      } finally {
        oldKey.fill(0);
      }
      this.#log.log('info', 'Changed the app passcode');
      this.#emit({ kind: 'changed' });
      return this.status();
    });
  }

  removePasscode(passcode: string): Promise<VaultStatus> {
    return this.#run(async () => {
      const { key: oldKey, header } = await this.#verifyPasscode(passcode, 'passcode');
      const key = randomKey();
      const keys: HeaderV2['keys'] = { os: null, passcode: null, recovery: null, plain: null };
      if (this.#cipher && (this.#backend === 'keychain' || header.weakStorageAccepted)) {
        keys.os = { backend: this.#backend, ciphertext: toBase64(await this.#cipher.encrypt(key)) };
      } else if (header.weakStorageAccepted) {
        keys.plain = { key: toBase64(key) };
      } else {
        oldKey.fill(0);
        throw new AppFailure(
          'STORAGE_NOT_SECURE',
          'No system keychain protects saved data here, so removing the passcode would leave ' +
            'your sessions unprotected. Accept weak storage first if you want that.',
        );
      }
      try {
        await this.#rotateKey(oldKey, key, {
          ...header,
          keyCheck: keyCheckFor(key, header.vaultId),
          keys,
          recoveryCode: null,
        });
      } finally {
        oldKey.fill(0);
      }
      const wasLocked = this.#state !== 'unlocked';
      if (wasLocked) await this.#afterUnlock(key);
      else {
        this.#replaceKey(key);
        this.#armAutoLock();
      }
      this.#log.log('info', 'Removed the app passcode');
      this.#emit({ kind: wasLocked ? 'unlocked' : 'changed' });
      return this.status();
    });
  }

  getRecoveryCode(passcode: string): Promise<{ recoveryCode: string }> {
    return this.#run(async () => {
      const { key, header } = await this.#verifyPasscode(passcode, 'passcode');
      try {
        if (!header.recoveryCode) throw new AppFailure('NOT_FOUND', 'No recovery code exists.');
        const code = open(key, header.recoveryCode, wrapAad('recovery-code', header.vaultId));
        this.#emit({ kind: 'changed' });
        return { recoveryCode: code.toString('utf8') };
      } finally {
        key.fill(0);
      }
    });
  }

  resetWithRecoveryCode(
    recoveryCode: string,
    newPasscode: string,
  ): Promise<{ recoveryCode: string }> {
    return this.#run(async () => {
      const header = this.#requireHeader();
      const wrap = header.keys.recovery;
      if (!header.keys.passcode || !wrap) {
        throw new AppFailure(
          'PASSCODE_NOT_SET',
          'No passcode is set, so there is nothing to reset.',
        );
      }
      this.#limiter.begin();
      const canonical = normalizeRecoveryCode(recoveryCode);
      const oldKey = canonical
        ? await this.#unwrapSecret(canonical, wrap, 'recovery', header)
        : null;
      if (!oldKey) throw this.#incorrect(INCORRECT_RECOVERY_CODE, 'recoveryCode');
      this.#limiter.succeeded();
      const key = randomKey();
      const passcode = await this.#wrapSecret(newPasscode, key, 'passcode', header.vaultId);
      const next = await this.#newRecoveryCode(key, header.vaultId);
      try {
        await this.#rotateKey(oldKey, key, {
          ...header,
          keyCheck: keyCheckFor(key, header.vaultId),
          keys: { ...header.keys, passcode, recovery: next.recovery },
          recoveryCode: next.recoveryCode,
        });
      } finally {
        oldKey.fill(0);
      }
      this.#log.log('info', 'Reset the passcode with the recovery code');
      if (this.#state === 'locked') {
        await this.#afterUnlock(key);
        this.#emit({ kind: 'unlocked' });
      } else {
        this.#replaceKey(key);
        this.#emit({ kind: 'changed' });
      }
      return { recoveryCode: next.code };
    });
  }

  regenerateRecoveryCode(passcode: string): Promise<{ recoveryCode: string }> {
    return this.#run(async () => {
      this.#requireUnlocked();
      const header = this.#requireHeader();
      if (!header.keys.passcode) {
        throw new AppFailure(
          'PASSCODE_NOT_SET',
          'Set a passcode first; it comes with a recovery code.',
        );
      }
      // As hard to get as the passcode: proven first, counted by the same limiter as unlock.
      const { key: oldKey } = await this.#verifyPasscode(passcode, 'passcode');
      const key = randomKey();
      const passcodeWrap = await this.#wrapSecret(passcode, key, 'passcode', header.vaultId);
      const next = await this.#newRecoveryCode(key, header.vaultId);
      try {
        await this.#rotateKey(oldKey, key, {
          ...header,
          keyCheck: keyCheckFor(key, header.vaultId),
          keys: { ...header.keys, passcode: passcodeWrap, recovery: next.recovery },
          recoveryCode: next.recoveryCode,
        });
      } finally {
        oldKey.fill(0);
      }
      this.#replaceKey(key);
      this.#log.log('info', 'Regenerated the recovery code');
      this.#emit({ kind: 'changed' });
      return { recoveryCode: next.code };
    });
  }

  acceptWeakStorage(): Promise<VaultStatus> {
    return this.#run(async () => {
      if (this.#state === 'newer') throw this.#newerFailure();
      if (this.#state === 'uninitialized') {
        const key = randomKey();
        const header = this.#newHeader(key);
        header.weakStorageAccepted = true;
        header.keys = await this.#weakKeys(key);
        await this.#writeHeader(header);
        this.#key = key;
        this.#state = 'unlocked';
        this.#lastActivity = this.#clock.now();
      } else {
        const header = this.#checkedHeader();
        if (header.keys.passcode) {
          await this.#writeHeader({ ...header, weakStorageAccepted: true });
        } else {
          const key = this.#requireUnlocked();
          const keys = this.#backend === 'keychain' ? header.keys : await this.#weakKeys(key);
          await this.#writeHeader({ ...header, weakStorageAccepted: true, keys });
        }
      }
      this.#log.log('warn', 'The user accepted weak storage', { backend: this.#backend });
      this.#emit({ kind: 'changed' });
      return this.status();
    });
  }

  /** The best wrap available without a passcode: the (weak) OS cipher, else the clear key. */
  async #weakKeys(key: Buffer): Promise<HeaderV2['keys']> {
    const keys: HeaderV2['keys'] = { os: null, passcode: null, recovery: null, plain: null };
    if (this.#cipher && this.#backend !== 'unavailable') {
      keys.os = { backend: this.#backend, ciphertext: toBase64(await this.#cipher.encrypt(key)) };
    } else {
      keys.plain = { key: toBase64(key) };
    }
    return keys;
  }

  touch(): void {
    this.#lastActivity = this.#clock.now();
  }

  async close(): Promise<void> {
    await this.#run(() => {
      this.#clearTimer();
      this.#forgetKey();
      this.#isClosed = true;
      return Promise.resolve();
    }).catch(() => undefined);
    this.#listeners.clear();
  }
}
