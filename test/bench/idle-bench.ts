/**
 * Figure 16 (issue 17): main-loop lag while N accounts sit idle online, and while they receive
 * messages at a realistic rate.
 *
 * Per size: the sandbox DC runs as `shards` processes (support/dc-shards.ts), a real vault on
 * disk holds the N seeded accounts, and a fresh process (support/idle-child.ts) restores them
 * through the real core, as figure 1 does, and waits until the restore's extras are done. Then
 * windows measured in that process:
 *   - idle (`windowS`): nothing is sent; the only traffic is the keep-alive (a ping every 30 s
 *     per connection, electron/telegram/keep-alive.ts);
 *   - then each account receives a message once a minute on average (N/60 a second overall,
 *     spread evenly), written by another of the accounts (always the same one, half the list away) through the DC's
 *     control channel (support/update-schedule.ts). The recipient gets an `updateShortMessage`,
 *     the sender an `updates` with its outgoing message: 2N/60 pushes a second, which the core
 *     handles end to end (the inbox's unread counts move; the bench checks they took in every
 *     message). Measured as two windows back to back: `first`, the first minute, where every
 *     message opens a chat new to both sides, and `steady` (`windowS`), the same pairs again.
 * The shards' CPU is read before and after each window.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDcShards, type DcShards } from './support/dc-shards';
import { pingMethod } from './support/dc-calls';
import type { GcKindSummary, GcSummary } from './support/gc-watch';
import type { IdleDelivered, IdlePhase, IdleSettled, IdleWindow } from './support/idle-protocol';
import { writeRestoreVault } from './restore-bench';
import { grouped } from './support/format';

export interface IdleBenchOptions {
  sizes: number[];
  shards: number;
  concurrency: number;
  /** Seconds each window lasts. */
  windowS: number;
  /** Whether the vault records carry the server salts a recent run kept (dc-shards.ts). */
  storedSalts: boolean;
}

/** One window, as the table shows it. */
export interface IdleWindowRow {
  /** What the window lasted: its nominal length, or more when the main loop was blocked. */
  wallMs: number;
  lagP50: number;
  lagP99: number;
  lagMax: number;
  resolutionMs: number;
  /** The core's process: CPU time over wall time, in % of one core. */
  cpuPercent: number;
  /** The DC shards together, likewise. */
  dcCpuPercent: number;
  /** Pings sent to the DC a second, and every other call a second. */
  pingsPerS: number;
  otherCallsPerS: number;
  /** Non-ping calls of the window, by method. */
  otherCalls: Record<string, number>;
  /** The garbage collector's pauses in the core's process, by kind. */
  gc: GcSummary;
}

export interface IdleRow {
  accounts: number;
  windowS: number;
  restoreMs: number;
  extrasMs: number;
  isExtrasCapped: boolean;
  inboxPending: number;
  idle: IdleWindowRow;
  /** The first minute of messages: every chat new to both sides. */
  first: IdleWindowRow;
  /** The window after it: the same pairs again, in chats both list. */
  steady: IdleWindowRow;
  /** Messages the shards sent over both windows, and what the inbox's unread total took in. */
  sent: number;
  delivered: number;
  loadBefore: number[];
  loadAfter: number[];
}

/** Each account receives a message this often on average in the updates window. */
export const MESSAGE_PERIOD_MS = 60_000;

/** The child's messages, in order. */
function messagesOf(child: ChildProcess): <T>() => Promise<T> {
  const queue: unknown[] = [];
  let waiting: (() => void) | null = null;
  let exited: Error | null = null;
  child.on('message', (m) => {
    queue.push(m);
    waiting?.();
  });
  child.once('exit', (code) => {
    exited = new Error(`the idle child exited with ${String(code)}`);
    waiting?.();
  });
  return async <T>() => {
    while (queue.length === 0) {
      if (exited) throw exited;
      await new Promise<void>((resolve) => {
        waiting = resolve;
      });
    }
    waiting = null;
    return queue.shift() as T;
  };
}

