import { z } from 'zod';

/** One data center address of a custom server profile. */
export const dcAddressSchema = z.object({
  id: z.number().int().min(1).max(1000),
  host: z.string().min(1).max(255),
  /** GramJS's StringSession stores the port as Int16, so ports above 32767 cannot be saved. */
  port: z.number().int().min(1).max(32767),
});

/** An RSA public key the client trusts for the handshake. */
export const rsaKeySchema = z.object({
  /** The key's fingerprint as a signed 64-bit decimal string (GramJS's `_serverKeys` key). */
  fingerprint: z.string().regex(/^-?\d{1,20}$/),
  /** The modulus as a lowercase hexadecimal string. */
  n: z.string().regex(/^[0-9a-f]+$/),
  e: z.number().int().positive(),
});

/**
 * Where the Telegram adapter connects. `production` and `test` are Telegram's own servers;
 * `custom` is any MTProto server the user trusts, such as the local sandbox DC.
 */
export const serverProfileSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('production') }),
  z.object({ kind: z.literal('test') }),
  z.object({
    kind: z.literal('custom'),
    /** A human name shown in the UI, e.g. "Gramdeck sandbox". */
    label: z.string().min(1).max(100),
    /** True for the local sandbox DC: the UI always labels it as not Telegram. */
    isSandbox: z.boolean(),
    defaultDcId: z.number().int().min(1),
    dcs: z.array(dcAddressSchema).min(1).max(16),
    rsaKeys: z.array(rsaKeySchema).min(1).max(8),
    /** A sandbox may ship API credentials of its own; real servers need the user's. */
    apiId: z.number().int().positive().optional(),
    apiHash: z
      .string()
      .regex(/^[0-9a-f]{32}$/)
      .optional(),
  }),
]);

export type DcAddress = z.infer<typeof dcAddressSchema>;
export type RsaKey = z.infer<typeof rsaKeySchema>;
export type ServerProfile = z.infer<typeof serverProfileSchema>;
export type CustomServerProfile = Extract<ServerProfile, { kind: 'custom' }>;

/** Parses the JSON text of a server profile file (`--server-profile FILE`) with a plain message. */
export function parseServerProfileJson(
  text: string,
): { ok: true; profile: ServerProfile } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: 'The server profile is not valid JSON.' };
  }
  const parsed = serverProfileSchema.safeParse(json);
  if (parsed.success) return { ok: true, profile: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.map(String).join('.') ?? '';
  return {
    ok: false,
    message: `The server profile is not valid${where ? ` at ${where}` : ''}: ${issue?.message ?? 'unknown problem'}.`,
  };
}
