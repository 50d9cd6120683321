/**
 * The vault's on-disk formats, their schemas, and the pure migrations between versions.
 *
 * Version 2 (current):
 * - `vault.json`, the header: the vault id, the recorded storage backend, the wrapped data keys
 *   (each with its own KDF parameters), and the recovery code sealed with the data key.
 * - `accounts/<accountId>.json`: one sealed `AccountRecord` per file, for containment.
 * - `credentials/<base64url(profileKey)>.json`: sealed API credentials per server profile.
 * - `login/<type>-<base64url(id)>.json`: sealed login data: the default login proxy
 *   (`login-proxy`, id `default`) and the future auth tokens of every phone number
 *   (`auth-tokens`, id `all`).
 * Every file has a `.bak` twin holding the last known good version.
 *
 * Version 1 (the prototype format, kept as fixtures in test/fixtures/vault/v1): the header kept
 * its wraps in a `wrappedKeys` array under one shared `kdf`, and all records lived in a single
 * `accounts.json`. The header migration is a pure rename; records move to one file each on the
 * first unlock, because re-sealing them under the v2 associated data needs the data key.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { serverProfileSchema } from '../../shared/server-profile';
import { apiCredentialsSchema, proxySchema } from '../../shared/contract';
import type { AccountRecord, ApiCredentials, AuthTokens, ServerSalt } from '../ports';

export const FORMAT_NAME = 'gramdeck-vault';
export const CURRENT_VERSION = 2;

export const loginRecordTypes = ['login-proxy', 'auth-tokens'] as const;
export type LoginRecordType = (typeof loginRecordTypes)[number];
export type RecordType = 'account' | 'api-credentials' | LoginRecordType;
export type WrapKind = 'os' | 'passcode' | 'recovery' | 'recovery-code' | 'key-check';

/** The plaintext of `keyCheck`. */
export const KEY_CHECK_TEXT = 'gramdeck-vault key check';

/** Associated data of a v2 record: binds the format version, the record type and its id. */
export function recordAad(type: RecordType, id: string, version: number = CURRENT_VERSION): string {
  return `${FORMAT_NAME}/${version}/${type}/${id}`;
}

/**
 * Associated data of a key wrap: binds the wrap to its kind and its vault, so a wrap copied from
 * another vault or moved to another slot does not open. Identical in v1 and v2.
 */
export function wrapAad(kind: WrapKind, vaultId: string): string {
  return `${FORMAT_NAME}/key/${kind}/${vaultId}`;
}

const base64 = z
  .string()
  .max(1_000_000)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/);
const sealedSchema = z.strictObject({ nonce: base64, ciphertext: base64 });

const scryptSchema = z.strictObject({
  algorithm: z.literal('scrypt'),
  N: z
    .number()
    .int()
    .min(2)
    .max(2 ** 24)
    .refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
  r: z.number().int().min(1).max(64),
  p: z.number().int().min(1).max(64),
  salt: base64,
});

const storageBackendSchema = z.enum(['keychain', 'basic_text', 'unavailable']);

const secretWrapSchema = z.strictObject({ kdf: scryptSchema, sealed: sealedSchema });

export const headerV2Schema = z.strictObject({
  format: z.literal(FORMAT_NAME),
  version: z.literal(2),
  vaultId: z.string().regex(/^[0-9a-f]{32}$/),
  createdAt: z.number().int().nonnegative(),
  /** The storage backend when the header was last written. */
  backend: storageBackendSchema,
  weakStorageAccepted: z.boolean(),
  keys: z.strictObject({
    /** The data key encrypted by the OS (safeStorage), and how strong that backend was. */
    os: z.strictObject({ backend: storageBackendSchema, ciphertext: base64 }).nullable(),
    passcode: secretWrapSchema.nullable(),
    recovery: secretWrapSchema.nullable(),
    /** Only after the user accepted weak storage where no OS cipher exists at all. */
    plain: z.strictObject({ key: base64 }).nullable(),
  }),
  /**
   * A constant sealed with the data key: proves an unwrapped key is the right one. Mandatory;
   * only a header from before that (see `legacyHeaderV2Schema`) may lack it until its first unlock.
   */
  keyCheck: sealedSchema,
  /** The current recovery code, sealed with the data key, so it can be shown again. */
  recoveryCode: sealedSchema.nullable(),
  /** Set while version-1 records still wait to be moved to one file each. */
  pendingRecordsFrom: z.literal(1).nullable(),
});
export type HeaderV2 = z.infer<typeof headerV2Schema>;

/**
 * A v2 header written before `keyCheck` was mandatory (older Gramdeck wrote one after migrating
 * a v1 vault). It is read, never written: the first unlock computes the key check, and only if
 * the unwrapped key opens the saved records.
 */
const legacyHeaderV2Schema = headerV2Schema.extend({ keyCheck: z.null() });

