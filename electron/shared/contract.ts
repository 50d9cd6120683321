/**
 * The IPC contract: every channel the renderer may call, with a zod schema for its argument and
 * the type of its result, and the payload of every push event. The names come from
 * `channel-names.ts` (zod-free, shared with the preload); this module must cover exactly them.
 *
 * This module imports nothing from Electron, Node or the DOM, so every runtime can use it.
 */
import { z } from 'zod';
import type { Channel, EventName } from './channel-names';
import type {
  AccountDetails,
  AccountsState,
  AppInfo,
  ChatSummary,
  LoginCodeMessage,
  LoginView,
  ProxyTestResult,
  SessionInfo,
  Settings,
  TelegramSettingsView,
  UpdateState,
  VaultStatus,
} from './dto';
import type { BulkChange, BulkJobView, TagsState } from './bulk-dto';
import type { AppError, Envelope } from './errors';
import { type ExportedSession, sessionExportFormats } from './export-dto';
import type { AccountHealth, HealthChange, HealthState } from './health-dto';
import type { ImportJobView, SessionPreview } from './session-import-dto';
import {
  accountFilterRules,
  apiCredentialRules,
  loginCodeRules,
  passcodeRules,
  proxyRules,
  twoStepRules,
  statusFilters,
  tagColors,
  tagRules,
} from './rules';
import type { TwoStepState } from './two-step-dto';
// 10,000 accounts (issue 17)
import type { AccountsChanged } from './accounts-change';
import { type AccountsFirst, firstAccountsMaxLimit } from './accounts-first';
import type {
  ChatListItem,
  ChatListPage,
  ChatMessage,
  ChatsChange,
  HistoryPage,
  InboxChange,
  InboxState,
  MessageNotification,
  MessagesChange,
  NotificationSettings,
} from './chat-dto';

/** A channel: the schema of its single argument, and its result type carried as a phantom. */
export interface ChannelSpec<A extends z.ZodType, R> {
  readonly args: A;
  /** Never read at runtime; it only carries the result type. */
  readonly result?: R;
}

function channel<R>() {
  return <A extends z.ZodType>(args: A): ChannelSpec<A, R> => ({ args });
}

const noArgs = z.undefined();

const id = (what: string) =>
  z
    .string({ error: `The ${what} is missing.` })
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: `The ${what} is not valid.` });

const accountId = id('account id');

// Chats and messages (issue 16)
const chatId = z
  .string({ error: 'The chat is missing.' })
  .regex(/^[uch][0-9]{1,20}$/, { error: 'The chat is not valid.' });
const messageId = z
  .number({ error: 'The message is not valid.' })
  .int({ error: 'The message is not valid.' })
  .min(1, { error: 'The message is not valid.' })
  .max(2 ** 31 - 1, { error: 'The message is not valid.' });
const localId = z
  .string({ error: 'The message is not valid.' })
  .regex(/^-?[0-9]{1,20}$/, { error: 'The message is not valid.' });
const messageText = z
  .string({ error: 'Type a message.' })
  .refine((t) => t.trim().length > 0, { error: 'Type a message.' })
  .refine((t) => t.length <= 4096, {
    error: 'That message is too long (4,096 characters at most).',
  });
const attemptId = id('login attempt id');

/** A phone number as typed: digits with optional +, spaces, dashes, dots and parentheses. */
const phone = z
  .string({ error: 'Enter a phone number.' })
  .trim()
  .min(1, { error: 'Enter a phone number.' })
  .max(32, { error: 'That phone number is too long.' })
  .regex(/^\+?[\d\s().-]+$/, {
    error:
      'Enter the phone number with digits only, in international format, e.g. +44 7700 900123.',
  });

/** A code of digits (email and recovery codes). */
const digitCode = z
  .string({ error: 'Enter the code.' })
  .trim()
  .max(16, { error: 'That code is too long.' })
  .regex(/^[\d\s-]*$/, { error: 'The code has digits only.' });

