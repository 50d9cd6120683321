/** The log file sink caps its size and keeps a few older files, on a real folder. */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  createLogger,
  defaultLogRotation,
  fileSink,
  rotatedLogFile,
} from '../../../electron/core/logging';
import { logFile } from '../../../electron/core/paths';

let dataDir: string;
let file: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'gd-logs-'));
  file = logFile(dataDir);
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const rotation = { maxBytes: 400, keep: 3 };
const files = () => [3, 2, 1].map((index) => rotatedLogFile(file, index)).concat(file);

/** The `n` field of every line, oldest file first. */
function loggedNumbers(): number[] {
  return files()
    .filter((name) => existsSync(name))
    .flatMap((name) =>
      readFileSync(name, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => (JSON.parse(line) as { n: number }).n),
    );
}

describe('log rotation', () => {
  test('names: gramdeck.log, then gramdeck.1.log to gramdeck.3.log; 5 MB by default', () => {
    expect(file).toBe(join(dataDir, 'logs', 'gramdeck.log'));
    expect(rotatedLogFile(file, 1)).toBe(join(dataDir, 'logs', 'gramdeck.1.log'));
    expect(defaultLogRotation).toEqual({ maxBytes: 5 * 1024 * 1024, keep: 3 });
  });

  test('no file grows past the cap, three older files are kept, and the newest lines survive', () => {
    const logger = createLogger(fileSink(file, rotation), { now: () => 0 });
    for (let n = 0; n < 200; n += 1) logger.log('info', 'tick', { n });

    for (const name of files()) {
      expect(existsSync(name), name).toBe(true);
      expect(statSync(name).size, name).toBeLessThanOrEqual(rotation.maxBytes);
    }
    expect(existsSync(rotatedLogFile(file, 4))).toBe(false);
    // What is kept is one unbroken run of the most recent lines, in order.
    const numbers = loggedNumbers();
    expect(numbers.at(-1)).toBe(199);
    expect(numbers).toEqual(numbers.map((_, index) => 200 - numbers.length + index));
    expect(numbers.length).toBeGreaterThan(10);
  });

  test('a restart counts what the file already holds', () => {
    const first = createLogger(fileSink(file, rotation), { now: () => 0 });
    first.log('info', 'before', { n: 0, pad: 'x'.repeat(250) });
    const second = createLogger(fileSink(file, rotation), { now: () => 0 });
    second.log('info', 'after', { n: 1, pad: 'x'.repeat(250) });
    expect(readFileSync(rotatedLogFile(file, 1), 'utf8')).toContain('"before"');
    expect(readFileSync(file, 'utf8')).not.toContain('"before"');
  });

  test('loggers of one process writing at once lose no line and break no line', async () => {
    const logger = createLogger(fileSink(file, { maxBytes: 4000, keep: 20 }), { now: () => 0 });
    const writers = Array.from({ length: 8 }, (_, writer) => logger.child({ writer }));
    let n = 0;
    await Promise.all(
      writers.map(async (child) => {
        for (let step = 0; step < 40; step += 1) {
          child.log('info', 'step', { n: n++ });
          await Promise.resolve();
        }
      }),
    );
    expect(loggedNumbersAll(20)).toEqual(Array.from({ length: 320 }, (_, index) => index));
  });

  test('a second sink on the same file does not rotate a file the first one just rotated', () => {
    const a = createLogger(fileSink(file, rotation), { now: () => 0 });
    const b = createLogger(fileSink(file, rotation), { now: () => 0 });
    for (let n = 0; n < 60; n += 2) {
      a.log('info', 'a', { n });
      b.log('info', 'b', { n: n + 1 });
    }
    // Each older file was filled before it was rotated: nobody rotated a fresh file again.
    for (const index of [1, 2, 3]) {
      expect(statSync(rotatedLogFile(file, index)).size).toBeGreaterThan(rotation.maxBytes / 2);
    }
    const numbers = loggedNumbers();
    expect(numbers.at(-1)).toBe(59);
    expect(numbers).toEqual(numbers.map((_, index) => 60 - numbers.length + index));
  });

  test('a line that cannot be written is dropped, not thrown', () => {
    const logger = createLogger(fileSink(file, rotation));
    rmSync(join(dataDir, 'logs'), { recursive: true });
    writeFileSync(join(dataDir, 'logs'), 'not a folder');
    expect(() => {
      logger.log('error', 'lost');
    }).not.toThrow();
  });
});

function loggedNumbersAll(keep: number): number[] {
  return Array.from({ length: keep }, (_, index) => rotatedLogFile(file, keep - index))
    .concat(file)
    .filter((name) => existsSync(name))
    .flatMap((name) =>
      readFileSync(name, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => (JSON.parse(line) as { n: number }).n),
    );
}
