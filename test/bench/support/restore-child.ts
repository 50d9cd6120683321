/**
 * One restore of figure 1 (issue 17) in a fresh process, so that its RSS holds nothing of another
 * run. `--mode gramdeck` starts the real core on the vault in `--data-dir` (it restores every
 * saved account); `--mode bare` connects one bare GramJS TelegramClient per stored session of
 * `--sessions FILE` and calls getMe, `--concurrency` at once, the way a GramJS user would.
 *
 * With the parent: `{ kind: 'ready' }` once RSS with nothing online was read (after GC and a
 * settle); the parent answers `{ go: true }`; `{ kind: 'online', ... }` the moment all accounts
 * are online, or when `--limit-s` seconds have passed without that (wall time and this process's
 * CPU over the restore, main-loop lag, how many are online, the DC calls by method); then, once
 * only pings go to the DC (the work that follows a restore is done), `{ kind: 'result', ... }`
 * with RSS after GC and a settle and the DC calls by method until then.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { TelegramClient } from 'telegram';
import { Logger, LogLevel } from 'telegram/extensions/Logger';
import { ConnectionTCPFull } from 'telegram/network';
import { StringSession } from 'telegram/sessions';
import type { CustomServerProfile } from '../../../electron/shared/server-profile';
import { fixedKeychain } from '../../support/keychain';
import { sleep } from '../../support/timers';
import { createBenchCore } from './bench-core';
import { startAllocationProfile, startCpuProfile } from './cpu-profile';
import { countDcCalls } from './dc-calls';
import { watchAllOnline } from './online-watch';
import {
  restoreKeychainName,
  type BareSessions,
  type RestoreMemory,
  type RestoreOnline,
} from './restore-protocol';

const { values } = parseArgs({
  options: {
    mode: { type: 'string' },
    'data-dir': { type: 'string' },
    profile: { type: 'string' },
    sessions: { type: 'string' },
    accounts: { type: 'string' },
    concurrency: { type: 'string' },
    'limit-s': { type: 'string', default: '0' },
  },
});
const gc = (globalThis as { gc?: () => void }).gc;
const accounts = Number(values.accounts);
const concurrency = Number(values.concurrency);
const limitMs = Number(values['limit-s']) * 1000;

const dcCalls = countDcCalls();
const callsNow = () => dcCalls.now();

/** No call but pings for this long: the work that follows a restore is done. */
const quietMs = 3_000;
const quietCapMs = 120_000;

/** Waits until only pings go to the DC for `quietMs` (at most `quietCapMs`); how long it took. */
async function untilQuiet(): Promise<number> {
  return (await dcCalls.untilQuiet(quietMs, quietCapMs)).ms;
}

const settleGc = async () => {
  await sleep(2_000);
  for (let i = 0; i < 3; i++) {
    gc?.();
    await sleep(200);
  }
};

const go = () =>
  new Promise<void>((resolve) => {
    process.send?.({ kind: 'ready' });
    process.once('message', () => {
      resolve();
    });
  });

/**
 * Times `restore` (which resolves with the moment all are online) and reports it; past the time
 * limit, reports how many `onlineNow()` says are online then.
 */
async function measure(restore: () => Promise<number>, onlineNow: () => number): Promise<void> {
  // GRAMDECK_RESTORE_PROF_DIR=DIR: a CPU profile of exactly the restore (start to all online).
  const profiler = await startCpuProfile(
    process.env.GRAMDECK_RESTORE_PROF_DIR,
    `restore-${values.mode ?? ''}-${accounts}.cpuprofile`,
  );
  // GRAMDECK_RESTORE_ALLOC_DIR=DIR: what the restore allocates, collected or not (sampled).
  const allocations = await startAllocationProfile(
    process.env.GRAMDECK_RESTORE_ALLOC_DIR,
    `restore-${values.mode ?? ''}-${accounts}.heapprofile`,
  );
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const onlineAt = await Promise.race([
    restore(),
    ...(limitMs > 0
      ? [
          new Promise<null>((resolve) => {
            timer = setTimeout(() => {
              resolve(null);
            }, limitMs);
          }),
        ]
      : []),
  ]);
  clearTimeout(timer);
  const cpu = process.cpuUsage(cpu0);
  lag.disable();
  await profiler?.();
  await allocations?.();
  const online: RestoreOnline = {
    kind: 'online',
    online: onlineAt === null ? onlineNow() : accounts,
    wallMs: (onlineAt ?? performance.now()) - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    lagP50: lag.percentile(50) / 1e6,
    lagP99: lag.percentile(99) / 1e6,
    lagMax: lag.max / 1e6,
    calls: callsNow(),
  };
  process.send?.(online);
}

