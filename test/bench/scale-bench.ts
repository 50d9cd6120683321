/**
 * Figure 15 (issue 17): a restore of N saved accounts through the real core, step by step. The
 * GramJS gateway is wrapped to time each step of each account (connect, getMe, unread count,
 * avatar); vault writes are timed apart, on the same disk (write-then-rename with fsync each).
 * Beside the wall time: the core process's CPU per account (`process.cpuUsage`, which includes
 * the bench's own light bookkeeping), main-loop lag during the restore, and lag while the N
 * accounts then sit idle for `idleMs` (figure 16 without pushed updates). The DC runs in a child
 * process on the same cores.
 */
import { createBenchVault } from './support/bench-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createGramdeckCore } from '../../electron/core/app';
import type { AccountRecord, TelegramGateway } from '../../electron/core/ports';
import { confStoreFactory } from '../../electron/core/storage/conf-store';
import type { CustomServerProfile } from '../../electron/shared/server-profile';
import { createGramJsGateway } from '../../electron/telegram';
import { FakeCipher } from '../support/keychain';
import { silentLogger } from '../support/logger';
import { sleep } from '../support/timers';
import { whenAllOnline } from './support/accounts-online';
import { forkDcChild } from './support/dc-child-process';

type Step = 'connect' | 'getMe' | 'unread' | 'avatar';

export interface ScaleRun {
  accounts: number;
  wallMs: number;
  cpuMsPerAccount: number;
  lagP99: number;
  lagMax: number;
  /** Per step: how many ran, mean and p99 wall ms, and when the last one ended (ms after t0). */
  steps: Record<Step, { count: number; meanMs: number; p99Ms: number; lastEndMs: number }>;
  vaultWriteMs: number;
  idleLagP99: number;
  idleLagMax: number;
  load: string;
}

function timedGateway(inner: TelegramGateway, record: (step: Step, ms: number) => void) {
  const time = async <T>(step: Step, run: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await run();
    } finally {
      record(step, performance.now() - t);
    }
  };
  const gateway: TelegramGateway = {
    async openClient(options) {
      const connection = await time('connect', () => inner.openClient(options));
      return new Proxy(connection, {
        get(target, key, receiver) {
          const value: unknown = Reflect.get(target, key, receiver);
          if (typeof value !== 'function') return value;
          const step: Step | null =
            key === 'getMe'
              ? 'getMe'
              : key === 'getUnreadCount'
                ? 'unread'
                : key === 'downloadAvatar'
                  ? 'avatar'
                  : null;
          const fn = value as (...args: unknown[]) => unknown;
          if (step === null) return fn.bind(target);
          return (...args: unknown[]) =>
            time(step, () => fn.apply(target, args) as Promise<unknown>);
        },
      });
    },
    dispose: () => inner.dispose?.() ?? Promise.resolve(),
  };
  return gateway;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

