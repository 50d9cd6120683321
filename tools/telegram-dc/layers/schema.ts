import { serializeBytes } from 'telegram/tl';

/**
 * A small, schema-driven TL codec. The DC speaks GramJS's layer natively; for a client on another
 * API layer it reads that layer's bytes into plain {@link TlValue}s with the layer's schema and
 * writes them back with the other schema, matching constructors by name. Fields the target layer
 * lacks are dropped; fields it adds are left unset (flags) or given their zero value.
 */

/** One argument of a combinator. */
export interface TlArg {
  name: string;
  /** Base type without the Vector wrapper: "int", "long", "string", "User", "!X", "#", "true"... */
  type: string;
  /** Wrapped in a boxed Vector. */
  isVector: boolean;
  /** Present only when bit `bit` of the flags field `field` is set. */
  flag?: { field: string; bit: number };
}

/** A constructor or method. */
export interface TlCombinator {
  name: string;
  id: number;
  /** Result type (constructors: the type they build; methods: what they return). */
  type: string;
  /** The method returns a Vector of `type`. */
  returnsVector: boolean;
  isMethod: boolean;
  args: TlArg[];
}

/** A decoded TL object: its combinator name under `_`, then fields by TL name. */
export interface TlObjectValue {
  _: string;
  [field: string]: TlValue;
}

/** A decoded TL value. Strings stay bytes so nothing is lost in transit. */
export type TlValue =
  number | bigint | boolean | string | Buffer | TlValue[] | TlObjectValue | undefined;

/** Thrown for a constructor id (reading) or name (writing) the schema does not have. */
export class UnknownConstructorError extends Error {
  constructor(
    readonly constructorRef: number | string,
    readonly layer: number,
  ) {
    super(
      typeof constructorRef === 'number'
        ? `constructor 0x${(constructorRef >>> 0).toString(16).padStart(8, '0')} is not in layer ${layer}`
        : `constructor ${constructorRef} is not in layer ${layer}`,
    );
  }
}

const VECTOR_ID = 0x1cb5c415;

function parseArg(name: string, rawType: string): TlArg {
  let type = rawType;
  let flag: TlArg['flag'];
  const cond = /^(\w+)\.(\d+)\?(.+)$/.exec(type);
  if (cond) {
    flag = { field: cond[1] ?? '', bit: Number(cond[2]) };
    type = cond[3] ?? '';
  }
  const vec = /^[Vv]ector<(.+)>$/.exec(type);
  return { name, type: vec ? (vec[1] ?? '') : type, isVector: !!vec, ...(flag ? { flag } : {}) };
}

/** A whole API layer. */
export class TlSchema {
  readonly byId = new Map<number, TlCombinator>();
  readonly byName = new Map<string, TlCombinator>();
  private readonly emptyOf = new Map<string, TlCombinator | null>();

  constructor(
    readonly layer: number,
    combinators: readonly TlCombinator[],
  ) {
    for (const c of combinators) {
      this.byId.set(c.id, c);
      this.byName.set(c.name, c);
    }
  }

  /** Parses TL schema text (`name#id arg:type ... = Type;`, `---functions---` sections). */
  static fromText(layer: number, text: string): TlSchema {
    const out: TlCombinator[] = [];
    let isMethod = false;
    for (const raw of text.split('\n')) {
      const line = raw.replace(/\/\/.*$/, '').trim();
      if (line === '---functions---') isMethod = true;
      else if (line === '---types---') isMethod = false;
      const m = /^([\w.]+)#([0-9a-f]+)\s+(.*?)=\s*([^;]+);$/.exec(line);
      if (!m || line.includes('[')) continue;
      const args: TlArg[] = [];
      for (const tok of (m[3] ?? '').split(/\s+/).filter(Boolean)) {
        if (tok.startsWith('{')) continue; // generic parameter declarations such as {X:Type}
        const colon = tok.indexOf(':');
        args.push(parseArg(tok.slice(0, colon), tok.slice(colon + 1)));
      }
      const result = parseArg('', (m[4] ?? '').trim());
      out.push({
        name: m[1] ?? '',
        id: parseInt(m[2] ?? '0', 16) >>> 0,
        type: result.type,
        returnsVector: result.isVector,
        isMethod,
        args,
      });
    }
    return new TlSchema(layer, out);
  }

