/**
 * How the adapter drives GramJS's sender, against the local MTProto DC with real GramJS:
 * - a stored session's connect asks for the account's own user inside `initConnection` (issue
 *   17: one request and round trip fewer per account restored): what the DC is asked, what
 *   `getMe` answers, and that a session Telegram refuses still connects and meets the refusal in
 *   its own call, as before;
 * - a container's answers are all read, also after one of them failed (sender-fixes.ts).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { TelegramConnection } from '../../electron/core/ports';
import { startTestDc, type TestDc } from '../../tools/telegram-dc';
import { openOnDc } from '../support/seeded-client';
import { sleep } from '../support/timers';

const ada = '+9996620521';
const ben = '+9996620522';

let dc: TestDc;

beforeAll(async () => {
  dc = await startTestDc({
    scenario: {
      name: 'gramjs-sender',
      accounts: [
        { phone: ada, dcId: 2, firstName: 'Ada', lastName: 'Self' },
        { phone: ben, dcId: 1, firstName: 'Ben' },
      ],
    },
  });
}, 30_000);

afterAll(async () => {
  await dc.stop();
});

function open(
  session: string | null,
  logLabel: string,
  keepAliveIntervalMs?: number,
): Promise<TelegramConnection> {
  return openOnDc(dc, {
    session,
    logLabel,
    ...(keepAliveIntervalMs ? { keepAliveIntervalMs } : {}),
  });
}

/** The DC's count of each method, from now on. */
function countFromNow(...methods: string[]): () => Record<string, number> {
  const before = new Map(methods.map((m) => [m, dc.control.callCount(m)]));
  return () =>
    Object.fromEntries(methods.map((m) => [m, dc.control.callCount(m) - (before.get(m) ?? 0)]));
}

test('a stored session asks for its own user while connecting, and getMe needs no call', async () => {
  const seeded = await dc.control.seedAuthorizedSession(ada);
  const calls = countFromNow('help.getConfig', 'users.getUsers', 'updates.getState');
  const connection = await open(seeded.session, 'ada', 200);
  try {
    expect(calls()).toMatchObject({ 'help.getConfig': 0, 'users.getUsers': 1 });
    const me = await connection.getMe();
    expect(me).toMatchObject({ firstName: 'Ada', lastName: 'Self', phone: ada.slice(1) });
    // The connect's question counts as the client's request: the keep-alive's pings see no
    // idle client that needs updates.getState to keep its updates coming.
    await sleep(1_000);
    expect(calls()).toEqual({ 'help.getConfig': 0, 'users.getUsers': 1, 'updates.getState': 0 });
    // Only the first getMe is the connect's: a later one asks Telegram again.
    expect(await connection.getMe()).toMatchObject({ firstName: 'Ada' });
    expect(calls()).toMatchObject({ 'help.getConfig': 0, 'users.getUsers': 2 });
  } finally {
    await connection.destroy();
  }
});

test('a new session, which has no user yet, connects with help.getConfig', async () => {
  const calls = countFromNow('help.getConfig', 'users.getUsers');
  const connection = await open(null, 'new');
  try {
    expect(calls()).toEqual({ 'help.getConfig': 1, 'users.getUsers': 0 });
  } finally {
    await connection.destroy();
  }
});

test('a session Telegram refuses still connects, and its getMe says it is logged out', async () => {
  const seeded = await dc.control.seedAuthorizedSession(ben);
  // The connect's question and getMe's own: both refused, as for a key revoked elsewhere.
  dc.control.queueError('users.getUsers', 'AUTH_KEY_UNREGISTERED', 401);
  dc.control.queueError('users.getUsers', 'AUTH_KEY_UNREGISTERED', 401);
  const calls = countFromNow('help.getConfig', 'users.getUsers');
  const connection = await open(seeded.session, 'ben');
  const events: string[] = [];
  connection.onEvent((event) => events.push(event.kind));
  try {
    // initConnection went again with help.getConfig, as GramJS sends it.
    expect(calls()).toEqual({ 'help.getConfig': 1, 'users.getUsers': 1 });
    await expect(connection.getMe()).rejects.toMatchObject({ code: 'LOGGED_OUT' });
    expect(calls()).toEqual({ 'help.getConfig': 1, 'users.getUsers': 2 });
    expect(events).toContain('logged-out');
  } finally {
    await connection.destroy();
  }
});

test('a failed call does not take the answers Telegram sent beside it in one container', async () => {
  const seeded = await dc.control.seedAuthorizedSession(ada);
  const connection = await open(seeded.session, 'ada-container');
  try {
    await connection.getMe();
    // Sent in the same tick, the two calls travel in one container, and the DC answers both in
    // one: the failure first.
    dc.control.queueError('help.getAppConfig', 'APP_CONFIG_BROKEN', 400);
    const [freeze, standing] = await Promise.allSettled([
      connection.getFreeze(),
      connection.getStanding(),
    ]);
    expect(freeze.status).toBe('rejected');
    expect(standing).toMatchObject({ status: 'fulfilled', value: { isDeactivated: false } });
  } finally {
    await connection.destroy();
  }
});