/**
 * A login code: digits, the number that called, or a word or phrase (`sms-word`, `sms-phrase`).
 * The login service checks it against the delivery type.
 */
const loginCode = z
  .string({ error: 'Enter the code.' })
  .trim()
  .max(loginCodeRules.maxLength, { error: 'That code is too long.' })
  .regex(loginCodeRules.pattern, { error: 'The code has letters, digits and spaces only.' });

const email = z
  .string({ error: 'Enter your email address.' })
  .trim()
  .min(1, { error: 'Enter your email address.' })
  .max(254, { error: 'That email address is too long.' })
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, {
    error: 'Enter an email address like name@example.com.',
  });

const password = z
  .string({ error: 'Enter your password.' })
  .min(1, { error: 'Enter your password.' })
  .max(256, { error: 'That password is too long.' });

// Two-step verification of an added account (issue 15)
const newTwoStepPassword = z
  .string({ error: 'Choose a password.' })
  .min(1, { error: 'Choose a password.' })
  .max(twoStepRules.passwordMaxLength, { error: 'That password is too long.' });

const twoStepHint = z
  .string({ error: 'The hint is not valid.' })
  .trim()
  .max(twoStepRules.hintMaxLength, {
    error: `The hint is too long (${String(twoStepRules.hintMaxLength)} characters at most).`,
  });

const passcode = z
  .string({ error: 'Enter the passcode.' })
  .min(1, { error: 'Enter the passcode.' })
  .max(passcodeRules.maxLength, { error: 'That passcode is too long.' });

const newPasscode = z
  .string({ error: 'Choose a passcode.' })
  .min(passcodeRules.minLength, {
    error: `Use at least ${String(passcodeRules.minLength)} characters for the passcode.`,
  })
  .max(passcodeRules.maxLength, { error: 'That passcode is too long.' });

const recoveryCode = z
  .string({ error: 'Enter the recovery code.' })
  .trim()
  .min(1, { error: 'Enter the recovery code.' })
  .max(64, { error: 'That recovery code is too long.' });

const name = (what: string, required: boolean) =>
  z
    .string({ error: `Enter your ${what}.` })
    .trim()
    .min(required ? 1 : 0, { error: `Enter your ${what}.` })
    .max(64, { error: `The ${what} is too long (64 characters at most).` });

const host = z
  .string({ error: 'Enter the proxy host.' })
  .trim()
  .min(1, { error: 'Enter the proxy host.' })
  .max(proxyRules.hostMaxLength, { error: 'That host name is too long.' })
  .regex(proxyRules.hostPattern, { error: 'Enter a host name or an IP address.' });

const port = z
  .number({ error: 'Enter the port.' })
  .int({ error: 'The port is a whole number.' })
  .min(proxyRules.portMin, { error: 'The port is between 1 and 65535.' })
  .max(proxyRules.portMax, { error: 'The port is between 1 and 65535.' });

export const proxySchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('socks5'),
    host,
    port,
    username: z.string().max(255).optional(),
    password: z.string().max(255).optional(),
  }),
  z.strictObject({
    type: z.literal('mtproxy'),
    host,
    port,
    secret: z
      .string()
      .trim()
      .regex(proxyRules.secretPattern, { error: 'The MTProxy secret is a hexadecimal string.' })
      .max(proxyRules.secretMaxLength),
  }),
]);

const loginProxy = proxySchema.nullable().optional();

export const settingsPatchSchema = z
  .strictObject({
    theme: z.enum(['system', 'light', 'dark']),
    maskPhoneNumbers: z.boolean(),
    autoLockMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .nullable(),
    keepConnectedWhileLocked: z.boolean(),
    closeToTray: z.boolean(),
    notifyLoginCodes: z.boolean(),
    updateChannel: z.enum(['stable', 'beta']),
  })
  .partial();

