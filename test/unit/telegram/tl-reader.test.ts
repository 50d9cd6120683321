/**
 * The adapter's generated TL readers build what GramJS's own readers build, for every constructor
 * class of GramJS's API schema: an instance of the same class with the same own properties in
 * the same order and the same values, nested objects, vectors, flags and `init` (the custom
 * Message's) included. Each class is read from bytes GramJS itself wrote for an instance filled
 * with random values, with every optional field present in one round and absent in another.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { Api } from 'telegram';
import { BinaryReader } from 'telegram/extensions';
import { returnBigInt } from 'telegram/Helpers';
import {
  compileReader,
  gramjsReaderOf,
  installTlReaders,
  type TlClass,
} from '../../../electron/telegram/tl-reader';
import { installNativeLongs } from '../../../electron/telegram/native-longs';

installNativeLongs();
installTlReaders();

const requireHere = createRequire(import.meta.url);
const { parseTl } = requireHere('telegram/tl/generationHelpers') as {
  parseTl: (content: string, layer: number) => Iterable<SchemaEntry>;
};
const { tlobjects } = requireHere('telegram/tl/AllTLObjects') as {
  tlobjects: Record<number, TlClass & (new (args: object) => { getBytes(): Buffer })>;
};
const { crc32 } = requireHere('telegram/Helpers') as { crc32: (text: string) => number };

interface SchemaArg {
  isVector: boolean;
  isFlag: boolean;
  flagIndicator: boolean;
  type: string | null;
}
interface SchemaEntry {
  constructorId: number;
  subclassOfId: number;
  isFunction: boolean;
  argsConfig: Record<string, SchemaArg>;
}

const schema = [...parseTl(requireHere('telegram/tl/apiTl') as string, 109)].filter(
  (entry) => !entry.isFunction && tlobjects[entry.constructorId] !== undefined,
);
const byType = new Map<number, SchemaEntry[]>();
for (const entry of schema) {
  const same = byType.get(entry.subclassOfId) ?? [];
  same.push(entry);
  byType.set(entry.subclassOfId, same);
}
/** Each type's constructor with the fewest fields: how a deep object ends. */
const leafOf = (entries: SchemaEntry[]) =>
  entries.reduce((a, b) =>
    Object.keys(a.argsConfig).length <= Object.keys(b.argsConfig).length ? a : b,
  );

let seed = 1;
const random = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};

/** A random value of a TL type, or undefined when the schema has no constructor for it. */
function valueOf(type: string, depth: number, isAllPresent: boolean): unknown {
  switch (type) {
    case 'int':
      return random(2 ** 31) - 2 ** 30;
    case 'long':
      return returnBigInt(randomBytes(8).readBigInt64LE(0));
    case 'int128':
    case 'int256':
      return returnBigInt(BigInt(`0x${randomBytes(type === 'int128' ? 15 : 31).toString('hex')}`));
    case 'double':
      return random(1_000_000) / 7;
    case 'string':
      return `text ${random(1000)} ✓ ${'é'.repeat(random(300))}`;
    case 'bytes':
      return randomBytes(random(300));
    case 'Bool':
      return random(2) === 1;
    default: {
      const entries = byType.get(crc32(type));
      if (!entries) return undefined;
      const entry = depth > 2 ? leafOf(entries) : entries[random(entries.length)];
      return entry ? instanceOf(entry, depth + 1, isAllPresent) : undefined;
    }
  }
}

function instanceOf(entry: SchemaEntry, depth: number, isAllPresent: boolean): object {
  const args: Record<string, unknown> = {};
  for (const [name, arg] of Object.entries(entry.argsConfig)) {
    if (arg.flagIndicator || arg.type === null) continue;
    if (arg.isFlag && (!isAllPresent || depth > 2)) continue;
    if (arg.type === 'true') {
      args[name] = isAllPresent;
      continue;
    }
    const count = arg.isVector ? (depth > 2 ? 0 : 1 + random(3)) : 1;
    const values = Array.from({ length: count }, () =>
      valueOf(arg.type ?? '', depth, isAllPresent),
    );
    args[name] = arg.isVector ? values : values[0];
  }
  const Class = tlobjects[entry.constructorId];
  if (!Class) throw new Error(`no class for ${entry.constructorId}`);
  return new Class(args);
}

