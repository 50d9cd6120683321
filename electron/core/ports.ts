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

/**
 * Timers, injectable so that waits (auto-lock, update checks) can be tested without waiting.
 * `schedule` runs `task` once after `ms` and returns the function that cancels it.
 */
export interface Timers {
  schedule(task: () => void, ms: number): () => void;
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

/**
 * A server salt Telegram handed out for a session's auth key (`get_future_salts`), with the
 * window it is valid in, in seconds of the local clock. Kept beside the session so that a restore
 * sends its first message with a salt the server takes, instead of meeting `bad_server_salt` and
 * sending it again.
 */
export interface ServerSalt {
  /** The signed 64-bit salt, in decimal. */
  salt: string;
  validSince: number;
  validUntil: number;
}

/** What the vault keeps for one account. Everything here is secret or sensitive. */
export interface AccountRecord {
  /** The GramJS StringSession: full access to the account. */
  session: string;
  /** The session's future server salts; absent in records written before they were kept. */
  serverSalts?: ServerSalt[];
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

/**
 * The future auth tokens Telegram gave at log-outs of one phone number (secret: each may let a
 * sign-in skip the code), the newest first, each with the server profile it came from.
 */
export interface AuthTokens {
  tokens: { profileKey: string; token: string }[];
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
  /** Writes several accounts as `writeAccount` does each, with one fsync pass for all (issue 17). */
  writeAccounts(records: readonly { accountId: string; record: AccountRecord }[]): Promise<void>;
  deleteAccount(accountId: string): Promise<void>;
  readApiCredentials(profileKey: string): Promise<ApiCredentials | null>;
  writeApiCredentials(profileKey: string, credentials: ApiCredentials): Promise<void>;
  /** The proxy new logins use by default (its password or secret included), or null. */
  readLoginProxy(): Promise<ProxyConfig | null>;
  writeLoginProxy(proxy: ProxyConfig | null): Promise<void>;
  /** The future auth tokens kept for a phone number (digits); none when there are none. */
  readAuthTokens(phone: string): Promise<AuthTokens>;
  writeAuthTokens(phone: string, tokens: AuthTokens): Promise<void>;
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
  /** The default login proxy from Settings (absent or null: logins connect directly). */
  proxy?: ProxyConfig | null;
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

// ---------------------------------------------------------------------------------------------
// Telegram gateway: accounts and login
//
// Core talks to Telegram through these interfaces with plain data only. The adapter
// (`GramJsGateway` in electron/telegram) maps every GramJS object and every RPC error: failures
// reach core as `AppFailure` with a typed code (FLOOD_WAIT carries `retryAfter`; network failures
// are NETWORK, guarded calls that took too long are TIMEOUT; a revoked or unknown auth key is
// LOGGED_OUT or AUTH_KEY_DUPLICATED).

import type { ChatSummary, CodeType, SessionInfo } from '../shared/dto';
import type { AccountFreeze, RestrictionReason } from '../shared/health-dto';
import type { ChatFolder, ChatListItem, ChatListPage, ChatMessage } from '../shared/chat-dto';

/** Options for one Telegram client: one per account, or one per login attempt. */
export interface TelegramClientOptions {
  profile: ServerProfile;
  apiId: number;
  apiHash: string;
  /** A saved session string (secret), or null for a fresh login. */
  session: string | null;
  /** The saved session's server salts: the first message goes out with the one valid now. */
  serverSalts?: readonly ServerSalt[];
  /** For a fresh session: the DC to start at (defaults to the profile's default DC). */
  dcId?: number;
  proxy: ProxyConfig | null;
  /** A non-secret label for log lines (an account or attempt id, never a phone number). */
  logLabel: string;
}

/** Opens Telegram clients. Holds no client itself: each account owns its connection. */
export interface TelegramGateway {
  /**
   * Creates a client and connects it within the adapter's connect timeout. Rejects with
   * `AppFailure` NETWORK or TIMEOUT (the half-made client is destroyed). The caller must call
   * `destroy()` on the connection it gets.
   */
  openClient(options: TelegramClientOptions): Promise<TelegramConnection>;
  /** Ends what the gateway keeps between clients (GramJS: the handshake worker). */
  dispose?(): Promise<void>;
}

/** The user an authorized session belongs to. */
export interface TelegramUser {
  id: string;
  firstName: string;
  lastName: string | null;
  username: string | null;
  /** Digits only, as Telegram reports it; empty when hidden. */
  phone: string;
  isPremium: boolean;
}

/** Code delivery as Telegram reported it in `auth.SentCode` (the hash is returned beside it). */
export interface SentCodeInfo {
  type: CodeType;
  nextType: CodeType | null;
  length: number | null;
  /** Missed calls: the known prefix of the calling number. */
  prefix: string | null;
  /** Flash calls: the pattern of the calling number, which is the code. */
  pattern: string | null;
  /** Word and phrase codes: their beginning, if Telegram sent it. */
  beginning: string | null;
  /** Fragment numbers: the https page with the code (any other URL is dropped). */
  url: string | null;
  /** Seconds until a resend makes sense, if Telegram said. */
  timeout: number | null;
  emailPattern: string | null;
}

/** Where a code signs in: `phone_code`, or `email_verification` for codes sent by email. */
export type CodeCredential = 'phone-code' | 'email-code';

export type SendCodeResult =
  | { kind: 'code'; phoneCodeHash: string; sentCode: SentCodeInfo }
  /** `auth.SentCodeSuccess`: a future-auth token already authorized this session. */
  | { kind: 'authorized'; user: TelegramUser };

export type SignInResult =
  | { kind: 'authorized'; user: TelegramUser }
  /** SESSION_PASSWORD_NEEDED: the account has two-step verification. */
  | { kind: 'password-needed' }
  | { kind: 'sign-up-required'; termsOfService: string; minAgeConfirm: number | null };

export type QrLoginResult =
  /** Show `tg://login?token=<base64url>` until `expiresAt` (epoch ms). */
  | { kind: 'token'; url: string; expiresAt: number }
  | { kind: 'authorized'; user: TelegramUser }
  | { kind: 'password-needed' };

export interface PasswordInfo {
  hasPassword: boolean;
  hasRecovery: boolean;
  hint: string | null;
  /** Set while a recovery email waits for confirmation. */
  emailUnconfirmedPattern: string | null;
}

/** A plain message from the service user 777000. */
export interface ServiceMessage {
  id: string;
  text: string;
  /** Epoch milliseconds. */
  date: number;
}

/** What a connected client reports; all plain data. */
export type TelegramEvent =
  | { kind: 'connection'; state: 'connected' | 'disconnected' }
  /** The server no longer knows this session (revoked, unregistered, duplicated). */
  | { kind: 'logged-out'; code: 'LOGGED_OUT' | 'AUTH_KEY_DUPLICATED' }
  /** Something changed the unread counters (a new message, a read receipt). */
  | { kind: 'unread-changed' }
  | { kind: 'service-message'; message: ServiceMessage }
  /** `updateLoginToken`: a QR code was scanned; export the token again. */
  | { kind: 'login-token' }
  /** `updateNewAuthorization`: the account signed in somewhere else; its sessions changed. */
  | { kind: 'sessions-changed' }
  // Chats and messages (issue 16). The adapter fills gaps itself (updates.getDifference and
  // updates.getChannelDifference after a reconnect or a pts gap): core sees every message once.
  | { kind: 'message-new'; message: ChatMessage }
  | { kind: 'message-edited'; message: ChatMessage }
  /** `chatId` null: ids of the account's own box (private chats and basic groups). */
  | { kind: 'messages-deleted'; chatId: string | null; ids: number[] }
  | { kind: 'read'; chatId: string; readInboxMaxId: number | null; readOutboxMaxId: number | null }
  /** Dialogs changed in a way no message says (pinned, muted, archived): read them again. */
  | { kind: 'dialogs-changed'; chatIds: string[] | null };

/** One connected Telegram client. Every call is guarded by the adapter's call timeout. */
export interface TelegramConnection {
  /** The session string to persist through the vault. Secret. */
  exportSession(): string;
  /** The DC the session is homed on now (changes after a migration). */
  dcId(): number;
  /**
   * Asks Telegram for future server salts when those the session was opened with (or last got)
   * cover less than a day from now, and answers them, to keep beside the session. Null when none
   * were needed.
   */
  topUpServerSalts(): Promise<ServerSalt[] | null>;
  onEvent(listener: (event: TelegramEvent) => void): () => void;
  /** Disconnects and stops the update loop for good (GramJS's `destroy`, not `disconnect`). */
  destroy(): Promise<void>;

