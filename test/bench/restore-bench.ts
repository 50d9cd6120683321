/**
 * Figure 1 (issue 17): restoring N saved accounts to online, Gramdeck's own cost apart from the
 * DC's, against bare GramJS on the same sessions in the same run.
 *
 * Per size: the sandbox DC runs as `shards` processes (support/dc-shards.ts), a real vault on
 * disk holds the N seeded accounts, and each run forks two fresh processes
 * (support/restore-child.ts), one after the other: the real core restoring the vault, and N bare
 * GramJS clients on the same stored sessions (`connect()` then `getMe`) at the same concurrency.
 * Each reports its wall time, its own CPU over the restore and its RSS growth after GC and a
 * settle; the bench asks the shards for their CPU before and after each restore.
 */
import { createBenchVault } from './support/bench-core';
import { fork } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountRecord } from '../../electron/core/ports';
import { fixedKeychain } from '../support/keychain';
import { startDcShards, type DcShards } from './support/dc-shards';
import {
  restoreKeychainName,
  type BareSessions,
  type DcCalls,
  type RestoreMemory,
  type RestoreOnline,
} from './support/restore-protocol';
import { grouped } from './support/format';
import { median } from './support/stats';

/** One restore in a fresh process, Gramdeck's or bare GramJS's. */
export interface RestoreMeasure {
  /** Accounts online at the end: all of them, unless the time limit stopped the restore first. */
  online: number;
  wallMs: number;
  cpuMsPerAccount: number;
  /** The DC shards' CPU over the same restore, per account. */
  dcCpuMsPerAccount: number;
  /** (RSS with N online − RSS with none) / N, after GC and a settle. */
  rssKbPerAccount: number;
  lagP50: number;
  lagP99: number;
  lagMax: number;
  /** DC calls per account online, by method: until all were online, and until the calls went quiet. */
  callsPerAccount: { untilOnline: DcCalls; untilQuiet: DcCalls };
  /** From all online until only pings went to the DC. */
  quietAfterMs: number;
}

/** Medians over the runs of one size. */
export interface RestoreRow {
  accounts: number;
  gramdeck: RestoreMeasure;
  bare: RestoreMeasure;
  /** Seeding the sessions (DC shards up, every account signed in) and writing the vault. */
  seedMs: number;
  vaultMs: number;
}

export interface RestoreBenchOptions {
  sizes: number[];
  runs: number;
  shards: number;
  concurrency: number;
  /** Seconds after which a restore is cut short and reported as such (0: no limit). */
  limitS?: number;
  /** Whether the vault records carry the server salts a recent run kept (dc-shards.ts). */
  storedSalts: boolean;
}

const medianMeasure = (xs: RestoreMeasure[]): RestoreMeasure => ({
  online: Math.min(...xs.map((x) => x.online)),
  wallMs: median(xs.map((x) => x.wallMs)),
  cpuMsPerAccount: median(xs.map((x) => x.cpuMsPerAccount)),
  dcCpuMsPerAccount: median(xs.map((x) => x.dcCpuMsPerAccount)),
  rssKbPerAccount: median(xs.map((x) => x.rssKbPerAccount)),
  lagP50: median(xs.map((x) => x.lagP50)),
  lagP99: median(xs.map((x) => x.lagP99)),
  lagMax: median(xs.map((x) => x.lagMax)),
  callsPerAccount: {
    untilOnline: medianCalls(xs.map((x) => x.callsPerAccount.untilOnline)),
    untilQuiet: medianCalls(xs.map((x) => x.callsPerAccount.untilQuiet)),
  },
  quietAfterMs: median(xs.map((x) => x.quietAfterMs)),
});

const medianCalls = (xs: DcCalls[]): DcCalls => {
  const methods = new Set(xs.flatMap((x) => Object.keys(x)));
  return Object.fromEntries([...methods].map((m) => [m, median(xs.map((x) => x[m] ?? 0))]));
};

const perAccount = (calls: DcCalls, n: number): DcCalls =>
  Object.fromEntries(Object.entries(calls).map(([m, count]) => [m, count / n]));

