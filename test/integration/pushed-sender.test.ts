/**
 * A client's connection is driven by events, not by GramJS's loops (pushed-transport.ts,
 * pushed-sender.ts), against the local MTProto DC with real GramJS:
 * - calls and pushed updates flow while no GramJS loop waits on a queue;
 * - a request queued just as the sending finds its queue empty is sent all the same;
 * - packets that arrive while one is processed are processed after it, in the order they came,
 *   and one whose processing fails (with an error handler that fails too) stops nothing;
 * - a connection the DC drops, even in the middle of a frame, is made again, and the call that
 *   was waiting for its answer gets it.
 */
import { Api } from 'telegram';
import { AsyncQueue, MessagePacker } from 'telegram/extensions';
import { RequestState } from 'telegram/network/RequestState';
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest';
import { leaseHandshakeWorker } from '../../electron/telegram/off-thread-handshake';
import { PushedConnectionTCPFull } from '../../electron/telegram/pushed-transport';
import { demoScenario, startTestDc, type TestDc } from '../../tools/telegram-dc';
import { clientOnSeededSession } from '../support/seeded-client';
import { sleep } from '../support/timers';
import { until } from '../support/web-core';

const ALICE = '+9996620001';
const DAVE = '+9996620004';

/** What this test reads of GramJS's MTProtoSender (private there). */
interface SenderInternals {
  _connection: unknown;
  _sendQueue: { values(): unknown[] };
  addStateToQueue(state: RequestState): void;
  _state: { decryptMessageData(body: Buffer): Promise<{ msgId: { toString(): string } }> };
  _processMessage(message: { msgId: { toString(): string }; obj: unknown }): Promise<void>;
}

