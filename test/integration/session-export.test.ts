/**
 * Session export at the protocol level, with the real core (real vault on disk, real GramJS)
 * against the local MTProto DC: an account signed in through the router is exported, removed
 * from Gramdeck (which does not end its session on the server), and then other libraries' clients
 * built from the exported strings alone are the same user on the DC. GramJS reads the GramJS and
 * the Telethon string (`StringSession`), mtcute the Pyrogram string.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertFromPyrogramSession, parseTelethonSession } from '@mtcute/convert';
import { Api, type TelegramClient } from 'telegram';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type GramdeckCore } from '../../electron/core/app';
import { createLogger, type LogRecord } from '../../electron/core/logging';
import type { Channel, InputOf, ResultOf } from '../../electron/shared/contract';
import type { Envelope } from '../../electron/shared/errors';
import { createGramJsGateway } from '../../electron/telegram';
import { publicKeyPem } from '../../tools/telegram-dc/rsa';
import {
  SANDBOX_API_HASH,
  SANDBOX_API_ID,
  startTestDc,
  type TestDc,
} from '../../tools/telegram-dc';
import { mtcuteClient } from '../support/mtcute-client';
import { createWebTestCore, testSender } from '../support/web-core';

const phone = '+9996620001';
const passcode = 'session-export-4711';

let dc: TestDc;
let dataDir: string;
let core: GramdeckCore;
const logs: LogRecord[] = [];
const clients: TelegramClient[] = [];

async function call<C extends Channel>(channel: C, args?: InputOf<C>) {
  return (await core.router.dispatch(channel, args, testSender)) as Envelope<ResultOf<C>>;
}

async function ok<C extends Channel>(channel: C, args?: InputOf<C>): Promise<ResultOf<C>> {
  const result = await call(channel, args);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

/** The user id a GramJS client built from `session` alone is signed in as. */
async function gramJsUserId(session: string): Promise<string> {
  const client = dc.gramjs.newClient(session);
  clients.push(client);
  await client.connect();
  const [me] = await client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));
  await client.disconnect();
  return me?.id.toString() ?? '';
}

beforeAll(async () => {
  dc = await startTestDc({
    scenario: { name: 'session-export', accounts: [{ phone, dcId: 2, firstName: 'Alice' }] },
    smallPrimes: true,
  });
  dataDir = mkdtempSync(join(tmpdir(), 'gramdeck-session-export-'));
  const logger = createLogger((record) => logs.push(record), { minLevel: 'debug' });
  core = await createWebTestCore({
    dataDir,
    logger,
    gateway: createGramJsGateway({ logger, connectTimeoutMs: 5_000, callTimeoutMs: 5_000 }),
    sandboxProfile: dc.profile(),
  });
  await core.start();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.destroy().catch(() => undefined)));
  await core.stop();
  await dc.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('exported GramJS, Telethon and Pyrogram strings sign other clients in as the same user after the account is removed', async () => {
  await ok('vault:set-passcode', { passcode });
  const started = await ok('auth:start', { phone });
  const view = await ok('auth:submit-code', {
    attemptId: started.attemptId,
    code: dc.control.lastCode(phone) ?? '',
  });
  expect(view.step).toBe('done');
  const accountId = view.accountId ?? '';
  // The account's user id, as the DC knows it (from a session of its own).
  const userId = (await dc.control.seedAuthorizedSession(phone)).user.id.toString();

  // The passcode is asked again; a wrong one exports nothing.
  const wrong = await call('accounts:export', { accountIds: [accountId], format: 'gramjs' });
  expect(wrong).toMatchObject({ ok: false, error: { field: 'passcode' } });
  const exported = async (format: 'gramjs' | 'telethon' | 'pyrogram') => {
    const [session] = await ok('accounts:export', { accountIds: [accountId], format, passcode });
    return session?.text ?? '';
  };
  const gramjs = await exported('gramjs');
  const telethon = await exported('telethon');
  const pyrogram = await exported('pyrogram');

  // Remove forgets the account in Gramdeck only: no auth.logOut reaches the DC.
  await ok('accounts:remove', { accountId, confirm: true });
  expect((await ok('accounts:list')).accounts).toHaveLength(0);
  expect(dc.control.callCount('auth.logOut')).toBe(0);

  expect(await gramJsUserId(gramjs)).toBe(userId);
  // GramJS's StringSession reads Telethon's URL-safe base64 as well; check it is Telethon's.
  expect(parseTelethonSession(telethon).dcId).toBe(2);
  expect(await gramJsUserId(telethon)).toBe(userId);

  // mtcute, from the Pyrogram string: the key, DC and user id; the address is the sandbox's.
  const data = convertFromPyrogramSession(pyrogram);
  expect(data.self?.userId.toString()).toBe(userId);
  const dc2 = dc.dcs.find((d) => d.id === data.primaryDcs.main.id);
  if (!dc2) throw new Error('The exported DC is not in the sandbox');
  const address = { id: dc2.id, ipAddress: dc2.host, port: dc2.port };
  const mtcute = mtcuteClient({
    dc: { id: dc2.id, host: dc2.host, port: dc2.port },
    publicKeyPem: publicKeyPem(dc.rsa.n, dc.rsa.e),
    apiId: SANDBOX_API_ID,
    apiHash: SANDBOX_API_HASH,
  });
  try {
    await mtcute.importSession({ ...data, primaryDcs: { main: address, media: address } });
    const users = await mtcute.call({ _: 'users.getUsers', id: [{ _: 'inputUserSelf' }] });
    expect(users[0]?.id.toString()).toBe(userId);
  } finally {
    await mtcute.destroy();
  }

  // No session or auth key reached the log.
  const logged = JSON.stringify(logs);
  for (const secret of [gramjs, telethon, pyrogram]) {
    expect(logged).not.toContain(secret.slice(1, 40));
  }
}, 120_000);