/** One window of `ms` in the child, with the DC shards' CPU over the same time. */
async function measureWindow(
  child: ChildProcess,
  next: <T>() => Promise<T>,
  shards: DcShards,
  phase: IdlePhase,
  ms: number,
  around: { before?: () => Promise<void>; after?: () => Promise<void> } = {},
): Promise<IdleWindowRow> {
  const dc0 = await shards.cpuMs();
  await around.before?.();
  child.send({ window: phase, ms });
  const w = await next<IdleWindow>();
  await around.after?.();
  const dcMs = (await shards.cpuMs()) - dc0;
  const seconds = w.wallMs / 1000;
  const otherCalls = Object.fromEntries(
    Object.entries(w.calls).filter(([method]) => method !== pingMethod),
  );
  return {
    wallMs: w.wallMs,
    lagP50: w.lagP50,
    lagP99: w.lagP99,
    lagMax: w.lagMax,
    resolutionMs: w.resolutionMs,
    cpuPercent: (w.cpuMs / w.wallMs) * 100,
    dcCpuPercent: (dcMs / w.wallMs) * 100,
    pingsPerS: (w.calls[pingMethod] ?? 0) / seconds,
    otherCallsPerS: Object.values(otherCalls).reduce((a, b) => a + b, 0) / seconds,
    otherCalls,
    gc: w.gc,
  };
}

