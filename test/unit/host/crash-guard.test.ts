import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';

test('the web host logs an unhandled rejection and an uncaught exception and keeps running', () => {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'crash-child.ts')],
    { encoding: 'utf8', timeout: 30_000 },
  );
  expect(child.status).toBe(0);
  expect(child.stdout).toBe('still running\n');
  const lines = child.stderr
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(lines).toContainEqual(
    expect.objectContaining({
      level: 'error',
      message: 'Unhandled promise rejection',
      error: 'Error: rejected by a request',
    }),
  );
  expect(lines).toContainEqual(
    expect.objectContaining({
      level: 'error',
      message: 'Uncaught exception',
      error: 'TypeError: thrown from a callback',
    }),
  );
});