export const apiCredentialsSchema = z.strictObject({
  apiId: z
    .number({ error: 'The api_id is a number from my.telegram.org.' })
    .int({ error: 'The api_id is a whole number.' })
    .min(apiCredentialRules.apiIdMin, { error: 'The api_id is a positive number.' })
    .max(apiCredentialRules.apiIdMax, { error: 'That api_id is too large.' }),
  apiHash: z
    .string({ error: 'Enter the api_hash.' })
    .trim()
    .regex(apiCredentialRules.apiHashPattern, {
      error: 'The api_hash is 32 hexadecimal characters.',
    }),
});

// Tags and bulk actions (issue 15)
const tagName = z
  .string({ error: 'Enter a name for the tag.' })
  .trim()
  .min(1, { error: 'Enter a name for the tag.' })
  .max(tagRules.nameMaxLength, {
    error: `A tag name has ${String(tagRules.nameMaxLength)} characters at most.`,
  });
const tagColor = z.enum(tagColors, { error: 'Choose one of the colours.' });
const bulkIds = z
  .array(accountId)
  .min(1, { error: 'Select at least one account.' })
  .max(10_000, { error: 'Select at most 10,000 accounts.' });

/**
 * `bulk:start`: one member per action, with the action's own params (none for most). A new
 * action adds its name to `bulkActionNames` and a member here with its params.
 */
export const bulkStartSchema = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.enum(['log-out', 'remove', 'reconnect', 'clear-proxy', 'end-other-sessions']),
    accountIds: bulkIds,
  }),
  z.strictObject({
    action: z.literal('set-proxy'),
    accountIds: bulkIds,
    params: z.strictObject({ proxy: proxySchema }),
  }),
  // The password is a secret: it stays in the job in main (for a retry) and never goes out again.
  z.strictObject({
    action: z.literal('enable-two-step'),
    accountIds: bulkIds,
    params: z.strictObject({ password: newTwoStepPassword, hint: twoStepHint }),
  }),
]);