/** A header as read from disk: a v2 header, or one migrated or legacy without its key check. */
export type LoadedHeader = Omit<HeaderV2, 'keyCheck'> & { keyCheck: HeaderV2['keyCheck'] | null };
export type ScryptRecord = z.infer<typeof scryptSchema>;
export type SecretWrap = z.infer<typeof secretWrapSchema>;

export const recordFileSchema = z.strictObject({
  format: z.literal(FORMAT_NAME),
  version: z.literal(2),
  type: z.enum(['account', 'api-credentials', ...loginRecordTypes]),
  id: z.string().min(1).max(512),
  sealed: sealedSchema,
});
export type RecordFile = z.infer<typeof recordFileSchema>;

/** Telegram hands out at most 64 future salts at a time. */
const serverSaltSchema = z.strictObject({
  salt: z.string().regex(/^-?\d{1,20}$/),
  validSince: z.number().int(),
  validUntil: z.number().int(),
}) satisfies z.ZodType<ServerSalt>;

export const accountRecordSchema = z.strictObject({
  session: z.string(),
  serverSalts: z.array(serverSaltSchema).max(64).optional(),
  phone: z.string(),
  userId: z.string(),
  homeDcId: z.number().int(),
  serverProfile: serverProfileSchema,
  apiId: z.number().int(),
  apiHash: z.string(),
  proxy: proxySchema.nullable(),
  displayName: z.string(),
  username: z.string().nullable(),
  isPremium: z.boolean(),
  avatar: z.string().nullable(),
}) satisfies z.ZodType<AccountRecord>;

export const apiCredentialsRecordSchema = apiCredentialsSchema satisfies z.ZodType<ApiCredentials>;

export const loginProxyRecordSchema = z.strictObject({ proxy: proxySchema.nullable() });

/** At most this many future auth tokens are kept per phone number, the newest first. */
export const MAX_AUTH_TOKENS = 20;

const authTokensSchema = z.strictObject({
  tokens: z
    .array(
      z.strictObject({
        /** The server profile the token came from (tokens of one cluster mean nothing to another). */
        profileKey: z.string().min(1).max(256),
        token: base64.max(1024),
      }),
    )
    .max(MAX_AUTH_TOKENS),
}) satisfies z.ZodType<AuthTokens>;

/**
 * Every phone number's future auth tokens in one record (id `all`), so that no phone number
 * appears in a file name or an envelope.
 */
export const authTokensRecordSchema = z.strictObject({
  phones: z.record(z.string().regex(/^\d{1,32}$/), authTokensSchema),
});

// ---------------------------------------------------------------------------------------------
// Version 1

const v1WrapSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('safe-storage'), backend: storageBackendSchema, data: base64 }),
  z.strictObject({
    kind: z.enum(['passcode', 'recovery']),
    salt: base64,
    iv: base64,
    data: base64,
  }),
  z.strictObject({ kind: z.literal('plain'), data: base64 }),
]);

export const headerV1Schema = z.strictObject({
  version: z.literal(1),
  vaultId: z.string().regex(/^[0-9a-f]{32}$/),
  createdAt: z.number().int().nonnegative(),
  storageBackend: storageBackendSchema,
  weakAccepted: z.boolean(),
  kdf: z.strictObject({
    name: z.literal('scrypt'),
    N: scryptSchema.shape.N,
    r: scryptSchema.shape.r,
    p: scryptSchema.shape.p,
  }),
  wrappedKeys: z.array(v1WrapSchema).max(8),
  recoveryCode: z.strictObject({ iv: base64, data: base64 }).nullable(),
});
export type HeaderV1 = z.infer<typeof headerV1Schema>;

/** v1 kept every record in one file, keyed `account:<id>` or `api-credentials:<profileKey>`. */
export const recordsV1Schema = z.strictObject({
  version: z.literal(1),
  records: z.record(
    z.string().regex(/^(account|api-credentials):.+$/),
    z.strictObject({ iv: base64, data: base64 }),
  ),
});
export type RecordsV1 = z.infer<typeof recordsV1Schema>;

/** Associated data of a v1 record (v1 had no format name in it). */
export function recordAadV1(type: RecordType, id: string): string {
  return `gramdeck/1/${type}/${id}`;
}

/**
 * v1 → v2 header: the `wrappedKeys` array becomes the `keys` object, the shared `kdf` moves into
 * each secret wrap, and fields are renamed. The wraps themselves are unchanged (same associated
 * data), so this needs no key. Records are marked pending until the first unlock.
 */
