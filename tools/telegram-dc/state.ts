import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { z } from 'zod';
import type { DcTime } from './clock';
import type { DialogSettings, MessageExtra } from './messaging';
import { solidPng } from './photo';
import { privateKeyPem, rsaKeyFromPem, type DcRsaKey } from './rsa';
import type { DcEndpoint } from './runtime';
import { normalizePhone, type Scenario } from './scenario';
import {
  AccountStore,
  type AuthKeyRecord,
  type ChatRecord,
  type MessageRecord,
  type UserRecord,
} from './store';

/**
 * The sandbox's state file (`npm run dc -- --state FILE`, the demo's `dc-state.json`): what a
 * restarted DC needs so that clients signed in before still are. It keeps the accounts with
 * their messages and passwords, every auth key and its binding, the RSA key clients trust and
 * the DC ports their sessions dial. Pending codes, QR tokens and live sessions are not kept:
 * clients ask for a new code or open a new session, as after a Telegram DC restart.
 *
 * The file holds auth keys and the RSA private key, so it is written with mode 0600, atomically
 * (a temporary file renamed over the old one).
 */

/** Marks the file as ours. */
const FORMAT = 'gramdeck-sandbox-dc-state';
const VERSION = 1;

/** A state file that cannot be used; its message is one plain sentence. */
export class DcStateError extends Error {
  override readonly name = 'DcStateError';
}

const bigintText = z
  .string()
  .regex(/^-?\d{1,40}$/)
  .transform((s) => BigInt(s));
const bytes = z
  .string()
  .regex(/^[A-Za-z0-9+/]*={0,2}$/)
  .transform((s) => Buffer.from(s, 'base64'));
const int = z.number().int();
const codeType = z.enum([
  'app',
  'sms',
  'call',
  'flash-call',
  'missed-call',
  'email',
  'setup-email-required',
  'fragment-sms',
  'firebase-sms',
  'sms-word',
  'sms-phrase',
]);
const peer = z.object({ kind: z.enum(['user', 'chat', 'channel']), id: bigintText });

const userSchema = z.object({
  id: bigintText,
  accessHash: bigintText,
  phone: z.string().optional(),
  firstName: z.string(),
  lastName: z.string().optional(),
  username: z.string().optional(),
  dcId: int,
  isPremium: z.boolean(),
  isBot: z.boolean().optional(),
  isService: z.boolean().optional(),
  photo: z.object({ id: bigintText, color: z.string() }).optional(),
  isAccount: z.boolean(),
  password: z
    .object({
      salt1: bytes,
      salt2: bytes,
      verifier: bytes,
      hint: z.string().optional(),
      recoveryEmail: z.string().optional(),
      fixedRecoveryCode: z.string().optional(),
      recoveryCodeExpirySeconds: int,
      resetWaitSeconds: int,
    })
    .optional(),
  resetAllowedAt: int.optional(),
  code: z.object({
    types: z.array(codeType),
    length: int,
    timeoutSeconds: int,
    expirySeconds: int,
  }),
  loginEmail: z.string().optional(),
  status: z.object({ online: z.boolean(), at: int }),
  restrictions: z
    .array(z.object({ platform: z.string(), reason: z.string(), text: z.string() }))
    .optional(),
  freeze: z.object({ since: int, until: int, appealUrl: z.string() }).optional(),
  deactivated: z.enum(['deleted', 'banned']).optional(),
  box: z.object({
    messages: z.array(
      z.object({
        id: int,
        peer,
        fromId: bigintText,
        isOutgoing: z.boolean(),
        text: z.string(),
        date: int,
        pts: int,
        // Chats and messages (issue 16): entities, reply, forward, media (JSON-safe).
        extra: z.custom<MessageExtra>((v) => typeof v === 'object' && v !== null).optional(),
      }),
    ),
    nextId: int,
    pts: int,
    readInboxMaxId: z.array(z.tuple([z.string(), int])),
    // Chats and messages (issue 16): pinned, muted, archived, unread mark, read outbox.
    dialogs: z
      .array(
        z.tuple([z.string(), z.custom<DialogSettings>((v) => typeof v === 'object' && v !== null)]),
      )
      .optional(),
  }),
});

