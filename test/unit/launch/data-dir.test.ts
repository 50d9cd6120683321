/**
 * The launch steps both roots share, on real folders: opening the data dir (modes, log file,
 * log level, lock) and reading a server profile file.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { logLevelFromEnv, openDataDir } from '../../../electron/core/launch/data-dir';
import { loadServerProfileFile } from '../../../electron/core/launch/server-profile-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gramdeck-launch-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const logLines = (dataDir: string): { level: string; message: string; process?: string }[] =>
  readFileSync(join(dataDir, 'logs', 'gramdeck.log'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { level: string; message: string; process?: string });

const mode = (path: string) => statSync(path).mode & 0o777;

describe('openDataDir', () => {
  it.skipIf(process.platform === 'win32')(
    'creates the folder and its parents, and the logs, for the owner only',
    () => {
      const dataDir = join(dir, 'new', 'data');
      const { logger } = openDataDir(dataDir, { owner: 'web host', hasStderrLog: false, env: {} });
      logger.log('info', 'hello');
      expect(mode(join(dir, 'new'))).toBe(0o700);
      expect(mode(dataDir)).toBe(0o700);
      expect(mode(join(dataDir, 'logs'))).toBe(0o700);
      expect(mode(join(dataDir, 'logs', 'gramdeck.log'))).toBe(0o600);
    },
  );

  it('writes JSON lines to logs/gramdeck.log with the root fields, from info up by default', () => {
    const { logger } = openDataDir(dir, {
      owner: 'desktop app',
      hasStderrLog: false,
      logFields: { process: 'main' },
      env: {},
    });
    logger.log('debug', 'not kept');
    logger.log('info', 'kept');
    expect(logLines(dir)).toMatchObject([{ level: 'info', message: 'kept', process: 'main' }]);
  });

  it('GRAMDECK_LOG_LEVEL picks the lowest level logged', () => {
    const { logger } = openDataDir(dir, {
      owner: 'web host',
      hasStderrLog: false,
      env: { GRAMDECK_LOG_LEVEL: 'warn' },
    });
    logger.log('info', 'not kept');
    logger.log('warn', 'kept');
    expect(logLines(dir).map((line) => line.message)).toEqual(['kept']);
  });

  it.each([
    [{}, 'info'],
    [{ GRAMDECK_LOG_LEVEL: 'debug' }, 'debug'],
    [{ GRAMDECK_LOG_LEVEL: 'error' }, 'error'],
    [{ GRAMDECK_LOG_LEVEL: 'DEBUG' }, 'info'],
    [{ GRAMDECK_LOG_LEVEL: 'verbose' }, 'info'],
    [{ GRAMDECK_LOG_LEVEL: '' }, 'info'],
  ])('log level from %o → %s', (env, level) => {
    expect(logLevelFromEnv(env)).toBe(level);
  });

  it.each([true, false])('stderr gets the lines too: %s', (hasStderrLog) => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const { logger } = openDataDir(dir, { owner: 'web host', hasStderrLog, env: {} });
    logger.log('info', 'to both');
    expect(written.some((line) => line.includes('"message":"to both"'))).toBe(hasStderrLog);
    expect(logLines(dir).map((line) => line.message)).toEqual(['to both']);
  });

  it('takes the lock as its owner; a second copy is refused, naming it, and logs why', async () => {
    const first = openDataDir(dir, { owner: 'web host', hasStderrLog: false, env: {} });
    const lock = await first.lock();
    expect(JSON.parse(readFileSync(join(dir, 'gramdeck.lock'), 'utf8'))).toMatchObject({
      pid: process.pid,
      owner: 'web host',
    });

    const second = openDataDir(dir, { owner: 'desktop app', hasStderrLog: false, env: {} });
    await expect(second.lock()).rejects.toThrow(
      `Gramdeck is already running with this data folder (the web host, process ${process.pid}).`,
    );
    expect(logLines(dir).map((line) => line.message)).toContain(
      'Another Gramdeck holds this data folder; not starting',
    );

    await lock.release();
    const third = await second.lock();
    await third.release();
  });
});

describe('loadServerProfileFile', () => {
  const profile = {
    kind: 'custom',
    label: 'Gramdeck sandbox',
    isSandbox: true,
    defaultDcId: 2,
    dcs: [{ id: 2, host: '127.0.0.1', port: 10443 }],
    rsaKeys: [{ fingerprint: '-1', n: 'ab', e: 65537 }],
  };

  it('reads a valid profile', () => {
    const file = join(dir, 'dc.json');
    writeFileSync(file, JSON.stringify(profile));
    expect(loadServerProfileFile(file)).toEqual({ ok: true, profile });
  });

  it.each([
    ['missing.json', null, 'Cannot read the server profile <dir>/missing.json.'],
    ['broken.json', '{"kind":', 'The server profile is not valid JSON.'],
    ['moon.json', '{"kind":"moon"}', 'The server profile is not valid at kind:'],
  ])('%s gives a plain sentence', (name, text, message) => {
    const file = join(dir, name);
    if (text !== null) writeFileSync(file, text);
    const result = loadServerProfileFile(file);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message.replace('<dir>', dir));
  });
});