/** Every channel the renderer may call, keyed by the names list (a missing or extra key fails). */
export const channels = {
  // App and settings
  'app:info': channel<AppInfo>()(noArgs),
  'settings:get': channel<Settings>()(noArgs),
  'settings:update': channel<Settings>()(settingsPatchSchema),
  'settings:get-telegram': channel<TelegramSettingsView>()(noArgs),
  'settings:set-api-credentials': channel<TelegramSettingsView>()(apiCredentialsSchema),
  'settings:set-server-profile': channel<TelegramSettingsView>()(
    z.strictObject({ kind: z.enum(['production', 'test', 'sandbox']) }),
  ),

  'settings:set-login-proxy': channel<TelegramSettingsView>()(
    z.strictObject({ proxy: proxySchema.nullable() }),
  ),
  'proxy:test': channel<ProxyTestResult>()(z.strictObject({ proxy: proxySchema })),

  // Login, one attempt per account being added. `proxy`: null connects directly; left out, the
  // default login proxy from Settings applies.
  'auth:start': channel<LoginView>()(z.strictObject({ phone, proxy: loginProxy })),
  'auth:start-qr': channel<LoginView>()(z.strictObject({ proxy: loginProxy }).optional()),
  'auth:resend-code': channel<LoginView>()(z.strictObject({ attemptId })),
  'auth:submit-code': channel<LoginView>()(z.strictObject({ attemptId, code: loginCode })),
  'auth:set-login-email': channel<LoginView>()(z.strictObject({ attemptId, email })),
  'auth:verify-login-email': channel<LoginView>()(z.strictObject({ attemptId, code: digitCode })),
  'auth:submit-password': channel<LoginView>()(z.strictObject({ attemptId, password })),
  'auth:request-recovery': channel<LoginView>()(z.strictObject({ attemptId })),
  'auth:check-recovery-code': channel<LoginView>()(z.strictObject({ attemptId, code: digitCode })),
  'auth:recover-password': channel<LoginView>()(
    z.strictObject({
      attemptId,
      code: digitCode,
      newPassword: z.string().max(256).optional(),
      hint: z.string().max(128).optional(),
    }),
  ),
  /** The account reset for a lost password without a recovery email: `confirmation` is the phone number, typed again. */
  'auth:reset-account': channel<LoginView>()(
    z.strictObject({
      attemptId,
      confirmation: z
        .string({ error: 'Type the phone number to confirm the reset.' })
        .trim()
        .min(1, { error: 'Type the phone number to confirm the reset.' })
        .max(32, { error: 'That phone number is too long.' }),
    }),
  ),
  'auth:sign-up': channel<LoginView>()(
    z.strictObject({
      attemptId,
      firstName: name('first name', true),
      lastName: name('last name', false),
      acceptTerms: z.literal(true, { error: 'Accept the terms of service to continue.' }),
    }),
  ),
  'auth:cancel': channel<LoginView>()(z.strictObject({ attemptId })),
  'auth:get': channel<LoginView>()(z.strictObject({ attemptId })),
  /** The open attempts: the sidebar's "Signing in …" entries after a reload or a new window. */
  'auth:list': channel<LoginView[]>()(noArgs),
  /** Whether the attempt's screen is shown; a hidden QR code stops refreshing. */
  'auth:set-visible': channel<LoginView>()(z.strictObject({ attemptId, isVisible: z.boolean() })),

  // Accounts
  'accounts:list': channel<AccountsState>()(noArgs),
  'accounts:switch': channel<AccountsState>()(z.strictObject({ accountId })),
  'accounts:reorder': channel<AccountsState>()(
    z.strictObject({ accountIds: z.array(accountId).max(10_000) }),
  ),
  /**
   * The ids of the accounts whose name, username or full phone number (digits only) matches
   * `query`, in the list's order; the numbers themselves never leave main.
   */
  'accounts:filter': channel<string[]>()(
    z.strictObject({
      query: z
        .string({ error: 'Enter what to filter by.' })
        .max(accountFilterRules.maxLength, { error: 'That filter is too long.' }),
      // Tags and statuses (issue 15): an account carries one of the tags and has one of the statuses.
      tagIds: z.array(id('tag id')).max(tagRules.maxTags).optional(),
      statuses: z.array(z.enum(statusFilters)).max(statusFilters.length).optional(),
    }),
  ),
  'accounts:log-out': channel<AccountsState>()(z.strictObject({ accountId })),
  'accounts:remove': channel<AccountsState>()(
    z.strictObject({
      accountId,
      confirm: z.literal(true, { error: 'Removing an account needs confirmation.' }),
    }),
  ),
  'accounts:reconnect': channel<AccountsState>()(z.strictObject({ accountId })),
  'accounts:set-proxy': channel<AccountsState>()(
    z.strictObject({ accountId, proxy: proxySchema.nullable() }),
  ),
  'accounts:get-details': channel<AccountDetails>()(z.strictObject({ accountId })),
  'accounts:list-chats': channel<ChatSummary[]>()(z.strictObject({ accountId })),
  'accounts:list-sessions': channel<SessionInfo[]>()(z.strictObject({ accountId })),
  'accounts:end-session': channel<SessionInfo[]>()(
    z.strictObject({ accountId, sessionId: z.string().regex(/^-?\d{1,20}$/) }),
  ),
  'accounts:end-other-sessions': channel<SessionInfo[]>()(z.strictObject({ accountId })),
  'accounts:login-codes': channel<LoginCodeMessage[]>()(z.strictObject({ accountId })),

  // Vault and app lock
  'vault:status': channel<VaultStatus>()(noArgs),
  'vault:unlock': channel<VaultStatus>()(z.strictObject({ passcode })),
  'vault:lock': channel<VaultStatus>()(noArgs),
  'vault:set-passcode': channel<{ recoveryCode: string }>()(
    z.strictObject({ passcode: newPasscode }),
  ),
  'vault:change-passcode': channel<VaultStatus>()(
    z.strictObject({ currentPasscode: passcode, newPasscode }),
  ),
  'vault:remove-passcode': channel<VaultStatus>()(z.strictObject({ passcode })),
  'vault:get-recovery-code': channel<{ recoveryCode: string }>()(z.strictObject({ passcode })),
  'vault:reset-with-recovery-code': channel<{ recoveryCode: string }>()(
    z.strictObject({ recoveryCode, newPasscode }),
  ),
  'vault:regenerate-recovery-code': channel<{ recoveryCode: string }>()(
    z.strictObject({ passcode }),
  ),
  'vault:accept-weak-storage': channel<VaultStatus>()(noArgs),
  'vault:touch': channel<null>()(noArgs),

  // Updates
  'update:status': channel<UpdateState>()(noArgs),
  'update:check': channel<UpdateState>()(noArgs),
  'update:download': channel<UpdateState>()(noArgs),
  'update:install': channel<null>()(noArgs),

  // Session export (issue 15). The one channel whose answer carries a secret: the sessions the
  // user asked for, behind the passcode when one is set. Never logged, cached or pushed.
  'accounts:export': channel<ExportedSession[]>()(
    z.strictObject({
      accountIds: z
        .array(accountId)
        .min(1, { error: 'Choose at least one account to export.' })
        .max(10_000, { error: 'That is too many accounts at once.' }),
      format: z.enum(sessionExportFormats, { error: 'Choose a format.' }),
      passcode: passcode.optional(),
    }),
  ),
  // Two-step verification of an added account (issue 15)
  'two-step:get': channel<TwoStepState>()(z.strictObject({ accountId })),
  'two-step:enable': channel<TwoStepState>()(
    z.strictObject({
      accountId,
      password: newTwoStepPassword,
      hint: twoStepHint,
      email: email.optional(),
    }),
  ),
  'two-step:change-password': channel<TwoStepState>()(
    z.strictObject({
      accountId,
      currentPassword: password,
      newPassword: newTwoStepPassword,
      hint: twoStepHint,
    }),
  ),
  /** `email: null` removes the recovery email. */
  'two-step:set-email': channel<TwoStepState>()(
    z.strictObject({ accountId, currentPassword: password, email: email.nullable() }),
  ),
  'two-step:confirm-email': channel<TwoStepState>()(
    z.strictObject({ accountId, code: digitCode.min(1, { error: 'Enter the code.' }) }),
  ),
  'two-step:resend-email': channel<TwoStepState>()(z.strictObject({ accountId })),
  'two-step:cancel-email': channel<TwoStepState>()(z.strictObject({ accountId })),
  'two-step:disable': channel<TwoStepState>()(
    z.strictObject({ accountId, currentPassword: password }),
  ),
  'two-step:request-recovery': channel<{ emailPattern: string }>()(z.strictObject({ accountId })),
  /** Without `newPassword`, recovery turns two-step verification off. */
  'two-step:recover': channel<TwoStepState>()(
    z.strictObject({
      accountId,
      code: digitCode.min(1, { error: 'Enter the code.' }),
      newPassword: z.strictObject({ password: newTwoStepPassword, hint: twoStepHint }).nullable(),
    }),
  ),
  'two-step:reset': channel<TwoStepState>()(z.strictObject({ accountId })),
  'two-step:decline-reset': channel<TwoStepState>()(z.strictObject({ accountId })),
  // Tags and bulk actions (issue 15)
  'tags:list': channel<TagsState>()(noArgs),
  'tags:create': channel<TagsState>()(z.strictObject({ name: tagName, color: tagColor })),
  'tags:update': channel<TagsState>()(
    z.strictObject({ tagId: id('tag id'), name: tagName.optional(), color: tagColor.optional() }),
  ),
  'tags:delete': channel<TagsState>()(z.strictObject({ tagId: id('tag id') })),
  'tags:tag': channel<TagsState>()(z.strictObject({ tagId: id('tag id'), accountIds: bulkIds })),
  'tags:untag': channel<TagsState>()(z.strictObject({ tagId: id('tag id'), accountIds: bulkIds })),
  'bulk:start': channel<{ jobId: string }>()(bulkStartSchema),
  /** Runs the job's failed accounts again. */
  'bulk:retry': channel<{ jobId: string }>()(z.strictObject({ jobId: id('job id') })),
  /** Skips the accounts not started yet; the running ones finish. */
  'bulk:cancel': channel<BulkJobView>()(z.strictObject({ jobId: id('job id') })),
  /** The jobs main keeps (running, and the latest finished ones), whole: read after a reload. */
  'bulk:list': channel<BulkJobView[]>()(noArgs),
  // Account health (issue 15): one account, all of them, and a check (null: every account).
  'health:get': channel<AccountHealth>()(z.strictObject({ accountId })),
  'health:list': channel<HealthState>()(noArgs),
  'health:check': channel<HealthState>()(z.strictObject({ accountId: accountId.nullable() })),
  // Session import (issue 15)
  /** Pasted text (one session a line) and files (their bytes); the sessions stay in main. */
  'sessions:preview': channel<SessionPreview>()(
    z.strictObject({
      items: z
        .array(
          z.union([
            z.strictObject({
              name: z.string().max(255),
              text: z.string().max(1_000_000, { error: 'That is too much text at once.' }),
            }),
            z.strictObject({
              name: z.string().max(255),
              base64: z
                .string()
                .max(700_000, { error: 'That file is too large: a session file is much smaller.' })
                .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'The file could not be read.' }),
            }),
          ]),
        )
        .min(1, { error: 'Paste sessions or choose files first.' })
        .max(1000, { error: 'Choose at most 1,000 files at once.' }),
    }),
  ),
  'sessions:import': channel<ImportJobView>()(
    z.strictObject({
      previewId: id('preview id'),
      rowIds: z.array(id('row id')).min(1, { error: 'Choose sessions to import.' }).max(10_000),
    }),
  ),
  'sessions:import-cancel': channel<ImportJobView | null>()(noArgs),
  'sessions:import-status': channel<ImportJobView | null>()(noArgs),
  // Chats, messages, the unified inbox and notifications (issue 16)
  /** A page of the account's chats in a folder; `cursor` from the previous page, null first. */
  'chats:list': channel<ChatListPage>()(
    z.strictObject({
      accountId,
      folder: z.enum(['main', 'archive'], { error: 'Choose the chat list or the archive.' }),
      cursor: z.string().max(200, { error: 'The page is not valid.' }).nullable(),
      limit: z.number().int().min(1).max(200),
    }),
  ),
  /** Chats of the account whose title matches, from every folder. */
  'chats:search': channel<ChatListItem[]>()(
    z.strictObject({
      accountId,
      query: z
        .string({ error: 'Type a name to search for.' })
        .trim()
        .min(1, { error: 'Type a name to search for.' })
        .max(64, { error: 'That search is too long.' }),
    }),
  ),
  /** The newest messages (`beforeId` null), or the ones older than `beforeId`. */
  'chats:history': channel<HistoryPage>()(
    z.strictObject({
      accountId,
      chatId,
      beforeId: messageId.nullable(),
      limit: z.number().int().min(1).max(100),
    }),
  ),
  /** Sends text; answers the message as `sending` (its outcome follows on messages:changed). */
  'chats:send': channel<ChatMessage>()(
    z.strictObject({
      accountId,
      chatId,
      text: messageText,
      replyToId: messageId.nullable(),
    }),
  ),
  /** Sends a failed message again with the same random id (Telegram drops a duplicate). */
  'chats:retry': channel<ChatMessage>()(z.strictObject({ accountId, chatId, localId })),
  /** Drops a failed message that the user does not want to send. */
  'chats:discard': channel<null>()(z.strictObject({ accountId, chatId, localId })),
  /** Marks the chat read up to `maxId` (the newest message the user saw). */
  'chats:read': channel<null>()(z.strictObject({ accountId, chatId, maxId: messageId })),
  /** A small size of a message's photo as a data: URL, or null when it has none. */
  'chats:photo': channel<{ dataUrl: string | null }>()(
    z.strictObject({ accountId, chatId, messageId }),
  ),
  /** The unified inbox: unread chats of every account, filtered to accounts with these tags. */
  'unread:list': channel<InboxState>()(z.strictObject({ tagIds: z.array(id('tag id')).max(100) })),
  'notifications:get': channel<NotificationSettings>()(noArgs),
  'notifications:update': channel<NotificationSettings>()(
    z.strictObject({ isEnabled: z.boolean().optional(), isTextHidden: z.boolean().optional() }),
  ),
  /** The per-account setting: notify this account's messages or not. */
  'notifications:set-account': channel<NotificationSettings>()(
    z.strictObject({ accountId, isEnabled: z.boolean() }),
  ),
  /**
   * The first `limit` rows of the account list, in its order, with the total (issue 17): a
   * window draws them, then reads `accounts:list`.
   */
  'accounts:list-first': channel<AccountsFirst>()(
    z.strictObject({ limit: z.number().int().min(1).max(firstAccountsMaxLimit) }),
  ),
} as const satisfies Record<Channel, ChannelSpec<z.ZodType, unknown>>;

