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
    {
      ...account('+9996620905', 'Eli'),
      dialogs: Array.from({ length: 25 }, (_, i) => ({
        peer: { kind: 'user' as const, firstName: `Peer ${i}` },
        lastMessage: `hello from peer ${i}`,
        unreadCount: i % 3,
      })),
    },
    account('+9996620906', 'Fay', 'fay_test'),
    account('+9996620907', 'Gus'),
    account('+9996620908', 'Hal'),
  ],
  conversations: [
    {
      between: ['+9996620906', '+9996620907'],
      messages: Array.from({ length: 230 }, (_, i) => ({
        from: i % 2 === 0 ? '+9996620906' : '+9996620907',
        text: `line ${i}`,
      })),
    },
  ],
  groups: [
    {
      title: 'Trio',
      members: ['+9996620906', '+9996620907', '+9996620908', 'Stranger'],
      messages: [],
    },
  ],
  channels: [
    { title: 'Fay News', owner: '+9996620906', members: ['+9996620907', '+9996620908'], posts: [] },
  ],
  chatSettings: [
    { phone: '+9996620905', chat: 'Peer 3', isPinned: true },
    { phone: '+9996620905', chat: 'Peer 10', isPinned: true },
    { phone: '+9996620905', chat: 'Peer 7', isArchived: true },
    { phone: '+9996620905', chat: 'Peer 8', isMuted: true },
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

const history = (peer: Api.TypeInputPeer, offsetId: number, limit: number, addOffset = 0) =>
  new Api.messages.GetHistory({
    peer,
    limit,
    offsetId,
    addOffset,
    offsetDate: 0,
    maxId: 0,
    minId: 0,
    hash: bigInt(0),
  });

describe('chat lists and history', () => {
  test('dialogs paging returns every dialog once, pinned first, then newest first', async () => {
    const eli = await open('+9996620905');
    const seen: Api.Dialog[] = [];
    const tops = new Map<string, Api.Message>();
    let offset = { date: 0, id: 0, peer: new Api.InputPeerEmpty() as Api.TypeInputPeer };
    for (let page = 0; page < 10; page++) {
      const r = await call(
        eli.client.invoke(
          new Api.messages.GetDialogs({
            offsetDate: offset.date,
            offsetId: offset.id,
            offsetPeer: offset.peer,
            limit: 7,
            hash: bigInt(0),
          }),
        ),
      );
      if (!(r instanceof Api.messages.DialogsSlice || r instanceof Api.messages.Dialogs))
        throw new Error('unexpected dialogs answer');
      if (r instanceof Api.messages.DialogsSlice) expect(r.count).toBe(24);
      for (const m of r.messages)
        if (m instanceof Api.Message) tops.set((m.peerId as Api.PeerUser).userId.toString(), m);
      const last = r.dialogs.at(-1);
      if (!last) break;
      seen.push(...(r.dialogs as Api.Dialog[]));
      const peerId = (last.peer as Api.PeerUser).userId;
      const top = tops.get(peerId.toString());
      offset = {
        date: top?.date ?? 0,
        id: last.topMessage,
        peer: new Api.InputPeerUser({ userId: peerId, accessHash: bigInt(0) }),
      };
    }
    const names = seen.map((d) => (d.peer as Api.PeerUser).userId.toString());
    expect(new Set(names).size).toBe(names.length);
    // 25 peers, one archived: 24 in the main list, the two pinned first.
    expect(names).toHaveLength(24);
    expect(seen.slice(0, 2).every((d) => d.pinned)).toBe(true);
    const dates = seen
      .slice(2)
      .map((d) => tops.get((d.peer as Api.PeerUser).userId.toString())?.date ?? 0);
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
    const muted = seen.filter((d) => (d.notifySettings.muteUntil ?? 0) > 0);
    expect(muted).toHaveLength(1);
    expect(seen.reduce((n, d) => n + d.unreadCount, 0)).toBe(
      Array.from({ length: 25 }, (_, i) => (i === 7 ? 0 : i % 3)).reduce((a, b) => a + b, 0),
    );

    const archive = await call(
      eli.client.invoke(
        new Api.messages.GetDialogs({
          folderId: 1,
          offsetDate: 0,
          offsetId: 0,
          offsetPeer: new Api.InputPeerEmpty(),
          limit: 20,
          hash: bigInt(0),
        }),
      ),
    );
    expect(
      (archive as Api.messages.Dialogs).dialogs.map((d) => (d as Api.Dialog).folderId),
    ).toEqual([1]);
  });

  test('history pages back through every message once, newest first', async () => {
    const fay = await open('+9996620906');
    const gus = await open('+9996620907');
    const peer = userPeer(gus.id);
    const ids: number[] = [];
    let offsetId = 0;
    for (;;) {
      const r = await call(fay.client.invoke(history(peer, offsetId, 50)));
      if (!(r instanceof Api.messages.MessagesSlice || r instanceof Api.messages.Messages))
        throw new Error('unexpected history answer');
      if (r instanceof Api.messages.MessagesSlice) expect(r.count).toBe(230);
      if (r.messages.length === 0) break;
      ids.push(...r.messages.map((m) => m.id));
      offsetId = r.messages.at(-1)?.id ?? 0;
    }
    expect(ids).toHaveLength(230);
    expect(new Set(ids).size).toBe(230);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    // offset_id is exclusive; add_offset -10 reaches ten newer messages.
    const around = (await call(
      fay.client.invoke(history(peer, ids[100] ?? 0, 20, -10)),
    )) as Api.messages.MessagesSlice;
    expect(around.messages.map((m) => m.id)).toEqual(ids.slice(91, 111));
  });

  test('reading marks the reader’s other sessions and the sender’s outbox', async () => {
    const gus = await open('+9996620907');
    const gus2 = await open('+9996620907');
    const hal = await open('+9996620908');
    for (const text of ['one', 'two', 'three']) await send(hal.client, userPeer(gus.id), text);
    const halHistory = (await call(
      hal.client.invoke(history(userPeer(gus.id), 0, 10)),
    )) as Api.messages.Messages;
    const halLast = halHistory.messages[0]?.id ?? 0;
    const before = await call(
      gus.client.invoke(
        new Api.messages.GetPeerDialogs({
          peers: [new Api.InputDialogPeer({ peer: userPeer(hal.id) })],
        }),
      ),
    );
    expect((before.dialogs[0] as Api.Dialog).unreadCount).toBe(3);
    await call(
      gus.client.invoke(new Api.messages.ReadHistory({ peer: userPeer(hal.id), maxId: 0 })),
    );
    await waitFor(
      () => gus2.seen.some((u) => u instanceof Api.UpdateReadHistoryInbox),
      5_000,
      'the other session learns the chat is read',
    );
    await waitFor(
      () => hal.seen.some((u) => u instanceof Api.UpdateReadHistoryOutbox && u.maxId === halLast),
      5_000,
      'the sender learns its messages were read',
    );
    const after = await call(
      gus.client.invoke(
        new Api.messages.GetPeerDialogs({
          peers: [new Api.InputDialogPeer({ peer: userPeer(hal.id) })],
        }),
      ),
    );
    expect((after.dialogs[0] as Api.Dialog).unreadCount).toBe(0);
    const halDialog = await call(
      hal.client.invoke(
        new Api.messages.GetPeerDialogs({
          peers: [new Api.InputDialogPeer({ peer: userPeer(gus.id) })],
        }),
      ),
    );
    expect((halDialog.dialogs[0] as Api.Dialog).readOutboxMaxId).toBe(halLast);
  });
});

describe('groups, channels, edits, deletes and gaps', () => {
  test('a group message reaches every member account with its own pts', async () => {
    const fay = await open('+9996620906');
    const gus = await open('+9996620907');
    const hal = await open('+9996620908');
    const gusState = await call(gus.client.invoke(new Api.updates.GetState()));
    const halState = await call(hal.client.invoke(new Api.updates.GetState()));
    const dialogs = await call(fay.client.getDialogs({}));
    const trio = dialogs.find((d) => d.title === 'Trio');
    if (!trio?.entity) throw new Error('no Trio group');
    const chatId = bigInt((trio.entity as Api.Chat).id.toString());
    const sent = await send(fay.client, new Api.InputPeerChat({ chatId }), 'Dinner at eight?');
    expect(sent).toBeInstanceOf(Api.Updates);
    for (const [member, state] of [
      [gus, gusState],
      [hal, halState],
    ] as const) {
      await waitFor(
        () =>
          member.seen.some(
            (u) => u instanceof Api.UpdateShortChatMessage && u.message === 'Dinner at eight?',
          ),
        5_000,
        'a member gets the group message',
      );
      const got = member.seen.find(
        (u) => u instanceof Api.UpdateShortChatMessage,
      ) as Api.UpdateShortChatMessage;
      expect(got.pts).toBe(state.pts + 1);
      expect(got.chatId.toString()).toBe(chatId.toString());
      expect(got.fromId.toString()).toBe(fay.id.toString());
    }
  });

  test('channel posts carry the channel’s pts; getChannelDifference replays them', async () => {
    const fay = await open('+9996620906');
    const gus = await open('+9996620907');
    const dialogs = await call(gus.client.getDialogs({}));
    const news = dialogs.find((d) => d.title === 'Fay News');
    const channel = news?.entity as Api.Channel | undefined;
    if (!channel) throw new Error('no channel dialog');
    const before = (news?.dialog as Api.Dialog).pts ?? 0;
    const input = new Api.InputPeerChannel({
      channelId: channel.id,
      accessHash: channel.accessHash ?? bigInt(0),
    });
    await send(fay.client, input, 'First post');
    await send(fay.client, input, 'Second post');
    await waitFor(
      () => gus.seen.filter((u) => u instanceof Api.UpdateNewChannelMessage).length >= 2,
      5_000,
      'members get the posts',
    );
    const posts = gus.seen.filter(
      (u): u is Api.UpdateNewChannelMessage => u instanceof Api.UpdateNewChannelMessage,
    );
    expect(posts.map((p) => p.pts)).toEqual([before + 1, before + 2]);
    const diff = await call(
      gus.client.invoke(
        new Api.updates.GetChannelDifference({
          channel: new Api.InputChannel({ channelId: channel.id, accessHash: bigInt(0) }),
          filter: new Api.ChannelMessagesFilterEmpty(),
          pts: before,
          limit: 100,
        }),
      ),
    );
    expect(diff).toBeInstanceOf(Api.updates.ChannelDifference);
    const d = diff as Api.updates.ChannelDifference;
    expect(d.newMessages.map((m) => (m as Api.Message).message)).toEqual([
      'First post',
      'Second post',
    ]);
    expect(d.pts).toBe(before + 2);
    const empty = await call(
      gus.client.invoke(
        new Api.updates.GetChannelDifference({
          channel: new Api.InputChannel({ channelId: channel.id, accessHash: bigInt(0) }),
          filter: new Api.ChannelMessagesFilterEmpty(),
          pts: d.pts,
          limit: 100,
        }),
      ),
    );
    expect(empty).toBeInstanceOf(Api.updates.ChannelDifferenceEmpty);
    await call(
      gus.client.invoke(
        new Api.channels.ReadHistory({
          channel: new Api.InputChannel({ channelId: channel.id, accessHash: bigInt(0) }),
          maxId: 0,
        }),
      ),
    );
    await waitFor(
      () => fay.seen.some((u) => u instanceof Api.UpdateReadChannelOutbox),
      5_000,
      'the author learns the posts were read',
    );
  });

  test('edits and revoked deletes reach the other side with its own ids', async () => {
    const cat = await open('+9996620903');
    const dan = await open('+9996620904');
    const sent = (await send(
      cat.client,
      userPeer(dan.id),
      'typo hre',
    )) as Api.UpdateShortSentMessage;
    await waitFor(
      () => dan.seen.some((u) => u instanceof Api.UpdateShortMessage && u.message === 'typo hre'),
      5_000,
      'message arrives',
    );
    const danId = (
      dan.seen.find(
        (u) => u instanceof Api.UpdateShortMessage && u.message === 'typo hre',
      ) as Api.UpdateShortMessage
    ).id;
    await call(
      cat.client.invoke(
        new Api.messages.EditMessage({ peer: userPeer(dan.id), id: sent.id, message: 'typo here' }),
      ),
    );
    await waitFor(
      () =>
        dan.seen.some(
          (u) =>
            u instanceof Api.UpdateEditMessage &&
            u.message instanceof Api.Message &&
            u.message.id === danId &&
            u.message.message === 'typo here',
        ),
      5_000,
      'the edit arrives',
    );
    await call(cat.client.invoke(new Api.messages.DeleteMessages({ id: [sent.id], revoke: true })));
    await waitFor(
      () =>
        dan.seen.some((u) => u instanceof Api.UpdateDeleteMessages && u.messages.includes(danId)),
      5_000,
      'the delete arrives',
    );
  });

  test('getDifference after a blackout returns exactly the missed messages', async () => {
    const cat = await open('+9996620903');
    const state = await call(cat.client.invoke(new Api.updates.GetState()));
    const ended = new Promise<void>((resolve) => {
      dc.control.on('fault', (e) => {
        if (e.kind === 'blackout-end') resolve();
      });
    });
    dc.control.blackout(1);
    const texts = ['missed 1', 'missed 2', 'missed 3', 'missed 4', 'missed 5'];
    for (const t of texts) dc.control.sendMessage('+9996620904', '+9996620903', t);
    await withTimeout(ended, 10_000, 'blackout end');
    expect(
      cat.seen.some((u) => u instanceof Api.UpdateShortMessage && u.message.startsWith('missed')),
    ).toBe(false);
    const diff = await withTimeout(
      cat.client.invoke(
        new Api.updates.GetDifference({ pts: state.pts, date: state.date, qts: 0 }),
      ),
      30_000,
      'getDifference',
    );
    expect(diff).toBeInstanceOf(Api.updates.Difference);
    const d = diff as Api.updates.Difference;
    expect(d.newMessages.map((m) => (m as Api.Message).message)).toEqual(texts);
    expect(d.state.pts).toBe(state.pts + 5);
    const again = await call(
      cat.client.invoke(
        new Api.updates.GetDifference({ pts: state.pts + 5, date: state.date, qts: 0 }),
      ),
    );
    expect(again).toBeInstanceOf(Api.updates.DifferenceEmpty);
  });
});