async function gramdeck(): Promise<() => Promise<void>> {
  const profile = JSON.parse(values.profile ?? '') as CustomServerProfile;
  const core = await createBenchCore({
    dataDir: values['data-dir'] ?? '',
    cipher: fixedKeychain(restoreKeychainName),
    profile,
    restoreConcurrency: concurrency,
  });
  // A line every 30 s while a large restore runs, so a slow one shows how far it got.
  let lastLine = performance.now();
  let restored = 0;
  const allOnline = watchAllOnline(core, accounts, (p) => {
    restored = p.restored;
    if (performance.now() - lastLine < 30_000) return;
    lastLine = performance.now();
    process.stderr.write(
      `    Gramdeck restore: ${p.restored} of ${p.total} online, ${p.failed} failed\n`,
    );
  });
  await settleGc();
  const rssBefore = process.memoryUsage().rss;
  await go();
  await measure(
    () => {
      void core.start();
      return allOnline;
    },
    () => restored,
  );
  const quietAfterMs = await untilQuiet();
  await settleGc();
  report(rssBefore, quietAfterMs);
  return () => core.stop();
}

async function bare(): Promise<() => Promise<void>> {
  const { profile, sessions } = JSON.parse(
    readFileSync(values.sessions ?? '', 'utf8'),
  ) as BareSessions;
  const dcs = new Map(profile.dcs.map((dc) => [dc.id, dc]));
  // GramJS dials port 80 of the session's address; a user of a custom server points it at the
  // server's port per DC. Everything else is GramJS's default (transport, Nagle, retries).
  class ToServerProfile extends ConnectionTCPFull {
    constructor(params: ConstructorParameters<typeof ConnectionTCPFull>[0]) {
      const dc = dcs.get(params.dcId);
      super(dc ? { ...params, ip: dc.host, port: dc.port } : params);
    }
  }
  const clients: TelegramClient[] = [];
  await settleGc();
  const rssBefore = process.memoryUsage().rss;
  await go();
  let online = 0;
  await measure(
    async () => {
      const queue = sessions.entries();
      let failed = 0;
      const worker = async () => {
        for (let next = queue.next(); !next.done; next = queue.next()) {
          // Quiet logs: GramJS prints a few INFO lines per connect by default.
          const client = new TelegramClient(
            new StringSession(next.value[1]),
            profile.apiId ?? 1,
            profile.apiHash ?? '',
            { connection: ToServerProfile, baseLogger: new Logger(LogLevel.NONE) },
          );
          clients.push(client);
          try {
            await client.connect();
            await client.getMe();
            online++;
          } catch {
            failed++;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, sessions.length) }, worker));
      const at = performance.now();
      if (failed > 0) throw new Error(`${failed} of ${sessions.length} bare clients failed`);
      return at;
    },
    () => online,
  );
  const quietAfterMs = await untilQuiet();
  await settleGc();
  report(rssBefore, quietAfterMs);
  return async () => {
    await Promise.all(clients.map((c) => c.disconnect()));
  };
}

function report(rssBefore: number, quietAfterMs: number): void {
  const memory: RestoreMemory = {
    kind: 'result',
    rssBeforeMb: rssBefore / 2 ** 20,
    rssAfterMb: process.memoryUsage().rss / 2 ** 20,
    callsUntilQuiet: callsNow(),
    quietAfterMs,
  };
  process.send?.(memory);
}

const stop = values.mode === 'bare' ? await bare() : await gramdeck();
// Leave within 10 s whatever the clients do on their way out.
await Promise.race([stop(), sleep(10_000)]);
process.exit(0);
