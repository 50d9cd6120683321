import { EventEmitter } from 'node:events';
import { createHash } from 'node:crypto';
import { DcTime } from './clock';
import { random, randomLong } from './crypto';
import { solidPng } from './photo';
import { createVerifier, type SrpChallenge, type SrpVerifier } from './srp';
import {
  normalizePhone,
  type CodeDeliveryType,
  type Scenario,
  type ScenarioAccount,
  type ScenarioCodeDelivery,
  type ScenarioFloodRule,
  type ScenarioPeer,
  type ScenarioRestriction,
} from './scenario';
import type { TlObject } from './tl';
import { seedChats } from './scenario-chats';
import type { BoxEvent, ChannelRecord, DialogSettings, MessageExtra } from './messaging';

/**
 * The account store shared by every DC of one sandbox: users, chats, message boxes, auth keys,
 * pending login codes, QR tokens and exported authorizations. It holds state only; the RPC
 * handlers in `rpc/` implement Telegram's rules on top of it.
 */

/** Telegram's service account that sends login codes. */
export const SERVICE_USER_ID = 777000n;

/** A user known to the DC: a loginable account or a chat partner from a scenario. */
export interface UserRecord {
  id: bigint;
  accessHash: bigint;
  /** Digits only; undefined for partners that cannot log in. */
  phone?: string;
  firstName: string;
  lastName?: string;
  username?: string;
  dcId: number;
  isPremium: boolean;
  isBot?: boolean;
  isService?: boolean;
  photo?: { id: bigint; png: Buffer; color: string };
  /** True for accounts that can log in (from the scenario or signed up). */
  isAccount: boolean;
  password?: PasswordRecord;
  /** Unix seconds from which a requested account reset is allowed (set by the first request). */
  resetAllowedAt?: number;
  code: CodeSettings;
  /** Where `email` login codes go; set by the scenario or by a login-email setup. */
  loginEmail?: string;
  status: { online: boolean; at: number };
  box: MessageBox;
  // Account health (issue 15)
  restrictions?: ScenarioRestriction[];
  /** Unix seconds (DC clock) the freeze began and ends, and where to appeal. */
  freeze?: { since: number; until: number; appealUrl: string };
  deactivated?: 'deleted' | 'banned';
}

/** 2FA state of an account. */
export interface PasswordRecord {
  srp: SrpVerifier;
  hint?: string;
  recoveryEmail?: string;
  fixedRecoveryCode?: string;
  recoveryCodeExpirySeconds: number;
  /** Seconds account.deleteAccount without the password holds a reset back (0: none). */
  resetWaitSeconds: number;
}

/**
 * Two-step verification settings that wait for their new recovery email's code
 * (EMAIL_UNCONFIRMED_X): applied by account.confirmPasswordEmail, dropped by cancelPasswordEmail.
 */
export interface PendingPasswordEmail {
  next: PasswordRecord;
  email: string;
  code: string;
  /** DC time (ms) after which the code no longer confirms. */
  expiresAt: number;
  sends: number;
}

/** A basic group. */
export interface ChatRecord {
  id: bigint;
  title: string;
  participants: number;
  date: number;
  // Chats and messages (issue 16)
  /** Member user ids (accounts and strangers); absent for scenario chats without members. */
  members?: bigint[];
}

/** A peer reference inside a message box. */
export type PeerRef =
  | { kind: 'user'; id: bigint }
  | { kind: 'chat'; id: bigint }
  // Chats and messages (issue 16): channel messages live in the channel, not in boxes.
  | { kind: 'channel'; id: bigint };

/** One message in an account's box. */
export interface MessageRecord {
  id: number;
  peer: PeerRef;
  fromId: bigint;
  isOutgoing: boolean;
  text: string;
  date: number;
  pts: number;
  // Chats and messages (issue 16)
  /** Entities, reply, forward, media, service action, mention flag (JSON-safe, see messaging.ts). */
  extra?: MessageExtra;
}

/** An account's private message box (ids and pts are per account, as in Telegram). */
export interface MessageBox {
  messages: MessageRecord[];
  nextId: number;
  pts: number;
  /** Highest read incoming message id per peer key. */
  readInboxMaxId: Map<string, number>;
  // Chats and messages (issue 16)
  /** Pinned, muted, archived, unread mark and read outbox per peer key. */
  dialogs: Map<string, DialogSettings>;
  /** Updates other than new messages that took pts (edits, deletes, read marks), oldest first. */
  events: BoxEvent[];
  /** "peerKey|random_id" → id of the message a sendMessage made, so a retry makes nothing new. */
  randomIds: Map<string, number>;
}