async function idleRun(
  n: number,
  options: IdleBenchOptions,
  shards: DcShards,
  dataDir: string,
): Promise<IdleRow> {
  const loadBefore = loadavg();
  const child = fork(
    join(import.meta.dirname, 'support', 'idle-child.ts'),
    [
      ...['--data-dir', dataDir, '--profile', JSON.stringify(shards.profile)],
      ...['--accounts', String(n), '--concurrency', String(options.concurrency)],
    ],
    {
      // GRAMDECK_IDLE_V8_FLAGS: V8 flags for the child, for a diagnostic run (`--trace-gc-nvp`).
      execArgv: [...(process.env.GRAMDECK_IDLE_V8_FLAGS?.split(' ') ?? []), '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const next = messagesOf(child);
  try {
    const settled = await next<IdleSettled>();
    process.stderr.write(`  idle ${n}: ${JSON.stringify(settled)}\n`);
    const windowMs = options.windowS * 1000;
    const idle = await measureWindow(child, next, shards, 'idle', windowMs);
    process.stderr.write(`  idle ${n}, no messages: ${JSON.stringify(idle)}\n`);
    // The traffic runs on from the first window into the steady one; the first lasts one period,
    // so that every account has had its first message (a new chat) before the steady window.
    const first = await measureWindow(child, next, shards, 'first', MESSAGE_PERIOD_MS, {
      before: () => shards.startUpdates(MESSAGE_PERIOD_MS, 'A new message for an idle account.'),
    });
    process.stderr.write(`  idle ${n}, first messages: ${JSON.stringify(first)}\n`);
    let sent = 0;
    const steady = await measureWindow(child, next, shards, 'steady', windowMs, {
      after: async () => {
        sent = await shards.stopUpdates();
      },
    });
    process.stderr.write(`  idle ${n}, steady messages: ${JSON.stringify(steady)}\n`);
    child.send({ delivered: sent });
    const { delivered } = await next<IdleDelivered>();
    child.send({ stop: true });
    return {
      accounts: n,
      windowS: options.windowS,
      restoreMs: settled.restoreMs,
      extrasMs: settled.extrasMs,
      isExtrasCapped: settled.isExtrasCapped,
      inboxPending: settled.inboxPending,
      idle,
      first,
      steady,
      sent,
      delivered,
      loadBefore,
      loadAfter: loadavg(),
    };
  } catch (error) {
    child.kill();
    throw error;
  }
}

export async function benchIdle(options: IdleBenchOptions): Promise<IdleRow[]> {
  const rows: IdleRow[] = [];
  for (const n of options.sizes) {
    const shards = await startDcShards(n, options.shards, options.storedSalts);
    const dir = mkdtempSync(join(tmpdir(), 'gramdeck-bench-idle-'));
    try {
      const dataDir = join(dir, 'data');
      await writeRestoreVault(dataDir, shards.records);
      rows.push(await idleRun(n, options, shards, dataDir));
      process.stderr.write(`  idle ${n}: ${JSON.stringify(rows.at(-1))}\n`);
    } finally {
      shards.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

const f = grouped;
const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');

/** Figure 16's table: a row per size and window. */
export function idleTable(rows: IdleRow[], shards: number): string[] {
  const windows = [
    ['no messages', 'idle'],
    ['first minute of messages (new chats)', 'first'],
    ['messages, steady', 'steady'],
  ] as const;
  return [
    `Figure 16: N restored accounts online, first with no messages, then each receiving one a minute from another (DC in ${shards} shard processes; lag at ${f(rows[0]?.idle.resolutionMs ?? 0)} ms resolution):`,
    '',
    '| accounts | window | lag p50 / p99 / max | Gramdeck CPU, % of a core | DC CPU, % of a core | pings/s | other DC calls/s | messages | load before → after |',
    '|---:|---|---|---:|---:|---:|---:|---|---|',
    ...rows.flatMap((r) => {
      const extras = `restore ${f(r.restoreMs / 1000, 1)} s, extras done ${f(r.extrasMs / 1000, 1)} s later${r.isExtrasCapped ? ' (capped: calls still going out)' : ''}${r.inboxPending > 0 ? `, ${f(r.inboxPending)} inboxes pending` : ''}`;
      return windows.map(([label, key]) => {
        const w = r[key];
        const seconds = w.wallMs / 1000;
        const messages =
          key === 'idle'
            ? extras
            : key === 'first'
              ? `${f(r.sent)} sent at ${f(r.accounts / (MESSAGE_PERIOD_MS / 1000), 1)}/s from this window's start to the next one's end`
              : `${f(r.delivered)} of ${f(r.sent)} counted unread`;
        return `| ${f(r.accounts)} | ${label}, ${f(seconds, 1)} s | ${f(w.lagP50, 1)} / ${f(w.lagP99, 1)} / ${f(w.lagMax)} ms | ${f(w.cpuPercent, 1)} | ${f(w.dcCpuPercent, 1)} | ${f(w.pingsPerS)} | ${f(w.otherCallsPerS, 1)} | ${messages} | ${load(r.loadBefore)} → ${load(r.loadAfter)} |`;
      });
    }),
    '',
    ...rows.flatMap((r) =>
      windows.map(([label, key]) => {
        const seconds = r[key].wallMs / 1000;
        const calls = Object.entries(r[key].otherCalls)
          .sort(([, a], [, b]) => b - a)
          .map(([method, count]) => `${method} ${f(count / seconds, 1)}`)
          .join(', ');
        return `DC calls a second besides pings, ${f(r.accounts)} accounts, ${label}: ${calls || 'none'}.`;
      }),
    ),
    '',
    "GC pauses in the core's process per window (count, total, longest, pauses of 10 ms or more):",
    '',
    '| accounts | window | minor | major | incremental marking |',
    '|---:|---|---|---|---|',
    ...rows.flatMap((r) =>
      windows.map(([label, key]) => {
        const g = r[key].gc;
        const cell = (k: GcKindSummary) =>
          `${f(k.count)}, ${f(k.totalMs)} ms, ${f(k.maxMs, 1)} ms, ${f(k.atLeast10Ms)}`;
        return `| ${f(r.accounts)} | ${label} | ${cell(g.minor)} | ${cell(g.major)} | ${cell(g.incremental)} |`;
      }),
    ),
  ];
}