/** Everything a read built, as text: classes, own keys in order, values (a Map by its size). */
function describeValue(value: unknown, seen = new Set<object>()): string {
  if (value === null || typeof value !== 'object') return `${typeof value}:${String(value)}`;
  if (seen.has(value)) return '<seen>';
  seen.add(value);
  if (Buffer.isBuffer(value)) return `buffer:${value.toString('hex')}`;
  if (value instanceof Date) return `date:${value.getTime()}`;
  if (value instanceof Map) return `map:${value.size}`;
  const prototype = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  const name = prototype?.constructor?.name ?? 'null';
  const fields = Object.entries(value).map(
    ([key, field]) => `${key}=${describeValue(field, seen)}`,
  );
  return `${name}{${fields.join(',')}}`;
}

function readBoth(bytes: Buffer, clazz: TlClass): [string, string] {
  const compiled = compileReader(clazz);
  if (!compiled) throw new Error(`${clazz.className} keeps GramJS's reader`);
  const read = (fromReader: (reader: BinaryReader) => unknown) => {
    const reader = new BinaryReader(bytes);
    reader.readInt(false);
    const value = fromReader(reader);
    expect(reader.tellPosition()).toBe(bytes.length);
    return describeValue(value);
  };
  return [read((r) => gramjsReaderOf(clazz).call(clazz, r)), read(compiled)];
}

describe('generated TL readers', () => {
  test('read every constructor of the API schema as GramJS reads it', () => {
    let compared = 0;
    const kept: string[] = [];
    for (const entry of schema) {
      const clazz = tlobjects[entry.constructorId];
      if (!clazz) continue;
      if (!compileReader(clazz)) {
        kept.push(clazz.className);
        continue;
      }
      for (const isAllPresent of [true, false, true]) {
        let instance: { getBytes(): Buffer };
        try {
          instance = instanceOf(entry, 0, isAllPresent) as { getBytes(): Buffer };
          instance.getBytes();
        } catch {
          continue; // a field GramJS cannot write from a random value (e.g. a generic type)
        }
        const [gramjs, generated] = readBoth(instance.getBytes(), clazz);
        expect(generated, clazz.className).toBe(gramjs);
        compared++;
      }
    }
    // Nearly every class is read both ways, and only a few keep GramJS's reader.
    expect(compared).toBeGreaterThan(schema.length * 2.5);
    expect(kept.length).toBeLessThan(10);
  });

  test('a message is GramJS’s custom Message, with what its init sets, in the same order', () => {
    const message = new Api.Message({
      id: 7,
      peerId: new Api.PeerUser({ userId: returnBigInt(1001) }),
      fromId: new Api.PeerUser({ userId: returnBigInt(1002) }),
      date: 1_700_000_000,
      message: 'Hello',
      entities: [new Api.MessageEntityBold({ offset: 0, length: 5 })],
    });
    const bytes = message.getBytes();
    const reader = new BinaryReader(bytes);
    const read = reader.tgReadObject() as Api.Message;
    expect(read).toBeInstanceOf(Api.Message);
    expect(read.senderId?.toString()).toBe('1002');
    expect(read.chatId?.toString()).toBe('1001');
    expect(read.message).toBe('Hello');
    expect(read.entities?.[0]).toBeInstanceOf(Api.MessageEntityBold);
    expect(read.originalArgs).toMatchObject({ id: 7, message: 'Hello' });
    expect(Object.keys(read).slice(0, 6)).toEqual([
      'CONSTRUCTOR_ID',
      'SUBCLASS_OF_ID',
      'className',
      'classType',
      'originalArgs',
      '_entities',
    ]);
    expect(read.getBytes()).toEqual(bytes);
  });

  test('an installed class reads through the generated reader from its first read on', () => {
    const user = new Api.User({ id: returnBigInt(42), firstName: 'Ann', phone: '99966' });
    const read = new BinaryReader(user.getBytes()).tgReadObject() as Api.User;
    expect(read).toBeInstanceOf(Api.User);
    expect(read.firstName).toBe('Ann');
    const userClass = Api.User as unknown as TlClass;
    expect(userClass.fromReader).not.toBe(gramjsReaderOf(userClass));
    expect(userClass.fromReader.name).toBe('fromReader');
  });

  test('flags read from the field the schema names (flags2 here)', () => {
    const user = new Api.User({ id: returnBigInt(1), storiesUnavailable: true, botCanEdit: true });
    const read = new BinaryReader(user.getBytes()).tgReadObject() as Api.User;
    expect(read.storiesUnavailable).toBe(true);
    expect(read.botCanEdit).toBe(true);
    expect(read.bot).toBe(false);
    expect(read.firstName).toBeNull();
  });
});
