/**
 * GramJS's TL reading without its dictionary-mode objects (issue 17).
 *
 * GramJS 2.26 reads every TL object with one generic `fromReader` per class: it fills a fresh
 * `args` object with a keyed store per field (`args[argName] = …`), then its constructor copies
 * them onto the instance the same way (`this[argName] = args[argName]`). V8 turns an object that
 * gains more than a dozen properties through keyed stores into a hash table (dictionary mode), so
 * a User (47 fields), a Message or a Dialog is read into two hash tables, each several times the
 * size of a plain object and slower to read. Received updates, `getDialogs` answers and every
 * `getMe` are made of them: with 10,000 accounts, most of the garbage each message leaves.
 *
 * Here each constructor class gets, the first time one is read, a reader generated from its own
 * line of GramJS's schema: plain named stores, so `args` is an object literal and the instance a
 * plain object. What it builds is what GramJS builds: an instance of the same class, whose
 * constructor statics, `originalArgs`, `init(args)` (the custom Message's included) and fields
 * come in the same order with the same values, read by the same reader methods (so the native
 * longs of native-longs.ts apply). A class it cannot read that way keeps GramJS's reader: one
 * that GramJS's own schema does not give by id, a field GramJS reads through its bare-type path,
 * a `randomId` GramJS would make up, a flag read from a field that does not come before it.
 *
 * The code generated names only GramJS's schema identifiers (checked) and numbers; it never sees
 * a byte of what the network sends.
 */
import { createRequire } from 'node:module';
import type { BinaryReader } from 'telegram/extensions';

const requireHere = createRequire(import.meta.url);

/** One field of a TL line, as GramJS's schema parser gives it. */
interface ArgConfig {
  isVector: boolean;
  isFlag: boolean;
  skipConstructorId: boolean;
  flagName: string | null;
  flagIndex: number;
  flagIndicator: boolean;
  type: string | null;
  useVectorId: boolean | null;
}

interface LineConfig {
  constructorId: number;
  argsConfig: Record<string, ArgConfig>;
}

type Read = (reader: BinaryReader) => unknown;

/** A TL class as GramJS builds it (tl/api.js `createClasses`). */
interface TlClass {
  CONSTRUCTOR_ID: number;
  SUBCLASS_OF_ID: number;
  className: string;
  classType: 'constructor' | 'request';
  prototype: object;
  fromReader: Read;
}

const gramjs = {
  tlobjects: (requireHere('telegram/tl/AllTLObjects') as { tlobjects: Record<number, TlClass> })
    .tlobjects,
  fromLine: (
    requireHere('telegram/tl/generationHelpers') as {
      fromLine: (line: string, isFunction: boolean) => LineConfig;
    }
  ).fromLine,
  /** The API schema GramJS built its classes from (the MTProto service types stay GramJS's). */
  apiTl: requireHere('telegram/tl/apiTl') as string,
};

/** GramJS's read of a field of each primitive type (tl/api.js `getArgFromReader`). */
const PRIMITIVE_READS: Readonly<Record<string, string>> = {
  int: 'r.readInt()',
  long: 'r.readLong()',
  int128: 'r.readLargeInt(128)',
  int256: 'r.readLargeInt(256)',
  double: 'r.readDouble()',
  string: 'r.tgReadString()',
  Bool: 'r.tgReadBool()',
  true: 'true',
  bytes: 'r.tgReadBytes()',
  date: 'r.tgReadDate()',
};

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** GramJS's read of a vector: its id when the type is boxed, the count, then each element. */
function readVector(reader: BinaryReader, isBoxed: boolean, element: Read): unknown[] {
  if (isBoxed) reader.readInt();
  const count = reader.readInt();
  const items: unknown[] = [];
  for (let i = 0; i < count; i++) items.push(element(reader));
  return items;
}

/** The line of `apiTl` that declares `id`, comments and spaces trimmed as GramJS's parser does. */
function schemaLine(id: number): string | null {
  const hex = id.toString(16);
  for (const tag of new Set([`#${hex} `, `#${hex.padStart(8, '0')} `])) {
    const at = gramjs.apiTl.indexOf(tag);
    if (at === -1) continue;
    const start = gramjs.apiTl.lastIndexOf('\n', at) + 1;
    const end = gramjs.apiTl.indexOf('\n', at);
    const line = gramjs.apiTl.slice(start, end === -1 ? undefined : end);
    const comment = line.indexOf('//');
    return (comment === -1 ? line : line.slice(0, comment)).trim();
  }
  return null;
}

