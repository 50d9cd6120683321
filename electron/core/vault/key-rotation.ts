/**
 * Crash-safe data key rotation: a journaled two-phase change of the header and every record.
 *
 * 1. Stage: `rotation.tmp/` receives every record re-sealed under the new key and the new header
 *    (each file fsynced). Nothing outside it changes, so a kill here leaves the old key working;
 *    the next start deletes the half-built `rotation.tmp/` (roll back).
 * 2. Commit: one rename, `rotation.tmp/` → `rotation/`. From this instant the rotation is decided.
 * 3. Apply: each staged record replaces its file (its `.bak`, sealed under the old key, is removed
 *    first), then the staged header replaces `vault.json` and `vault.json.bak`, then `rotation/`
 *    is removed. Every step is idempotent: a kill here is finished by the next start (roll
 *    forward) before the header is read.
 *
 * So a kill at any point leaves either the old key (nothing committed) or the new key (committed,
 * then finished) working, never a mix.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  backupPath,
  ensureDirectory,
  fsyncDirectory,
  isMissing,
  isTemporaryName,
  writeAtomic,
} from './atomic-file';

export const ROTATION_STAGING_DIR = 'rotation.tmp';
export const ROTATION_COMMITTED_DIR = 'rotation';
const STAGED_HEADER = 'vault.json';

/** A file to be written by the rotation, relative to the vault folder (e.g. `accounts/a.json`). */
export interface StagedFile {
  relative: string;
  text: string;
}

export type RotationRecovery = 'none' | 'rolled-back' | 'rolled-forward';

/**
 * Phases 1 and 2: stages `files` and the header text, then commits with one rename. Call
 * `applyRotation` afterwards (phase 3).
 */
export async function stageRotation(
  directory: string,
  files: readonly StagedFile[],
  headerText: string,
): Promise<void> {
  const staging = path.join(directory, ROTATION_STAGING_DIR);
  await fs.rm(staging, { recursive: true, force: true });
  await ensureDirectory(staging);
  const subdirectories = new Set<string>();
  for (const file of files) {
    const target = path.join(staging, file.relative);
    const parent = path.dirname(target);
    if (!subdirectories.has(parent)) {
      await ensureDirectory(parent);
      subdirectories.add(parent);
    }
    await writeAtomic(target, file.text, false);
  }
  await writeAtomic(path.join(staging, STAGED_HEADER), headerText, false);
  for (const subdirectory of subdirectories) await fsyncDirectory(subdirectory);
  await fsyncDirectory(staging);
  await fs.rename(staging, path.join(directory, ROTATION_COMMITTED_DIR));
  await fsyncDirectory(directory);
}

/**
 * Phase 3: moves a committed rotation into place. Safe to repeat after a kill at any point.
 * Returns false when there is no committed rotation.
 */
export async function applyRotation(directory: string): Promise<boolean> {
  const committed = path.join(directory, ROTATION_COMMITTED_DIR);
  let entries: string[];
  try {
    entries = await fs.readdir(committed);
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
  for (const entry of entries) {
    const staged = path.join(committed, entry);
    if (entry === STAGED_HEADER || !(await fs.stat(staged)).isDirectory()) continue;
    const targetDir = path.join(directory, entry);
    await ensureDirectory(targetDir);
    for (const name of await fs.readdir(staged)) {
      if (isTemporaryName(name)) continue;
      const target = path.join(targetDir, name);
      // The backup holds the record under the old key: it goes before the new record arrives.
      await fs.rm(backupPath(target), { force: true });
      await fs.rename(path.join(staged, name), target);
    }
    await fsyncDirectory(targetDir);
  }
  const stagedHeader = path.join(committed, STAGED_HEADER);
  let headerText: string | null = null;
  try {
    headerText = await fs.readFile(stagedHeader, 'utf8');
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  if (headerText !== null) {
    // Twice, so that `vault.json.bak` holds the new header too, not the old key's wraps.
    const header = path.join(directory, STAGED_HEADER);
    await writeAtomic(header, headerText, true);
    await writeAtomic(header, headerText, true);
  }
  await fs.rm(committed, { recursive: true, force: true });
  await fsyncDirectory(directory);
  return true;
}

/** At start, before the header is read: rolls an interrupted rotation back or forward. */
export async function recoverRotation(directory: string): Promise<RotationRecovery> {
  const staging = path.join(directory, ROTATION_STAGING_DIR);
  let rolledBack = false;
  try {
    await fs.access(staging);
    await fs.rm(staging, { recursive: true, force: true });
    rolledBack = true;
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  if (await applyRotation(directory)) return 'rolled-forward';
  return rolledBack ? 'rolled-back' : 'none';
}
