/**
 * Plain, structured-clone-safe data that crosses IPC. Nothing here is secret: no session string,
 * auth key, phone_code_hash, SRP value or passcode ever appears in these types.
 */
import type { AppError } from './errors';

/** Where the data key of the vault is protected. */
export type StorageBackend =
  /** The OS keychain (macOS Keychain, Windows DPAPI, libsecret or kwallet on Linux). */
  | 'keychain'
  /** Linux without a keyring: safeStorage "encrypts" with a hard-coded key. */
  | 'basic_text'
  /** No OS protection at all (the web host, or safeStorage unavailable). */
  | 'unavailable';

export interface AppInfo {
  name: string;
  /** The full name, which states that the app is unofficial. */
  fullName: string;
  version: string;
  platform: string;
  transport: 'electron' | 'web';
  isPackaged: boolean;
  storageBackend: StorageBackend;
  serverProfile: ServerProfileView;
  /** Profiles the user may switch to; `sandbox` only when the app was started with one. */
  availableProfiles: ServerProfileKind[];
  /** True until API credentials exist for the current profile (first run). */
  needsSetup: boolean;
  /** Set when the settings file was damaged at start-up: it was moved aside and defaults loaded. */
  settingsDamage: SettingsDamage | null;
}

/** A damaged settings file, kept under a new name rather than deleted. */
export interface SettingsDamage {
  file: string;
  movedTo: string;
}

export type ServerProfileKind = 'production' | 'test' | 'sandbox';

export interface ServerProfileView {
  kind: ServerProfileKind;
  /** A human name, e.g. "Telegram" or "Gramdeck sandbox (not Telegram)". */
  label: string;
  isSandbox: boolean;
}

export type Theme = 'system' | 'light' | 'dark';
export type UpdateChannel = 'stable' | 'beta';

/** Non-secret preferences, kept in the plain settings store. */
export interface Settings {
  theme: Theme;
  maskPhoneNumbers: boolean;
  /** Minutes of inactivity before the app locks itself; null turns auto-lock off. */
  autoLockMinutes: number | null;
  /** Whether accounts stay connected while the app is locked. */
  keepConnectedWhileLocked: boolean;
  closeToTray: boolean;
  notifyLoginCodes: boolean;
  updateChannel: UpdateChannel;
}

export interface TelegramSettingsView {
  serverProfile: ServerProfileView;
  availableProfiles: ServerProfileKind[];
  /** The api_id is shown so the user can recognise it; the api_hash never leaves main. */
  apiId: number | null;
  hasApiCredentials: boolean;
  /** The proxy new logins use unless the login names another (or Direct); no secret in it. */
  loginProxy: ProxyView | null;
}

export type ProxyConfig =
  | {
      type: 'socks5';
      host: string;
      port: number;
      username?: string;
      /** Sent in, never sent back: views carry `hasPassword` instead. */
      password?: string;
    }
  | { type: 'mtproxy'; host: string; port: number; secret: string };

/** What the renderer sees of a proxy: no password or secret. */
export interface ProxyView {
  type: 'socks5' | 'mtproxy';
  host: string;
  port: number;
  username?: string;
  hasCredentials: boolean;
}

/** `proxy:test`: whether Telegram answered through the proxy, or why not. */
export type ProxyTestResult = { ok: true; milliseconds: number } | { ok: false; error: AppError };

export type AccountStatus =
  | { kind: 'connecting' }
  | { kind: 'online' }
  | {
      kind: 'offline';
      retryAt: number | null;
      /** Set when the account's proxy is why it is offline: what failed, in plain words. */
      proxyError?: AppError;
    }
  | { kind: 'logged-out'; reason: string }
  | { kind: 'locked' }
  | { kind: 'error'; reason: string };

export interface AccountSummary {
  id: string;
  displayName: string;
  username: string | null;
  /** Masked (e.g. "+44 •••• ••• 123") unless the user turned masking off. */
  phone: string;
  /** A data: URL of the small profile photo, or null. */
  avatar: string | null;
  /** Initials and a stable colour index for the avatar placeholder. */
  initials: string;
  colorIndex: number;
  homeDcId: number;
  status: AccountStatus;
  unreadCount: number;
  isPremium: boolean;
  isSandbox: boolean;
  proxy: ProxyView | null;
  /** Computed from the account's health (issue 15): something needs the user's attention. */
  needsAttention: boolean;
}

export interface RestoreProgress {
  total: number;
  restored: number;
  failed: number;
}

export interface AccountsState {
  accounts: AccountSummary[];
  activeAccountId: string | null;
  /** Present while saved accounts are being restored at startup. */
  restore: RestoreProgress | null;
}

export interface AccountSecurity {
  hasPassword: boolean;
  hasRecoveryEmail: boolean;
  passwordHint: string | null;
}

export interface AccountDetails {
  summary: AccountSummary;
  bio: string | null;
  security: AccountSecurity;
}

