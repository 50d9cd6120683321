/**
 * Kill -9 during writes and data key rotations. A child process writes account updates, passcode
 * changes and new recovery codes (both rotate the data key and re-seal every record) and
 * acknowledges each one on stdout; the parent SIGKILLs it at a random moment, then opens the
 * vault itself and checks it. Pass: no store ever needs attention, the passcode is the last
 * acknowledged one or the one being set (so the old or the new key works, never neither), no
 * rotation journal outlives the start, and every account reads back at its last acknowledged
 * version or the one after.
 *
 * GRAMDECK_KILL_RUNS sets the number of kills (default 100, or 1000 when CI=true).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../../electron/core/launch/data-dir-lock';
import {
  ROTATION_COMMITTED_DIR,
  ROTATION_STAGING_DIR,
} from '../../electron/core/vault/key-rotation';
import { sleep } from '../support/timers';
import { ACCOUNTS, openReliabilityVault, versionOf } from './vault/shared';

const RUNS = Number(process.env.GRAMDECK_KILL_RUNS ?? (process.env.CI === 'true' ? 1000 : 100));
const here = path.dirname(fileURLToPath(import.meta.url));
const writerSource = path.join(here, 'vault', 'writer.ts');

/** Bundles the writer once so each child starts in tens of milliseconds, not via tsx. */
async function writerCommand(outDir: string): Promise<string[]> {
  try {
    const esbuild = await import('esbuild');
    const outfile = path.join(outDir, 'writer.mjs');
    await esbuild.build({
      entryPoints: [writerSource],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'silent',
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
    });
    return [process.execPath, outfile];
  } catch {
    return [process.execPath, '--import', 'tsx', writerSource];
  }
}

interface Child {
  process: ChildProcessWithoutNullStreams;
  lines: string[];
  ready: Promise<void>;
  closed: Promise<void>;
}

function startChild(command: string[]): Child {
  const [file, ...args] = command;
  const child = spawn(file ?? process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    if (line === 'READY') markReady();
  });
  child.stderr.resume();
  const closed = new Promise<void>((resolve) => {
    child.on('close', () => {
      resolve();
    });
  });
  void closed.then(markReady);
  return { process: child, lines, ready, closed };
}

type Stats = Record<
  | 'kills'
  | 'killedBeforeReady'
  | 'childCrashes'
  | 'unreadableStores'
  | 'atAcknowledged'
  | 'atNext'
  | 'violations'
  | 'passcodeAtNext'
  | 'acknowledgedWrites'
  | 'acknowledgedRotations'
  | 'rotationsRolledBack'
  | 'rotationsRolledForward'
  | 'journalsLeft',
  number
>;