/** A session (session_id) of an auth key. */
export interface SessionRecord {
  id: bigint;
  uniqueId: bigint;
  /** Recent client msg_ids, so a resent message is not executed twice. */
  seenMsgIds: Set<bigint>;
  createdAt: number;
  /** True once new_session_created was sent. */
  announced: boolean;
  outSeq: number;
}

/** Device info from initConnection. */
export interface ClientInfo {
  apiId: number;
  deviceModel: string;
  systemVersion: string;
  appVersion: string;
  langCode: string;
}

/** An auth key created by a handshake on one DC. */
export interface AuthKeyRecord {
  dcId: number;
  keyId: bigint;
  key: Buffer;
  createdAt: number;
  /** Bound user once signed in (or imported). */
  userId?: bigint;
  /** Set between a code sign-in and the 2FA check. */
  pendingUserId?: bigint;
  state: 'active' | 'logged-out' | 'revoked';
  /** API layer from invokeWithLayer; kept per key because reconnects skip initConnection. */
  layer?: number;
  client?: ClientInfo;
  /** account.getAuthorizations hash. */
  authHash: bigint;
  /** Key this one was imported from via exportAuthorization (its revocation cascades). */
  parentKey?: AuthKeyRecord;
  isImported: boolean;
  salts: { salt: bigint; validSince: number; validUntil: number }[];
  sessions: Map<bigint, SessionRecord>;
  srp: Map<bigint, SrpChallenge & { userId: bigint }>;
  dateActive: number;
}

/** A phone's code delivery settings, defaults applied (the login email lives on the user). */
export type CodeSettings = Required<Omit<ScenarioCodeDelivery, 'loginEmail'>>;

/** A code sent by auth.sendCode / resendCode. */
export interface CodeAttempt {
  phone: string;
  hash: string;
  /** Digits, a word or a phrase; empty while nothing was sent (setup-email-required, firebase-sms). */
  code: string;
  /** missed-call and flash-call: the number that called ("+" and digits). */
  callingNumber?: string;
  /** email: the address the code went to. */
  email?: string;
  /** setup-email-required: the address being verified and the code e-mailed to it. */
  emailSetup?: { email: string; code: string; expiresAt: number };
  types: CodeDeliveryType[];
  typeIndex: number;
  length: number;
  timeoutSeconds: number;
  sentAt: number;
  expiresAt: number;
  isCancelled: boolean;
}

/** A QR login token. */
export interface LoginTokenRecord {
  token: Buffer;
  key: AuthKeyRecord;
  expiresAt: number;
  acceptedBy?: bigint;
}

/** A recovery code e-mailed by auth.requestPasswordRecovery. */
export interface RecoveryAttempt {
  code: string;
  expiresAt: number;
}

/** Something that can receive pushed updates: one live (connection, session) of an auth key. */
export interface UpdateSink {
  key: AuthKeyRecord;
  push(update: TlObject): void;
}

/** A login code as the DC sent it: what a person would read, hear or see calling. */
export interface CodeEvent {
  phone: string;
  code: string;
  type: CodeDeliveryType;
  /** missed-call and flash-call: the number that called. */
  callingNumber?: string;
  /** email: where the code went. */
  email?: string;
}

/** Events the store emits (the control API re-exposes them). */
export interface StoreEvents {
  code: [CodeEvent];
  'email-code': [{ phone: string; email: string; code: string }];
  'recovery-code': [{ phone: string; email: string; code: string }];
  // Two-step verification of a signed-in account (issue 15)
  /** A code confirming a new recovery email (account.updatePasswordSettings / resendPasswordEmail). */
  'password-email-code': [{ phone: string; email: string; code: string }];
}

const DEFAULT_CODE: CodeSettings = {
  types: ['sms', 'call'],
  length: 5,
  timeoutSeconds: 60,
  expirySeconds: 300,
};

