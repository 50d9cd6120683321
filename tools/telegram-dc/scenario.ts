import type { EntityType } from './messaging';

/**
 * Scenario format: who exists on the sandbox DCs and how each number behaves. Everything the DC
 * answers about accounts comes from here, so tests build their own small scenarios (short
 * timeouts and expiries) and the CLI ships {@link demoScenario}.
 */

/**
 * How a login code is delivered; order in {@link ScenarioCodeDelivery.types} is the resend order.
 * Each is one `auth.SentCodeType` of Telegram:
 * - `app`, `sms`, `call`, `fragment-sms`: a code of `length` digits;
 * - `missed-call`: a call from a number ending in the code (the prefix is sent, the caller printed);
 * - `flash-call`: the whole calling number is the code (a pattern is sent, the caller printed);
 * - `email`: a code to the account's login email, signed in with `email_verification`;
 * - `setup-email-required`: no code yet; the client adds a login email first
 *   (`account.sendVerifyEmailCode` + `account.verifyEmail`), then a code goes there;
 * - `firebase-sms`: nothing is sent without a Play Integrity/SafetyNet token, so a client
 *   without one resends to the next type;
 * - `sms-word`, `sms-phrase`: the code is a word, or a phrase of three words.
 */
export type CodeDeliveryType =
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

/** Login code behaviour for one phone. */
export interface ScenarioCodeDelivery {
  /** Delivery order: sendCode uses the first, each resendCode the next; after the last, SEND_CODE_UNAVAILABLE. */
  types: CodeDeliveryType[];
  /** Digits per code (default 5). */
  length?: number;
  /** Seconds before a resend is allowed, reported as SentCode.timeout (default 60). */
  timeoutSeconds?: number;
  /** Seconds a code stays valid (default 300). */
  expirySeconds?: number;
  /** The account's login email, where `email` codes go (a `setup-email-required` login sets it). */
  loginEmail?: string;
}

/** Two-step verification settings. */
export interface ScenarioTwoFactor {
  password: string;
  hint?: string;
  /** Where recovery codes go; without it, requestPasswordRecovery answers PASSWORD_RECOVERY_NA. */
  recoveryEmail?: string;
  /** A fixed recovery code; otherwise one is derived from the phone and attempt number. */
  recoveryCode?: string;
  /** Seconds a recovery code stays valid (default 600). */
  recoveryCodeExpirySeconds?: number;
  /**
   * Seconds an account reset (account.deleteAccount without the password, from a login that is
   * waiting for it) is held back: Telegram answers 2FA_CONFIRM_WAIT_X for a recently active
   * account and deletes it once the wait is over. 0 resets at once, as for an account nobody
   * used lately. Default 604800 (a week).
   */
  resetWaitSeconds?: number;
}

/** A chat partner shown in the account's dialog list. */
export type ScenarioPeer =
  | { kind: 'user'; firstName: string; lastName?: string; username?: string; phone?: string }
  | { kind: 'chat'; title: string; participants?: number };

/** One dialog with its last message. */
export interface ScenarioDialog {
  peer: ScenarioPeer;
  lastMessage: string;
  /** Incoming messages not read yet; the DC materialises that many incoming messages. */
  unreadCount?: number;
  /** True when the last message was sent by the account itself. */
  isOutgoing?: boolean;
}

/** A registered account. */
export interface ScenarioAccount {
  /** E.164 phone number, e.g. "+9996620001". */
  phone: string;
  /** The DC where the account lives; other DCs answer PHONE_MIGRATE_X / USER_MIGRATE_X. */
  dcId: number;
  firstName: string;
  lastName?: string;
  username?: string;
  /** Profile photo colour as "#rrggbb"; omitted means no photo. */
  photoColor?: string;
  isPremium?: boolean;
  twoFactor?: ScenarioTwoFactor;
  code?: ScenarioCodeDelivery;
  dialogs?: ScenarioDialog[];
  // Account health (issue 15)
  /** Telegram restricts the account: its own `user` says `restricted`, with these reasons. */
  restrictions?: ScenarioRestriction[];
  /** The account is frozen: `help.getAppConfig` says so, and most writes answer FROZEN_METHOD_INVALID. */
  frozen?: ScenarioFreeze;
  /** Every call but `help.*` and `auth.*` answers USER_DEACTIVATED (`deleted`) or USER_DEACTIVATED_BAN. */
  deactivated?: 'deleted' | 'banned';
}