  /**
   * Reads a schema in the JSON form some client libraries ship (entries with kind, name, id,
   * type and arguments whose typeModifiers carry `predicate` and `isVector`).
   */
  static fromJson(json: unknown): TlSchema {
    const doc = json as {
      l: number;
      e: {
        kind: string;
        name: string;
        id: number;
        type: string;
        typeModifiers?: { isVector?: boolean };
        arguments?: {
          name: string;
          type: string;
          typeModifiers?: { predicate?: string; isVector?: boolean };
        }[];
      }[];
    };
    const out: TlCombinator[] = doc.e.map((e) => ({
      name: e.name,
      id: e.id >>> 0,
      type: e.type,
      returnsVector: e.typeModifiers?.isVector === true,
      isMethod: e.kind === 'method',
      args: (e.arguments ?? []).map((a) => {
        const pred = a.typeModifiers?.predicate;
        const vector = a.typeModifiers?.isVector === true;
        const base = parseArg(a.name, pred ? `${pred}?${a.type}` : a.type);
        return { ...base, isVector: base.isVector || vector };
      }),
    }));
    // Such files leave out the built-in Bool constructors; every layer has them.
    for (const [name, id] of [
      ['boolFalse', 0xbc799737],
      ['boolTrue', 0x997275b5],
    ] as const) {
      if (!out.some((c) => c.id === id))
        out.push({ name, id, type: 'Bool', returnsVector: false, isMethod: false, args: [] });
    }
    return new TlSchema(doc.l, out);
  }

  /** A constructor of `type` that needs no data (the "empty" value), if any. */
  emptyConstructor(type: string): TlCombinator | undefined {
    if (!this.emptyOf.has(type)) {
      let best: TlCombinator | null = null;
      for (const c of this.byId.values()) {
        if (c.isMethod || c.type !== type || c.args.some((a) => !a.flag && a.type !== '#'))
          continue;
        if (!best || c.name.endsWith('Empty')) best = c;
      }
      this.emptyOf.set(type, best);
    }
    return this.emptyOf.get(type) ?? undefined;
  }
}

/** Reads TL values from a buffer. */
export class TlReader {
  private pos = 0;

  constructor(
    private readonly buf: Buffer,
    private readonly schema: TlSchema,
  ) {}

  /** Bytes consumed so far. */
  get offset(): number {
    return this.pos;
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new RangeError('TL data ends early');
  }

  private int(): number {
    this.need(4);
    const v = this.buf.readInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  private uint(): number {
    return this.int() >>> 0;
  }

  private bytes(): Buffer {
    this.need(1);
    let len = this.buf[this.pos] ?? 0;
    let head = 1;
    if (len === 254) {
      this.need(4);
      len = this.buf.readUIntLE(this.pos + 1, 3);
      head = 4;
    }
    const padded = Math.ceil((head + len) / 4) * 4;
    this.need(padded);
    const out = Buffer.from(this.buf.subarray(this.pos + head, this.pos + head + len));
    this.pos += padded;
    return out;
  }

  private raw(n: number): Buffer {
    this.need(n);
    const out = Buffer.from(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
  }

  /** Reads one value of `type` (a Vector of it when `isVector`). */
  read(type: string, isVector = false): TlValue {
    if (isVector) {
      const id = this.uint();
      if (id !== VECTOR_ID) throw new UnknownConstructorError(id, this.schema.layer);
      const n = this.int();
      if (n < 0 || n > this.buf.length) throw new RangeError('bad vector length');
      const items: TlValue[] = [];
      for (let i = 0; i < n; i++) items.push(this.read(type));
      return items;
    }
    switch (type) {
      case 'int':
      case '#':
        return this.int();
      case 'long':
      case 'int53': {
        this.need(8);
        const v = this.buf.readBigInt64LE(this.pos);
        this.pos += 8;
        return v;
      }
      case 'double': {
        this.need(8);
        const v = this.buf.readDoubleLE(this.pos);
        this.pos += 8;
        return v;
      }
      case 'int128':
        return this.raw(16);
      case 'int256':
        return this.raw(32);
      case 'string':
      case 'bytes':
        return this.bytes();
      case 'true':
        return true;
      default:
        return this.object();
    }
  }

  /** Reads one boxed object (any type). */
  object(): TlObjectValue {
    const id = this.uint();
    const c = this.schema.byId.get(id);
    if (!c) throw new UnknownConstructorError(id, this.schema.layer);
    const obj: TlObjectValue = { _: c.name };
    const flags = new Map<string, number>();
    for (const a of c.args) {
      if (a.flag && (((flags.get(a.flag.field) ?? 0) >>> a.flag.bit) & 1) === 0) continue;
      if (a.type === '#') {
        flags.set(a.name, this.int());
        continue;
      }
      obj[a.name] =
        a.type === '!X' || a.type === 'X' ? this.object() : this.read(a.type, a.isVector);
    }
    return obj;
  }
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0, 0);
  return b;
}

function asBigInt(v: TlValue): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  return 0n;
}