function resolveCode(c: ScenarioCodeDelivery | undefined, fallback = DEFAULT_CODE): CodeSettings {
  return {
    types: c?.types ?? fallback.types,
    length: c?.length ?? fallback.length,
    timeoutSeconds: c?.timeoutSeconds ?? fallback.timeoutSeconds,
    expirySeconds: c?.expirySeconds ?? fallback.expirySeconds,
  };
}

/** A deterministic code for `phone`'s `attempt`-th delivery: the same scenario always yields the same codes. */
export function deriveCode(
  phone: string,
  attempt: number,
  length: number,
  purpose = 'login',
): string {
  const digest = createHash('sha256')
    .update(`${purpose}:${normalizePhone(phone)}:${attempt}`)
    .digest();
  const n = digest.readBigUInt64BE(0) % 10n ** BigInt(length);
  return n.toString().padStart(length, '0');
}

/** Missed calls come from this prefix followed by the code; flash calls from this one and the code. */
export const MISSED_CALL_PREFIX = '999771';
export const FLASH_CALL_PREFIX = '999772';

/** Words for smsWord / smsPhrase codes. */
const CODE_WORDS = [
  'amber',
  'bridge',
  'cactus',
  'dolphin',
  'ember',
  'falcon',
  'glacier',
  'harbor',
  'island',
  'jasmine',
  'kettle',
  'lantern',
  'meadow',
  'nectar',
  'orchid',
  'pepper',
  'quartz',
  'river',
  'saddle',
  'timber',
  'umbrella',
  'velvet',
  'walnut',
  'yonder',
] as const;

/** A deterministic word code (`words` words) for `phone`'s `attempt`-th delivery. */
export function deriveWords(phone: string, attempt: number, words: number): string {
  const digest = createHash('sha256')
    .update(`words:${normalizePhone(phone)}:${attempt}`)
    .digest();
  const out: string[] = [];
  for (let i = 0; i < words; i++)
    out.push(CODE_WORDS[(digest[i] ?? 0) % CODE_WORDS.length] ?? 'amber');
  return out.join(' ');
}

/** The code and what comes with it for one delivery of `type`. */
function makeCode(
  type: CodeDeliveryType,
  phone: string,
  n: number,
  length: number,
): { code: string; callingNumber?: string } {
  switch (type) {
    case 'setup-email-required':
    case 'firebase-sms':
      return { code: '' };
    case 'sms-word':
      return { code: deriveWords(phone, n, 1) };
    case 'sms-phrase':
      return { code: deriveWords(phone, n, 3) };
    case 'missed-call': {
      const code = deriveCode(phone, n, length);
      return { code, callingNumber: `+${MISSED_CALL_PREFIX}${code}` };
    }
    case 'flash-call': {
      const code = `${FLASH_CALL_PREFIX}${deriveCode(phone, n, length)}`;
      return { code, callingNumber: `+${code}` };
    }
    default:
      return { code: deriveCode(phone, n, length) };
  }
}

/** Real unix seconds: transport records (auth keys, salts) and message dates stay on real time. */
const now = (): number => Math.floor(Date.now() / 1000);

/** The shared account store. */
export class AccountStore extends EventEmitter<StoreEvents> {
  readonly users = new Map<bigint, UserRecord>();
  readonly chats = new Map<bigint, ChatRecord>();
  /** keyId (hex) → record, per DC. */
  readonly keys = new Map<number, Map<bigint, AuthKeyRecord>>();
  readonly codes = new Map<string, CodeAttempt>();
  readonly lastCodeByPhone = new Map<string, CodeAttempt>();
  readonly codeAttemptsByPhone = new Map<string, number>();
  readonly recovery = new Map<bigint, RecoveryAttempt>();
  readonly recoveryAttemptsByUser = new Map<bigint, number>();
  readonly loginTokens = new Map<string, LoginTokenRecord>();
  /** Future auth tokens given at auth.logOut (hex → the user), each good for one sign-in. */
  readonly futureAuthTokens = new Map<string, bigint>();
  readonly exportedAuths = new Map<string, { userId: bigint; dcId: number; from: AuthKeyRecord }>();
  readonly callCounts = new Map<string, number>();
  /** End (DC time, ms) of a flood-rule wait per phone and method; calls before it are refused. */
  readonly floodUntil = new Map<string, number>();
  readonly sinks = new Set<UpdateSink>();
  readonly floodRules: ScenarioFloodRule[];
  readonly unknownNumberCode: CodeSettings;
  readonly loginTokenSeconds: number;
  /** First 8 bytes of salt1 every password's new_algo uses (clients append 32 random bytes). */
  salt1Prefix = random(8);
  /** The next ids handed out; these, and the fields above, are what `state.ts` saves and restores. */
  nextUserId = 100000001n;
  nextChatId = 4000001n;
  /** Digits of the scenario phones seeded so far (a restored store seeds only the ones it lacks). */
  readonly seededPhones = new Set<string>();
  // Two-step verification of a signed-in account (issue 15)
  /** Password settings waiting for their new recovery email's code, per user. */
  readonly pendingPasswordEmails = new Map<bigint, PendingPasswordEmail>();
  /** DC unix seconds from which a requested password reset (account.resetPassword) goes through. */
  readonly pendingPasswordResets = new Map<bigint, number>();
  // Chats and messages (issue 16)
  readonly channels = new Map<bigint, ChannelRecord>();
  nextChannelId = 5000001n;
  /** Links the copies of one sent message across the boxes of its sender and recipients. */
  nextGid = 1;
  /** Accounts by phone digits, for `findByPhone` (a scan of 10,000 users per lookup was quadratic). */
  private readonly accountsByPhone = new Map<string, UserRecord>();
  /** How many of `users` the index has seen; users are never removed, only stop being accounts. */
  private indexedUsers = 0;

