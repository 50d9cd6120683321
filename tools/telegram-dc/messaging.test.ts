import { Api, type TelegramClient } from 'telegram';
import bigInt from 'big-integer';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestDc, type Scenario, type TestDc } from './index';
import { connected, waitFor, withTimeout } from './test-helpers';

/**
 * Chats and messages (issue 16) between accounts of one sandbox, through unmodified GramJS:
 * sending, dialogs and history paging, read marks on both sides.
 */

const account = (phone: string, firstName: string, username?: string): Scenario['accounts'][0] => ({
  phone,
  dcId: 2,
  firstName,
  lastName: 'Test',
  username,
  code: { types: ['app'], length: 5 },
});

const scenario: Scenario = {
  name: 'messaging',
  accounts: [
    account('+9996620901', 'Ann', 'ann_test'),
    account('+9996620902', 'Ben', 'ben_test'),
    account('+9996620903', 'Cat'),
    account('+9996620904', 'Dan'),
  ],
};

let dc: TestDc;
const clients: TelegramClient[] = [];

beforeAll(async () => {
  dc = await startTestDc({ scenario, smallPrimes: true });
});

afterAll(async () => {
  for (const c of clients) await c.destroy();
  await dc.stop();
});

const call = <T>(p: Promise<T>): Promise<T> => withTimeout(p, 15_000, 'rpc');

/** A signed-in GramJS client recording every update it is pushed. */
async function open(
  phone: string,
): Promise<{ client: TelegramClient; seen: unknown[]; id: bigint }> {
  const seeded = await dc.control.seedAuthorizedSession(phone);
  const client = await connected(dc, seeded.session);
  clients.push(client);
  const seen: unknown[] = [];
  client.addEventHandler((u: unknown) => {
    seen.push(u);
  });
  // Any call starts the session's update stream.
  await call(client.invoke(new Api.updates.GetState()));
  return { client, seen, id: seeded.user.id };
}

const userPeer = (id: bigint): Api.InputPeerUser =>
  new Api.InputPeerUser({ userId: bigInt(id.toString()), accessHash: bigInt(0) });

let nextRandom = 1;
function send(
  client: TelegramClient,
  peer: Api.TypeInputPeer,
  message: string,
  extra: Partial<ConstructorParameters<typeof Api.messages.SendMessage>[0]> = {},
): Promise<Api.TypeUpdates> {
  return call(
    client.invoke(
      new Api.messages.SendMessage({
        peer,
        message,
        randomId: bigInt(nextRandom++),
        ...extra,
      }),
    ),
  );
}

describe('private messages between accounts', () => {
  test('a message arrives live at the other account with its own id and pts', async () => {
    const ann = await open('+9996620901');
    const ben = await open('+9996620902');
    const benBefore = await call(ben.client.invoke(new Api.updates.GetState()));
    const sent = await send(ann.client, userPeer(ben.id), 'Hello **Ben**', {
      entities: [new Api.MessageEntityBold({ offset: 6, length: 3 })],
    });
    expect(sent).toBeInstanceOf(Api.UpdateShortSentMessage);
    const short = sent as Api.UpdateShortSentMessage;
    expect(short.out).toBe(true);
    expect(short.entities?.[0]).toBeInstanceOf(Api.MessageEntityBold);

    await waitFor(
      () =>
        ben.seen.some(
          (u) => u instanceof Api.UpdateNewMessage || u instanceof Api.UpdateShortMessage,
        ),
      5_000,
      'Ben gets the message',
    );
    const got = ben.seen.find((u) => u instanceof Api.UpdateNewMessage) as Api.UpdateNewMessage;
    // With entities the message comes inside Updates, not the short form.
    expect(got.pts).toBe(benBefore.pts + 1);
    expect(got.ptsCount).toBe(1);
    const m = got.message as Api.Message;
    expect(m.message).toBe('Hello **Ben**');
    expect(m.out).toBeFalsy();
    expect(m.entities?.[0]).toBeInstanceOf(Api.MessageEntityBold);
    expect((m.peerId as Api.PeerUser).userId.toString()).toBe(ann.id.toString());

    // Ben answers in plain text: Ann gets the short form, replying to her message.
    const benHistory = await call(
      ben.client.invoke(
        new Api.messages.GetHistory({
          peer: userPeer(ann.id),
          limit: 10,
          offsetId: 0,
          addOffset: 0,
          maxId: 0,
          minId: 0,
          hash: bigInt(0),
        }),
      ),
    );
    const annMsgInBen = (benHistory as Api.messages.Messages).messages[0] as Api.Message;
    await send(ben.client, userPeer(ann.id), 'Hi Ann', {
      replyTo: new Api.InputReplyToMessage({ replyToMsgId: annMsgInBen.id }),
    });
    await waitFor(
      () => ann.seen.some((u) => u instanceof Api.UpdateShortMessage && u.message === 'Hi Ann'),
      5_000,
      'Ann gets the answer',
    );
    const answer = ann.seen.find(
      (u) => u instanceof Api.UpdateShortMessage,
    ) as Api.UpdateShortMessage;
    expect((answer.replyTo as Api.MessageReplyHeader).replyToMsgId).toBe(short.id);
    expect(answer.userId.toString()).toBe(ben.id.toString());
  });

  test('a repeated random_id answers the first message and creates nothing', async () => {
    const cat = await open('+9996620903');
    const dan = await open('+9996620904');
    const peer = userPeer(dan.id);
    const randomId = bigInt(987654321);
    const first = (await send(cat.client, peer, 'once', {
      randomId,
    })) as Api.UpdateShortSentMessage;
    const again = (await send(cat.client, peer, 'once', {
      randomId,
    })) as Api.UpdateShortSentMessage;
    expect(again.id).toBe(first.id);
    expect(again.pts).toBe(first.pts);
    const history = (await call(
      dan.client.invoke(
        new Api.messages.GetHistory({
          peer: userPeer(cat.id),
          limit: 10,
          offsetId: 0,
          addOffset: 0,
          maxId: 0,
          minId: 0,
          hash: bigInt(0),
        }),
      ),
    )) as Api.messages.Messages;
    expect(history.messages.map((m) => (m as Api.Message).message)).toEqual(['once']);
  });
});
