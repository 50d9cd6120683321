/**
 * UpdateState: Telegram's pts rules for one connection, against a scripted server (no network).
 * Each case feeds updates and asserts which ones core would see, in which order, and what was
 * asked of the server.
 */
import { describe, expect, test } from 'vitest';
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { PeerBook } from '../../../electron/telegram/peers';
import { UpdateState } from '../../../electron/telegram/update-state';
import { memoryLogger } from '../../support/logger';

const USER = new Api.PeerUser({ userId: returnBigInt(11) });
const CHANNEL = new Api.PeerChannel({ channelId: returnBigInt(77) });

function message(id: number, peer: Api.TypePeer = USER): Api.Message {
  return new Api.Message({ id, peerId: peer, date: 1_700_000_000 + id, message: `text ${id}` });
}

function newMessage(id: number, pts: number): Api.UpdateNewMessage {
  return new Api.UpdateNewMessage({ message: message(id), pts, ptsCount: 1 });
}

function channelMessage(id: number, pts: number): Api.UpdateNewChannelMessage {
  return new Api.UpdateNewChannelMessage({ message: message(id, CHANNEL), pts, ptsCount: 1 });
}

const state = (pts: number) =>
  new Api.updates.State({ pts, qts: 0, date: 1_700_000_000, seq: 1, unreadCount: 0 });

function difference(ids: number[], pts: number, isSlice = false) {
  const fields = {
    newMessages: ids.map((id) => message(id)),
    newEncryptedMessages: [],
    otherUpdates: [],
    chats: [],
    users: [],
  };
  return isSlice
    ? new Api.updates.DifferenceSlice({ ...fields, intermediateState: state(pts) })
    : new Api.updates.Difference({ ...fields, state: state(pts) });
}

type Answer = (request: Api.AnyRequest) => unknown;