  private constructor(
    readonly scenario: Scenario,
    readonly dcIds: number[],
    /** The DC's time for Telegram's rules (expiries, resend timeouts, flood waits). */
    readonly time: DcTime,
  ) {
    super();
    this.floodRules = scenario.floodRules ?? [];
    this.unknownNumberCode = resolveCode(scenario.unknownNumberCode);
    this.loginTokenSeconds = scenario.loginTokenSeconds ?? 30;
    for (const id of dcIds) this.keys.set(id, new Map());
  }

  /** Builds the store for a scenario (computes SRP verifiers, which takes ~100 ms per password). */
  static async create(
    scenario: Scenario,
    dcIds: number[],
    time = new DcTime(),
    firstUserId?: bigint,
  ): Promise<AccountStore> {
    const store = new AccountStore(scenario, dcIds, time);
    if (firstUserId !== undefined) store.nextUserId = firstUserId;
    store.addServiceUser();
    for (const account of scenario.accounts) await store.addAccount(account);
    // Chats and messages (issue 16)
    seedChats(store, scenario);
    return store;
  }

  /** A store with nothing in it, for `state.ts` to fill from a saved state. */
  static empty(scenario: Scenario, dcIds: number[], time = new DcTime()): AccountStore {
    return new AccountStore(scenario, dcIds, time);
  }

  private addServiceUser(): void {
    this.users.set(SERVICE_USER_ID, {
      id: SERVICE_USER_ID,
      accessHash: randomLong(),
      firstName: 'Telegram',
      dcId: 1,
      isPremium: false,
      isService: true,
      isAccount: false,
      code: DEFAULT_CODE,
      status: { online: false, at: 0 },
      box: newBox(),
    });
  }