const keySchema = z.object({
  dcId: int,
  keyId: bigintText,
  // GramJS keeps g^ab without its leading zero bytes: about 1 key in 256 is 255 bytes long.
  key: bytes.refine((b) => b.length > 0 && b.length <= 256, 'an auth key is at most 256 bytes'),
  createdAt: int,
  userId: bigintText.optional(),
  pendingUserId: bigintText.optional(),
  state: z.enum(['active', 'logged-out', 'revoked']),
  layer: int.optional(),
  client: z
    .object({
      apiId: int,
      deviceModel: z.string(),
      systemVersion: z.string(),
      appVersion: z.string(),
      langCode: z.string(),
    })
    .optional(),
  authHash: bigintText,
  parent: z.object({ dcId: int, keyId: bigintText }).optional(),
  isImported: z.boolean(),
  salts: z.array(z.object({ salt: bigintText, validSince: int, validUntil: int })),
  dateActive: int,
});

// Chats and messages (issue 16)
const messageSchema = z.object({
  id: int,
  peer,
  fromId: bigintText,
  isOutgoing: z.boolean(),
  text: z.string(),
  date: int,
  pts: int,
  extra: z.custom<MessageExtra>((v) => typeof v === 'object' && v !== null).optional(),
});

const channelSchema = z.object({
  id: bigintText,
  accessHash: bigintText,
  title: z.string(),
  username: z.string().optional(),
  isMegagroup: z.boolean(),
  date: int,
  creatorId: bigintText,
  members: z.array(bigintText),
  messages: z.array(messageSchema),
  nextId: int,
  pts: int,
  readOutboxMaxId: z.array(z.tuple([bigintText, int])),
});

const stateSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  scenario: z.string(),
  dcs: z.array(z.object({ id: int, host: z.string(), port: int.min(1).max(32767) })).min(1),
  rsaPrivateKey: z.string().min(1),
  store: z.object({
    salt1Prefix: bytes,
    nextUserId: bigintText,
    nextChatId: bigintText,
    seededPhones: z.array(z.string()),
    users: z.array(userSchema),
    chats: z.array(
      z.object({
        id: bigintText,
        title: z.string(),
        participants: int,
        date: int,
        // Chats and messages (issue 16)
        members: z.array(bigintText).optional(),
      }),
    ),
    keys: z.array(keySchema),
    futureAuthTokens: z.array(z.tuple([z.string(), bigintText])),
    codeAttempts: z.array(z.tuple([z.string(), int])),
    recoveryAttempts: z.array(z.tuple([bigintText, int])),
    // Two-step verification of a signed-in account (issue 15): requested password resets.
    passwordResets: z.array(z.tuple([bigintText, int])).optional(),
    // Chats and messages (issue 16): channels with their messages, and the next ids.
    channels: z.array(channelSchema).optional(),
    nextChannelId: bigintText.optional(),
    nextGid: int.optional(),
  }),
});

/** A state file's contents as JSON (what {@link writeDcState} writes). */
export type DcStateJson = z.input<typeof stateSchema>;
/** A state file read and checked: the input of `startTestDc({ state })`. */
export type DcState = z.output<typeof stateSchema>;

const b64 = (b: Buffer): string => b.toString('base64');

