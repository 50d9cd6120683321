/**
 * The encrypted session vault and the app lock.
 *
 * A random 32-byte data key seals every record with AES-256-GCM (see format.ts for the files).
 * The data key itself is only ever stored wrapped: by the OS keychain (SecretCipher), by an app
 * passcode (scrypt), by a one-time recovery code (scrypt), or, only after the user accepted weak
 * storage where no OS cipher exists, in the clear and labelled weak.
 *
 * This class is the facade: it keeps the state (locked, unlocked, …) and the order of every
 * operation. The record files are record-store.ts, the key wraps key-wraps.ts, opening and
 * migration opening.ts, the idle timer auto-lock.ts. Every operation runs through one queue, so
 * there is exactly one writer and a lock never interleaves with a half-done write.
 */
import path from 'node:path';
import type { z } from 'zod';
import type { ProxyConfig, StorageBackend, VaultStatus } from '../../shared/dto';
import { failure } from '../../shared/error-words';
import type { AppFailure } from '../../shared/errors';
import type {
  AccountRecord,
  ApiCredentials,
  AuthTokens,
  Clock,
  KeyValueStoreFactory,
  Logger,
  SecretCipher,
  SessionVault,
  Timers,
  VaultEvent,
} from '../ports';
import { confStoreFactory } from '../storage/conf-store';
import { systemTimers } from '../timers';
import { AttemptLimiter } from './attempt-limiter';
import { AttentionList } from './attention';
import { AutoLock } from './auto-lock';
import {
  DEFAULT_SCRYPT,
  fromBase64,
  isWeakerThan,
  normalizeRecoveryCode,
  randomKey,
  toBase64,
  type ScryptParams,
} from './crypto';
import { incorrectFailure, lockedFailure, newerFailure, notSecureFailure } from './failures';
import {
  accountRecordSchema,
  apiCredentialsRecordSchema,
  authTokensRecordSchema,
  loginProxyRecordSchema,
  MAX_AUTH_TOKENS,
  serializeHeader,
  type HeaderV2,
  type LoadedHeader,
} from './format';
import { applyRotation, stageRotation } from './key-rotation';
import {
  emptyKeys,
  isRightKey,
  keyCheckFor,
  newRecoveryCode,
  openRecoveryCode,
  sealRecoveryCode,
  unwrapSecret,
  unwrapWithCipher,
  weakKeys,
  wrapSecret,
  wrapWithCipher,
} from './key-wraps';
import {
  counterKey,
  currentBackend,
  finishInterruptedRotation,
  freshKeychainVault,
  keyFitsRecords,
  loadHeader,
  migrateRecordsV1,
  newHeader,
  openStateStore,
  removeMigratedV1Records,
  type OpeningContext,
} from './opening';
import { HEADER_FILE, RecordStore } from './record-store';

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
  /** The auto-lock timer's source; defaults to the system timers. */
  timers?: Timers;
}

/** The vault as the IPC handlers and the composition root use it. */
export interface Vault extends SessionVault {
  status(): VaultStatus;
  /** `status().isLocked` without building the status (read on every push, issue 17). */
  isLocked(): boolean;
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
  /**
   * Session export (issue 15): while unlocked, proves the passcode again (rate limited like
   * unlock); resolves at once when no passcode is set, and refuses a missing one when it is.
   */
  confirmPasscode(passcode: string | undefined): Promise<void>;
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

/** Why a key was refused although it unwrapped: the header is not to be trusted. */
type Refusal = 'wrong-key' | 'plain-key-refused';

const INCORRECT_PASSCODE = 'That passcode is not correct.';
const INCORRECT_RECOVERY_CODE = 'That recovery code is not correct.';

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
  readonly #cipher: SecretCipher | null;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #kdf: ScryptParams;
  readonly #storeFactory: KeyValueStoreFactory;
  readonly #attention: AttentionList;
  readonly #store: RecordStore;
  readonly #opening: OpeningContext;
  readonly #autoLock: AutoLock;
  readonly #listeners = new Set<(event: VaultEvent) => void>();