export async function benchScale(n: number, idleMs: number): Promise<ScaleRun> {
  const dc = await forkDcChild('dc-child.ts', ['--accounts', String(n), '--login', '0']);
  const records = JSON.parse(dc.output) as AccountRecord[];
  const profile: CustomServerProfile = dc.profile;
  const dataDir = mkdtempSync(join(tmpdir(), 'gramdeck-scale-'));
  const cipher = new FakeCipher();
  try {
    const vault = await createBenchVault(join(dataDir, 'vault'), cipher);
    for (const [i, record] of records.entries()) {
      await vault.writeAccount(`s${String(i).padStart(5, '0')}`, record);
    }
    // A vault write as a restore makes one (a changed session or profile): 50 rewrites, timed.
    const writes: number[] = [];
    for (let i = 0; i < Math.min(50, records.length); i++) {
      const t = performance.now();
      await vault.writeAccount(`s${String(i).padStart(5, '0')}`, records[i] as AccountRecord);
      writes.push(performance.now() - t);
    }
    await vault.close();

    const samples: Record<Step, { ms: number[]; lastEnd: number }> = {
      connect: { ms: [], lastEnd: 0 },
      getMe: { ms: [], lastEnd: 0 },
      unread: { ms: [], lastEnd: 0 },
      avatar: { ms: [], lastEnd: 0 },
    };
    let t0 = performance.now();
    const gateway = timedGateway(createGramJsGateway({ logger: silentLogger }), (step, ms) => {
      samples[step].ms.push(ms);
      samples[step].lastEnd = performance.now() - t0;
    });
    const core = await createGramdeckCore({
      dataDir,
      transport: 'web',
      app: { version: '0.0.0-bench', platform: process.platform, isPackaged: false },
      storeFactory: confStoreFactory,
      cipher,
      gateway,
      sandboxProfile: profile,
      updater: null,
      logger: silentLogger,
      isTrustedSender: () => true,
      kdf: { N: 1024 },
    });
    const allOnline = whenAllOnline(core, n);
    const lag = monitorEventLoopDelay({ resolution: 5 });
    const cpu0 = process.cpuUsage();
    lag.enable();
    t0 = performance.now();
    void core.start();
    await allOnline;
    const wallMs = performance.now() - t0;
    lag.disable();
    const cpu = process.cpuUsage(cpu0);
    // The unread counts and avatars that waited for the restore.
    await sleep(Math.min(30_000, 2_000 + n * 2));
    const idle = monitorEventLoopDelay({ resolution: 5 });
    idle.enable();
    await sleep(idleMs);
    idle.disable();
    await core.stop();
    const step = (s: Step) => {
      const xs = samples[s].ms;
      return {
        count: xs.length,
        meanMs: xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length),
        p99Ms: quantile(xs, 0.99),
        lastEndMs: samples[s].lastEnd,
      };
    };
    return {
      accounts: n,
      wallMs,
      cpuMsPerAccount: (cpu.user + cpu.system) / 1000 / n,
      lagP99: lag.percentile(99) / 1e6,
      lagMax: lag.max / 1e6,
      steps: {
        connect: step('connect'),
        getMe: step('getMe'),
        unread: step('unread'),
        avatar: step('avatar'),
      },
      vaultWriteMs: writes.reduce((a, b) => a + b, 0) / Math.max(1, writes.length),
      idleLagP99: idle.percentile(99) / 1e6,
      idleLagMax: idle.max / 1e6,
      load: loadavg()
        .map((l) => l.toFixed(2))
        .join(' '),
    };
  } finally {
    dc.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The table rows of figure 15, one per size. */
export function scaleLines(runs: ScaleRun[]): string[] {
  const f = (x: number, d = 0) => x.toFixed(d);
  return runs.map((r) => {
    const s = (name: string, x: ScaleRun['steps'][Step]) =>
      `${name} ${x.count}× mean ${f(x.meanMs, 1)} / p99 ${f(x.p99Ms)} ms (last at ${f(x.lastEndMs / 1000, 1)} s)`;
    return `| 15. restore ${r.accounts.toLocaleString('en')} accounts step by step (real core, DC in a child process; load ${r.load}) | ${f(r.wallMs)} ms to all online; CPU ${f(r.cpuMsPerAccount, 2)} ms/account; lag p99 ${f(r.lagP99, 1)} / max ${f(r.lagMax)} ms; ${s('connect', r.steps.connect)}; ${s('getMe', r.steps.getMe)}; ${s('unread', r.steps.unread)}; ${s('avatar', r.steps.avatar)}; vault write ${f(r.vaultWriteMs, 1)} ms each; then idle: lag p99 ${f(r.idleLagP99, 1)} / max ${f(r.idleLagMax)} ms | 10,000 < 30 s; CPU < 1.5 ms/account; p99 < 50 ms, max < 150 ms; idle p99 < 20 ms |`;
  });
}