let dc: TestDc;
beforeAll(async () => {
  dc = await startTestDc({ scenario: demoScenario, smallPrimes: true });
});
afterAll(async () => {
  await dc.stop();
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Alice's client on a seeded session, connected, with its sender's internals. */
async function connectedAlice(label: string) {
  const handshakes = leaseHandshakeWorker();
  cleanups.push(() => handshakes.release());
  const { parts } = await clientOnSeededSession(dc, ALICE, handshakes.worker, label);
  const { client } = parts;
  cleanups.push(async () => {
    parts.close();
    await client.destroy();
  });
  await client.connect();
  return { client, sender: client._sender as unknown as SenderInternals };
}

test('calls and pushed updates flow while no GramJS loop waits on a queue', async () => {
  // What GramJS's loops wait on: the connection's queues, and the sender's queue.
  const queuePops = vi.spyOn(AsyncQueue.prototype, 'pop');
  const packerWaits = vi.spyOn(MessagePacker.prototype, 'wait');
  try {
    const { client, sender } = await connectedAlice('pushed-flow');
    expect(sender._connection).toBeInstanceOf(PushedConnectionTCPFull);
    const configs = await Promise.all(
      Array.from({ length: 20 }, () => client.invoke(new Api.help.GetConfig())),
    );
    for (const config of configs) expect(config).toBeInstanceOf(Api.Config);
    const updates: unknown[] = [];
    const processMessage = sender._processMessage.bind(sender);
    sender._processMessage = async (message) => {
      await processMessage(message);
      if (message.obj instanceof Api.UpdateShortMessage || message.obj instanceof Api.Updates)
        updates.push(message.obj);
    };
    await client.invoke(new Api.updates.GetState());
    for (let i = 0; i < 30; i++) dc.control.sendMessage(DAVE, ALICE, `flow ${i}`);
    await until(() => updates.length >= 30, 'the 30 updates at Alice');
    expect(queuePops).not.toHaveBeenCalled();
    expect(packerWaits).not.toHaveBeenCalled();
  } finally {
    vi.restoreAllMocks();
  }
});

test('a request queued just as the sending finds its queue empty is sent all the same', async () => {
  const { client, sender } = await connectedAlice('pushed-late');
  const queue = sender._sendQueue;
  const values = queue.values.bind(queue);
  const late = new RequestState(new Api.help.GetConfig());
  let isArmed = true;
  queue.values = () => {
    const queued = values();
    if (isArmed && queued.length === 0) {
      isArmed = false;
      // Runs after the sending decided it is done, before it has finished.
      queueMicrotask(() => {
        sender.addStateToQueue(late);
      });
    }
    return queued;
  };
  await client.invoke(new Api.help.GetConfig());
  await until(() => !isArmed, 'the sending to find its queue empty');
  const answer = await Promise.race([late.promise, sleep(5_000).then(() => 'never sent')]);
  expect(answer).toBeInstanceOf(Api.Config);
});

test('packets that arrive while one is processed are processed after it, in their order', async () => {
  const { client, sender } = await connectedAlice('pushed-order');
  const arrived: string[] = [];
  const processed: string[] = [];
  let inProcess = 0;
  let mostAtOnce = 0;
  let updates = 0;
  // A packet's message, as decrypted (a container's inner ones are processed within it).
  const packets = new WeakSet<object>();
  const decrypt = sender._state.decryptMessageData.bind(sender._state);
  sender._state.decryptMessageData = async (body) => {
    const message = await decrypt(body);
    packets.add(message);
    arrived.push(message.msgId.toString());
    return message;
  };
  const processMessage = sender._processMessage.bind(sender);
  sender._processMessage = async (message) => {
    if (message.obj instanceof Api.UpdateShortMessage || message.obj instanceof Api.Updates)
      updates++;
    if (!packets.has(message)) return processMessage(message);
    inProcess++;
    mostAtOnce = Math.max(mostAtOnce, inProcess);
    try {
      // Slow enough that the next packets come in meanwhile.
      await sleep(30);
      await processMessage(message);
    } finally {
      processed.push(message.msgId.toString());
      inProcess--;
    }
  };
  await client.invoke(new Api.updates.GetState());
  // One at a time, each in packets of its own, that come while the one before is processed.
  for (let i = 0; i < 20; i++) {
    dc.control.sendMessage(DAVE, ALICE, `order ${i}`);
    await sleep(5);
  }
  await until(
    () => updates >= 20 && processed.length === arrived.length && inProcess === 0,
    'every packet processed',
  );
  expect(mostAtOnce).toBe(1);
  expect(arrived.length).toBeGreaterThan(20);
  expect(processed).toEqual(arrived);
});

test('a packet whose processing fails, reported to an error handler that fails too, stops nothing', async () => {
  const { client, sender } = await connectedAlice('pushed-handler');
  const connection = sender._connection;
  const reported: unknown[] = [];
  (client as unknown as { _errorHandler: (error: Error) => Promise<void> })._errorHandler = (
    error,
  ) => {
    reported.push(error);
    return Promise.reject(new Error('the error handler broke'));
  };
  const processMessage = sender._processMessage.bind(sender);
  sender._processMessage = async (message) => {
    const isUpdate =
      message.obj instanceof Api.UpdateShortMessage || message.obj instanceof Api.Updates;
    if (isUpdate && reported.length === 0) throw new Error('an update GramJS cannot take');
    return processMessage(message);
  };
  await client.invoke(new Api.updates.GetState());
  dc.control.sendMessage(DAVE, ALICE, 'one that fails');
  await until(() => reported.length === 1, 'the failure reported');
  const answer = await Promise.race([
    client.invoke(new Api.help.GetConfig()),
    sleep(3_000).then(() => 'no answer'),
  ]);
  expect(answer).toBeInstanceOf(Api.Config);
  // Read on over the same connection: nothing was stopped or made again.
  expect(sender._connection).toBe(connection);
});

for (const isMidFrame of [false, true]) {
  test(`a connection the DC drops${isMidFrame ? ' in the middle of a frame' : ''} is made again, and the waiting call is answered`, async () => {
    const { client, sender } = await connectedAlice(`pushed-drop-${String(isMidFrame)}`);
    const first = sender._connection;
    dc.control.dropConnection({ isMidFrame });
    const answer = await client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));
    expect(answer).toHaveLength(1);
    expect(sender._connection).not.toBe(first);
    expect(sender._connection).toBeInstanceOf(PushedConnectionTCPFull);
    await expect(client.invoke(new Api.help.GetConfig())).resolves.toBeInstanceOf(Api.Config);
  });
}