  /** Adds a scenario account, its dialog partners and its messages. */
  async addAccount(a: ScenarioAccount): Promise<UserRecord> {
    const phone = normalizePhone(a.phone);
    if (this.findByPhone(phone)) throw new Error(`duplicate phone ${a.phone}`);
    if (!this.dcIds.includes(a.dcId))
      throw new Error(`account ${a.phone} lives on unknown DC ${a.dcId}`);
    this.seededPhones.add(phone);
    const user = this.newUser({
      phone,
      firstName: a.firstName,
      lastName: a.lastName,
      username: a.username,
      dcId: a.dcId,
      isPremium: a.isPremium ?? false,
      isAccount: true,
      code: resolveCode(a.code),
      photoColor: a.photoColor,
    });
    user.loginEmail = a.code?.loginEmail;
    if (a.restrictions) user.restrictions = a.restrictions.map((r) => ({ ...r }));
    if (a.frozen) {
      const day = 86_400;
      user.freeze = {
        since: this.time.nowSeconds() - a.frozen.sinceDaysAgo * day,
        until: this.time.nowSeconds() + a.frozen.untilInDays * day,
        appealUrl: a.frozen.appealUrl,
      };
    }
    if (a.deactivated) user.deactivated = a.deactivated;
    if (a.twoFactor) {
      user.password = {
        srp: await createVerifier(a.twoFactor.password, this.salt1Prefix),
        hint: a.twoFactor.hint,
        recoveryEmail: a.twoFactor.recoveryEmail,
        fixedRecoveryCode: a.twoFactor.recoveryCode,
        recoveryCodeExpirySeconds: a.twoFactor.recoveryCodeExpirySeconds ?? 600,
        resetWaitSeconds: a.twoFactor.resetWaitSeconds ?? 7 * 24 * 3600,
      };
    }
    const base = this.time.nowSeconds() - 3600;
    for (const [i, d] of (a.dialogs ?? []).entries()) {
      const peer = this.addPeer(d.peer, a.dcId);
      const otherId = peer.kind === 'user' ? peer.id : (this.firstPartner(user) ?? SERVICE_USER_ID);
      const unread = d.unreadCount ?? 0;
      const date = base + i * 60;
      if (d.isOutgoing || unread === 0) {
        this.appendMessage(user, {
          peer,
          fromId: d.isOutgoing ? user.id : otherId,
          isOutgoing: !!d.isOutgoing,
          text: d.lastMessage,
          date,
        });
        const last = user.box.messages.at(-1);
        if (last && !d.isOutgoing) user.box.readInboxMaxId.set(peerKey(peer), last.id);
      } else {
        for (let k = unread - 1; k >= 0; k--) {
          const text = k === 0 ? d.lastMessage : `Earlier message ${unread - k}`;
          this.appendMessage(user, {
            peer,
            fromId: otherId,
            isOutgoing: false,
            text,
            date: date - k,
          });
        }
      }
    }
    return user;
  }

  private firstPartner(user: UserRecord): bigint | undefined {
    for (const m of user.box.messages) if (m.peer.kind === 'user') return m.peer.id;
    return undefined;
  }

  /** Creates (or reuses by title/name) a partner user or chat. */
  addPeer(p: ScenarioPeer, dcId: number): PeerRef {
    if (p.kind === 'chat') {
      for (const c of this.chats.values())
        if (c.title === p.title) return { kind: 'chat', id: c.id };
      const id = this.nextChatId++;
      this.chats.set(id, {
        id,
        title: p.title,
        participants: p.participants ?? 2,
        date: this.time.nowSeconds() - 86400,
      });
      return { kind: 'chat', id };
    }
    for (const u of this.users.values()) {
      if (!u.isAccount && !u.isService && u.firstName === p.firstName && u.lastName === p.lastName)
        return { kind: 'user', id: u.id };
    }
    const u = this.newUser({
      phone: p.phone ? normalizePhone(p.phone) : undefined,
      firstName: p.firstName,
      lastName: p.lastName,
      username: p.username,
      dcId,
      isPremium: false,
      isAccount: false,
      code: DEFAULT_CODE,
    });
    return { kind: 'user', id: u.id };
  }

  /** Creates a user record. */
  newUser(o: {
    phone?: string;
    firstName: string;
    lastName?: string;
    username?: string;
    dcId: number;
    isPremium: boolean;
    isAccount: boolean;
    code: CodeSettings;
    photoColor?: string;
  }): UserRecord {
    const id = this.nextUserId++;
    const user: UserRecord = {
      id,
      accessHash: randomLong(),
      phone: o.phone,
      firstName: o.firstName,
      lastName: o.lastName,
      username: o.username,
      dcId: o.dcId,
      isPremium: o.isPremium,
      isAccount: o.isAccount,
      code: o.code,
      status: { online: false, at: this.time.nowSeconds() - 600 },
      box: newBox(),
      photo: o.photoColor
        ? { id: randomLong(), png: solidPng(o.photoColor), color: o.photoColor }
        : undefined,
    };
    this.users.set(id, user);
    if (this.indexedUsers === this.users.size - 1) {
      if (user.isAccount && user.phone) this.accountsByPhone.set(user.phone, user);
      this.indexedUsers++;
    }
    return user;
  }

  /** Appends a message to an account's box, assigning id and pts. */
  appendMessage(user: UserRecord, m: Omit<MessageRecord, 'id' | 'pts'>): MessageRecord {
    const box = user.box;
    box.pts += 1;
    const rec: MessageRecord = { ...m, id: box.nextId++, pts: box.pts };
    box.messages.push(rec);
    return rec;
  }