/** The state of a running sandbox, as JSON. */
export function captureDcState(
  store: AccountStore,
  rsa: DcRsaKey,
  dcs: readonly DcEndpoint[],
): DcStateJson {
  const keys: DcStateJson['store']['keys'] = [];
  for (const perDc of store.keys.values()) for (const k of perDc.values()) keys.push(keyJson(k));
  return {
    format: FORMAT,
    version: VERSION,
    scenario: store.scenario.name,
    dcs: dcs.map((d) => ({ id: d.id, host: d.host, port: d.port })),
    rsaPrivateKey: privateKeyPem(rsa),
    store: {
      salt1Prefix: b64(store.salt1Prefix),
      nextUserId: store.nextUserId.toString(),
      nextChatId: store.nextChatId.toString(),
      seededPhones: [...store.seededPhones],
      users: [...store.users.values()].map(userJson),
      chats: [...store.chats.values()].map((c) => ({
        ...c,
        id: c.id.toString(),
        members: c.members?.map((m) => m.toString()),
      })),
      keys,
      futureAuthTokens: [...store.futureAuthTokens].map(([t, u]) => [t, u.toString()]),
      codeAttempts: [...store.codeAttemptsByPhone],
      recoveryAttempts: [...store.recoveryAttemptsByUser].map(([u, n]) => [u.toString(), n]),
      passwordResets: [...store.pendingPasswordResets].map(([u, t]) => [u.toString(), t]),
      channels: [...store.channels.values()].map((c) => ({
        ...c,
        id: c.id.toString(),
        accessHash: c.accessHash.toString(),
        creatorId: c.creatorId.toString(),
        members: c.members.map((m) => m.toString()),
        messages: c.messages.map(messageJson),
        readOutboxMaxId: [...c.readOutboxMaxId].map(([u, n]) => [u.toString(), n]),
      })),
      nextChannelId: store.nextChannelId.toString(),
      nextGid: store.nextGid,
    },
  };
}

function messageJson(m: MessageRecord): z.input<typeof messageSchema> {
  return {
    ...m,
    peer: { kind: m.peer.kind, id: m.peer.id.toString() },
    fromId: m.fromId.toString(),
  };
}

function userJson(u: UserRecord): DcStateJson['store']['users'][number] {
  return {
    id: u.id.toString(),
    accessHash: u.accessHash.toString(),
    phone: u.phone,
    firstName: u.firstName,
    lastName: u.lastName,
    username: u.username,
    dcId: u.dcId,
    isPremium: u.isPremium,
    isBot: u.isBot,
    isService: u.isService,
    photo: u.photo ? { id: u.photo.id.toString(), color: u.photo.color } : undefined,
    isAccount: u.isAccount,
    password: u.password
      ? {
          salt1: b64(u.password.srp.salt1),
          salt2: b64(u.password.srp.salt2),
          verifier: b64(u.password.srp.verifier),
          hint: u.password.hint,
          recoveryEmail: u.password.recoveryEmail,
          fixedRecoveryCode: u.password.fixedRecoveryCode,
          recoveryCodeExpirySeconds: u.password.recoveryCodeExpirySeconds,
          resetWaitSeconds: u.password.resetWaitSeconds,
        }
      : undefined,
    resetAllowedAt: u.resetAllowedAt,
    code: { ...u.code, types: [...u.code.types] },
    loginEmail: u.loginEmail,
    status: { ...u.status },
    restrictions: u.restrictions?.map((r) => ({ ...r })),
    freeze: u.freeze ? { ...u.freeze } : undefined,
    deactivated: u.deactivated,
    box: {
      messages: u.box.messages.map((m) => ({
        ...m,
        peer: { kind: m.peer.kind, id: m.peer.id.toString() },
        fromId: m.fromId.toString(),
      })),
      nextId: u.box.nextId,
      pts: u.box.pts,
      readInboxMaxId: [...u.box.readInboxMaxId],
      dialogs: [...u.box.dialogs],
    },
  };
}

