/**
 * Figures 13 and 14 (issue 16), through the real core (conf stores, a real vault on disk, the
 * GramJS gateway) with the sandbox DC in a child process:
 *
 * 13. delivery: account A sends through `chats:send` on the web host's WebSocket (as the page
 *     does); measured until account B's `messages:changed` upsert carrying the message arrives
 *     on that WebSocket (what B's open conversation view receives). Median and p95 over N sends.
 * 14. memory: in a fresh process (`support/messages-memory-child.ts`), N idle online accounts
 *     (nobody opens a chat) each receive M messages; RSS growth per account after GC and a
 *     settle, next to what the message cache may hold at most (its documented limits).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { GramdeckCore } from '../../electron/core/app';
import type { AccountRecord } from '../../electron/core/ports';
import { startWebHost } from '../../electron/host/web-host';
import type { MessagesChange } from '../../electron/shared/chat-dto';
import { whenAllOnline } from './support/accounts-online';
import type { Envelope } from '../../electron/shared/errors';
import type { CustomServerProfile } from '../../electron/shared/server-profile';
import type { WebServerMessage } from '../../electron/shared/web-wire';
import { FakeCipher } from '../support/keychain';
import { silentLogger } from '../support/logger';
import { sleep } from '../support/timers';
import { createBenchCore, createBenchVault } from './support/bench-core';
import { forkDcChild } from './support/dc-child-process';

export interface MessagesDc {
  profile: CustomServerProfile;
  records: AccountRecord[];
  /** Asks the DC child to send; resolves with how many it sent. */
  ask(message: {
    ring?: number;
    receivers?: [number, number];
    from?: number;
    to?: number;
    text: string;
  }): Promise<number>;
  stop(): void;
}

export async function startMessagesDc(accounts: number): Promise<MessagesDc> {
  const dc = await forkDcChild('messages-dc-child.ts', ['--accounts', String(accounts)]);
  return {
    profile: dc.profile,
    records: JSON.parse(dc.output) as AccountRecord[],
    ask: async (message) => (await dc.ask<{ sent: number }>(message)).sent,
    stop: dc.stop,
  };
}

/** A real core over a vault holding `dc`'s accounts, started, once every account is online. */
export async function startCoreOnline(
  dc: MessagesDc,
): Promise<{ core: GramdeckCore; accountIds: string[]; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gramdeck-bench-messages-core-'));
  const cipher = new FakeCipher();
  const vault = await createBenchVault(join(dataDir, 'vault'), cipher);
  const accountIds = dc.records.map((_, i) => `m${String(i).padStart(5, '0')}`);
  for (const [i, record] of dc.records.entries())
    await vault.writeAccount(accountIds[i] ?? '', record);
  await vault.close();
  const core = await createBenchCore({ dataDir, cipher, profile: dc.profile });
  const online = whenAllOnline(core, accountIds.length);
  await core.start();
  await online;
  return { core, accountIds, dataDir };
}

async function ok<T>(core: GramdeckCore, channel: string, args: unknown): Promise<T> {
  const answer = (await core.router.dispatch(channel, args, {
    transport: 'web',
    url: 'bench',
  })) as Envelope<T>;
  if (!answer.ok) throw new Error(`${channel}: ${answer.error.code}`);
  return answer.value;
}

/** The id of the chat `accountId` has with the user named `title`, once it is in the list. */
async function chatWith(core: GramdeckCore, accountId: string, title: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const page = await ok<{ chats: { id: string; title: string }[] }>(core, 'chats:list', {
      accountId,
      folder: 'main',
      cursor: null,
      limit: 50,
    });
    const found = page.chats.find((c) => c.title.startsWith(title));
    if (found) return found.id;
    await sleep(50);
  }
  throw new Error(`no chat with ${title}`);
}

