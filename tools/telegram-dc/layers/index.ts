import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { LAYER } from 'telegram/tl/AllTLObjects';
import apiTl from 'telegram/tl/apiTl';
import { TlSchema, transcode } from './schema';

/**
 * API layers the DC serves. Handlers are written against GramJS's TL classes, so GramJS's layer is
 * the DC's native one and its clients are served byte for byte as before. A client that declares
 * another layer through invokeWithLayer gets its queries transcoded into the native layer and the
 * answers (and pushed updates) transcoded back, constructor by constructor, by name.
 *
 * Other layers come from schema files that client libraries ship as plain data (read, never
 * executed). Today: mtcute's `tl/api-schema.json` (its layer, 227 for the pinned version).
 */

/** GramJS's layer: what the handlers speak. */
export const NATIVE_LAYER: number = LAYER;

/** Schema files of other layers, as package-relative paths; missing packages are skipped. */
const SCHEMA_FILES = ['@mtcute/core/tl/api-schema.json'];

let nativeSchema: TlSchema | undefined;
let otherSchemas: Map<number, TlSchema> | undefined;

function native(): TlSchema {
  nativeSchema ??= TlSchema.fromText(NATIVE_LAYER, apiTl);
  return nativeSchema;
}

function others(): Map<number, TlSchema> {
  if (!otherSchemas) {
    otherSchemas = new Map();
    const require = createRequire(import.meta.url);
    for (const file of SCHEMA_FILES) {
      let path: string;
      try {
        path = require.resolve(file);
      } catch {
        continue; // that client library is not installed: its layer is simply not offered
      }
      const schema = TlSchema.fromJson(JSON.parse(readFileSync(path, 'utf8')) as unknown);
      if (schema.layer !== NATIVE_LAYER) otherSchemas.set(schema.layer, schema);
    }
  }
  return otherSchemas;
}

/** Every layer the DC can answer in, ascending. */
export function knownLayers(): number[] {
  return [NATIVE_LAYER, ...others().keys()].sort((a, b) => a - b);
}

/** How one connection's RPC traffic crosses between its layer and the native one. */
export interface LayerCodec {
  /** The layer the DC answers in. */
  readonly layer: number;
  /** The layer the client asked for. */
  readonly requested: number;
  /** Query bytes of the client's layer → native bytes. */
  queryToNative(query: Buffer): Buffer;
  /** A native answer to `method` (TL name) → bytes of the client's layer. */
  resultFromNative(result: Buffer, method: string): Buffer;
  /** A native Updates object → bytes of the client's layer. */
  updatesFromNative(updates: Buffer): Buffer;
}

const nativeCodec = (requested: number): LayerCodec => ({
  layer: NATIVE_LAYER,
  requested,
  queryToNative: (q) => q,
  resultFromNative: (r) => r,
  updatesFromNative: (u) => u,
});

/**
 * The codec for a client that declared `requested`: that layer if known, else the newest known
 * layer below it (Telegram too answers in the closest layer it has), else the native one.
 */
export function codecFor(requested: number): LayerCodec {
  const below = knownLayers().filter((l) => l <= requested);
  const layer = below.at(-1) ?? NATIVE_LAYER;
  if (layer === NATIVE_LAYER) return nativeCodec(requested);
  const schema = others().get(layer);
  if (!schema) return nativeCodec(requested);
  const base = native();
  return {
    layer,
    requested,
    queryToNative: (q) => transcode(q, schema, base, '!X'),
    resultFromNative: (r, method) => {
      const m = base.byName.get(method);
      const target = schema.byName.get(method);
      if (!m || !target) return transcode(r, base, schema, '!X');
      // Vector results (e.g. users.getUsers) need their element type; objects are self-describing.
      return m.returnsVector
        ? transcode(r, base, schema, m.type, true)
        : transcode(r, base, schema, 'Object');
    },
    updatesFromNative: (u) => transcode(u, base, schema, 'Updates'),
  };
}