export function migrateHeaderV1ToV2(v1: HeaderV1): LoadedHeader {
  const find = (kind: string) => v1.wrappedKeys.find((wrap) => wrap.kind === kind);
  const secret = (kind: 'passcode' | 'recovery'): SecretWrap | null => {
    const wrap = find(kind);
    if (!wrap || !('salt' in wrap)) return null;
    return {
      kdf: { algorithm: 'scrypt', N: v1.kdf.N, r: v1.kdf.r, p: v1.kdf.p, salt: wrap.salt },
      sealed: { nonce: wrap.iv, ciphertext: wrap.data },
    };
  };
  const os = find('safe-storage');
  const plain = find('plain');
  return {
    format: FORMAT_NAME,
    version: 2,
    vaultId: v1.vaultId,
    createdAt: v1.createdAt,
    backend: v1.storageBackend,
    weakStorageAccepted: v1.weakAccepted,
    keys: {
      os: os && 'backend' in os ? { backend: os.backend, ciphertext: os.data } : null,
      passcode: secret('passcode'),
      recovery: secret('recovery'),
      plain: plain ? { key: plain.data } : null,
    },
    keyCheck: null,
    recoveryCode: v1.recoveryCode
      ? { nonce: v1.recoveryCode.iv, ciphertext: v1.recoveryCode.data }
      : null,
    pendingRecordsFrom: 1,
  };
}

/** The result of reading a header file of any known version. */
export type ParsedHeader =
  | { kind: 'ok'; header: LoadedHeader; migratedFrom: number | null }
  | { kind: 'newer'; version: number }
  | { kind: 'invalid'; reason: string };

/** Parses header bytes of any known version and migrates them to the current one. Pure. */
export function parseHeader(text: string): ParsedHeader {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: 'not JSON' };
  }
  if (typeof json !== 'object' || json === null)
    return { kind: 'invalid', reason: 'not an object' };
  const version = 'version' in json ? json.version : undefined;
  // From v2 on every header carries a checksum; damage is told apart from a newer format by it.
  let body: object = json;
  if (version !== 1) {
    if (!('checksum' in json)) return { kind: 'invalid', reason: 'no checksum' };
    const { checksum, ...rest } = json;
    if (checksum !== headerChecksum(rest)) return { kind: 'invalid', reason: 'checksum' };
    body = rest;
  }
  if (version === 2) {
    const parsed = headerV2Schema.safeParse(body);
    if (parsed.success) return { kind: 'ok', header: parsed.data, migratedFrom: null };
    const legacy = legacyHeaderV2Schema.safeParse(body);
    return legacy.success
      ? { kind: 'ok', header: legacy.data, migratedFrom: null }
      : { kind: 'invalid', reason: 'schema' };
  }
  if (version === 1) {
    const parsed = headerV1Schema.safeParse(json);
    return parsed.success
      ? { kind: 'ok', header: migrateHeaderV1ToV2(parsed.data), migratedFrom: 1 }
      : { kind: 'invalid', reason: 'schema' };
  }
  if (
    typeof version === 'number' &&
    Number.isInteger(version) &&
    version > CURRENT_VERSION &&
    version < 1000 &&
    'format' in json &&
    json.format === FORMAT_NAME
  ) {
    return { kind: 'newer', version };
  }
  return { kind: 'invalid', reason: 'unknown version' };
}

/**
 * SHA-256 of the compact JSON of the header body. GCM already authenticates every wrap; the
 * checksum catches damage to the plain fields (and tells a damaged passcode wrap from a wrong
 * passcode), so the backup can be used instead. It is not a defence against deliberate edits,
 * which gain nothing: every secret is behind an authenticated wrap.
 */
export function headerChecksum(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

/** The file text of a v2 header. */
export function serializeHeader(header: HeaderV2): string {
  return `${JSON.stringify({ ...header, checksum: headerChecksum(header) }, null, 2)}\n`;
}

/** Parses a v2 record envelope; null when it is not one. Pure. */
export function parseRecordFile(text: string): RecordFile | null {
  try {
    const parsed = recordFileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Parses the v1 records file; null when it is not one. Pure. */
export function parseRecordsV1(text: string): RecordsV1 | null {
  try {
    const parsed = recordsV1Schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Splits a v1 record key into its type and id. */
export function splitV1Key(key: string): { type: RecordType; id: string } | null {
  const colon = key.indexOf(':');
  const type = key.slice(0, colon);
  const id = key.slice(colon + 1);
  if ((type === 'account' || type === 'api-credentials') && id) return { type, id };
  return null;
}

/** File name of a profile's API credentials: base64url keeps any profile key a safe name. */
export function credentialsFileName(profileKey: string): string {
  return `${Buffer.from(profileKey, 'utf8').toString('base64url')}.json`;
}

/** File name of a login record (`login/`): its type, then its id in base64url. */
export function loginFileName(type: LoginRecordType, id: string): string {
  return `${type}-${Buffer.from(id, 'utf8').toString('base64url')}.json`;
}

/** The type and id of a login record's file name, or null when the name is not one. */
export function parseLoginFileName(name: string): { type: LoginRecordType; id: string } | null {
  for (const type of loginRecordTypes) {
    if (!name.startsWith(`${type}-`) || !name.endsWith('.json')) continue;
    const id = Buffer.from(name.slice(type.length + 1, -'.json'.length), 'base64url').toString(
      'utf8',
    );
    if (id.length > 0 && loginFileName(type, id) === name) return { type, id };
  }
  return null;
}

export const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,64}$/;
