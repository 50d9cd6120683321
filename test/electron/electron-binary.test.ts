import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findElectronBinary } from './electron-binary';

const dir = mkdtempSync(join(tmpdir(), 'gramdeck-binary-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('findElectronBinary (never loads the electron package)', () => {
  it('prefers a packaged e2e build', () => {
    const app = join(dir, 'gramdeck');
    writeFileSync(app, '');
    chmodSync(app, 0o755);
    expect(findElectronBinary({ GRAMDECK_E2E_APP: app })).toEqual({
      kind: 'packaged',
      executablePath: app,
    });
    expect(findElectronBinary({ GRAMDECK_E2E_APP: join(dir, 'nope') })).toMatchObject({
      kind: 'missing',
    });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH', () => {
    const dist = join(dir, 'dist');
    mkdirSync(dist, { recursive: true });
    expect(findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dist })).toMatchObject({
      kind: 'missing',
    });
    const executable = process.platform === 'win32' ? 'electron.exe' : 'electron';
    writeFileSync(join(dist, executable), '');
    // path.txt (if the package ever downloaded) names the executable; otherwise the platform default.
    const found = findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: dist });
    if (found.kind !== 'missing') expect(found.executablePath.startsWith(dist)).toBe(true);
  });

  it('reports a one-line reason when there is no binary', () => {
    const found = findElectronBinary({});
    if (found.kind === 'missing') expect(found.reason).not.toContain('\n');
    else expect(found.kind).toBe('development');
  });
});
