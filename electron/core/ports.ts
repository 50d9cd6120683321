/**
 * The ports through which core reaches the outside world. Core imports no Electron, GramJS or
 * electron-store; the shell and the web host pass adapters for these interfaces into the
 * composition root.
 */
import type {
  ProxyConfig,
  Settings,
  StorageBackend,
  UpdateChannel,
  UpdateState,
} from '../shared/dto';
import type { ServerProfile } from '../shared/server-profile';

// ---------------------------------------------------------------------------------------------
// Logging and time

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured fields of a log line. Never put a secret here: logs are plain files. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** The app log. Adapters write JSON lines to a file, to stderr, or to memory in tests. */
export interface Logger {
  log(level: LogLevel, message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line, e.g. `{ scope: 'vault' }`. */
  child(fields: LogFields): Logger;
}

/** Wall-clock time, injectable so that countdowns and rate limits can be tested. */
export interface Clock {
  now(): number;
}

// ---------------------------------------------------------------------------------------------
// Storage

/**
 * A small JSON document store: `conf` in Node, electron-store (which extends it) in the app.
 * Both are created with `clearInvalidConfig: false`, so a damaged file throws instead of being
 * silently reset.
 */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  has(key: string): boolean;
  readonly path: string;
}

/** Opens (or creates) the store `name` in `directory`. Throws if the file is not valid JSON. */
export type KeyValueStoreFactory = (options: { name: string; directory: string }) => KeyValueStore;

// ---------------------------------------------------------------------------------------------
// Secrets

/**
 * Wraps small secrets (the vault's data key) with an OS facility: Electron's safeStorage in the
 * app. `backend` says how strong that protection is.
 */
export interface SecretCipher {
  readonly backend: StorageBackend;
  isAvailable(): boolean;
  encrypt(plaintext: Uint8Array): Promise<Uint8Array>;
  decrypt(ciphertext: Uint8Array): Promise<Uint8Array>;
}

/** What the vault keeps for one account. Everything here is secret or sensitive. */
export interface AccountRecord {
  /** The GramJS StringSession: full access to the account. */
  session: string;
  phone: string;
  userId: string;
  homeDcId: number;
  /** The servers this account lives on; restores connect there whatever the app's profile. */
  serverProfile: ServerProfile;
  apiId: number;
  apiHash: string;
  proxy: ProxyConfig | null;
  /** Cached for the sidebar so a restore can show the account before it is online. */
  displayName: string;
  username: string | null;
  isPremium: boolean;
  avatar: string | null;
}

export interface ApiCredentials {
  apiId: number;
  apiHash: string;
}

/** Lock state changes the account manager reacts to (disconnect on lock, restore on unlock). */
export type VaultEvent = { kind: 'locked' } | { kind: 'unlocked' } | { kind: 'changed' };

/**
 * The encrypted session vault, as the rest of core uses it. Reads and writes fail with
 * `AppFailure('LOCKED')` while locked and writes with `AppFailure('STORAGE_NOT_SECURE')` while
 * storage is weak and not accepted.
 */
export interface SessionVault {
  isUnlocked(): boolean;
  canStoreSessions(): boolean;
  listAccountIds(): Promise<string[]>;
  readAccount(accountId: string): Promise<AccountRecord>;
  writeAccount(accountId: string, record: AccountRecord): Promise<void>;
  deleteAccount(accountId: string): Promise<void>;
  readApiCredentials(profileKey: string): Promise<ApiCredentials | null>;
  writeApiCredentials(profileKey: string, credentials: ApiCredentials): Promise<void>;
  onEvent(listener: (event: VaultEvent) => void): () => void;
}

// ---------------------------------------------------------------------------------------------
// Settings, as other core services read them

/** The user's non-secret preferences, with change notifications. */
export interface SettingsReader {
  get(): Settings;
  onChange(listener: (settings: Settings) => void): () => void;
}

/** Where a new login goes: the app's current server profile and the API credentials for it. */
export interface LoginTarget {
  profile: ServerProfile;
  apiId: number;
  apiHash: string;
}

/** Resolves the login target; fails with `AppFailure('API_ID_INVALID')` when setup is missing. */
export interface TelegramConfig {
  loginTarget(): Promise<LoginTarget>;
}

// ---------------------------------------------------------------------------------------------
// Updates

/** The app updater: electron-updater in a packaged app. Core drives its state machine. */
export interface UpdaterPort {
  /** Whether updates can work at all here (packaged, supported platform). */
  readonly disabledReason: string | null;
  setChannel(channel: UpdateChannel): void;
  checkForUpdates(): Promise<void>;
  downloadUpdate(): Promise<void>;
  quitAndInstall(): void;
  /** Raw events from the updater library, mapped to plain data by the adapter. */
  onEvent(listener: (event: UpdaterEvent) => void): () => void;
}

export type UpdaterEvent =
  | { kind: 'checking' }
  | { kind: 'available'; version: string; notes: string | null }
  | { kind: 'not-available' }
  | { kind: 'progress'; percent: number; bytesPerSecond: number }
  | { kind: 'downloaded'; version: string; notes: string | null }
  | { kind: 'error'; message: string };

export type { UpdateState };
