/**
 * Figure 18 (issue 17): what one MTProto message's encryption and decryption cost in garbage and
 * time, GramJS 2.26's own path beside Gramdeck's (electron/telegram/message-crypto.ts); figure 19:
 * what reading what a message carries costs (its TL objects; electron/telegram/tl-reader.ts).
 * Not a test: `node --import tsx test/bench/message-crypto-bench.ts`.
 *
 * Each path runs in a fresh Node process with a young generation large enough (512 MB) that no
 * collection runs during a batch, so the heap's growth over a batch is what the batch allocated
 * on the V8 heap (buffers' bytes outside it are not counted). Both processes run the adapter's
 * native 64-bit helpers, as the app does. Medians of 5 batches.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Api } from 'telegram';
import { BinaryReader } from 'telegram/extensions';
import { returnBigInt } from 'telegram/Helpers';
import type { AuthKey } from 'telegram/crypto/AuthKey';
import { installMessageCrypto } from '../../electron/telegram/message-crypto';
import { installNativeLongs } from '../../electron/telegram/native-longs';
import { installTlReaders } from '../../electron/telegram/tl-reader';
import { newClientState, serverPacket } from '../support/mtproto-packets';
import { median } from './support/stats';

type Path = 'gramjs' | 'gramdeck';
interface Row {
  case: string;
  bytesPerCall: number;
  microsPerCall: number;
}

const SIZES = [60, 1024, 100 * 1024];
const BATCHES = 5;

/** A message as the server sends it: an `upload.file` of about the size asked (cheap to read). */
function serverFile(key: AuthKey, msgId: bigint, size: number): Buffer {
  const object = new Api.upload.File({
    type: new Api.storage.FilePartial(),
    mtime: 0,
    bytes: randomBytes(Math.max(0, size - 16)),
  }).getBytes();
  return serverPacket(key, msgId, object);
}

interface Batch {
  bytes: number;
  micros: number;
}

async function batch(calls: number, call: (i: number) => unknown): Promise<Batch> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Run with --expose-gc.');
  gc();
  const before = process.memoryUsage().heapUsed;
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) {
    const result = call(i);
    if (result instanceof Promise) await result;
  }
  const micros = Number(process.hrtime.bigint() - start) / 1000 / calls;
  return { bytes: (process.memoryUsage().heapUsed - before) / calls, micros };
}

const peerUser = (id: number) => new Api.PeerUser({ userId: returnBigInt(id) });
const user = (id: number) =>
  new Api.User({
    id: returnBigInt(id),
    accessHash: returnBigInt(8_000_000_000_000 + id),
    firstName: `Account ${id}`,
    username: `account${id}`,
    phone: `99966${id}`,
    status: new Api.UserStatusRecently({}),
    contact: true,
  });
const message = (id: number, from: number) =>
  new Api.Message({
    id,
    peerId: peerUser(from),
    fromId: peerUser(from),
    date: 1_700_000_000 + id,
    message: 'A new message for an idle account.',
  });

/** What messages carry, as the server writes them: a small update, a new chat's, a dialog page. */
const TL_CASES: Record<string, () => Buffer> = {
  updateShortMessage: () =>
    new Api.UpdateShortMessage({
      id: 5,
      userId: returnBigInt(1001),
      message: 'A new message for an idle account.',
      pts: 10,
      ptsCount: 1,
      date: 1_700_000_000,
    }).getBytes(),
  'updates: a message and its sender': () =>
    new Api.Updates({
      updates: [new Api.UpdateNewMessage({ message: message(7, 1001), pts: 11, ptsCount: 1 })],
      users: [user(1001)],
      chats: [],
      date: 1_700_000_000,
      seq: 0,
    }).getBytes(),
  'messages.dialogs, 20 chats': () =>
    new Api.messages.Dialogs({
      dialogs: Array.from(
        { length: 20 },
        (_, i) =>
          new Api.Dialog({
            peer: peerUser(1000 + i),
            topMessage: i + 1,
            readInboxMaxId: 0,
            readOutboxMaxId: 0,
            unreadCount: 1,
            unreadMentionsCount: 0,
            unreadReactionsCount: 0,
            notifySettings: new Api.PeerNotifySettings({}),
          }),
      ),
      messages: Array.from({ length: 20 }, (_, i) => message(i + 1, 1000 + i)),
      chats: [],
      users: Array.from({ length: 20 }, (_, i) => user(1000 + i)),
    }).getBytes(),
};