export interface DeliveryRun {
  sends: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export async function benchDelivery(sends: number): Promise<DeliveryRun> {
  const dc = await startMessagesDc(2);
  const { core, accountIds, dataDir } = await startCoreOnline(dc);
  const rendererDir = mkdtempSync(join(tmpdir(), 'gramdeck-bench-renderer-'));
  const host = await startWebHost({
    router: core.router,
    events: core.events,
    rendererDir,
    logger: silentLogger,
  });
  const [a = '', b = ''] = accountIds;
  const samples: number[] = [];
  let ws: WebSocket | null = null;
  try {
    // Each writes to the other once, so each has the other in its chat list.
    await dc.ask({ from: 1, to: 0, text: 'hello' });
    await dc.ask({ from: 0, to: 1, text: 'hello' });
    const name = (record: AccountRecord | undefined) => record?.displayName.split(' ')[0] ?? '';
    const bAtA = await chatWith(core, a, name(dc.records[1]));
    const aAtB = await chatWith(core, b, name(dc.records[0]));
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, {
      headers: { origin: host.origin },
    });
    ws = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => {
        socket.send(JSON.stringify({ type: 'auth', token: host.token }));
      });
      socket.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as WebServerMessage;
        if (message.type === 'ready') resolve();
      });
      socket.once('error', reject);
    });
    let waiting: { text: string; resolve: () => void } | null = null;
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as WebServerMessage;
      if (message.type !== 'event' || message.event !== 'messages:changed' || !waiting) return;
      const change = message.payload as MessagesChange;
      const expected = waiting;
      if (
        change.kind === 'upsert' &&
        change.accountId === b &&
        change.messages.some((m) => m.text === expected.text)
      ) {
        waiting = null;
        expected.resolve();
      }
    });
    // B has the conversation open (its view receives pushes).
    await ok(core, 'chats:history', { accountId: b, chatId: aAtB, beforeId: null, limit: 50 });
    for (let i = 0; i < sends; i++) {
      const text = `bench message ${i}`;
      const arrived = new Promise<void>((resolve) => {
        waiting = { text, resolve };
      });
      const t0 = performance.now();
      socket.send(
        JSON.stringify({
          type: 'invoke',
          id: i + 1,
          channel: 'chats:send',
          payload: { accountId: a, chatId: bAtA, text, replyToId: null },
        }),
      );
      await arrived;
      samples.push(performance.now() - t0);
      await sleep(20);
    }
  } finally {
    ws?.close();
    await host.close();
    await core.stop();
    dc.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(rendererDir, { recursive: true, force: true });
  }
  const sorted = [...samples].sort((x, y) => x - y);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { sends, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: sorted.at(-1) ?? NaN };
}

export interface IdleMemoryRun {
  accounts: number;
  messagesPerAccount: number;
  delivered: number;
  /** (RSS with the accounts online − RSS before the core started) / accounts, after GC. */
  onlineRssPerAccountKb: number;
  onlineHeapPerAccountKb: number;
  rssPerAccountKb: number;
  /** The JS heap in use after GC: what stays referenced, unlike RSS (which keeps freed pages). */
  heapPerAccountKb: number;
  /** The JS heap V8 keeps committed (in use or not), after GC. */
  heapCommittedPerAccountKb: number;
  /** The JS heap's resident pages (committed pages V8 touched), after GC. */
  heapPhysicalPerAccountKb: number;
  /** Memory outside the JS heap that JS objects own (Buffers' bytes), after GC. */
  externalPerAccountKb: number;
  /**
   * RSS − the JS heap's resident pages − external: the C allocator's own (V8's and Node's
   * native objects, freed memory it keeps), thread stacks, code.
   */
  nativePerAccountKb: number;
  /**
   * The two waves of messages (the first half of the accounts, then the rest), each read after
   * its settle and GC: the first carries what the process keeps once it has met traffic at all,
   * the second what each further account adds.
   */
  waves: IdleWave[];
  /** Each V8 heap space before and after the messages (each after its settle and GC). */
  spaces: HeapSpaceKb[];
  /** How long each reading waited idle before its collections, in seconds. */
  settleS: number;
  /** RSS and the heap every 5 s of the settle after the messages (no collection forced). */
  settleTimeline: SettleSample[];
  /**
   * The process's CPU (all threads) from the first message sent to the last counted, per message:
   * what receiving costs, with the bench's own inbox reads every 0.5 s.
   */
  cpuMsPerMessage: number;
  /** The highest RSS sampled while the messages arrived, and RSS before they did, in MB. */
  peakRssMb: number;
  /**
   * The highest JS heap in use sampled meanwhile, garbage included (in MB): how far the
   * allocation rate ran ahead of V8's collector, which sets the peak RSS.
   */
  peakHeapMb: number;
  beforeRssMb: number;
  afterRssMb: number;
  /** The most the message cache may hold, in messages (its global limit). */
  cacheCapMessages: number;
  /** What idle traffic may add per account at most (docs/PERFORMANCE.md, figure 14). */
  limitKb: number;
}