/** One `restrictionReason` of a restricted account. */
export interface ScenarioRestriction {
  /** e.g. "all", "ios", "android". */
  platform: string;
  /** e.g. "spam", "terms". */
  reason: string;
  /** What Telegram shows the user. */
  text: string;
}

/** A frozen account's `freeze_*` app config, in days from when the DC first seeds it (DC clock). */
export interface ScenarioFreeze {
  sinceDaysAgo: number;
  untilInDays: number;
  appealUrl: string;
}

/** A flood limit applied to a method for one phone. */
export interface ScenarioFloodRule {
  phone: string;
  /** TL method name, e.g. "auth.sendCode". */
  method: string;
  /** How many calls succeed before the rule applies (default 0: every call fails). */
  afterCalls?: number;
  /** The error, e.g. "FLOOD_WAIT_30" or "PHONE_NUMBER_FLOOD". */
  error: string;
}

/** A whole sandbox world. */
export interface Scenario {
  name: string;
  accounts: ScenarioAccount[];
  floodRules?: ScenarioFloodRule[];
  /** Code settings for numbers that are not registered yet (sign-up path). */
  unknownNumberCode?: ScenarioCodeDelivery;
  /** Seconds a QR login token lives (default 30). */
  loginTokenSeconds?: number;
  // Chats and messages (issue 16): seeded by `scenario-chats.ts` when the store is first built.
  /** Private conversations between two accounts. */
  conversations?: ScenarioConversation[];
  /** Basic groups of accounts and strangers. */
  groups?: ScenarioGroup[];
  /** Channels (broadcast) and supergroups. */
  channels?: ScenarioChannel[];
  /** Pinned, muted, archived and unread-marked chats of an account. */
  chatSettings?: ScenarioChatSettings[];
}

/**
 * A message of a seeded chat. `from` is an account's phone or a stranger's first name; dates go
 * back from now, one `spacingMinutes` (default 10) per message.
 */
export interface ScenarioMessage {
  from: string;
  text: string;
  /** Entities as Telegram sends them (UTF-16 offsets). */
  entities?: {
    type: EntityType;
    offset: number;
    length: number;
    url?: string;
  }[];
  /** Index (in the same list) of the message this one answers. */
  replyTo?: number;
  /** Forwarded from someone (a name). */
  forwardedFrom?: string;
  /** A photo of this colour ("#rrggbb"): stripped thumbnail and a small size. */
  photo?: string;
  document?: { name: string; size: number; mime: string };
}

export interface ScenarioConversation {
  /** The two accounts' phones. */
  between: [string, string];
  messages: ScenarioMessage[];
  /** The last this many messages stay unread for their recipient; the rest are read. */
  unread?: number;
  spacingMinutes?: number;
}

export interface ScenarioGroup {
  title: string;
  /** Account phones and stranger first names; the first one creates the group. */
  members: string[];
  messages: ScenarioMessage[];
  /** The last this many messages stay unread for every member. */
  unread?: number;
  spacingMinutes?: number;
}

export interface ScenarioChannel {
  title: string;
  username?: string;
  /** True for a supergroup, where every member writes; a channel's posts come from its owner. */
  isMegagroup?: boolean;
  /** An account phone or a stranger first name. */
  owner: string;
  /** Member account phones (the owner is one). */
  members: string[];
  posts: ScenarioMessage[];
  unread?: number;
  spacingMinutes?: number;
}

export interface ScenarioChatSettings {
  phone: string;
  /** A phone, a stranger's first name, or a group or channel title. */
  chat: string;
  isPinned?: boolean;
  isMuted?: boolean;
  isArchived?: boolean;
  isUnreadMarked?: boolean;
}

