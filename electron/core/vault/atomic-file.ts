/**
 * Crash-safe small files with a last-known-good backup.
 *
 * Why not conf for these: conf rewrites its one JSON document in place through `atomically`,
 * keeps no backup, and its `clearInvalidConfig: false` only throws on damage. Session records
 * must survive a kill at any instant and a damaged file must fall back to the previous version,
 * so each record is its own file written here:
 *
 *   1. write `<file>.tmp-<pid>-<random>` (mode 0600) and fsync it;
 *   2. rename the current `<file>` to `<file>.bak` (it was verified when it was written or read);
 *   3. rename the temporary file to `<file>` and fsync the directory.
 *
 * A kill between 2 and 3 leaves only `<file>.bak`, which holds the last acknowledged value; the
 * reader falls back to it. Renames within one directory are atomic, so `<file>` is always either
 * the old or the new version, never a mix.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { diskFullOr } from '../storage/disk-full';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

export function backupPath(file: string): string {
  return `${file}.bak`;
}

export function isTemporaryName(name: string): boolean {
  return /\.tmp-\d+-[0-9a-f]+$/.test(name);
}

export function isAuxiliaryName(name: string): boolean {
  return name.endsWith('.bak') || isTemporaryName(name) || /\.corrupt-\d+(-\d+)?$/.test(name);
}

export async function ensureDirectory(directory: string): Promise<void> {
  await fs.mkdir(directory, { recursive: true, mode: DIR_MODE });
}

export async function fsyncDirectory(directory: string): Promise<void> {
  // Windows cannot open a directory for fsync; rename is durable enough there.
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(directory, 'r');
    await handle.sync();
  } catch {
    // Best effort: the rename itself is already atomic.
  } finally {
    await handle?.close();
  }
}

async function writeTemporary(file: string, data: string): Promise<string> {
  const temporary = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const handle = await fs.open(temporary, 'wx', FILE_MODE);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } catch (error) {
    // A partly written file (a full disk) would only take more space until the next start.
    await handle.close();
    await fs.rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  return temporary;
}

/**
 * Replaces `file` atomically with `data`. When `keepBackup` is true, the current file becomes
 * `<file>.bak` first; pass false when the current file is known to be damaged, so the backup
 * keeps the last good version. A full disk (or quota) fails with `AppFailure('DISK_FULL')`.
 */
export async function writeAtomic(file: string, data: string, keepBackup: boolean): Promise<void> {
  const temporary = await writeTemporary(file, data).catch((error: unknown) => {
    throw diskFullOr(error);
  });
  try {
    await moveIntoPlace(temporary, file, keepBackup);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw diskFullOr(error);
  }
  await fsyncDirectory(path.dirname(file));
}

/** Renames a written temporary onto `file`, the current file becoming `<file>.bak` first when asked. */
async function moveIntoPlace(temporary: string, file: string, keepBackup: boolean): Promise<void> {
  if (keepBackup) {
    try {
      await fs.rename(file, backupPath(file));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
  await fs.rename(temporary, file);
}

/**
 * Replaces several files as `writeAtomic` replaces one, in one pass (issue 17): every temporary
 * file written and fsynced at once (the disk flushes them together), then each file's two
 * renames, then one fsync per directory instead of one per file. A kill at any instant leaves
 * each file old, new, or only its backup (which readers fall back to), as `writeAtomic` does.
 */
export async function writeAtomicMany(
  files: readonly { file: string; data: string; keepBackup: boolean }[],
): Promise<void> {
  const written = await Promise.allSettled(files.map((f) => writeTemporary(f.file, f.data)));
  const temporaries = written.map((w) => (w.status === 'fulfilled' ? w.value : null));
  const removeFrom = (start: number) =>
    Promise.all(
      temporaries
        .slice(start)
        .filter((t): t is string => t !== null)
        .map((t) => fs.rm(t, { force: true })),
    );
  const refused = written.find((w) => w.status === 'rejected');
  if (refused) {
    await removeFrom(0);
    throw diskFullOr(refused.reason);
  }
  let renamed = 0;
  try {
    for (const [i, f] of files.entries()) {
      await moveIntoPlace(temporaries[i] ?? '', f.file, f.keepBackup);
      renamed = i + 1;
    }
  } catch (error) {
    await removeFrom(renamed);
    throw diskFullOr(error);
  }
  for (const directory of new Set(files.map((f) => path.dirname(f.file)))) {
    await fsyncDirectory(directory);
  }
}

/** Reads a file as UTF-8, or null when it does not exist. */
export async function readText(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/**
 * Moves a damaged file aside as `<file>.corrupt-<time>` (never deletes it) and returns the new
 * path.
 */
export async function moveAside(file: string, now: number): Promise<string> {
  for (let attempt = 0; ; attempt += 1) {
    const target = attempt === 0 ? `${file}.corrupt-${now}` : `${file}.corrupt-${now}-${attempt}`;
    try {
      // link + unlink would refuse to overwrite, but is not portable; check first instead.
      await fs.access(target);
      continue;
    } catch {
      // The name is free.
    }
    await fs.rename(file, target);
    return target;
  }
}

/** Removes `file` and its backup: backup first, so a kill in between keeps the record. */
export async function removeWithBackup(file: string): Promise<void> {
  await fs.rm(backupPath(file), { force: true });
  await fs.rm(file, { force: true });
  await fsyncDirectory(path.dirname(file));
}

/** Deletes temporary files left by a killed writer: they were never acknowledged. */
export async function removeTemporaries(directory: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(directory);
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  await Promise.all(
    names.filter(isTemporaryName).map((name) => fs.rm(path.join(directory, name), { force: true })),
  );
}

export function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