  // Login
  /**
   * `auth.sendCode`. `logoutTokens` are future auth tokens (base64) from earlier log-outs, sent
   * in `CodeSettings.logout_tokens`: with one Telegram knows, it may answer already authorized.
   */
  sendCode(phone: string, logoutTokens?: readonly string[]): Promise<SendCodeResult>;
  resendCode(phone: string, phoneCodeHash: string): Promise<SendCodeResult>;
  cancelCode(phone: string, phoneCodeHash: string): Promise<void>;
  /** `auth.signIn` with the code as `phone_code`, or as `email_verification` for email codes. */
  signIn(
    phone: string,
    phoneCodeHash: string,
    code: string,
    credential?: CodeCredential,
  ): Promise<SignInResult>;
  /**
   * `setUpEmailRequired`: sends a verification code to `email`
   * (`account.sendVerifyEmailCode` with `emailVerifyPurposeLoginSetup`).
   */
  sendLoginEmailCode(
    phone: string,
    phoneCodeHash: string,
    email: string,
  ): Promise<{ emailPattern: string; length: number | null }>;
  /**
   * Verifies the login email (`account.verifyEmail`, same purpose); Telegram then sends the
   * login code there and answers the new `auth.SentCode`.
   */
  verifyLoginEmail(phone: string, phoneCodeHash: string, code: string): Promise<SendCodeResult>;
  signUp(
    phone: string,
    phoneCodeHash: string,
    firstName: string,
    lastName: string,
  ): Promise<{ kind: 'authorized'; user: TelegramUser }>;
  getPasswordInfo(): Promise<PasswordInfo>;
  /** Computes SRP from a fresh `account.getPassword` and calls `auth.checkPassword`. */
  checkPassword(password: string): Promise<{ kind: 'authorized'; user: TelegramUser }>;
  requestPasswordRecovery(): Promise<{ emailPattern: string }>;
  checkRecoveryCode(code: string): Promise<boolean>;
  /** Without `newPassword`, two-step verification is removed. */
  recoverPassword(
    code: string,
    newPassword: { password: string; hint: string } | null,
  ): Promise<{ kind: 'authorized'; user: TelegramUser }>;
  /**
   * `account.deleteAccount` without the password, from a login waiting for it: Telegram's reset
   * of an account whose password is lost and that has no recovery email. Resolves once the
   * account is deleted (the number then signs up anew with the same code); fails with
   * ACCOUNT_RESET_WAIT (`retryAfter`: seconds until the reset is allowed) while Telegram holds
   * it back for a recently active account.
   */
  resetAccount(reason: string): Promise<void>;
  /** Exports (or, after a scan, re-exports) the QR login token, following DC migration. */
  exportLoginToken(exceptUserIds: string[]): Promise<QrLoginResult>;