/** The read of one value of `arg` (an element, for a vector), or null when GramJS's path must stay. */
function valueRead(arg: ArgConfig): string | null {
  if (arg.flagIndicator) return 'r.readInt()';
  const primitive = arg.type === null ? undefined : PRIMITIVE_READS[arg.type];
  if (primitive !== undefined) return primitive;
  // GramJS reads a bare type through `api.constructors`, which its api object does not have.
  return arg.skipConstructorId ? null : 'r.tgReadObject()';
}

/**
 * The reader generated for `clazz`, or null where it keeps GramJS's. Exported for the tests,
 * which compare both on every class.
 */
export function compileReader(clazz: TlClass): Read | null {
  if (clazz.classType !== 'constructor') return null;
  const line = schemaLine(clazz.CONSTRUCTOR_ID);
  if (line === null) return null;
  let config: LineConfig;
  try {
    config = gramjs.fromLine(line, false);
  } catch {
    return null;
  }
  if (config.constructorId !== clazz.CONSTRUCTOR_ID) return null;
  const names = Object.keys(config.argsConfig);
  // `__proto__` in an object literal would set the prototype, not a field.
  const isPlain = (name: string) => IDENTIFIER.test(name) && name !== '__proto__';
  if (names.includes('randomId') || !names.every(isPlain)) return null;
  const reads: string[] = [];
  const elements: Read[] = [];
  const declared = new Set<string>();
  for (const name of names) {
    const arg = config.argsConfig[name];
    if (!arg) return null;
    const one = valueRead(arg);
    if (one === null) return null;
    let value = one;
    if (arg.isVector) {
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- schema identifiers only
      elements.push(new Function('r', `return ${one};`) as Read);
      value = `readVector(r, ${String(Boolean(arg.useVectorId))}, elements[${elements.length - 1}])`;
    }
    if (arg.isFlag) {
      const flags = arg.flagName;
      if (flags === null || !declared.has(flags) || !Number.isInteger(arg.flagIndex)) return null;
      const bit = `(f_${flags} & ${1 << arg.flagIndex})`;
      value = arg.type === 'true' ? `Boolean${bit}` : `${bit} ? ${value} : null`;
    }
    reads.push(`const f_${name} = ${value};`);
    declared.add(name);
  }
  // The instance as GramJS's VirtualClass constructor fills it, with `this.x = …` stores.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- schema identifiers only
  const construct = new Function(
    'C',
    [
      'return function (args) {',
      '  this.CONSTRUCTOR_ID = C.CONSTRUCTOR_ID;',
      '  this.SUBCLASS_OF_ID = C.SUBCLASS_OF_ID;',
      '  this.className = C.className;',
      '  this.classType = C.classType;',
      '  this.originalArgs = args;',
      '  this.init(args);',
      ...names.map((name) => `  this.${name} = args.${name};`),
      '};',
    ].join('\n'),
  ) as (clazz: TlClass) => new (args: object) => object;
  const Instance = construct(clazz);
  Instance.prototype = clazz.prototype;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- schema identifiers only
  const read = new Function(
    'Instance',
    'readVector',
    'elements',
    [
      'return function fromReader(r) {',
      ...reads.map((statement) => `  ${statement}`),
      `  return new Instance({ ${names.map((name) => `${name}: f_${name}`).join(', ')} });`,
      '};',
    ].join('\n'),
  ) as (instance: typeof Instance, vector: typeof readVector, elements: Read[]) => Read;
  return read(Instance, readVector, elements);
}

let gramjsReaders: Map<TlClass, Read> | null = null;

/**
 * Gives every TL constructor class a reader generated on its first read (once per process; later
 * calls do nothing). A class's first read pays for its reader: about 0.1 ms (1,388 of GramJS's
 * 1,445 constructor classes get one; the rest are MTProto service types, left to GramJS).
 */
export function installTlReaders(): void {
  if (gramjsReaders) return;
  const own = new Map<TlClass, Read>();
  gramjsReaders = own;
  for (const clazz of new Set(Object.values(gramjs.tlobjects))) {
    if (clazz.classType !== 'constructor') continue;
    const gramjsRead = clazz.fromReader;
    own.set(clazz, gramjsRead);
    clazz.fromReader = function firstRead(reader: BinaryReader) {
      const read = compileReader(clazz) ?? gramjsRead;
      clazz.fromReader = read;
      return read.call(clazz, reader);
    };
  }
}

/** GramJS's own reader of `clazz` (for the tests and the bench). */
export function gramjsReaderOf(clazz: TlClass): Read {
  const read = gramjsReaders?.get(clazz);
  if (!read) throw new Error('installTlReaders() was not called, or this is not a constructor.');
  return read;
}

export type { TlClass };