async function measureReads(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [name, write] of Object.entries(TL_CASES)) {
    const bytes = write();
    const calls = bytes.length > 1000 ? 100 : 2000;
    const read = (): unknown => new BinaryReader(bytes).tgReadObject();
    await batch(calls, read); // warm-up
    const runs: Batch[] = [];
    for (let b = 0; b < BATCHES; b++) runs.push(await batch(calls, read));
    rows.push({
      case: `${name} (${bytes.length.toLocaleString('en-US')} B)`,
      bytesPerCall: median(runs.map((r) => r.bytes)),
      microsPerCall: median(runs.map((r) => r.micros)),
    });
  }
  return rows;
}

async function measure(path: Path): Promise<Row[]> {
  installNativeLongs();
  if (path === 'gramdeck') {
    installMessageCrypto();
    installTlReaders();
  }
  const rows: Row[] = await measureReads();
  for (const size of SIZES) {
    const calls = size > 10_000 ? 40 : 1000;
    const { state, key } = await newClientState();
    const data = randomBytes(size);
    let msgId = 1n << 52n;
    const packets: Buffer[] = [];
    for (let i = 0; i < calls * (BATCHES + 1); i++) {
      packets.push(serverFile(key, (msgId += 4n), size));
    }
    let next = 0;
    const runs: Record<'encrypt' | 'decrypt', Batch[]> = { encrypt: [], decrypt: [] };
    await batch(calls, () => state.encryptMessageData(data)); // warm-up
    await batch(calls, () => state.decryptMessageData(packets[next++] as Buffer));
    for (let b = 0; b < BATCHES; b++) {
      runs.encrypt.push(await batch(calls, () => state.encryptMessageData(data)));
      runs.decrypt.push(
        await batch(calls, () => state.decryptMessageData(packets[next++] as Buffer)),
      );
    }
    for (const [what, results] of Object.entries(runs)) {
      rows.push({
        case: `${what} ${size.toLocaleString('en-US')} B`,
        bytesPerCall: median(results.map((r) => r.bytes)),
        microsPerCall: median(results.map((r) => r.micros)),
      });
    }
  }
  return rows;
}

function runChild(path: Path): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--path', path], {
      execArgv: [
        '--expose-gc',
        '--min-semi-space-size=256',
        '--max-semi-space-size=256',
        '--import',
        'tsx',
      ],
    });
    child.once('message', (rows) => {
      resolve(rows as Row[]);
    });
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`The ${path} run exited with ${String(code)}.`));
    });
  });
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

if (process.argv.includes('--path')) {
  const path = process.argv[process.argv.indexOf('--path') + 1] as Path;
  const rows = await measure(path);
  process.send?.(rows, () => process.exit(0));
} else {
  const gramjs = await runChild('gramjs');
  const gramdeck = await runChild('gramdeck');
  const reads = Object.keys(TL_CASES).length;
  const table = (title: string, what: string, from: number, to?: number) => {
    console.log(`${title}, Node ${process.version}`);
    console.log('(V8 heap garbage per call, time per call; medians of 5 batches)\n');
    console.log(`| ${what} | GramJS 2.26 | Gramdeck | garbage ratio |`);
    console.log('|---|---:|---:|---:|');
    gramjs.slice(from, to).forEach((row, i) => {
      const ours = gramdeck[from + i];
      if (!ours) return;
      console.log(
        `| ${row.case} | ${kb(row.bytesPerCall)}, ${row.microsPerCall.toFixed(0)} µs | ` +
          `${kb(ours.bytesPerCall)}, ${ours.microsPerCall.toFixed(0)} µs | ` +
          `${(ours.bytesPerCall / row.bytesPerCall).toFixed(2)} |`,
      );
    });
  };
  table("Figure 18: one message's encryption and decryption", 'message', reads);
  console.log();
  table('Figure 19: reading the TL objects a message carries', 'what is read', 0, reads);
}
