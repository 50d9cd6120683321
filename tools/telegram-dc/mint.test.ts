import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TelegramClient } from 'telegram';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseSessionString } from '../../electron/core/sessions/formats';
import { readSessionFile } from '../../electron/core/sessions/session-file';
import { demoScenario, startTestDc, type TestDc } from './index';
import { writeSessionFiles } from './mint';
import { connected, withTimeout } from './test-helpers';

let dc: TestDc;
const clients: TelegramClient[] = [];
const dir = mkdtempSync(join(tmpdir(), 'gramdeck-mint-'));

beforeAll(async () => {
  dc = await startTestDc({ scenario: demoScenario, smallPrimes: true });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.destroy().catch(() => undefined)));
  await dc.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a minted GramJS session lets a real GramJS client call getMe as that user', async () => {
  const minted = await dc.control.mintSessions('+9996610071');
  expect(minted).toMatchObject({ phone: '9996610071', dcId: 1 });
  const client = await connected(dc, minted.gramjs);
  clients.push(client);
  const me = await withTimeout(client.getMe(), 15_000, 'getMe');
  expect(me.id.toString()).toBe(minted.userId);
  expect(me.firstName).toBe('Jack');
});

test('every string and file of one mint holds the same key, DC and (where kept) user id', async () => {
  const minted = await dc.control.mintSessions('+9996630072');
  const key = Buffer.from(minted.seeded.authKey);
  const files = await writeSessionFiles(minted.seeded, dir);
  const results = [
    parseSessionString(minted.gramjs),
    parseSessionString(minted.telethon),
    parseSessionString(minted.pyrogram),
    parseSessionString(minted.mtcute),
    await readSessionFile(readFileSync(files.telethon)),
    await readSessionFile(readFileSync(files.pyrogram)),
  ];
  expect(
    results.map((r) => (r.ok ? [r.session.format, r.session.dcId, r.session.userId] : r.problem)),
  ).toEqual([
    ['gramjs', 3, null],
    ['telethon', 3, null],
    ['pyrogram', 3, minted.userId],
    ['mtcute', 3, minted.userId],
    ['telethon-file', 3, null],
    ['pyrogram-file', 3, minted.userId],
  ]);
  for (const r of results) if (r.ok) expect(Buffer.from(r.session.authKey).equals(key)).toBe(true);
});

test('two mints of one account are two different keys, each signed in', async () => {
  const a = await dc.control.mintSessions('+9996620070');
  const b = await dc.control.mintSessions('+9996620070');
  expect(a.gramjs).not.toBe(b.gramjs);
  expect(a.userId).toBe(b.userId);
});
