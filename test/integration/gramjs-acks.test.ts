/**
 * An idle client acknowledges every update the server pushes, and keeps none of those acks once
 * sent (figure 14: GramJS kept its last nine `msgs_ack`, one id per message received, for as
 * long as an idle connection sent nothing else); its repeat check keeps only what it needs (what
 * the transport keeps of a stream: pushed-transport.test.ts). Through the client the adapter
 * builds, against the test DC.
 */
import { Api } from 'telegram';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { leaseHandshakeWorker } from '../../electron/telegram/off-thread-handshake';
import { demoScenario, startTestDc, type TestDc } from '../../tools/telegram-dc';
import { clientOnSeededSession } from '../support/seeded-client';
import { until } from '../support/web-core';

const ALICE = '+9996620001';
const DAVE = '+9996620004';

let dc: TestDc;
beforeAll(async () => {
  dc = await startTestDc({ scenario: demoScenario, smallPrimes: true });
});
afterAll(async () => {
  await dc.stop();
});

/** What this test reads of GramJS's MTProtoSender (private there). */
interface SenderInternals {
  _lastAcks: unknown[];
  _state: {
    msgIds: { length: number; includes(id: string): boolean };
    decryptMessageData(body: Buffer): Promise<{ msgId: { toString(): string } }>;
  };
  _processMessage(message: { msgId: { toString(): string }; obj: unknown }): Promise<void>;
  _sendQueue: { append(state: { request: unknown }): void };
}

test('the updates of a burst are all acknowledged, and no sent ack is kept', async () => {
  const handshakes = leaseHandshakeWorker();
  const { parts } = await clientOnSeededSession(dc, ALICE, handshakes.worker, 'acks');
  const { client } = parts;
  try {
    await client.connect();
    const sender = client._sender as unknown as SenderInternals;
    const pushed = new Set<string>();
    const acked = new Set<string>();
    const processMessage = sender._processMessage.bind(sender);
    sender._processMessage = async (message) => {
      await processMessage(message);
      if (message.obj instanceof Api.Updates || message.obj instanceof Api.UpdateShortMessage)
        pushed.add(message.msgId.toString());
    };
    const packets: string[] = [];
    const decrypt = sender._state.decryptMessageData.bind(sender._state);
    sender._state.decryptMessageData = async (body) => {
      const message = await decrypt(body);
      packets.push(message.msgId.toString());
      return message;
    };
    const append = sender._sendQueue.append.bind(sender._sendQueue);
    sender._sendQueue.append = (state) => {
      if (state.request instanceof Api.MsgsAck)
        for (const id of state.request.msgIds) acked.add(id.toString());
      append(state);
    };
    // The update sequence starts (the DC pushes updates to a session that asked for its state).
    await client.invoke(new Api.updates.GetState());
    for (let i = 0; i < 200; i++) dc.control.sendMessage(DAVE, ALICE, `burst ${i}`);
    await until(() => pushed.size >= 200, 'the burst at Alice');
    // Acks leave with the next request (a call like this one), or within 10 s (keep-alive.ts).
    await client.invoke(new Api.help.GetConfig());
    await until(() => [...pushed].every((id) => acked.has(id)), 'an ack for every update');
    expect(sender._lastAcks).toHaveLength(0);
    // GramJS's repeat check still knows the last packets it received…
    expect(packets.length).toBeGreaterThan(0);
    for (const id of packets.slice(-501)) expect(sender._state.msgIds.includes(id)).toBe(true);
    expect(sender._state.msgIds.length).toBeLessThanOrEqual(501);
  } finally {
    parts.close();
    await client.destroy();
    await handshakes.release();
  }
});
