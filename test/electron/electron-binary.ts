/**
 * Finds an Electron binary for Playwright's `_electron` WITHOUT loading the `electron` package:
 * its index.js downloads the binary on first use, which fails where there is no internet.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const projectRoot = join(import.meta.dirname, '..', '..');

export type ElectronBinary =
  | { kind: 'packaged'; executablePath: string }
  | { kind: 'development'; executablePath: string }
  | { kind: 'missing'; reason: string };

function platformExecutable(): string {
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (process.platform === 'win32') return 'electron.exe';
  return 'electron';
}

/**
 * In order:
 * 1. GRAMDECK_E2E_APP: a packaged e2e build (build/electron-builder.e2e.yml), fuses included;
 * 2. ELECTRON_OVERRIDE_DIST_PATH: an unpacked Electron (as the electron package honours it);
 * 3. node_modules/electron/dist/<path.txt>: the binary `npm install` downloaded.
 */
export function findElectronBinary(env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const packaged = env.GRAMDECK_E2E_APP;
  if (packaged) {
    return existsSync(packaged)
      ? { kind: 'packaged', executablePath: packaged }
      : { kind: 'missing', reason: `GRAMDECK_E2E_APP=${packaged} does not exist` };
  }
  const packageDir = join(projectRoot, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  const relativePath = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const executablePath = join(override, relativePath ?? platformExecutable());
    return existsSync(executablePath)
      ? { kind: 'development', executablePath }
      : {
          kind: 'missing',
          reason: `no Electron binary at ${executablePath} (ELECTRON_OVERRIDE_DIST_PATH)`,
        };
  }
  if (relativePath === null) {
    return {
      kind: 'missing',
      reason:
        'no Electron binary: node_modules/electron/path.txt is missing (binary never downloaded)',
    };
  }
  const executablePath = join(packageDir, 'dist', relativePath);
  return existsSync(executablePath)
    ? { kind: 'development', executablePath }
    : { kind: 'missing', reason: `no Electron binary at ${executablePath}` };
}