/** Writes TL values with one schema. */
export class TlWriter {
  constructor(private readonly schema: TlSchema) {}

  /** Serialises `value` as `type` (a Vector of it when `isVector`). */
  write(type: string, value: TlValue, isVector = false): Buffer {
    if (isVector) {
      const items = Array.isArray(value) ? value : [];
      const n = Buffer.alloc(4);
      n.writeInt32LE(items.length, 0);
      return Buffer.concat([u32(VECTOR_ID), n, ...items.map((i) => this.write(type, i))]);
    }
    switch (type) {
      case 'int':
      case '#': {
        const b = Buffer.alloc(4);
        b.writeInt32LE(Number(typeof value === 'bigint' ? BigInt.asIntN(32, value) : (value ?? 0)));
        return b;
      }
      case 'long':
      case 'int53': {
        const b = Buffer.alloc(8);
        b.writeBigInt64LE(BigInt.asIntN(64, asBigInt(value)));
        return b;
      }
      case 'double': {
        const b = Buffer.alloc(8);
        b.writeDoubleLE(typeof value === 'number' ? value : 0);
        return b;
      }
      case 'int128':
      case 'int256': {
        const len = type === 'int128' ? 16 : 32;
        return Buffer.isBuffer(value) && value.length === len ? value : Buffer.alloc(len);
      }
      case 'string':
      case 'bytes':
        return serializeBytes(Buffer.isBuffer(value) ? value : Buffer.alloc(0));
      case 'true':
        return Buffer.alloc(0);
      case 'Bool':
        if (typeof value === 'boolean')
          return this.object({ _: value ? 'boolTrue' : 'boolFalse' }, type);
        return this.object(value, type);
      default:
        return this.object(value, type);
    }
  }

  /** Serialises a boxed object; a missing value of a required type becomes its empty constructor. */
  object(value: TlValue, type: string): Buffer {
    const obj =
      typeof value === 'object' && !Buffer.isBuffer(value) && !Array.isArray(value)
        ? value
        : undefined;
    const c = obj
      ? this.schema.byName.get(obj._)
      : type === '!X' || type === 'X'
        ? undefined
        : this.schema.emptyConstructor(type);
    if (!c) throw new UnknownConstructorError(obj?._ ?? type, this.schema.layer);
    const present = (a: TlArg): boolean => {
      const v = obj?.[a.name];
      return a.type === 'true' ? v === true : v !== undefined;
    };
    const flags = new Map<string, number>();
    for (const a of c.args) {
      if (a.flag && present(a))
        flags.set(a.flag.field, (flags.get(a.flag.field) ?? 0) | (1 << a.flag.bit));
    }
    const parts: Buffer[] = [u32(c.id)];
    for (const a of c.args) {
      if (a.type === '#') {
        parts.push(this.write('int', flags.get(a.name) ?? 0));
        continue;
      }
      if (a.flag && !present(a)) continue;
      const v = obj?.[a.name];
      if (a.type === '!X' || a.type === 'X') parts.push(this.object(v, a.type));
      else parts.push(this.write(a.type, v, a.isVector));
    }
    return Buffer.concat(parts);
  }
}

/** Reads `bytes` (one value of `type`) with `from` and writes it with `to`. */
export function transcode(
  bytes: Buffer,
  from: TlSchema,
  to: TlSchema,
  type: string,
  isVector = false,
): Buffer {
  const value =
    type === '!X'
      ? new TlReader(bytes, from).object()
      : new TlReader(bytes, from).read(type, isVector);
  return new TlWriter(to).write(type, value, isVector);
}
