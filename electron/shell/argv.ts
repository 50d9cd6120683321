/**
 * Command-line options of the desktop app. Chromium and Electron switches share argv with ours,
 * so unknown arguments are ignored rather than refused.
 */
import { isAbsolute, resolve } from 'node:path';

export interface ShellArgs {
  /** `--data-dir DIR`: where settings, the vault and logs live; defaults to userData. */
  dataDir: string | null;
  /** `--server-profile FILE`: a JSON server profile, e.g. the local sandbox DC. */
  serverProfilePath: string | null;
}

export type ParseResult = { ok: true; args: ShellArgs } | { ok: false; message: string };

const options = {
  '--data-dir': 'dataDir',
  '--server-profile': 'serverProfilePath',
} as const satisfies Record<string, keyof ShellArgs>;

function isOption(name: string): name is keyof typeof options {
  return Object.hasOwn(options, name);
}

/** Parses `--name value` and `--name=value`; relative paths resolve against `cwd`. */
export function parseShellArgs(argv: readonly string[], cwd: string): ParseResult {
  const args: ShellArgs = { dataDir: null, serverProfilePath: null };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg : arg.slice(0, equals);
    if (!isOption(name)) continue;
    let value: string | undefined;
    if (equals === -1) {
      value = argv[i + 1];
      i += 1;
    } else {
      value = arg.slice(equals + 1);
    }
    if (value === undefined || value === '' || value.startsWith('--')) {
      return { ok: false, message: `${name} needs a path.` };
    }
    args[options[name]] = isAbsolute(value) ? value : resolve(cwd, value);
  }
  return { ok: true, args };
}