  /** The account with this phone (any format), if registered. */
  findByPhone(phone: string): UserRecord | undefined {
    const digits = normalizePhone(phone);
    // Users set without newUser (a restored state) are indexed at the next lookup. A deleted
    // account keeps its index entry until then, but is no account any more.
    if (this.indexedUsers !== this.users.size) {
      this.accountsByPhone.clear();
      for (const u of this.users.values())
        if (u.isAccount && u.phone) this.accountsByPhone.set(u.phone, u);
      this.indexedUsers = this.users.size;
    }
    const user = this.accountsByPhone.get(digits);
    return user?.isAccount && user.phone === digits ? user : undefined;
  }

  /** Auth key lookup on one DC. */
  getKey(dcId: number, keyId: bigint): AuthKeyRecord | undefined {
    return this.keys.get(dcId)?.get(keyId);
  }

  /** Registers a freshly negotiated key. */
  addKey(dcId: number, keyId: bigint, key: Buffer): AuthKeyRecord {
    const t = now();
    const rec: AuthKeyRecord = {
      dcId,
      keyId,
      key,
      createdAt: t,
      state: 'active',
      authHash: randomLong(),
      isImported: false,
      salts: [{ salt: randomLong(), validSince: t - 60, validUntil: t + 3600 }],
      sessions: new Map(),
      srp: new Map(),
      dateActive: t,
    };
    this.keys.get(dcId)?.set(keyId, rec);
    return rec;
  }

  /** Active keys bound to a user, on every DC. */
  keysOfUser(userId: bigint): AuthKeyRecord[] {
    const out: AuthKeyRecord[] = [];
    for (const m of this.keys.values())
      for (const k of m.values()) if (k.userId === userId && k.state === 'active') out.push(k);
    return out;
  }

  /** Ends a key's authorization; imported keys that descend from it go too. */
  revokeKey(key: AuthKeyRecord, state: 'logged-out' | 'revoked'): void {
    key.state = state;
    for (const m of this.keys.values())
      for (const k of m.values())
        if (k.parentKey === key && k.state === 'active') this.revokeKey(k, state);
  }

  /**
   * Deletes an account (account.deleteAccount): its sessions end, and its number is free to
   * sign up as a new account. The record stays as "Deleted Account" for peers that show it.
   */
  deleteAccount(user: UserRecord): void {
    for (const m of this.keys.values()) {
      for (const k of m.values()) {
        if (k.pendingUserId === user.id) k.pendingUserId = undefined;
        if (k.userId === user.id && k.state === 'active') this.revokeKey(k, 'logged-out');
      }
    }
    this.recovery.delete(user.id);
    this.pendingPasswordEmails.delete(user.id);
    this.pendingPasswordResets.delete(user.id);
    user.isAccount = false;
    user.phone = undefined;
    user.username = undefined;
    user.password = undefined;
    user.resetAllowedAt = undefined;
    user.firstName = 'Deleted Account';
    user.lastName = undefined;
    user.photo = undefined;
  }

  /**
   * Counts a call of `method` for `phone` and answers the configured flood error once over the
   * limit. A FLOOD_WAIT_X rule then refuses every call for X seconds of DC time, reporting the
   * seconds left; after the wait the rule's `afterCalls` allowance starts again.
   */
  floodError(phone: string, method: string): string | undefined {
    const digits = normalizePhone(phone);
    const countKey = `${digits}|${method}`;
    const t = this.time.nowMs();
    const until = this.floodUntil.get(countKey);
    if (until !== undefined) {
      if (t < until) return `FLOOD_WAIT_${Math.ceil((until - t) / 1000)}`;
      this.floodUntil.delete(countKey);
      this.callCounts.delete(countKey);
    }
    const count = (this.callCounts.get(countKey) ?? 0) + 1;
    this.callCounts.set(countKey, count);
    for (const r of this.floodRules) {
      if (
        normalizePhone(r.phone) === digits &&
        r.method === method &&
        count > (r.afterCalls ?? 0)
      ) {
        const wait = /^FLOOD_WAIT_(\d+)$/.exec(r.error);
        if (wait) this.floodUntil.set(countKey, t + Number(wait[1]) * 1000);
        return r.error;
      }
    }
    return undefined;
  }