export interface ChatSummary {
  id: string;
  title: string;
  kind: 'user' | 'bot' | 'group' | 'channel';
  unreadCount: number;
  lastMessage: string | null;
  /** Epoch milliseconds of the last message, or null. */
  lastMessageAt: number | null;
  isPinned: boolean;
  isMuted: boolean;
}

export interface SessionInfo {
  /** The authorization hash as a decimal string. */
  id: string;
  isCurrent: boolean;
  deviceModel: string;
  platform: string;
  systemVersion: string;
  appName: string;
  appVersion: string;
  ip: string;
  country: string;
  createdAt: number;
  activeAt: number;
}

/** A service message from Telegram (user 777000), typically carrying a login code. */
export interface LoginCodeMessage {
  id: string;
  accountId: string;
  text: string;
  /** The code found in the text, if any. */
  code: string | null;
  receivedAt: number;
}

/** How Telegram delivered (or will deliver) a login code. */
export type CodeType =
  | 'app'
  | 'sms'
  | 'call'
  | 'flash-call'
  | 'missed-call'
  | 'email'
  | 'setup-email-required'
  | 'fragment-sms'
  | 'firebase-sms'
  | 'sms-word'
  | 'sms-phrase';

export type LoginStep = 'code' | 'password' | 'recovery' | 'sign-up' | 'qr' | 'done' | 'cancelled';

export interface LoginCodeView {
  type: CodeType;
  /** How a resend would deliver the code; null when Telegram offers no other way. */
  nextType: CodeType | null;
  /** Expected code length (missed calls: how many last digits), if Telegram told it. */
  length: number | null;
  /** For missed calls: the known beginning of the calling number. */
  prefix: string | null;
  /** For flash calls: the pattern the calling number matches (`*` stands for any digit). */
  pattern: string | null;
  /** For word and phrase codes: how the word (a letter) or the phrase (a word) begins. */
  beginning: string | null;
  /** For Fragment numbers: the https page where the code can be read. */
  url: string | null;
  /** Epoch milliseconds when resending becomes possible; null when it is possible now. */
  resendAt: number | null;
  /** True only while Telegram named a next way (`next_type`) and has not ended the code. */
  canResend: boolean;
  /**
   * Telegram ended this code (it expired, or the number was refused): the code and resend are
   * off, and only a new code (`auth:start` again) continues.
   */
  isEnded: boolean;
  /** For email codes: the masked address. */
  emailPattern: string | null;
  /**
   * For `setup-email-required`: null until a verification code went to the new login email,
   * then where it went and how long it is.
   */
  emailSetup: { emailPattern: string; length: number | null } | null;
}

/** The sanitized view of one login attempt, pushed on `auth:changed`. */
export interface LoginView {
  attemptId: string;
  step: LoginStep;
  /** The phone number the user typed, formatted; null for QR logins. */
  phone: string | null;
  code: LoginCodeView | null;
  password: { hint: string | null; hasRecovery: boolean } | null;
  recovery: { emailPattern: string; isCodeChecked: boolean } | null;
  /**
   * Set on the password step once an account reset was asked for and Telegram holds it back
   * (`2FA_CONFIRM_WAIT_X`): `availableAt` is the epoch ms from which the reset is allowed.
   */
  reset: { availableAt: number } | null;
  signUp: { termsOfService: string; minAgeConfirm: number | null } | null;
  qr: { url: string; expiresAt: number } | null;
  /** Set on step `done`. */
  accountId: string | null;
  /** True while a call to Telegram for this attempt is in flight. */
  isBusy: boolean;
  error: AppError | null;
}

export type VaultAttention = {
  accountId: string | null;
  file: string;
  problem:
    | 'corrupt-restored-from-backup'
    | 'corrupt-no-backup'
    | 'unreadable'
    /** The header's key opens none of the records: a replaced header, nothing moved. */
    | 'wrong-key'
    /** An unprotected key where a keychain exists: refused as forged, nothing moved. */
    | 'plain-key-refused';
  movedTo: string;
};

export interface VaultStatus {
  isLocked: boolean;
  backend: StorageBackend;
  /** True when no keychain protects the data key and no passcode is set. */
  isWeak: boolean;
  hasPasscode: boolean;
  isWeakStorageAccepted: boolean;
  /** False while storage is weak and the user has neither set a passcode nor accepted it. */
  canStoreSessions: boolean;
  /** Set when the keychain backend differs from the one recorded earlier. */
  backendChange: { from: StorageBackend; to: StorageBackend } | null;
  /** Files that were found damaged at startup and what was done about them. */
  attention: VaultAttention[];
  /** Epoch ms until which unlock attempts are refused, or null. */
  retryAt: number | null;
}

export type UpdateState =
  | { kind: 'idle'; lastCheckedAt: number | null }
  | { kind: 'disabled'; reason: string }
  | { kind: 'checking' }
  | { kind: 'available'; version: string; notes: string | null }
  | { kind: 'not-available'; checkedAt: number }
  | { kind: 'downloading'; version: string; percent: number; bytesPerSecond: number }
  | { kind: 'downloaded'; version: string; notes: string | null }
  | { kind: 'error'; message: string };
