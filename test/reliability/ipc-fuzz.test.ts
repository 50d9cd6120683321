/**
 * IPC fuzz: 10,000 hostile payloads against every channel of a real core (real vault on disk,
 * real GramJS gateway; nothing valid enough ever reaches Telegram). Every call must come back as
 * a typed refusal, the process must stay alive, and no secret may appear in any answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type GramdeckCore } from '../../electron/core/app';
import { createLogger, type LogRecord } from '../../electron/core/logging';
import { channelNames } from '../../electron/shared/contract';
import type { Envelope } from '../../electron/shared/errors';
import { createWebTestCore, testSender } from '../support/web-core';

const totalRuns = Number(process.env.GRAMDECK_FUZZ_RUNS ?? 10_000);
const sender = testSender;
const passcode = 'fuzz-passcode-4711';

let core: GramdeckCore;
let dataDir: string;
const logs: LogRecord[] = [];
let recoveryCode = '';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gramdeck-fuzz-'));
  const logger = createLogger((record) => logs.push(record), { minLevel: 'debug' });
  core = await createWebTestCore({ dataDir, logger });
  const set = await core.router.dispatch('vault:set-passcode', { passcode }, sender);
  if (!set.ok) throw new Error(set.error.message);
  recoveryCode = (set.value as { recoveryCode: string }).recoveryCode;
});

afterAll(async () => {
  await core.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Payloads no channel accepts: wrong types, huge strings, pollution keys, deep nesting. */
const hostile = fc.oneof(
  fc.constantFrom(null, 0, -1, NaN, Infinity, true, '', [], 'undefined'),
  // A huge string built by repeating a short one: fast-check generating 150,000 characters one
  // by one costs more than the dispatch under test and made this test slow on a busy machine.
  fc
    .tuple(fc.string({ minLength: 1, maxLength: 16 }), fc.integer({ min: 100_000, max: 200_000 }))
    .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length))
    .map((s) => ({ phone: s, attemptId: s, passcode: s })),
  fc.constantFrom(
    JSON.parse('{"__proto__":{"isAdmin":true}}') as unknown,
    JSON.parse('{"constructor":{"prototype":{"polluted":1}}}') as unknown,
    { accountId: 'a1', ['__proto__']: { confirm: true } },
  ),
  fc
    .letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'large', maxDepth: 60 },
        fc.integer(),
        fc.array(tie('node'), { maxLength: 2 }),
        fc.dictionary(fc.string(), tie('node'), { maxKeys: 2 }),
      ),
    }))
    .node.filter(
      (value) => typeof value === 'object' && value !== null && Object.keys(value).length > 0,
    ),
  fc.array(fc.anything(), { minLength: 1 }),
  fc.record({ attemptId: fc.integer(), code: fc.array(fc.nat()) }),
  fc.record({
    accountId: fc.string({ maxLength: 8 }).map((s) => `${s}\u0000../`),
    confirm: fc.boolean(),
  }),
);

const unknownChannel = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toString',
    'accounts:list ',
    'ACCOUNTS:LIST',
    'vault:dump',
    '',
  ),
  fc.anything(),
);

test('every hostile payload on every channel is refused with a typed error', async () => {
  const answers: Envelope<unknown>[] = [];
  const perChannel = Math.floor((totalRuns * 0.9) / channelNames.length);
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...channelNames), hostile, async (channel, payload) => {
      const answer = await core.router.dispatch(channel, payload, sender);
      answers.push(answer);
      return !answer.ok && answer.error.code === 'VALIDATION';
    }),
    { numRuns: perChannel * channelNames.length },
  );
  await fc.assert(
    fc.asyncProperty(unknownChannel, fc.anything(), async (channel, payload) => {
      const answer = await core.router.dispatch(channel, payload, sender);
      answers.push(answer);
      return !answer.ok && answer.error.code === 'UNKNOWN_CHANNEL';
    }),
    { numRuns: totalRuns - perChannel * channelNames.length },
  );
  expect(answers.length).toBe(totalRuns);

  // Still alive and answering, and no secret in any answer or log line.
  await expect(core.router.dispatch('vault:status', undefined, sender)).resolves.toMatchObject({
    ok: true,
  });
  const everything = JSON.stringify(answers) + JSON.stringify(logs);
  expect(everything).not.toContain(passcode);
  expect(everything).not.toContain(recoveryCode);
  expect(
    answers.every((answer) => !answer.ok && !/at .+\(.+:\d+:\d+\)/.test(answer.error.message)),
  ).toBe(true);
}, 600_000);