export type Channels = typeof channels;
export type ArgsOf<C extends Channel> = z.output<Channels[C]['args']>;
/** What the renderer passes: the schema's input type. */
export type InputOf<C extends Channel> = z.input<Channels[C]['args']>;
export type ResultOf<C extends Channel> =
  Channels[C] extends ChannelSpec<z.ZodType, infer R> ? R : never;

interface EventPayloads {
  'app:changed': AppInfo;
  'settings:changed': Settings;
  /** The whole list, or for a long one the rows that changed (issue 17: `accounts-change.ts`). */
  'accounts:changed': AccountsChanged;
  'auth:changed': LoginView;
  'inbox:changed': { accountId: string; messages: LoginCodeMessage[] };
  /** The account's active sessions changed on Telegram: read them again. */
  'sessions:changed': { accountId: string };
  'vault:changed': VaultStatus;
  'update:changed': UpdateState;
  // Tags and bulk actions (issue 15)
  'tags:changed': TagsState;
  'bulk:changed': BulkChange;
  /** Account health (issue 15): the accounts whose health changed, and "Check all" progress. */
  'health:changed': HealthChange;
  // Session import (issue 15)
  'import:changed': ImportJobView;
  // Chats, messages, the unified inbox and notifications (issue 16)
  'chats:changed': ChatsChange;
  'messages:changed': MessagesChange;
  'unread:changed': InboxChange;
  'notifications:changed': NotificationSettings;
  /**
   * A message to notify. The web host's page shows it with the Notification API; in the desktop
   * app the shell shows it natively and the page ignores this event.
   */
  'alerts:changed': MessageNotification;
  /** The chat to bring into view: a desktop notification was clicked (issue 16). */
  'focus:changed': { accountId: string; chatId: string };
}

/** The payload of every push event; a listed name without a payload does not compile. */
export type Events = { [E in EventName]: EventPayloads[E] };

/**
 * The main-process implementation of every channel. A missing or mistyped handler is a compile
 * error where the handlers object is assembled.
 */
export type Handlers = {
  [C in Channel]: (args: ArgsOf<C>) => Promise<ResultOf<C>>;
};

/** `window.gramdeck`: the only API the renderer has. */
export interface GramdeckApi {
  invoke<C extends Channel>(
    channel: C,
    ...args: undefined extends InputOf<C> ? [InputOf<C>?] : [InputOf<C>]
  ): Promise<Envelope<ResultOf<C>>>;
  /** Subscribes to a push event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

export type { AppError, Envelope };
export {
  channelNames,
  eventNames,
  isChannel,
  isEventName,
  type Channel,
  type EventName,
} from './channel-names';