  // An authorized session
  getMe(): Promise<TelegramUser>;
  /** The small profile photo as a data: URL, or null. */
  downloadAvatar(): Promise<string | null>;
  getBio(): Promise<string | null>;
  getUnreadCount(): Promise<number>;
  listChats(limit: number): Promise<ChatSummary[]>;
  listSessions(): Promise<SessionInfo[]>;
  endSession(sessionId: string): Promise<void>;
  endOtherSessions(): Promise<void>;
  listServiceMessages(limit: number): Promise<ServiceMessage[]>;
  /** `auth.logOut`; the future auth token (base64, secret) Telegram gave for the next sign-in. */
  logOut(): Promise<{ futureAuthToken: string | null }>;

  // Two-step verification of an added account (issue 15). Recovery by email code is
  // `requestPasswordRecovery` and `recoverPassword` above, on the signed-in connection.
  /** `account.getPassword` with the waiting reset's date. */
  getTwoStepInfo(): Promise<TwoStepInfo>;
  /**
   * `account.updatePasswordSettings`, proving `currentPassword` (null: none is set, the empty
   * check). A new recovery email holds the change back until its code is confirmed: then it
   * resolves with that code's length (EMAIL_UNCONFIRMED_X) instead of null.
   */
  updateTwoStep(
    currentPassword: string | null,
    change: TwoStepChange,
  ): Promise<{ emailCodeLength: number | null }>;
  /** `account.confirmPasswordEmail`. */
  confirmTwoStepEmail(code: string): Promise<void>;
  /** `account.resendPasswordEmail`. */
  resendTwoStepEmail(): Promise<void>;
  /** `account.cancelPasswordEmail`. */
  cancelTwoStepEmail(): Promise<void>;
  /** `account.resetPassword`: done, or waiting until a date (epoch ms). */
  resetTwoStep(): Promise<TwoStepResetResult>;
  /** `account.declinePasswordReset`. */
  declineTwoStepReset(): Promise<void>;
  // Account health (issue 15)
  /**
   * The account's own user (`users.getUsers` with `inputUserSelf`) as health reads it. When
   * Telegram answers USER_DEACTIVATED or USER_DEACTIVATED_BAN it resolves `isDeactivated`
   * (nothing else is known then) instead of failing.
   */
  getStanding(): Promise<AccountStanding>;
  /** `help.getAppConfig`: the freeze of a frozen account (`freeze_*`), or null. */
  getFreeze(): Promise<AccountFreeze | null>;
  // Chats and messages (issue 16). Chats are named by peer key (`u…`, `c…`, `h…`); the
  // adapter keeps the access hashes. Messages come back with state `sent`, oldest first.
  listDialogs(folder: ChatFolder, cursor: string | null, limit: number): Promise<ChatListPage>;
  /** The current dialogs of these chats (`messages.getPeerDialogs`). */
  getDialogs(chatIds: readonly string[]): Promise<ChatListItem[]>;
  getHistory(chatId: string, beforeId: number | null, limit: number): Promise<ChatMessage[]>;
  /** `randomId`: a decimal 64-bit number; sending it again never makes a second message. */
  sendMessage(
    chatId: string,
    text: string,
    replyToId: number | null,
    randomId: string,
  ): Promise<ChatMessage>;
  readHistory(chatId: string, maxId: number): Promise<void>;
  /** A small size of the message's photo as a `data:image/jpeg` URL, or null. */
  downloadPhoto(chatId: string, messageId: number): Promise<string | null>;
}

/** What the account's own user says about it (account health, issue 15). */
export interface AccountStanding {
  isDeactivated: boolean;
  isPremium: boolean;
  isRestricted: boolean;
  restrictions: RestrictionReason[];
}

// Two-step verification of an added account (issue 15)

/** `account.password` of a signed-in account, as plain data. */
export interface TwoStepInfo extends PasswordInfo {
  /** Epoch ms when a requested reset goes through, or null. */
  pendingResetAt: number | null;
}

/** One `account.updatePasswordSettings`. */
export interface TwoStepChange {
  /** A new password and its hint; null removes two-step verification; absent keeps it. */
  password?: { password: string; hint: string } | null;
  /** A new recovery email; null removes it; absent keeps it. */
  email?: string | null;
}

export type TwoStepResetResult =
  | { kind: 'done' }
  | { kind: 'waiting'; until: number }
  /** A reset was declined recently: no new one before `retryAt` (epoch ms). */
  | { kind: 'refused'; retryAt: number };