/** The built-in demo world other parts of Gramdeck (demo mode, e2e tests) rely on. */
export const demoScenario: Scenario = {
  name: 'demo',
  accounts: [
    {
      phone: '+9996620001',
      dcId: 2,
      firstName: 'Alice',
      lastName: 'Demo',
      username: 'alice_demo',
      photoColor: '#e91e63',
      code: { types: ['app', 'sms', 'call'], length: 5, timeoutSeconds: 5, expirySeconds: 300 },
      dialogs: [
        {
          peer: { kind: 'user', firstName: 'Eve', lastName: 'Sandbox', username: 'eve_sandbox' },
          lastMessage: 'Lunch at noon?',
          unreadCount: 2,
        },
        {
          peer: { kind: 'chat', title: 'Gramdeck testers', participants: 5 },
          lastMessage: 'Build 42 is green',
          unreadCount: 5,
        },
        {
          peer: { kind: 'user', firstName: 'Frank', lastName: 'Sandbox' },
          lastMessage: 'See you tomorrow',
          isOutgoing: true,
        },
      ],
    },
    {
      phone: '+9996610002',
      dcId: 1,
      firstName: 'Bob',
      lastName: 'Demo',
      username: 'bob_demo',
      photoColor: '#2196f3',
      twoFactor: { password: 'bob-password', hint: 'pet + year', recoveryEmail: 'bob@example.com' },
      code: { types: ['sms', 'call'], length: 5, timeoutSeconds: 5 },
      dialogs: [
        {
          peer: { kind: 'user', firstName: 'Grace', lastName: 'Sandbox' },
          lastMessage: 'Did you get the invoice?',
          unreadCount: 1,
        },
      ],
    },
    {
      phone: '+9996630003',
      dcId: 3,
      firstName: 'Carol',
      lastName: 'Demo',
      photoColor: '#4caf50',
      twoFactor: { password: 'carol-password', hint: 'favourite colour' },
      code: { types: ['sms', 'call'], length: 5, timeoutSeconds: 5 },
      dialogs: [
        {
          peer: { kind: 'chat', title: 'Carol & friends', participants: 3 },
          lastMessage: 'Photos are up',
          unreadCount: 3,
        },
      ],
    },
    {
      phone: '+9996620004',
      dcId: 2,
      firstName: 'Dave',
      lastName: 'Demo',
      photoColor: '#ff9800',
      isPremium: true,
      code: { types: ['app'], length: 5, timeoutSeconds: 5 },
      dialogs: [],
    },
    {
      phone: '+9996630042',
      dcId: 3,
      firstName: 'Hugo',
      lastName: 'Demo',
      photoColor: '#795548',
      twoFactor: { password: 'hugo-password', hint: 'first bike', resetWaitSeconds: 0 },
      code: { types: ['sms'], length: 5, timeoutSeconds: 5 },
      dialogs: [],
    },
    ...codeTypeDemoAccounts(),
    // Two-step verification of an added account (issue 15)
    {
      phone: '+9996620060',
      dcId: 2,
      firstName: 'Tess',
      lastName: 'Demo',
      photoColor: '#009688',
      code: { types: ['app'], length: 5, timeoutSeconds: 5 },
      dialogs: [],
    },
    {
      phone: '+9996620061',
      dcId: 2,
      firstName: 'Reese',
      lastName: 'Demo',
      photoColor: '#607d8b',
      twoFactor: { password: 'reese-password', hint: 'the usual' },
      code: { types: ['app'], length: 5, timeoutSeconds: 5 },
      dialogs: [],
    },
    // Bulk actions (issue 15): three plain accounts to select together.
    ...[1, 2, 3].map((n) => ({
      phone: `+99966200${String(80 + n)}`,
      dcId: 2,
      firstName: 'Bulk',
      lastName: ['One', 'Two', 'Three'][n - 1],
      photoColor: '#607d8b',
      code: { types: ['app' as const], length: 5, timeoutSeconds: 5 },
      dialogs: [],
    })),
    ...healthDemoAccounts(),
    // Session import (issue 15)
    ...importDemoAccounts(),
    // Chats and messages (issue 16): the third member of "Weekend plans".
    {
      phone: '+9996620090',
      dcId: 2,
      firstName: 'Zoe',
      lastName: 'Demo',
      username: 'zoe_demo',
      photoColor: '#3f51b5',
      code: { types: ['app'], length: 5, timeoutSeconds: 5 },
      dialogs: [],
    },
  ],
  // Chats and messages (issue 16)
  ...chatsDemo(),
  floodRules: [
    { phone: '+9996620009', method: 'auth.sendCode', error: 'FLOOD_WAIT_30' },
    { phone: '+9996620008', method: 'auth.sendCode', error: 'PHONE_NUMBER_FLOOD' },
  ],
  unknownNumberCode: { types: ['sms', 'call'], length: 5, timeoutSeconds: 30 },
};