function keyJson(k: AuthKeyRecord): DcStateJson['store']['keys'][number] {
  return {
    dcId: k.dcId,
    keyId: k.keyId.toString(),
    key: b64(k.key),
    createdAt: k.createdAt,
    userId: k.userId?.toString(),
    pendingUserId: k.pendingUserId?.toString(),
    state: k.state,
    layer: k.layer,
    client: k.client ? { ...k.client } : undefined,
    authHash: k.authHash.toString(),
    parent: k.parentKey
      ? { dcId: k.parentKey.dcId, keyId: k.parentKey.keyId.toString() }
      : undefined,
    isImported: k.isImported,
    salts: k.salts.map((s) => ({ ...s, salt: s.salt.toString() })),
    dateActive: k.dateActive,
  };
}

/**
 * Rebuilds the account store from a saved state. Scenario accounts the state has never seeded
 * (a newer demo added them) are added; the ones it seeded stay as the state has them, even if
 * they were deleted or changed their password since.
 */
export async function restoreStore(
  state: DcState,
  scenario: Scenario,
  dcIds: number[],
  time: DcTime,
): Promise<AccountStore> {
  const saved = state.store;
  const store = AccountStore.empty(scenario, dcIds, time);
  store.salt1Prefix = saved.salt1Prefix;
  store.nextUserId = saved.nextUserId;
  store.nextChatId = saved.nextChatId;
  for (const phone of saved.seededPhones) store.seededPhones.add(phone);
  for (const u of saved.users) store.users.set(u.id, restoreUser(u));
  for (const c of saved.chats) store.chats.set(c.id, { ...c } satisfies ChatRecord);
  for (const c of saved.channels ?? [])
    store.channels.set(c.id, {
      ...c,
      messages: c.messages.map((m): MessageRecord => ({ ...m })),
      events: [],
      readOutboxMaxId: new Map(c.readOutboxMaxId),
    });
  if (saved.nextChannelId !== undefined) store.nextChannelId = saved.nextChannelId;
  if (saved.nextGid !== undefined) store.nextGid = saved.nextGid;
  const byId = new Map<string, AuthKeyRecord>();
  const parents = new Map<AuthKeyRecord, string>();
  for (const k of saved.keys) {
    const perDc = store.keys.get(k.dcId);
    if (!perDc) throw new DcStateError(`it names an auth key on DC ${k.dcId}, which is not run`);
    const { parent, ...rest } = k;
    const rec: AuthKeyRecord = { ...rest, sessions: new Map(), srp: new Map() };
    perDc.set(rec.keyId, rec);
    byId.set(`${k.dcId}:${k.keyId}`, rec);
    if (parent) parents.set(rec, `${parent.dcId}:${parent.keyId}`);
  }
  for (const [rec, parentId] of parents) rec.parentKey = byId.get(parentId);
  for (const [token, userId] of saved.futureAuthTokens) store.futureAuthTokens.set(token, userId);
  for (const [phone, n] of saved.codeAttempts) store.codeAttemptsByPhone.set(phone, n);
  for (const [userId, n] of saved.recoveryAttempts) store.recoveryAttemptsByUser.set(userId, n);
  for (const [userId, t] of saved.passwordResets ?? []) store.pendingPasswordResets.set(userId, t);
  for (const account of scenario.accounts) {
    const phone = normalizePhone(account.phone);
    if (!store.seededPhones.has(phone) && !store.findByPhone(phone))
      await store.addAccount(account);
  }
  return store;
}

function restoreUser(u: DcState['store']['users'][number]): UserRecord {
  const { photo, password, box, ...rest } = u;
  return {
    ...rest,
    photo: photo ? { ...photo, png: solidPng(photo.color) } : undefined,
    password: password
      ? {
          srp: { salt1: password.salt1, salt2: password.salt2, verifier: password.verifier },
          hint: password.hint,
          recoveryEmail: password.recoveryEmail,
          fixedRecoveryCode: password.fixedRecoveryCode,
          recoveryCodeExpirySeconds: password.recoveryCodeExpirySeconds,
          resetWaitSeconds: password.resetWaitSeconds,
        }
      : undefined,
    box: {
      messages: box.messages.map((m): MessageRecord => ({ ...m })),
      nextId: box.nextId,
      pts: box.pts,
      readInboxMaxId: new Map(box.readInboxMaxId),
      dialogs: new Map(box.dialogs),
      events: [],
      randomIds: new Map(),
    },
  };
}