/** One lane: its own vault directory, a writer child at a time, and spare children warming up. */
async function runLane(command: string[], directory: string, runs: number, stats: Stats) {
  const open = () => openReliabilityVault(directory);
  const initial = await open();
  await initial.setPasscode('pass-initial');
  await initial.close();

  const acked = new Map<string, number>(ACCOUNTS.map((id) => [id, 0]));
  let passcode = 'pass-initial';
  // Children start (load the bundle) ahead of time, so a kill iteration never waits for one.
  const spares = Array.from({ length: 2 }, () => startChild(command));
  // How long a child may write before the kill. It doubles every 10 kills for as long as this lane
  // has seen no rotation acknowledged (a loaded machine), so every lane still covers rotations.
  let writeWindowMs = 150;
  let laneRotations = 0;
  try {
    for (let run = 0; run < runs; run += 1) {
      const t0 = Date.now();
      const child = spares.shift() ?? startChild(command);
      spares.push(startChild(command));
      let pendingPasscode: string | null = null;
      child.process.stdin.write(`GO ${directory} ${passcode}\n`);
      if (Math.random() < 0.15) {
        // Sometimes kill during startup: header checks, repairs, unlock.
        await sleep(Math.random() * 40);
      } else {
        await child.ready;
        // Rotations take tens of milliseconds on a quiet machine: the window must cover several.
        await sleep(Math.random() * writeWindowMs);
      }
      const t1 = Date.now();
      const hadExited = child.process.exitCode !== null;
      child.process.kill('SIGKILL');
      await child.closed;
      if (hadExited && child.process.exitCode !== 0) stats.childCrashes += 1;
      stats.kills += 1;
      if (!child.lines.includes('READY')) stats.killedBeforeReady += 1;

      for (const line of child.lines) {
        const [kind, a, b] = line.split(' ');
        if (kind === 'ACK' && a && b) {
          acked.set(a, Number(b));
          stats.acknowledgedWrites += 1;
        } else if (kind === 'PASSNEXT' && a) pendingPasscode = a;
        else if (kind === 'PASS' && a) {
          passcode = a;
          pendingPasscode = null;
          stats.acknowledgedRotations += 1;
        } else if (kind === 'ROTATED') stats.acknowledgedRotations += 1;
      }
      laneRotations += child.lines.filter((line) => /^(PASS|ROTATED)\b/.test(line)).length;
      if (laneRotations === 0 && run % 10 === 9) writeWindowMs = Math.min(writeWindowMs * 2, 2400);
      const journals = () =>
        readdirSync(directory).filter(
          (name) => name === ROTATION_STAGING_DIR || name === ROTATION_COMMITTED_DIR,
        );
      const left = journals();
      if (left.includes(ROTATION_STAGING_DIR)) stats.rotationsRolledBack += 1;
      if (left.includes(ROTATION_COMMITTED_DIR)) stats.rotationsRolledForward += 1;

      const t2 = Date.now();
      // The parent takes the data directory lock over from the dead child and checks.
      const lock = await acquireDataDirLock(directory);
      const vault = await open();
      try {
        if (journals().length > 0) stats.journalsLeft += 1;
        if (vault.status().attention.length > 0) stats.unreadableStores += 1;
        let unlocked = false;
        for (const candidate of [passcode, pendingPasscode]) {
          if (!candidate) continue;
          try {
            await vault.unlock(candidate);
            if (candidate !== passcode) stats.passcodeAtNext += 1;
            passcode = candidate;
            unlocked = true;
            break;
          } catch {
            // The other candidate, then.
          }
        }
        if (!unlocked) {
          stats.unreadableStores += 1;
          return;
        }
        for (const id of ACCOUNTS) {
          const expected = acked.get(id) ?? 0;
          let version = 0;
          try {
            version = versionOf(await vault.readAccount(id));
          } catch {
            version = 0;
          }
          if (version === expected) stats.atAcknowledged += 1;
          else if (version === expected + 1) stats.atNext += 1;
          else stats.violations += 1;
          acked.set(id, version);
        }
      } finally {
        await vault.close();
        await lock.release();
        if (process.env.GRAMDECK_KILL_TRACE)
          console.log('phase', run, t1 - t0, t2 - t1, Date.now() - t2);
      }
    }
  } finally {
    for (const spare of spares) {
      spare.process.kill('SIGKILL');
      await spare.closed;
    }
  }
}

describe('vault under kill -9', () => {
  it(`keeps every acknowledged write through ${RUNS} kills`, { timeout: 30 * 60_000 }, async () => {
    // A SIGKILL (unlike a power cut) loses nothing the kernel already has, so fsync latency only
    // slows this test down: use tmpfs when there is one (GRAMDECK_KILL_DIR overrides).
    const base =
      process.env.GRAMDECK_KILL_DIR ?? (existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir());
    const root = mkdtempSync(path.join(base, 'gramdeck-kill-'));
    try {
      const command = await writerCommand(root);
      const stats: Stats = {
        kills: 0,
        killedBeforeReady: 0,
        childCrashes: 0,
        unreadableStores: 0,
        atAcknowledged: 0,
        atNext: 0,
        violations: 0,
        passcodeAtNext: 0,
        acknowledgedWrites: 0,
        acknowledgedRotations: 0,
        rotationsRolledBack: 0,
        rotationsRolledForward: 0,
        journalsLeft: 0,
      };
      const started = Date.now();
      // Lanes on separate directories keep the cores busy while other lanes wait on fsync.
      const lanes = Math.max(1, Number(process.env.GRAMDECK_KILL_LANES ?? 4));
      await Promise.all(
        Array.from({ length: lanes }, (_, lane) =>
          runLane(
            command,
            path.join(root, `vault-${lane}`),
            Math.floor(RUNS / lanes) + (lane < RUNS % lanes ? 1 : 0),
            stats,
          ),
        ),
      );
      const seconds = Number(((Date.now() - started) / 1000).toFixed(1));
      console.log(`[vault-kill] ${JSON.stringify({ ...stats, lanes, seconds })}`);
      expect(stats.kills).toBe(RUNS);
      expect(stats.unreadableStores).toBe(0);
      expect(stats.violations).toBe(0);
      expect(stats.childCrashes).toBe(0);
      expect(stats.journalsLeft).toBe(0);
      expect(stats.acknowledgedWrites).toBeGreaterThan(0);
      expect(stats.acknowledgedRotations).toBeGreaterThan(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