/** One demo account per code type that the four accounts above do not show. */
function codeTypeDemoAccounts(): ScenarioAccount[] {
  const account = (
    phone: string,
    firstName: string,
    code: ScenarioCodeDelivery,
  ): ScenarioAccount => ({
    phone,
    dcId: 2,
    firstName,
    lastName: 'Demo',
    code: { length: 5, timeoutSeconds: 5, ...code },
  });
  return [
    account('+9996620031', 'Emma', { types: ['email', 'sms'], loginEmail: 'emma@example.com' }),
    account('+9996620032', 'Sam', { types: ['setup-email-required'] }),
    account('+9996620033', 'Wendy', { types: ['sms-word', 'sms'] }),
    account('+9996620034', 'Phil', { types: ['sms-phrase'] }),
    account('+9996620035', 'Mia', { types: ['missed-call', 'sms'], length: 4 }),
    account('+9996620036', 'Fred', { types: ['flash-call', 'sms'] }),
    account('+9996620037', 'Frida', { types: ['fragment-sms'] }),
    account('+9996620038', 'Finn', { types: ['firebase-sms', 'sms'] }),
  ];
}

/** Account health (issue 15): a restricted, a frozen, a deactivated and a well-kept account. */
function healthDemoAccounts(): ScenarioAccount[] {
  const code: ScenarioCodeDelivery = { types: ['app'], length: 5, timeoutSeconds: 5 };
  return [
    {
      phone: '+9996620050',
      dcId: 2,
      firstName: 'Rita',
      lastName: 'Restricted',
      photoColor: '#9c27b0',
      code,
      restrictions: [
        {
          platform: 'all',
          reason: 'spam',
          text: 'This account can only message mutual contacts after reports of spam.',
        },
      ],
    },
    {
      phone: '+9996620051',
      dcId: 2,
      firstName: 'Fiona',
      lastName: 'Frozen',
      photoColor: '#00bcd4',
      code,
      frozen: { sinceDaysAgo: 3, untilInDays: 27, appealUrl: 'https://t.me/spambot' },
    },
    {
      phone: '+9996620052',
      dcId: 2,
      firstName: 'Dora',
      lastName: 'Deactivated',
      code,
      deactivated: 'deleted',
    },
    {
      phone: '+9996620053',
      dcId: 2,
      firstName: 'Nora',
      lastName: 'Healthy',
      photoColor: '#8bc34a',
      isPremium: true,
      code,
      twoFactor: { password: 'nora-password', hint: 'garden', recoveryEmail: 'nora@example.com' },
    },
  ];
}

// Session import (issue 15)
/** Accounts to import from minted sessions (`sessions <phone>` on the DC's stdin). */
function importDemoAccounts(): ScenarioAccount[] {
  const account = (phone: string, dcId: number, firstName: string): ScenarioAccount => ({
    phone,
    dcId,
    firstName,
    lastName: 'Import',
    code: { types: ['sms'], length: 5, timeoutSeconds: 5 },
  });
  return [
    account('+9996620070', 2, 'Ida'),
    account('+9996610071', 1, 'Jack'),
    account('+9996630072', 3, 'Kim'),
    account('+9996620073', 2, 'Lena'),
    account('+9996620074', 2, 'Milo'),
  ];
}

// Chats and messages (issue 16)
/** A message whose `word` carries an entity of `type`. */
function styled(
  from: string,
  text: string,
  type: EntityType,
  word: string,
  url?: string,
): ScenarioMessage {
  return { from, text, entities: [{ type, offset: text.indexOf(word), length: word.length, url }] };
}

/** Demo phones of Alice, Bob and Zoe (functions, as `demoScenario` above is built first). */
function ALICE(): string {
  return '+9996620001';
}
function BOB(): string {
  return '+9996610002';
}
function ZOE(): string {
  return '+9996620090';
}

