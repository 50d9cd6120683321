/**
 * The unread total kept from updates (issue 17): what it follows, and what makes it read the
 * dialogs again. Updates go through the same `chatEventsOf` the gateway applies them with.
 */
import { describe, expect, test } from 'vitest';
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { chatEventsOf } from '../../../electron/telegram/chat-updates';
import { PeerBook } from '../../../electron/telegram/peers';
import { UnreadTally } from '../../../electron/telegram/unread-tally';
import { TestClock } from '../../support/timers';

const SELF = '100';
const dialog = (peer: Api.TypePeer, unreadCount: number) =>
  new Api.Dialog({
    peer,
    topMessage: 1,
    readInboxMaxId: 0,
    readOutboxMaxId: 0,
    unreadCount,
    unreadMentionsCount: 0,
    unreadReactionsCount: 0,
    notifySettings: new Api.PeerNotifySettings({}),
  });
const user = (id: number) => new Api.PeerUser({ userId: returnBigInt(id) });
const channel = (id: number) => new Api.PeerChannel({ channelId: returnBigInt(id) });
const shortFrom = (userId: number, out = false) =>
  new Api.UpdateShortMessage({
    out,
    id: 10,
    userId: returnBigInt(userId),
    message: 'hi',
    pts: 1,
    ptsCount: 1,
    date: 1_700_000_000,
  });

function setUp() {
  const clock = new TestClock();
  const tally = new UnreadTally(clock);
  const peers = new PeerBook();
  const apply = (update: unknown) => {
    tally.apply(update, chatEventsOf(update, peers, SELF));
  };
  tally.seed(tally.beginSeed(), [dialog(user(1), 2), dialog(channel(7), 5)]);
  return { clock, tally, apply };
}

describe('unread tally', () => {
  test('a seed sums the dialogs; incoming messages add one, outgoing none', () => {
    const { tally, apply } = setUp();
    expect(tally.total()).toBe(7);
    apply(shortFrom(1));
    apply(shortFrom(1));
    apply(shortFrom(1, true));
    expect(tally.total()).toBe(9);
  });

  test('a seed that held every dialog counts a message in a chat outside it: a new chat', () => {
    const { tally, apply } = setUp();
    tally.seed(tally.beginSeed(), [dialog(user(1), 2), dialog(channel(7), 5)], true);
    apply(shortFrom(9));
    apply(shortFrom(9));
    expect(tally.total()).toBe(9);
    // Its read is followed like any seeded chat's.
    apply(
      new Api.UpdateReadHistoryInbox({
        peer: user(9),
        maxId: 10,
        stillUnreadCount: 0,
        pts: 2,
        ptsCount: 1,
      }),
    );
    expect(tally.total()).toBe(7);
    // A seed of only the first dialogs (a slice) cannot know the chat's count: it reads again.
    tally.seed(tally.beginSeed(), [dialog(user(1), 2)], false);
    apply(shortFrom(11));
    expect(tally.total()).toBeNull();
  });

  test("a read sets its chat to Telegram's still-unread count", () => {
    const { tally, apply } = setUp();
    apply(
      new Api.UpdateReadHistoryInbox({
        peer: user(1),
        maxId: 10,
        stillUnreadCount: 0,
        pts: 2,
        ptsCount: 1,
      }),
    );
    expect(tally.total()).toBe(5);
    apply(
      new Api.UpdateReadChannelInbox({
        channelId: returnBigInt(7),
        maxId: 3,
        stillUnreadCount: 1,
        pts: 4,
      }),
    );
    expect(tally.total()).toBe(1);
    // A chat outside the seed is not in the total.
    apply(
      new Api.UpdateReadHistoryInbox({
        peer: user(9),
        maxId: 1,
        stillUnreadCount: 0,
        pts: 3,
        ptsCount: 1,
      }),
    );
    expect(tally.total()).toBe(1);
  });

  test('what it cannot follow makes it read the dialogs again', () => {
    const cases: [string, unknown][] = [
      ['a message in a chat outside the seed', shortFrom(9)],
      ['deleted messages', new Api.UpdateDeleteMessages({ messages: [3], pts: 2, ptsCount: 1 })],
      [
        'a dialog marked unread',
        new Api.UpdateDialogUnreadMark({
          peer: new Api.DialogPeer({ peer: user(1) }),
          unread: true,
        }),
      ],
      [
        'a dialog moved to the archive',
        new Api.UpdateFolderPeers({
          folderPeers: [new Api.FolderPeer({ peer: user(1), folderId: 1 })],
          pts: 2,
          ptsCount: 1,
        }),
      ],
    ];
    for (const [what, update] of cases) {
      const { tally, apply } = setUp();
      apply(update);
      expect(tally.total(), what).toBeNull();
    }
    const { tally } = setUp();
    tally.forget();
    expect(tally.total()).toBeNull();
  });

  test('a change during the seeding read leaves it unseeded; a seed lasts 10 minutes', () => {
    const { clock, tally, apply } = setUp();
    tally.forget();
    const token = tally.beginSeed();
    apply(shortFrom(1));
    expect(tally.seed(token, [dialog(user(1), 2)])).toBe(2);
    expect(tally.total()).toBeNull();
    tally.seed(tally.beginSeed(), [dialog(user(1), 3)]);
    expect(tally.total()).toBe(3);
    clock.advance(10 * 60_000);
    expect(tally.total()).toBe(3);
    clock.advance(1);
    expect(tally.total()).toBeNull();
  });
});
