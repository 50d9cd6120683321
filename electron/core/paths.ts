import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The platform's user-data folder for Gramdeck, the same folder Electron's
 * `app.getPath('userData')` gives, so the web host and the desktop app share a default profile.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32')
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Gramdeck');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Gramdeck');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Gramdeck');
}

/** The app log inside a data dir. */
export const logFile = (dataDir: string): string => join(dataDir, 'logs', 'gramdeck.log');