/** A state machine wired to a scripted server, manual timers and a record of what applied. */
function harness(script: Record<string, Answer[]>) {
  const applied: string[] = [];
  const asked: string[] = [];
  const tooLong: (string[] | null)[] = [];
  const timers: (() => void)[] = [];
  const peers = new PeerBook();
  peers.remember(
    [],
    [
      new Api.Channel({
        id: returnBigInt(77),
        accessHash: returnBigInt(5),
        title: 'News',
        photo: new Api.ChatPhotoEmpty(),
        date: 0,
      }),
    ],
  );
  const updates = new UpdateState({
    peers,
    log: memoryLogger(),
    timers: {
      schedule(task) {
        timers.push(task);
        return () => {
          const at = timers.indexOf(task);
          if (at >= 0) timers.splice(at, 1);
        };
      },
    },
    invoke: <R extends Api.AnyRequest>(request: R) => {
      const name = request.className;
      if (request instanceof Api.updates.GetDifference) asked.push(`${name}@${request.pts}`);
      else if (request instanceof Api.updates.GetChannelDifference)
        asked.push(`${name}@${request.pts}`);
      else asked.push(name);
      const answer = script[name]?.shift();
      if (!answer) return Promise.reject(new Error(`unscripted ${name}`));
      return Promise.resolve(answer(request) as R['__response']);
    },
    apply(update) {
      if (update instanceof Api.UpdateNewMessage || update instanceof Api.UpdateNewChannelMessage)
        applied.push(`new ${update.message.id}`);
      else applied.push(update.className);
    },
    onTooLong(chatIds) {
      tooLong.push(chatIds);
    },
  });
  const fireTimers = async () => {
    for (const task of timers.splice(0)) task();
    await settle();
  };
  return { updates, applied, asked, tooLong, fireTimers };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('UpdateState: the common box', () => {
  test('updates in sequence apply in order; a repeated pts is dropped', async () => {
    const h = harness({ 'updates.GetState': [() => state(10)] });
    await h.updates.start();
    h.updates.receive(newMessage(1, 11));
    h.updates.receive(newMessage(2, 12));
    h.updates.receive(newMessage(2, 12));
    h.updates.receive(newMessage(1, 11));
    expect(h.applied).toEqual(['new 1', 'new 2']);
    expect(h.updates.commonPts()).toBe(12);
  });

  test('a gap closed by the late update within the wait applies both, with no difference', async () => {
    const h = harness({ 'updates.GetState': [() => state(10)] });
    await h.updates.start();
    h.updates.receive(newMessage(2, 12));
    expect(h.applied).toEqual([]);
    h.updates.receive(newMessage(1, 11));
    await h.fireTimers();
    expect(h.applied).toEqual(['new 1', 'new 2']);
    expect(h.asked).toEqual(['updates.GetState']);
  });

  test('a gap still open after the wait is filled by getDifference, each message once', async () => {
    const h = harness({
      'updates.GetState': [() => state(10)],
      'updates.GetDifference': [() => difference([1, 2, 3], 13)],
    });
    await h.updates.start();
    h.updates.receive(newMessage(3, 13));
    await h.fireTimers();
    expect(h.asked).toEqual(['updates.GetState', 'updates.GetDifference@10']);
    expect(h.applied).toEqual(['new 1', 'new 2', 'new 3']);
    expect(h.updates.commonPts()).toBe(13);
  });

  test('a difference that fails is tried again after the wait, and nothing stays held', async () => {
    const h = harness({
      'updates.GetState': [() => state(10)],
      'updates.GetDifference': [
        () => Promise.reject(new Error('timed out')),
        () => difference([1, 2, 3], 13),
      ],
    });
    await h.updates.start();
    h.updates.receive(newMessage(3, 13));
    await h.fireTimers();
    expect(h.applied).toEqual([]);
    await h.fireTimers();
    expect(h.asked).toEqual([
      'updates.GetState',
      'updates.GetDifference@10',
      'updates.GetDifference@10',
    ]);
    expect(h.applied).toEqual(['new 1', 'new 2', 'new 3']);
    h.updates.receive(newMessage(4, 14));
    expect(h.applied).toEqual(['new 1', 'new 2', 'new 3', 'new 4']);
  });

  test('differenceSlice is followed until the final difference', async () => {
    const h = harness({
      'updates.GetState': [() => state(10)],
      'updates.GetDifference': [() => difference([1, 2], 12, true), () => difference([3], 13)],
    });
    await h.updates.start();
    await h.updates.catchUp();
    expect(h.asked).toEqual([
      'updates.GetState',
      'updates.GetDifference@10',
      'updates.GetDifference@12',
    ]);
    expect(h.applied).toEqual(['new 1', 'new 2', 'new 3']);
  });

  test('differenceTooLong asks for every dialog again and moves pts', async () => {
    const h = harness({
      'updates.GetState': [() => state(10)],
      'updates.GetDifference': [() => new Api.updates.DifferenceTooLong({ pts: 500 })],
    });
    await h.updates.start();
    await h.updates.catchUp();
    expect(h.tooLong).toEqual([null]);
    expect(h.updates.commonPts()).toBe(500);
    h.updates.receive(newMessage(9, 501));
    expect(h.applied).toEqual(['new 9']);
  });

  test('updates arriving while a difference runs wait for it and are not repeated', async () => {
    let release: (() => void) | undefined;
    const h = harness({
      'updates.GetState': [() => state(10)],
      'updates.GetDifference': [
        () =>
          new Promise((resolve) => {
            release = () => {
              resolve(difference([1, 2], 12));
            };
          }),
      ],
    });
    await h.updates.start();
    const catching = h.updates.catchUp();
    await settle();
    h.updates.receive(newMessage(2, 12));
    h.updates.receive(newMessage(3, 13));
    expect(h.applied).toEqual([]);
    release?.();
    await catching;
    expect(h.applied).toEqual(['new 1', 'new 2', 'new 3']);
  });

  test('our own sent message moves pts without being emitted', async () => {
    const h = harness({ 'updates.GetState': [() => state(10)] });
    await h.updates.start();
    h.updates.markSeen('u11', 1);
    h.updates.receive(newMessage(1, 11));
    h.updates.acknowledge(12, 1);
    h.updates.receive(newMessage(3, 13));
    expect(h.applied).toEqual(['new 3']);
    expect(h.updates.commonPts()).toBe(13);
  });

  test('a short message from an unknown sender is fetched with getDifference, for its user', async () => {
    const h = harness({
      'updates.GetState': [() => state(10)],
      'updates.GetDifference': [() => difference([5], 11)],
    });
    await h.updates.start();
    h.updates.receive(
      new Api.UpdateShortMessage({
        id: 5,
        userId: returnBigInt(11),
        message: 'text 5',
        pts: 11,
        ptsCount: 1,
        date: 1_700_000_005,
      }),
    );
    await settle();
    expect(h.asked).toEqual(['updates.GetState', 'updates.GetDifference@10']);
    expect(h.applied).toEqual(['new 5']);
  });

  test('before the state is read, updates apply as they come (once per message)', () => {
    const h = harness({});
    h.updates.receive(newMessage(5, 40));
    h.updates.receive(newMessage(5, 40));
    h.updates.receive(newMessage(6, 90));
    expect(h.applied).toEqual(['new 5', 'new 6']);
    expect(h.asked).toEqual([]);
  });
});

describe('UpdateState: messages that come two ways', () => {
  const fromUser = (userId: number, id: number, pts: number) =>
    new Api.UpdateNewMessage({
      message: message(id, new Api.PeerUser({ userId: returnBigInt(userId) })),
      pts,
      ptsCount: 1,
    });

  test('messages applied before the state was read are not repeated by the difference', async () => {
    const h = harness({
      'updates.GetState': [() => state(39)],
      'updates.GetDifference': [() => difference([5, 6, 7], 42)],
    });
    h.updates.receive(newMessage(5, 40));
    h.updates.receive(newMessage(6, 41));
    await h.updates.start();
    h.updates.receive(newMessage(7, 43));
    await h.fireTimers();
    expect(h.asked).toEqual(['updates.GetState', 'updates.GetDifference@39']);
    expect(h.applied).toEqual(['new 5', 'new 6', 'new 7']);
  });

  test('our own sent message is still dropped from a difference after 1,000 messages in 20 other chats', async () => {
    const h = harness({
      'updates.GetState': [() => state(0)],
      'updates.GetDifference': [() => difference([1], 1_001)],
    });
    await h.updates.start();
    h.updates.markSeen('u11', 1);
    for (let i = 1; i <= 1_000; i++) h.updates.receive(fromUser(100 + (i % 20), 1_000 + i, i));
    await h.updates.catchUp();
    expect(h.applied).toHaveLength(1_000);
    expect(h.applied).not.toContain('new 1');
  });
});

describe('UpdateState: channels', () => {
  test('a channel gap is filled with getChannelDifference from the channel pts', async () => {
    const h = harness({
      'updates.GetState': [() => state(10)],
      'updates.GetChannelDifference': [
        () =>
          new Api.updates.ChannelDifference({
            final: true,
            pts: 103,
            newMessages: [1, 2, 3].map((id) => message(id, CHANNEL)),
            otherUpdates: [],
            chats: [],
            users: [],
          }),
      ],
    });
    await h.updates.start();
    h.updates.learnChannel('h77', 100);
    h.updates.receive(channelMessage(3, 103));
    await h.fireTimers();
    expect(h.asked).toEqual(['updates.GetState', 'updates.GetChannelDifference@100']);
    expect(h.applied).toEqual(['new 1', 'new 2', 'new 3']);
    expect(h.updates.channelPts('h77')).toBe(103);
  });

  test('channelDifferenceTooLong asks for that dialog again', async () => {
    const h = harness({
      'updates.GetState': [() => state(10)],
      'updates.GetDifference': [() => new Api.updates.DifferenceEmpty({ date: 0, seq: 1 })],
      'updates.GetChannelDifference': [
        () =>
          new Api.updates.ChannelDifferenceTooLong({
            dialog: new Api.Dialog({
              peer: CHANNEL,
              topMessage: 900,
              readInboxMaxId: 0,
              readOutboxMaxId: 0,
              unreadCount: 0,
              unreadMentionsCount: 0,
              unreadReactionsCount: 0,
              notifySettings: new Api.PeerNotifySettings({}),
              pts: 900,
            }),
            messages: [],
            chats: [],
            users: [],
          }),
      ],
    });
    await h.updates.start();
    h.updates.learnChannel('h77', 100);
    await h.updates.catchUp();
    expect(h.tooLong).toEqual([['h77']]);
    expect(h.updates.channelPts('h77')).toBe(900);
  });
});