function restoreInChild(args: string[], shards: DcShards): Promise<RestoreMeasure> {
  const child = fork(join(import.meta.dirname, 'support', 'restore-child.ts'), args, {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let dcBefore = 0;
  let dcMs = 0;
  let online: RestoreOnline | null = null;
  let memory: RestoreMemory | null = null;
  let asking = Promise.resolve();
  child.on('message', (m: { kind: string }) => {
    asking = asking.then(async () => {
      if (m.kind === 'ready') {
        dcBefore = await shards.cpuMs();
        child.send({ go: true });
      } else if (m.kind === 'online') {
        dcMs = (await shards.cpuMs()) - dcBefore;
        online = m as RestoreOnline;
      } else if (m.kind === 'result') {
        memory = m as RestoreMemory;
      }
    });
  });
  return new Promise<RestoreMeasure>((resolve, reject) => {
    child.once('exit', (code) => {
      void asking.then(() => {
        if (!online || !memory) {
          reject(new Error(`the restore child (${args[1]}) exited with ${String(code)}`));
          return;
        }
        // Per account online: all N, or as many as the time limit left online.
        const per = online.online > 0 ? online.online : NaN;
        resolve({
          online: online.online,
          wallMs: online.wallMs,
          cpuMsPerAccount: online.cpuMs / per,
          dcCpuMsPerAccount: dcMs / per,
          rssKbPerAccount: ((memory.rssAfterMb - memory.rssBeforeMb) * 1024) / per,
          lagP50: online.lagP50,
          lagP99: online.lagP99,
          lagMax: online.lagMax,
          callsPerAccount: {
            untilOnline: perAccount(online.calls, per),
            untilQuiet: perAccount(memory.callsUntilQuiet, per),
          },
          quietAfterMs: memory.quietAfterMs,
        });
      });
    });
  });
}

/**
 * Writes the N records into a vault under `dataDir`. Each vault write syncs its file and its
 * directory (16 ms here, nearly three minutes for 10,000), so the vault is written in memory
 * (/dev/shm where there is one) and then copied to `dataDir` on disk, where the restore reads it.
 */
export async function writeRestoreVault(dataDir: string, records: AccountRecord[]): Promise<void> {
  const scratch = mkdtempSync(
    join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'gramdeck-bench-vault-'),
  );
  try {
    await writeVaultIn(scratch, records);
    cpSync(scratch, dataDir, { recursive: true });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function writeVaultIn(dataDir: string, records: AccountRecord[]): Promise<void> {
  const vault = await createBenchVault(join(dataDir, 'vault'), fixedKeychain(restoreKeychainName));
  for (const [i, record] of records.entries()) {
    await vault.writeAccount(`b${String(i).padStart(5, '0')}`, record);
  }
  await vault.close();
}

export async function benchRestore(options: RestoreBenchOptions): Promise<RestoreRow[]> {
  const rows: RestoreRow[] = [];
  for (const n of options.sizes) {
    const t0 = performance.now();
    const shards = await startDcShards(n, options.shards, options.storedSalts);
    const seedMs = performance.now() - t0;
    const dir = mkdtempSync(join(tmpdir(), 'gramdeck-bench-restore-'));
    try {
      const dataDir = join(dir, 'data');
      const t1 = performance.now();
      await writeRestoreVault(dataDir, shards.records);
      const vaultMs = performance.now() - t1;
      process.stderr.write(
        `  restore ${n}: DC shards seeded in ${seedMs.toFixed(0)} ms, vault written in ${vaultMs.toFixed(0)} ms\n`,
      );
      const sessionsFile = join(dir, 'bare-sessions.json');
      const bareSessions: BareSessions = {
        profile: shards.profile,
        sessions: shards.records.map((r) => r.session),
      };
      writeFileSync(sessionsFile, JSON.stringify(bareSessions));
      const common = [
        ...['--accounts', String(n), '--concurrency', String(options.concurrency)],
        ...['--limit-s', String(options.limitS ?? 0)],
      ];
      const gramdeck: RestoreMeasure[] = [];
      const bare: RestoreMeasure[] = [];
      for (let r = 0; r < options.runs; r++) {
        // Interleaved, so that whatever else loads the machine weighs on both alike; bare first,
        // so that a size whose Gramdeck restore meets the time limit still has its baseline.
        const b = await restoreInChild(
          ['--mode', 'bare', '--sessions', sessionsFile, ...common],
          shards,
        );
        process.stderr.write(`  restore ${n}, run ${r + 1}, bare GramJS: ${JSON.stringify(b)}\n`);
        bare.push(b);
        const g = await restoreInChild(
          [
            ...['--mode', 'gramdeck', '--data-dir', dataDir],
            ...['--profile', JSON.stringify(shards.profile), ...common],
          ],
          shards,
        );
        process.stderr.write(`  restore ${n}, run ${r + 1}, Gramdeck: ${JSON.stringify(g)}\n`);
        gramdeck.push(g);
      }
      rows.push({
        accounts: n,
        gramdeck: medianMeasure(gramdeck),
        bare: medianMeasure(bare),
        seedMs,
        vaultMs,
      });
    } finally {
      shards.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

const f = grouped;
const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : '—');

/** The restore table of docs/PERFORMANCE.md: one row per size, Gramdeck beside bare GramJS. */
export function restoreTable(rows: RestoreRow[]): string[] {
  return [
    '| accounts | wall: Gramdeck / bare GramJS | ratio | CPU ms per account: Gramdeck / bare | ratio | DC CPU ms per account: Gramdeck run / bare run | RSS KB per account: Gramdeck / bare | ratio | Gramdeck main-loop lag p50 / p99 / max |',
    '|---:|---|---:|---|---:|---|---|---:|---|',
    ...rows.map((r) => {
      const g = r.gramdeck;
      const b = r.bare;
      const wall = (m: RestoreMeasure) =>
        m.online < r.accounts
          ? `> ${f(m.wallMs / 1000, 0)} s (${f(m.online)} online)`
          : `${f(m.wallMs / 1000, 2)} s`;
      return `| ${f(r.accounts)} | ${wall(g)} / ${wall(b)} | ${ratio(g.wallMs, b.wallMs)} | ${f(g.cpuMsPerAccount, 2)} / ${f(b.cpuMsPerAccount, 2)} | ${ratio(g.cpuMsPerAccount, b.cpuMsPerAccount)} | ${f(g.dcCpuMsPerAccount, 2)} / ${f(b.dcCpuMsPerAccount, 2)} | ${f(g.rssKbPerAccount)} / ${f(b.rssKbPerAccount)} | ${ratio(g.rssKbPerAccount, b.rssKbPerAccount)} | ${f(g.lagP50, 1)} / ${f(g.lagP99, 1)} / ${f(g.lagMax)} ms |`;
    }),
  ];
}

/**
 * DC calls per account by method, Gramdeck beside bare GramJS: until all were online, and until
 * only pings went to the DC (the work that follows a restore: unread counts, avatars, the inbox,
 * health checks). Pings (`PingDelayDisconnect`, every 9 s per client) are listed but depend on time.
 */
export function restoreCallsTable(rows: RestoreRow[]): string[] {
  return rows.flatMap((r) => {
    const g = r.gramdeck.callsPerAccount;
    const b = r.bare.callsPerAccount;
    const methods = [
      ...new Set([g.untilQuiet, b.untilQuiet].flatMap((c) => Object.keys(c))),
    ].sort();
    const at = (c: DcCalls, m: string) => f(c[m] ?? 0, 2);
    const sum = (c: DcCalls) =>
      f(
        Object.values(c).reduce((a, x) => a + x, 0),
        2,
      );
    return [
      '',
      `DC calls per account, ${f(r.accounts)} accounts (quiet ${f(r.gramdeck.quietAfterMs / 1000, 1)} s / ${f(r.bare.quietAfterMs / 1000, 1)} s after all online):`,
      '',
      '| method | until online: Gramdeck / bare | until quiet: Gramdeck / bare |',
      '|---|---|---|',
      ...methods.map(
        (m) =>
          `| ${m} | ${at(g.untilOnline, m)} / ${at(b.untilOnline, m)} | ${at(g.untilQuiet, m)} / ${at(b.untilQuiet, m)} |`,
      ),
      `| all | ${sum(g.untilOnline)} / ${sum(b.untilOnline)} | ${sum(g.untilQuiet)} / ${sum(b.untilQuiet)} |`,
    ];
  });
}
