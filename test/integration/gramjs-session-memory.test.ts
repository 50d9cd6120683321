/**
 * A long-running client does not grow with its traffic: GramJS's session keeps one entity row
 * per peer, however often the same users and chats come back in results and updates.
 */
import { Api } from 'telegram';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { leaseHandshakeWorker } from '../../electron/telegram/off-thread-handshake';
import { demoScenario, startTestDc, type TestDc } from '../../tools/telegram-dc';
import { clientOnSeededSession } from '../support/seeded-client';

let dc: TestDc;
beforeAll(async () => {
  dc = await startTestDc({ scenario: demoScenario, smallPrimes: true });
});
afterAll(async () => {
  await dc.stop();
});

test('reading the same dialogs many times keeps one entity row per peer', async () => {
  const handshakes = leaseHandshakeWorker();
  const { parts } = await clientOnSeededSession(
    dc,
    '+9996620001',
    handshakes.worker,
    'entity-rows',
  );
  const rows = () => (parts.client.session as unknown as { _entities: Set<unknown> })._entities;
  const readDialogs = () =>
    parts.client.invoke(
      new Api.messages.GetDialogs({
        offsetPeer: new Api.InputPeerEmpty(),
        limit: 100,
      }),
    );
  try {
    await parts.client.connect();
    const first = await readDialogs();
    const peers = 'users' in first ? first.users.length + first.chats.length : 0;
    expect(peers).toBeGreaterThan(2);
    const after = rows().size;
    for (let i = 0; i < 20; i++) await readDialogs();
    expect(rows().size).toBe(after);
    // The rows still answer GramJS's own lookups (by phone, here).
    const session = parts.client.session as unknown as {
      getEntityRowsByPhone(phone: string): unknown;
    };
    const withPhone =
      'users' in first ? first.users.find((u) => 'phone' in u && u.phone) : undefined;
    expect(withPhone && 'phone' in withPhone ? withPhone.phone : undefined).toBeDefined();
    if (withPhone && 'phone' in withPhone && withPhone.phone)
      expect(session.getEntityRowsByPhone(withPhone.phone)).toBeDefined();
  } finally {
    parts.close();
    await parts.client.destroy();
    await handshakes.release();
  }
});