  /**
   * Issues the next code for `phone` (send or resend), emitting a `code` event. Types that send
   * nothing yet (setup-email-required, firebase-sms) record the attempt without a code or event.
   */
  issueCode(
    phone: string,
    attempt: Omit<CodeAttempt, 'code' | 'sentAt' | 'expiresAt' | 'callingNumber'> & {
      expirySeconds: number;
    },
  ): CodeAttempt {
    const n = (this.codeAttemptsByPhone.get(phone) ?? 0) + 1;
    this.codeAttemptsByPhone.set(phone, n);
    const t = this.time.nowMs();
    const type = attempt.types[attempt.typeIndex] ?? 'sms';
    const made = makeCode(type, phone, n, attempt.length);
    const rec: CodeAttempt = {
      phone,
      hash: attempt.hash,
      types: attempt.types,
      typeIndex: attempt.typeIndex,
      length: attempt.length,
      timeoutSeconds: attempt.timeoutSeconds,
      isCancelled: false,
      code: made.code,
      callingNumber: made.callingNumber,
      email: type === 'email' ? attempt.email : undefined,
      sentAt: t,
      expiresAt: t + attempt.expirySeconds * 1000,
    };
    this.codes.set(rec.hash, rec);
    if (rec.code === '') return rec;
    this.lastCodeByPhone.set(phone, rec);
    this.emit('code', {
      phone: '+' + phone,
      code: rec.code,
      type,
      ...(rec.callingNumber ? { callingNumber: rec.callingNumber } : {}),
      ...(rec.email ? { email: rec.email } : {}),
    });
    return rec;
  }

  /** E-mails a login-email verification code (account.sendVerifyEmailCode), emitting `email-code`. */
  issueEmailSetupCode(attempt: CodeAttempt, email: string): string {
    const n = (this.codeAttemptsByPhone.get(`email:${attempt.phone}`) ?? 0) + 1;
    this.codeAttemptsByPhone.set(`email:${attempt.phone}`, n);
    const code = deriveCode(attempt.phone, n, 6, 'email-setup');
    attempt.emailSetup = { email, code, expiresAt: this.time.nowMs() + 600_000 };
    this.emit('email-code', { phone: '+' + attempt.phone, email, code });
    return code;
  }

  /** Issues a recovery code for a 2FA account, emitting `recovery-code`. */
  issueRecoveryCode(user: UserRecord): RecoveryAttempt {
    const pw = user.password;
    if (!pw?.recoveryEmail) throw new Error('no recovery email');
    const n = (this.recoveryAttemptsByUser.get(user.id) ?? 0) + 1;
    this.recoveryAttemptsByUser.set(user.id, n);
    const code = pw.fixedRecoveryCode ?? deriveCode(user.phone ?? '', n, 6, 'recovery');
    const rec = { code, expiresAt: this.time.nowMs() + pw.recoveryCodeExpirySeconds * 1000 };
    this.recovery.set(user.id, rec);
    this.emit('recovery-code', { phone: '+' + (user.phone ?? ''), email: pw.recoveryEmail, code });
    return rec;
  }

  /** Pushes an update to every live session of `userId` (optionally except one key). */
  pushToUser(userId: bigint, update: TlObject, exceptKey?: AuthKeyRecord): number {
    let n = 0;
    for (const s of this.sinks) {
      if (s.key.userId === userId && s.key.state === 'active' && s.key !== exceptKey) {
        s.push(update);
        n++;
      }
    }
    return n;
  }

  /** Pushes an update to the live sessions of one key. */
  pushToKey(key: AuthKeyRecord, update: TlObject): number {
    let n = 0;
    for (const s of this.sinks) {
      if (s.key === key) {
        s.push(update);
        n++;
      }
    }
    return n;
  }
}

function newBox(): MessageBox {
  return {
    messages: [],
    nextId: 1,
    pts: 1,
    readInboxMaxId: new Map(),
    dialogs: new Map(),
    events: [],
    randomIds: new Map(),
  };
}

/** Stable map key for a peer. */
export function peerKey(p: PeerRef): string {
  return `${p.kind}:${p.id}`;
}

/** "b***@example.com" as Telegram masks recovery e-mails. */
export function emailPattern(email: string): string {
  const at = email.indexOf('@');
  if (at <= 0) return '***';
  return `${email[0] ?? ''}***${email.slice(at)}`;
}

/** Current unix time in seconds. */
export function unixNow(): number {
  return now();
}
