import { defineConfig } from 'vitest/config';

/**
 * Three projects, each run alone with `--project NAME` (`npm run test:unit` and friends); a bare
 * `vitest run` (what `npm test` runs) runs all of them.
 *
 * - unit: core, shell, host and renderer code on its own or with in-memory ports; fast.
 * - integration: the real GramJS adapter against the local test DC (tools/telegram-dc), the DC's
 *   own tests, and the installer packaging.
 * - reliability: fault injection, kills, storms and fuzzing; the slowest.
 */
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'test/unit/**/*.test.ts',
            'test/electron/**/*.test.ts',
            'renderer/src/**/*.test.{ts,tsx}',
          ],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: [
            'test/integration/**/*.test.ts',
            'test/packaging/**/*.test.ts',
            'tools/telegram-dc/**/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: { name: 'reliability', include: ['test/reliability/**/*.test.ts'] },
      },
    ],
  },
});