/** 300 messages between Alice and Bob: enough to page, with entities, a reply, a forward and media. */
function aliceAndBob(): ScenarioMessage[] {
  const out: ScenarioMessage[] = [];
  for (let i = 0; i < 290; i++) {
    const from = i % 3 === 0 ? BOB() : ALICE();
    const n = i + 1;
    if (i % 40 === 5)
      out.push(styled(from, `Message ${n}: this one is important`, 'bold', 'important'));
    else if (i % 40 === 15)
      out.push(styled(from, `Message ${n}: run npm run demo`, 'code', 'npm run demo'));
    else if (i % 40 === 25)
      out.push(
        styled(
          from,
          `Message ${n}: see the docs`,
          'textUrl',
          'the docs',
          'https://core.telegram.org/api',
        ),
      );
    else if (i % 40 === 35)
      out.push(styled(from, `Message ${n}: the ending is a secret`, 'spoiler', 'a secret'));
    else out.push({ from, text: `Message ${n} of our long chat` });
  }
  out.push(styled(ALICE(), 'Have you seen the plan? It is *really* simple', 'italic', 'really'));
  out.push({ from: BOB(), text: 'Yes, I read it twice', replyTo: out.length - 1 });
  out.push({ from: BOB(), text: 'Look what Eve sent me', forwardedFrom: 'Eve' });
  out.push({ from: ALICE(), text: 'The view from the hill', photo: '#4caf50' });
  out.push({
    from: BOB(),
    text: 'Here is the budget',
    document: { name: 'budget.pdf', size: 48_213, mime: 'application/pdf' },
  });
  out.push({
    from: ALICE(),
    text: 'const answer = 42;',
    entities: [{ type: 'pre', offset: 0, length: 18 }],
  });
  out.push(styled(BOB(), 'Thanks @alice_demo, see you Saturday', 'mention', '@alice_demo'));
  out.push({ from: BOB(), text: 'Are you coming to the lake?' });
  out.push({ from: BOB(), text: 'Bring the blue tent' });
  out.push({ from: BOB(), text: 'And snacks!' });
  return out;
}

/** Alice and Bob talking, a group "Weekend plans", a channel, and a pinned, a muted and an archived chat. */
function chatsDemo(): Pick<Scenario, 'conversations' | 'groups' | 'channels' | 'chatSettings'> {
  return {
    conversations: [
      { between: [ALICE(), BOB()], messages: aliceAndBob(), unread: 3, spacingMinutes: 5 },
    ],
    groups: [
      {
        title: 'Weekend plans',
        members: [ALICE(), BOB(), ZOE(), 'Eve'],
        unread: 2,
        messages: [
          { from: ALICE(), text: 'Lake or mountains this weekend?' },
          { from: 'Eve', text: 'Lake! The weather looks great' },
          { from: ZOE(), text: 'I can drive, the car has four seats' },
          styled(BOB(), '@zoe_demo perfect, I will bring the tent', 'mention', '@zoe_demo'),
          styled(ZOE(), 'Leaving at 9:00 sharp', 'bold', '9:00 sharp'),
          styled('Eve', '@alice_demo can you book the cabin?', 'mention', '@alice_demo'),
        ],
      },
    ],
    channels: [
      {
        title: 'Sandbox News',
        username: 'sandbox_news',
        owner: 'Newsroom',
        members: [ALICE(), BOB(), ZOE()],
        unread: 1,
        posts: [
          { from: 'Newsroom', text: 'Welcome to Sandbox News' },
          styled('Newsroom', 'Release notes: faster startup', 'bold', 'faster startup'),
          { from: 'Newsroom', text: 'Photo of the week', photo: '#ff9800' },
          { from: 'Newsroom', text: 'Weekend forecast: sunny at the lake' },
        ],
      },
    ],
    chatSettings: [
      { phone: ALICE(), chat: BOB(), isPinned: true },
      { phone: ALICE(), chat: 'Sandbox News', isMuted: true },
      { phone: ALICE(), chat: 'Frank', isArchived: true },
      { phone: BOB(), chat: 'Weekend plans', isPinned: true },
    ],
  };
}

/** Digits only, the form every phone is stored and compared in. */
export function normalizePhone(phone: string): string {
  return phone.replace(/\D/g, '');
}
