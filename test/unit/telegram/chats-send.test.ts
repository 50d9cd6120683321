/**
 * Chats.sendMessage: both answers Telegram gives a send (`updateShortSentMessage` for private
 * chats and basic groups, `updates` with `updateMessageID` elsewhere) become the sent message and
 * move pts, and the sent message is never emitted again as a new one. Scripted server, no network.
 */
import { describe, expect, test } from 'vitest';
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { Chats } from '../../../electron/telegram/chats';
import { PeerBook } from '../../../electron/telegram/peers';
import { UpdateState } from '../../../electron/telegram/update-state';
import { memoryLogger } from '../../support/logger';

function setUp(answer: (request: Api.AnyRequest) => unknown) {
  const peers = new PeerBook();
  peers.remember(
    [new Api.User({ id: returnBigInt(11), accessHash: returnBigInt(1), firstName: 'Bob' })],
    [
      new Api.Channel({
        id: returnBigInt(77),
        accessHash: returnBigInt(5),
        title: 'Room',
        megagroup: true,
        photo: new Api.ChatPhotoEmpty(),
        date: 0,
      }),
    ],
  );
  const applied: string[] = [];
  const invoke = <R extends Api.AnyRequest>(request: R) =>
    Promise.resolve(
      (request instanceof Api.updates.GetState
        ? new Api.updates.State({ pts: 10, qts: 0, date: 0, seq: 0, unreadCount: 0 })
        : answer(request)) as R['__response'],
    );
  const updates = new UpdateState({
    invoke,
    peers,
    apply: (update) => applied.push(update.className),
    onTooLong: () => undefined,
    timers: { schedule: () => () => undefined },
    log: memoryLogger(),
  });
  const chats = new Chats({
    invoke,
    call: (_what, run) => run({ invoke } as never),
    peers,
    updates,
    clock: { now: () => 0 },
    log: memoryLogger(),
  });
  return { chats, updates, applied };
}

describe('sendMessage', () => {
  test('updateShortSentMessage: the message as sent, pts moved, nothing emitted', async () => {
    let sent: Api.messages.SendMessage | undefined;
    const { chats, updates, applied } = setUp((request) => {
      if (request instanceof Api.messages.SendMessage) sent = request;
      return new Api.UpdateShortSentMessage({
        out: true,
        id: 42,
        pts: 11,
        ptsCount: 1,
        date: 1_700_000_000,
      });
    });
    const message = await chats.sendMessage('u11', 'hi', null, '9007199254740993');
    expect(sent?.randomId.toString()).toBe('9007199254740993');
    expect(message).toMatchObject({
      id: 42,
      chatId: 'u11',
      text: 'hi',
      isOutgoing: true,
      state: 'sent',
      date: 1_700_000_000_000,
    });
    expect(updates.commonPts()).toBe(11);
    expect(applied).toEqual([]);
  });

  test('updates with updateMessageID: the message of that random id, not emitted again', async () => {
    const posted = new Api.Message({
      id: 7,
      out: true,
      peerId: new Api.PeerChannel({ channelId: returnBigInt(77) }),
      date: 1_700_000_000,
      message: 'hello room',
    });
    const { chats, updates, applied } = setUp(
      () =>
        new Api.Updates({
          updates: [
            new Api.UpdateMessageID({ id: 7, randomId: returnBigInt(123) }),
            new Api.UpdateNewChannelMessage({ message: posted, pts: 3, ptsCount: 1 }),
          ],
          users: [],
          chats: [],
          date: 1_700_000_000,
          seq: 0,
        }),
    );
    const message = await chats.sendMessage('h77', 'hello room', null, '123');
    expect(message).toMatchObject({ id: 7, chatId: 'h77', text: 'hello room' });
    expect(updates.channelPts('h77')).toBe(3);
    expect(applied).toEqual(['UpdateMessageID']);
  });

  test('a random id that is not a number is refused before anything is sent', async () => {
    const { chats } = setUp(() => {
      throw new Error('nothing may be sent');
    });
    await expect(chats.sendMessage('u11', 'hi', null, 'abc')).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });
});
