/**
 * A single-instance lock on a data directory: two Gramdeck processes on one session store would
 * use the same auth keys at once, which Telegram punishes with AUTH_KEY_DUPLICATED, and race each
 * other's vault writes. Both the desktop app and the web host take it before opening the core;
 * the desktop app adds `app.requestSingleInstanceLock()` to hand a second launch to the first.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { failure } from '../../shared/error-words';
import type { AppFailure } from '../../shared/errors';
import { DIR_MODE, FILE_MODE, isMissing } from '../vault/atomic-file';

export const LOCK_FILE = 'gramdeck.lock';
/** A takeover that has not finished after this long was interrupted. */
const TAKEOVER_STALE_MS = 10_000;

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): Promise<void>;
}

/** Which Gramdeck holds the lock, for the message the other one shows. */
export type LockOwner = 'desktop app' | 'web host';

interface LockContent {
  pid: number;
  hostname: string;
  createdAt: number;
  owner: LockOwner | null;
}

function parseLock(text: string): LockContent | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const pid: unknown = Reflect.get(value, 'pid');
    const hostname: unknown = Reflect.get(value, 'hostname');
    const createdAt: unknown = Reflect.get(value, 'createdAt');
    const owner: unknown = Reflect.get(value, 'owner');
    if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return null;
    return {
      pid,
      hostname: typeof hostname === 'string' ? hostname : '',
      createdAt: typeof createdAt === 'number' ? createdAt : 0,
      owner: owner === 'desktop app' || owner === 'web host' ? owner : null,
    };
  } catch {
    return null;
  }
}

/** Whether a process with this pid exists (EPERM means it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return typeof error === 'object' && error !== null && 'code' in error && error.code === 'EPERM';
  }
}

/**
 * Takes the lock file `gramdeck.lock` (holding our pid and `owner`) in `directory`. A lock left by
 * a process that no longer exists is taken over. Fails with `failure('UNAVAILABLE')`, naming
 * the other process, while another live process holds it.
 *
 * Known limit: a stale lock whose pid was reused by an unrelated process is reported as held;
 * the message names the pid and the file so the user can remove it.
 */
export async function acquireDataDirLock(
  directory: string,
  owner: LockOwner | null = null,
): Promise<DataDirLock> {
  await fs.mkdir(directory, { recursive: true, mode: DIR_MODE });
  const lockPath = path.join(directory, LOCK_FILE);
  const content: LockContent = {
    pid: process.pid,
    hostname: os.hostname(),
    createdAt: Date.now(),
    owner,
  };
  const text = JSON.stringify(content);

  const tryCreate = async (): Promise<boolean> => {
    try {
      await fs.writeFile(lockPath, text, { flag: 'wx', mode: FILE_MODE });
      return true;
    } catch (error) {
      if (
        typeof error === 'object' &&
        error !== null &&
        'code' in error &&
        error.code === 'EEXIST'
      ) {
        return false;
      }
      throw error;
    }
  };

  if (!(await tryCreate())) {
    await takeOverIfStale(lockPath, tryCreate);
  }

  let isReleased = false;
  return {
    path: lockPath,
    async release() {
      if (isReleased) return;
      isReleased = true;
      const current = parseLock((await fs.readFile(lockPath, 'utf8').catch(() => '')) || '');
      if (current?.pid === process.pid && current.createdAt === content.createdAt) {
        await fs.rm(lockPath, { force: true });
      }
    },
  };
}

async function takeOverIfStale(
  lockPath: string,
  tryCreate: () => Promise<boolean>,
  isRetry = false,
): Promise<void> {
  // Only one process at a time may judge and replace a stale lock: mkdir is atomic.
  const mutex = `${lockPath}.takeover`;
  try {
    await fs.mkdir(mutex);
  } catch {
    const stat = await fs.stat(mutex).catch(() => null);
    if (!isRetry && stat && Date.now() - stat.mtimeMs > TAKEOVER_STALE_MS) {
      // A takeover was interrupted long ago (its process was killed): clear it and try again.
      await fs.rm(mutex, { recursive: true, force: true });
      await takeOverIfStale(lockPath, tryCreate, true);
      return;
    }
    throw held(lockPath, null);
  }
  try {
    let existing: string | null = null;
    try {
      existing = await fs.readFile(lockPath, 'utf8');
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    if (existing !== null) {
      const holder = parseLock(existing);
      if (holder && holder.pid !== process.pid && isProcessAlive(holder.pid)) {
        throw held(lockPath, holder);
      }
      if (holder?.pid === process.pid) throw held(lockPath, holder);
      await fs.rm(lockPath, { force: true });
    }
    if (!(await tryCreate())) throw held(lockPath, null);
  } finally {
    await fs.rm(mutex, { recursive: true, force: true });
  }
}

function held(lockPath: string, holder: LockContent | null): AppFailure {
  const who =
    holder === null
      ? ''
      : ` (${holder.owner === null ? '' : `the ${holder.owner}, `}process ${holder.pid})`;
  return failure('UNAVAILABLE', {
    message:
      `Gramdeck is already running with this data folder${who}. ` +
      `Close the other copy first. If none is running, delete ${lockPath}.`,
  });
}