  #state: State = 'uninitialized';
  #header: LoadedHeader | null = null;
  #key: Buffer | null = null;
  #backend: StorageBackend = 'unavailable';
  #backendChange: VaultStatus['backendChange'] = null;
  #refusal: Refusal | null = null;
  #limiter!: AttemptLimiter;
  #queue: Promise<unknown> = Promise.resolve();
  #isClosed = false;

  constructor(options: VaultOptions) {
    const directory = path.resolve(options.directory);
    this.#cipher = options.cipher;
    this.#clock = options.clock;
    this.#log = options.logger.child({ scope: 'vault' });
    this.#kdf = { ...DEFAULT_SCRYPT, ...options.kdf };
    this.#storeFactory = options.storeFactory ?? confStoreFactory;
    this.#attention = new AttentionList(directory);
    this.#store = new RecordStore({
      directory,
      clock: this.#clock,
      logger: this.#log,
      attention: this.#attention,
      onDamage: () => {
        this.#emit({ kind: 'changed' });
      },
    });
    this.#opening = {
      store: this.#store,
      attention: this.#attention,
      clock: this.#clock,
      log: this.#log,
    };
    this.#autoLock = new AutoLock({
      timers: options.timers ?? systemTimers,
      clock: this.#clock,
      logger: this.#log,
      getMinutes: options.getAutoLockMinutes,
      isActive: () =>
        this.#state === 'unlocked' && Boolean(this.#header?.keys.passcode) && !this.#isClosed,
      lock: () => void this.lock().catch(() => undefined),
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Startup and unlocking

  async start(): Promise<void> {
    await this.#store.prepare();
    this.#backend = currentBackend(this.#cipher);
    const store = await openStateStore(this.#opening, this.#storeFactory);
    this.#limiter = new AttemptLimiter(store, this.#clock, {
      macKey: await counterKey(this.#store.dir, this.#cipher, this.#backend, store),
      requiresCounter: () => Boolean(this.#header?.keys.passcode),
    });
    await finishInterruptedRotation(this.#opening);

    const header = await loadHeader(this.#opening);
    if (header === 'newer') {
      this.#state = 'newer';
      return;
    }
    if (header === null) {
      const fresh = await freshKeychainVault(this.#cipher, this.#backend, this.#clock.now());
      if (!fresh) return;
      await this.#writeHeader(fresh.header);
      this.#log.log('info', 'Created a new vault protected by the keychain');
      await this.#afterUnlock(fresh.key);
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

  /** The data key from the keychain or the weak plain slot, or null (the vault stays locked). */
  async #unwrapWithoutSecret(header: LoadedHeader): Promise<Buffer | null> {
    if (header.keys.os && this.#cipher && this.#backend !== 'unavailable') {
      try {
        const key = await unwrapWithCipher(this.#cipher, header.keys.os);
        if (isRightKey(header, key)) return key;
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
      if (isRightKey(header, key)) return key;
    }
    return null;
  }

  /** Holds `key` as the data key: unlocked, and active as of now. */
  #becomeUnlocked(key: Buffer): void {
    this.#key = key;
    this.#state = 'unlocked';
    this.#autoLock.touch();
  }

  /**
   * Everything that follows getting the data key: the wrong-key check, the key check of an older
   * header, migration, the move to a strong keychain, the record scan. Returns false (and stays
   * locked, with the refusal reported) when the key opens none of the saved records.
   */
  async #afterUnlock(key: Buffer): Promise<boolean> {
    const header = this.#header;
    if (!header) throw new Error('No header');
    if (!(await keyFitsRecords(this.#store, key, header))) {
      key.fill(0);
      this.#refuse('wrong-key');
      return false;
    }
    this.#clearRefusal();
    this.#becomeUnlocked(key);

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
      const os = await wrapWithCipher(this.#cipher, 'keychain', next);
      await this.#rotateKey(key, next, {
        ...current,
        keys: { ...emptyKeys(), os },
        recoveryCode: null,
      });
      this.#replaceKey(next);
      this.#log.log('info', 'Moved the vault to the keychain under a new data key');
    }
    if (await this.#store.scan(this.#requireUnlocked())) this.#emit({ kind: 'changed' });
    this.#autoLock.arm();
    return true;
  }

  async #migrateRecordsV1(key: Buffer): Promise<void> {
    const header = this.#header;
    if (!header) return;
    await this.#writeHeader(await migrateRecordsV1(this.#opening, header, key));
    this.#log.log('info', 'Migrated the vault records from format version 1');
  }

  /** Stays locked and says loudly why: the header carries a key that must not be used. */
  #refuse(refusal: Refusal): AppFailure {
    this.#forgetKey();
    this.#state = 'locked';
    this.#refusal = refusal;
    const file = this.#store.path(HEADER_FILE);
    this.#attention.add({ accountId: null, file, problem: refusal, movedTo: file });
    this.#log.log('error', 'Refused the key in the vault header', { refusal });
    this.#emit({ kind: 'changed' });
    return this.#lockedFailure();
  }

  #clearRefusal(): void {
    if (this.#refusal === null) return;
    this.#refusal = null;
    this.#attention.remove(
      (item) => item.problem === 'wrong-key' || item.problem === 'plain-key-refused',
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
    if (!(await keyFitsRecords(this.#store, oldKey, header))) throw this.#refuse('wrong-key');
    if (header.pendingRecordsFrom === 1) await this.#migrateRecordsV1(oldKey);
    const files = await this.#store.resealAll(oldKey, newKey);
    const rotated: HeaderV2 = {
      ...next,
      backend: this.#backend,
      keyCheck: keyCheckFor(newKey, next.vaultId),
      pendingRecordsFrom: null,
    };
    await stageRotation(this.#store.dir, files, serializeHeader(rotated));
    await applyRotation(this.#store.dir);
    this.#header = rotated;
    await removeMigratedV1Records(this.#opening);
    this.#log.log('info', 'Changed the data key', { records: files.length });
  }

  /** Writes the header (as the current backend's); it becomes the header in memory too. */
  async #writeHeader(header: HeaderV2): Promise<void> {
    const next = { ...header, backend: this.#backend };
    await this.#store.writeHeader(serializeHeader(next));
    this.#header = next;
  }

  /** Proves the passcode (rate limited) and returns the data key. */
  async #verifyPasscode(
    passcode: string,
    field: string,
  ): Promise<{ key: Buffer; header: LoadedHeader }> {
    const header = this.#requireHeader();
    const wrap = header.keys.passcode;
    if (!wrap) throw failure('PASSCODE_NOT_SET', { message: 'No passcode is set.' });
    this.#limiter.begin();
    const key = await unwrapSecret(passcode, wrap, 'passcode', header);
    if (!key) throw this.#incorrect(INCORRECT_PASSCODE, field);
    this.#limiter.succeeded();
    return { key, header };
  }

  #incorrect(message: string, field: string): AppFailure {
    const retryAfter = this.#limiter.failed();
    this.#emit({ kind: 'changed' });
    return incorrectFailure(message, field, retryAfter);
  }

  /** A passcode wrap of `key` and a new recovery code for it. */
  async #passcodeAndRecovery(passcode: string, key: Buffer, vaultId: string) {
    const wrap = await wrapSecret(passcode, key, 'passcode', vaultId, this.#kdf);
    return { passcode: wrap, ...(await newRecoveryCode(key, vaultId, this.#kdf)) };
  }

  /** Changes the data key to `key` under new wraps; `oldKey` is zeroed whatever happens. */
  async #rekey(
    oldKey: Buffer,
    key: Buffer,
    header: LoadedHeader,
    keys: HeaderV2['keys'],
    recoveryCode: HeaderV2['recoveryCode'],
  ): Promise<void> {
    try {
      const keyCheck = keyCheckFor(key, header.vaultId);
      await this.#rotateKey(oldKey, key, { ...header, keyCheck, keys, recoveryCode });
    } finally {
      oldKey.fill(0);
    }
  }

  /** After a key change: a locked vault opens with the new key, an unlocked one keeps it. */
  async #takeKey(key: Buffer): Promise<VaultEvent> {
    if (this.#state === 'unlocked') {
      this.#replaceKey(key);
      this.#autoLock.arm();
      return { kind: 'changed' };
    }
    await this.#afterUnlock(key);
    return { kind: 'unlocked' };
  }

  // ---------------------------------------------------------------------------------------------
  // Guards, events, queue

  #requireHeader(): LoadedHeader {
    this.#refuseIfNewer();
    if (!this.#header) {
      throw failure('PASSCODE_NOT_SET', { message: 'No passcode is set.' });
    }
    return this.#header;
  }

  /** Nothing is touched in a vault a newer Gramdeck wrote. */
  #refuseIfNewer(): void {
    if (this.#state === 'newer') throw newerFailure();
  }

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

  #run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(() => {
      if (this.#isClosed) throw failure('UNAVAILABLE', { message: 'The vault is closed.' });
      return task();
    });
    this.#queue = result.catch(() => undefined);
    return result;
  }

  #forgetKey(): void {
    this.#key?.fill(0);
    this.#key = null;
    this.#store.forgetScanned();
  }

  #lockedFailure(): AppFailure {
    if (this.#state === 'newer') return newerFailure();
    if (this.#refusal) return lockedFailure(this.#refusal);
    return lockedFailure(this.#header && !this.#header.keys.passcode ? 'keychain-lost' : 'locked');
  }

  #requireUnlocked(): Buffer {
    if (this.#state !== 'unlocked' || !this.#key) throw this.#lockedFailure();
    return this.#key;
  }

  #requireCanStore(): void {
    this.#requireUnlockedOrEmpty();
    if (!this.canStoreSessions()) throw notSecureFailure(this.#backend);
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
      attention: this.#attention.list(),
      retryAt: this.#limiter.retryAt(),
    };
  }

  isUnlocked(): boolean {
    return this.#state === 'unlocked';
  }

  isLocked(): boolean {
    return this.#state === 'locked' || this.#state === 'newer';
  }

  canStoreSessions(): boolean {
    return this.status().canStoreSessions;
  }

  listAccountIds(): Promise<string[]> {
    return this.#run(async () => {
      this.#requireUnlockedOrEmpty();
      return this.#state === 'uninitialized' ? [] : await this.#store.listIds();
    });
  }

  readAccount(accountId: string): Promise<AccountRecord> {
    return this.#run(async () => {
      this.#requireUnlockedOrEmpty();
      const file = this.#store.accountFile(accountId);
      const record =
        this.#state === 'uninitialized'
          ? null
          : await this.#store.load(
              'account',
              accountId,
              accountRecordSchema,
              this.#requireUnlocked(),
              file,
            );
      if (!record) {
        const damaged = this.#attention.some((item) => item.accountId === accountId);
        throw damaged
          ? failure('STORAGE_CORRUPT', {
              message:
                'The saved session of this account is damaged and has no usable backup. ' +
                'The damaged file was kept; log in to this account again.',
            })
          : failure('NOT_FOUND', { message: 'There is no saved session for this account.' });
      }
      return record;
    });
  }

  writeAccount(accountId: string, record: AccountRecord): Promise<void> {
    return this.#run(async () => {
      this.#requireCanStore();
      const value = accountRecordSchema.parse(record);
      await this.#store.save('account', accountId, value, this.#requireUnlocked());
    });
  }

  writeAccounts(records: readonly { accountId: string; record: AccountRecord }[]): Promise<void> {
    return this.#run(async () => {
      this.#requireCanStore();
      const values = records.map((r) => ({
        id: r.accountId,
        value: accountRecordSchema.parse(r.record),
      }));
      await this.#store.saveMany('account', values, this.#requireUnlocked());
    });
  }

  deleteAccount(accountId: string): Promise<void> {
    return this.#run(async () => {
      this.#requireUnlockedOrEmpty();
      await this.#store.remove('account', accountId);
      this.#attention.remove((item) => item.accountId === accountId);
    });
  }

  readApiCredentials(profileKey: string): Promise<ApiCredentials | null> {
    return this.#run(async () => {
      this.#requireUnlockedOrEmpty();
      if (this.#state === 'uninitialized') return null;
      return this.#store.load(
        'api-credentials',
        profileKey,
        apiCredentialsRecordSchema,
        this.#requireUnlocked(),
      );
    });
  }

  writeApiCredentials(profileKey: string, credentials: ApiCredentials): Promise<void> {
    return this.#run(async () => {
      this.#requireCanStore();
      const value = apiCredentialsRecordSchema.parse(credentials);
      await this.#store.save('api-credentials', profileKey, value, this.#requireUnlocked());
    });
  }

  readLoginProxy(): Promise<ProxyConfig | null> {
    return this.#run(async () => {
      this.#requireUnlockedOrEmpty();
      if (this.#state === 'uninitialized') return null;
      const record = await this.#store.load(
        'login-proxy',
        'default',
        loginProxyRecordSchema,
        this.#requireUnlocked(),
      );
      return record?.proxy ?? null;
    });
  }

  writeLoginProxy(proxy: ProxyConfig | null): Promise<void> {
    return this.#run(async () => {
      this.#requireCanStore();
      const value = loginProxyRecordSchema.parse({ proxy });
      await this.#store.save('login-proxy', 'default', value, this.#requireUnlocked());
    });
  }

  readAuthTokens(phone: string): Promise<AuthTokens> {
    return this.#run(async () => {
      this.#requireUnlockedOrEmpty();
      if (this.#state === 'uninitialized') return { tokens: [] };
      const record = await this.#loadAuthTokens();
      return record.phones[phone] ?? { tokens: [] };
    });
  }

  writeAuthTokens(phone: string, tokens: AuthTokens): Promise<void> {
    return this.#run(async () => {
      this.#requireCanStore();
      const record = await this.#loadAuthTokens();
      const value = authTokensRecordSchema.parse({
        phones: { ...record.phones, [phone]: { tokens: tokens.tokens.slice(0, MAX_AUTH_TOKENS) } },
      });
      await this.#store.save('auth-tokens', 'all', value, this.#requireUnlocked());
    });
  }

  async #loadAuthTokens(): Promise<z.output<typeof authTokensRecordSchema>> {
    const record = await this.#store.load(
      'auth-tokens',
      'all',
      authTokensRecordSchema,
      this.#requireUnlocked(),
    );
    return record ?? { phones: {} };
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
      this.#refuseIfNewer();
      if (this.#state !== 'locked') return this.status();
      const header = this.#requireHeader();
      if (!header.keys.passcode) throw this.#lockedFailure();
      const { key } = await this.#verifyPasscode(passcode, 'passcode');
      const wrap = header.keys.passcode;
      if (!(await this.#afterUnlock(key))) throw this.#lockedFailure();
      const checked = this.#checkedHeader();
      if (isWeakerThan(wrap.kdf, this.#kdf) && this.#key) {
        // Parameters grew since this wrap was made: rewrap now that the passcode is at hand.
        const upgraded = await wrapSecret(
          passcode,
          this.#key,
          'passcode',
          header.vaultId,
          this.#kdf,
        );
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
      this.#refuseIfNewer();
      if (!this.#header?.keys.passcode) {
        throw failure('PASSCODE_NOT_SET', {
          message: 'Set a passcode first: without one, Gramdeck cannot lock.',
        });
      }
      if (this.#state !== 'unlocked') return Promise.resolve(this.status());
      this.#autoLock.stop();
      this.#forgetKey();
      this.#state = 'locked';
      this.#log.log('info', 'Locked');
      this.#emit({ kind: 'locked' });
      return Promise.resolve(this.status());
    });
  }

  setPasscode(passcode: string): Promise<{ recoveryCode: string }> {
    return this.#run(async () => {
      this.#refuseIfNewer();
      if (this.#header?.keys.passcode) {
        throw failure('PASSCODE_ALREADY_SET', {
          message: 'A passcode is already set. Change it instead.',
        });
      }
      const wasEmpty = this.#state === 'uninitialized';
      const oldKey = wasEmpty ? null : this.#requireUnlocked();
      const base = wasEmpty ? null : this.#checkedHeader();
      // A new data key: what the keychain or the weak slot kept must not open later records.
      const key = randomKey();
      const header = base ?? newHeader(key, this.#backend, this.#clock.now());
      const wraps = await this.#passcodeAndRecovery(passcode, key, header.vaultId);
      // With a passcode, the keychain no longer opens the vault on its own.
      const next: HeaderV2 = {
        ...header,
        keys: { os: null, plain: null, passcode: wraps.passcode, recovery: wraps.recovery },
        recoveryCode: wraps.recoveryCode,
      };
      this.#limiter.succeeded();
      if (oldKey) {
        await this.#rotateKey(oldKey, key, next);
        this.#replaceKey(key);
      } else {
        await this.#writeHeader(next);
        this.#becomeUnlocked(key);
      }
      this.#autoLock.arm();
      this.#log.log('info', 'Set an app passcode');
      this.#emit({ kind: 'changed' });
      return { recoveryCode: wraps.code };
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
        const passcode = await wrapSecret(newPasscode, key, 'passcode', header.vaultId, this.#kdf);
        // The recovery code stays the same; it now wraps the new key.
        let recovery: HeaderV2['keys']['recovery'] = null;
        let recoveryCode: HeaderV2['recoveryCode'] = null;
        if (header.recoveryCode) {
          const code = openRecoveryCode(oldKey, header.recoveryCode, header.vaultId);
          ({ recovery, recoveryCode } = await sealRecoveryCode(
            code,
            key,
            header.vaultId,
            this.#kdf,
          ));
        }
        await this.#rekey(
          oldKey,
          key,
          header,
          { ...header.keys, passcode, recovery },
          recoveryCode,
        );
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
      const keys = emptyKeys();
      if (this.#cipher && (this.#backend === 'keychain' || header.weakStorageAccepted)) {
        keys.os = await wrapWithCipher(this.#cipher, this.#backend, key);
      } else if (header.weakStorageAccepted) {
        keys.plain = { key: toBase64(key) };
      } else {
        oldKey.fill(0);
        throw failure('STORAGE_NOT_SECURE', {
          message:
            'No system keychain protects saved data here, so removing the passcode would leave ' +
            'your sessions unprotected. Accept weak storage first if you want that.',
        });
      }
      await this.#rekey(oldKey, key, header, keys, null);
      const event = await this.#takeKey(key);
      this.#log.log('info', 'Removed the app passcode');
      this.#emit(event);
      return this.status();
    });
  }

  getRecoveryCode(passcode: string): Promise<{ recoveryCode: string }> {
    return this.#run(async () => {
      const { key, header } = await this.#verifyPasscode(passcode, 'passcode');
      try {
        if (!header.recoveryCode)
          throw failure('NOT_FOUND', { message: 'No recovery code exists.' });
        const code = openRecoveryCode(key, header.recoveryCode, header.vaultId);
        this.#emit({ kind: 'changed' });
        return { recoveryCode: code };
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
        throw failure('PASSCODE_NOT_SET', {
          message: 'No passcode is set, so there is nothing to reset.',
        });
      }
      this.#limiter.begin();
      const canonical = normalizeRecoveryCode(recoveryCode);
      const oldKey = canonical ? await unwrapSecret(canonical, wrap, 'recovery', header) : null;
      if (!oldKey) throw this.#incorrect(INCORRECT_RECOVERY_CODE, 'recoveryCode');
      this.#limiter.succeeded();
      const key = randomKey();
      const next = await this.#passcodeAndRecovery(newPasscode, key, header.vaultId);
      const keys = { ...header.keys, passcode: next.passcode, recovery: next.recovery };
      await this.#rekey(oldKey, key, header, keys, next.recoveryCode);
      this.#log.log('info', 'Reset the passcode with the recovery code');
      this.#emit(await this.#takeKey(key));
      return { recoveryCode: next.code };
    });
  }

  regenerateRecoveryCode(passcode: string): Promise<{ recoveryCode: string }> {
    return this.#run(async () => {
      this.#requireUnlocked();
      const header = this.#requireHeader();
      if (!header.keys.passcode) {
        throw failure('PASSCODE_NOT_SET', {
          message: 'Set a passcode first; it comes with a recovery code.',
        });
      }
      // As hard to get as the passcode: proven first, counted by the same limiter as unlock.
      const { key: oldKey } = await this.#verifyPasscode(passcode, 'passcode');
      const key = randomKey();
      const next = await this.#passcodeAndRecovery(passcode, key, header.vaultId);
      const keys = { ...header.keys, passcode: next.passcode, recovery: next.recovery };
      await this.#rekey(oldKey, key, header, keys, next.recoveryCode);
      this.#replaceKey(key);
      this.#log.log('info', 'Regenerated the recovery code');
      this.#emit({ kind: 'changed' });
      return { recoveryCode: next.code };
    });
  }

  confirmPasscode(passcode: string | undefined): Promise<void> {
    return this.#run(async () => {
      this.#requireUnlocked();
      if (!this.#requireHeader().keys.passcode) return;
      if (passcode === undefined) {
        throw failure('VALIDATION', { message: 'Enter your passcode.', field: 'passcode' });
      }
      const { key } = await this.#verifyPasscode(passcode, 'passcode');
      key.fill(0);
    });
  }

  acceptWeakStorage(): Promise<VaultStatus> {
    return this.#run(async () => {
      this.#refuseIfNewer();
      if (this.#state === 'uninitialized') {
        const key = randomKey();
        const header = newHeader(key, this.#backend, this.#clock.now());
        header.weakStorageAccepted = true;
        header.keys = await weakKeys(key, this.#cipher, this.#backend);
        await this.#writeHeader(header);
        this.#becomeUnlocked(key);
      } else {
        const header = this.#checkedHeader();
        if (header.keys.passcode) {
          await this.#writeHeader({ ...header, weakStorageAccepted: true });
        } else {
          const key = this.#requireUnlocked();
          const keys =
            this.#backend === 'keychain'
              ? header.keys
              : await weakKeys(key, this.#cipher, this.#backend);
          await this.#writeHeader({ ...header, weakStorageAccepted: true, keys });
        }
      }
      this.#log.log('warn', 'The user accepted weak storage', { backend: this.#backend });
      this.#emit({ kind: 'changed' });
      return this.status();
    });
  }

  touch(): void {
    this.#autoLock.touch();
  }

  async close(): Promise<void> {
    await this.#run(() => {
      this.#autoLock.stop();
      this.#forgetKey();
      this.#isClosed = true;
      return Promise.resolve();
    }).catch(() => undefined);
    this.#listeners.clear();
  }
}
