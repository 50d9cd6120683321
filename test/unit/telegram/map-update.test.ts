/** mapUpdate: which GramJS updates reach the account manager, and as which events. */
import { describe, expect, test } from 'vitest';
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { UpdateConnectionState } from 'telegram/network';
import { mapUpdate } from '../../../electron/telegram/map';
import type { TelegramEvent } from '../../../electron/core/ports';

const SERVICE = returnBigInt(777000);
const FRIEND = returnBigInt(4242);
const unread: TelegramEvent = { kind: 'unread-changed' };

function message(from: Api.TypePeer, isOut: boolean): Api.Message {
  return new Api.Message({
    id: 31,
    peerId: from,
    date: 1_700_000_000,
    message: 'Login code: 12345',
    out: isOut,
  });
}

const serviceCode: TelegramEvent = {
  kind: 'service-message',
  message: { id: '31', text: 'Login code: 12345', date: 1_700_000_000_000 },
};

function shortMessage(userId: typeof SERVICE, isOut: boolean): Api.UpdateShortMessage {
  return new Api.UpdateShortMessage({
    id: 31,
    userId,
    message: 'Login code: 12345',
    pts: 1,
    ptsCount: 1,
    date: 1_700_000_000,
    out: isOut,
  });
}

const table: [string, unknown, TelegramEvent[]][] = [
  [
    'connected',
    new UpdateConnectionState(UpdateConnectionState.connected),
    [{ kind: 'connection', state: 'connected' }],
  ],
  [
    'disconnected',
    new UpdateConnectionState(UpdateConnectionState.disconnected),
    [{ kind: 'connection', state: 'disconnected' }],
  ],
  [
    'broken: the server forgot the auth key',
    new UpdateConnectionState(UpdateConnectionState.broken),
    [{ kind: 'logged-out', code: 'LOGGED_OUT' }],
  ],
  ['a QR code was scanned', new Api.UpdateLoginToken(), [{ kind: 'login-token' }]],
  [
    'the account signed in on another device',
    new Api.UpdateNewAuthorization({ hash: returnBigInt(99) }),
    [{ kind: 'sessions-changed' }],
  ],
  ['a short message from the service user', shortMessage(SERVICE, false), [serviceCode, unread]],
  ['a short message sent to the service user: nothing unread', shortMessage(SERVICE, true), []],
  ['a short message from someone else', shortMessage(FRIEND, false), [unread]],
  [
    'a new message from the service user',
    new Api.UpdateNewMessage({
      message: message(new Api.PeerUser({ userId: SERVICE }), false),
      pts: 1,
      ptsCount: 1,
    }),
    [serviceCode, unread],
  ],
  [
    'a new message sent to the service user: nothing unread',
    new Api.UpdateNewMessage({
      message: message(new Api.PeerUser({ userId: SERVICE }), true),
      pts: 1,
      ptsCount: 1,
    }),
    [],
  ],
  [
    'a new message from someone else',
    new Api.UpdateNewMessage({
      message: message(new Api.PeerUser({ userId: FRIEND }), false),
      pts: 1,
      ptsCount: 1,
    }),
    [unread],
  ],
  [
    'a new message in a group',
    new Api.UpdateNewMessage({
      message: message(new Api.PeerChat({ chatId: SERVICE }), false),
      pts: 1,
      ptsCount: 1,
    }),
    [unread],
  ],
  [
    'a new service message (someone joined)',
    new Api.UpdateNewMessage({
      message: new Api.MessageService({
        id: 32,
        peerId: new Api.PeerUser({ userId: SERVICE }),
        date: 1_700_000_000,
        action: new Api.MessageActionContactSignUp(),
      }),
      pts: 1,
      ptsCount: 1,
    }),
    [unread],
  ],
  [
    'a new channel message',
    new Api.UpdateNewChannelMessage({
      message: message(new Api.PeerChannel({ channelId: FRIEND }), false),
      pts: 1,
      ptsCount: 1,
    }),
    [unread],
  ],
  [
    'a short group message',
    new Api.UpdateShortChatMessage({
      id: 33,
      fromId: FRIEND,
      chatId: FRIEND,
      message: 'hi',
      pts: 1,
      ptsCount: 1,
      date: 1_700_000_000,
    }),
    [unread],
  ],
  [
    'a short group message this account sent: nothing unread',
    new Api.UpdateShortChatMessage({
      out: true,
      id: 34,
      fromId: FRIEND,
      chatId: FRIEND,
      message: 'hi',
      pts: 1,
      ptsCount: 1,
      date: 1_700_000_000,
    }),
    [],
  ],
  [
    'a chat read on another device',
    new Api.UpdateReadHistoryInbox({
      peer: new Api.PeerUser({ userId: FRIEND }),
      maxId: 31,
      stillUnreadCount: 0,
      pts: 1,
      ptsCount: 1,
    }),
    [unread],
  ],
  [
    'a channel read on another device',
    new Api.UpdateReadChannelInbox({
      channelId: FRIEND,
      maxId: 31,
      stillUnreadCount: 0,
      pts: 1,
    }),
    [unread],
  ],
  [
    'a chat marked unread',
    new Api.UpdateDialogUnreadMark({
      peer: new Api.DialogPeer({ peer: new Api.PeerUser({ userId: FRIEND }) }),
      unread: true,
    }),
    [unread],
  ],
  [
    'someone came online',
    new Api.UpdateUserStatus({ userId: FRIEND, status: new Api.UserStatusOnline({ expires: 1 }) }),
    [],
  ],
  ['something that is not an update', { state: UpdateConnectionState.broken }, []],
  ['nothing', undefined, []],
];

describe('mapUpdate', () => {
  test.each(table)('%s', (_name, update, events) => {
    expect(mapUpdate(update)).toEqual(events);
  });
});