/** The RSA key a state file keeps. */
export function restoreRsaKey(state: DcState): DcRsaKey {
  try {
    return rsaKeyFromPem(state.rsaPrivateKey);
  } catch {
    throw new DcStateError('its RSA key cannot be read');
  }
}

/** Why `text` is not a state file for `scenarioName`, or the state it holds. */
export function parseDcState(text: string, scenarioName: string): DcState {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DcStateError('it is not valid JSON (cut short or edited?)');
  }
  const format = (json as { format?: unknown } | null)?.format;
  const version = (json as { version?: unknown } | null)?.version;
  if (format !== FORMAT) throw new DcStateError('it is not a sandbox DC state file');
  if (typeof version === 'number' && version > VERSION)
    throw new DcStateError('it was written by a newer version of the sandbox');
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    throw new DcStateError(`it is damaged (${where ? `${where}: ` : ''}${issue?.message ?? '?'})`);
  }
  if (parsed.data.scenario !== scenarioName)
    throw new DcStateError(
      `it belongs to the scenario "${parsed.data.scenario}", not "${scenarioName}"`,
    );
  restoreRsaKey(parsed.data);
  return parsed.data;
}

/**
 * Reads a state file: `null` when there is none yet, the state, or a {@link DcStateError} whose
 * message says in one sentence what is wrong and that `--fresh` starts clean.
 */
export function readDcState(path: string, scenarioName: string): DcState | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw unusableStateFile(path, `it cannot be read (${code ?? 'read error'})`);
  }
  try {
    return parseDcState(text, scenarioName);
  } catch (e) {
    if (e instanceof DcStateError) throw unusableStateFile(path, e.message);
    throw e;
  }
}

/** The one sentence a CLI prints for a state file it cannot use (`why` starts with "it …"). */
export function unusableStateFile(path: string, why: string): DcStateError {
  return new DcStateError(
    `The sandbox state file ${path} cannot be used: ${why}. Start with --fresh to begin with a clean sandbox (its accounts and sign-ins are lost), or move the file away.`,
  );
}

/** Writes `text` to `path` atomically (temporary file, fsync, rename), mode 0600. */
export function writeFileAtomic(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}

/** Repeats `fn` every `ms` until the returned function is called (real timers by default). */
export type Every = (ms: number, fn: () => void) => () => void;

const realEvery: Every = (ms, fn) => {
  const timer = setInterval(fn, ms);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
};

/** Keeps a state file up to date. */
export interface DcStatePersister {
  /** Writes the state if it changed since the last write; true if it wrote. */
  save(): boolean;
  /** Stops the interval and writes a last time. */
  stop(): void;
}

/**
 * Writes the state now, then every `intervalMs` (default 1 s) when it changed, and on stop. A
 * failed write is reported through `onError` once per failure streak and retried next time.
 */
export function persistDcState(
  path: string,
  snapshot: () => DcStateJson,
  options: { intervalMs?: number; every?: Every; onError?: (message: string) => void } = {},
): DcStatePersister {
  let written = '';
  let isFailing = false;
  const save = (): boolean => {
    const text = JSON.stringify(snapshot());
    if (text === written) return false;
    try {
      writeFileAtomic(path, text);
    } catch (e) {
      if (!isFailing)
        options.onError?.(
          `could not save the sandbox state to ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)}); retrying`,
        );
      isFailing = true;
      return false;
    }
    isFailing = false;
    written = text;
    return true;
  };
  save();
  const cancel = (options.every ?? realEvery)(options.intervalMs ?? 1000, () => {
    save();
  });
  return {
    save,
    stop: () => {
      cancel();
      save();
    },
  };
}