export interface IdleWave {
  accounts: number;
  counted: number;
  rssPerAccountKb: number;
  heapPerAccountKb: number;
  nativePerAccountKb: number;
}

export interface HeapSpaceKb {
  name: string;
  beforeCommittedMb: number;
  afterCommittedMb: number;
  committedPerAccountKb: number;
  usedPerAccountKb: number;
}

export interface SettleSample {
  /** Seconds since the settle started. */
  s: number;
  rssMb: number;
  heapCommittedMb: number;
  heapUsedMb: number;
  newSpaceMb: number;
  oldSpaceMb: number;
}

/**
 * The documented limit of what idle traffic adds per account: the message cache holds nothing of
 * a chat nobody opened, and what the adapter keeps of traffic is capped: recent message ids
 * (`seen-messages.ts`, 64 chats × 32, about 22 KB at most) and GramJS's repeat check (512
 * msg ids, 4 KB; `sender-memory.ts`), plus one packet until the next arrives.
 */
export const IDLE_TRAFFIC_LIMIT_KB = 30;

/** Figure 14 in a fresh process with `--expose-gc`. */
export function benchIdleMemory(
  accounts: number,
  perAccount: number,
  settleS: number,
  mallocProbe = false,
): Promise<IdleMemoryRun> {
  const child = fork(
    join(import.meta.dirname, 'support', 'messages-memory-child.ts'),
    [
      '--accounts',
      String(accounts),
      '--messages',
      String(perAccount),
      '--settle',
      String(settleS),
      ...(mallocProbe ? ['--malloc-probe'] : []),
    ],
    {
      // No V8 flag the app does not set: the readings wait out V8's memory reducer instead.
      execArgv: ['--expose-gc', '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  return new Promise((resolve, reject) => {
    child.once('message', (m) => {
      resolve(m as IdleMemoryRun);
    });
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the memory child exited with ${String(code)}`));
    });
  });
}

/** Figure 14's notes: each V8 heap space before and after, and RSS along the settle. */
export function idleMemoryNotes(run: IdleMemoryRun): string[] {
  const n = (x: number, digits = 1) => x.toFixed(digits);
  const spaces = run.spaces
    .filter((s) => s.beforeCommittedMb > 0 || s.afterCommittedMb > 0)
    .map(
      (s) =>
        `| ${s.name} | ${n(s.beforeCommittedMb)} → ${n(s.afterCommittedMb)} MB | ${n(s.committedPerAccountKb)} KB | ${n(s.usedPerAccountKb)} KB |`,
    );
  const timeline = run.settleTimeline
    .filter((x, i) => x.s % 30 === 0 || i === run.settleTimeline.length - 1)
    .map(
      (x) =>
        `${x.s} s: RSS ${n(x.rssMb, 0)} MB, heap ${n(x.heapUsedMb, 0)}/${n(x.heapCommittedMb, 0)} MB (new ${n(x.newSpaceMb, 0)}, old ${n(x.oldSpaceMb, 0)})`,
    );
  const waves = run.waves.map(
    (w, i) =>
      `| ${i + 1} | ${w.accounts} | ${w.counted} | ${n(w.rssPerAccountKb)} KB | ${n(w.heapPerAccountKb)} KB | ${n(w.nativePerAccountKb)} KB |`,
  );
  return [
    `Figure 14 by wave (each read after ${run.settleS} s idle and three full collections; per account of the wave):`,
    '',
    '| wave | accounts | counted | RSS | heap in use | native |',
    '| ---: | -------: | ------: | --: | ----------: | -----: |',
    ...waves,
    '',
    `Figure 14, V8's heap spaces (each reading after ${run.settleS} s idle and three full collections):`,
    '',
    '| space | committed before → after | committed per account | in use per account |',
    '| ----- | ------------------------ | --------------------: | -----------------: |',
    ...spaces,
    '',
    `Figure 14, the settle after the messages (no collection forced): ${timeline.join('; ')}.`,
  ];
}
