import { readFileSync } from 'node:fs';
import { parseServerProfileJson, type ServerProfile } from '../../shared/server-profile';

export type ServerProfileFileResult =
  { ok: true; profile: ServerProfile } | { ok: false; message: string };

/**
 * Reads `--server-profile FILE` (e.g. the one the local test DC writes) for either root. A file
 * that cannot be read or is not a valid profile gives a plain sentence to show the user.
 * Synchronous: the desktop app reads it before Electron is ready.
 */
export function loadServerProfileFile(path: string): ServerProfileFileResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { ok: false, message: `Cannot read the server profile ${path}.` };
  }
  return parseServerProfileJson(text);
}
