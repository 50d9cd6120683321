/**
 * The chat mappers (issue 16): GramJS messages, dialogs and updates → the chat DTOs core and
 * the renderer rely on. Table-driven, no network.
 */
import { describe, expect, test } from 'vitest';
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import type { TelegramEvent } from '../../../electron/core/ports';
import type { MessageMedia } from '../../../electron/shared/chat-dto';
import { decodeCursor, encodeCursor, smallSizeOf } from '../../../electron/telegram/chats';
import { chatEventsOf } from '../../../electron/telegram/chat-updates';
import {
  mapDialog,
  mapEntities,
  mapMedia,
  mapMessage,
  previewOf,
  topMessagesOf,
} from '../../../electron/telegram/map-messages';
import { PeerBook } from '../../../electron/telegram/peers';

const id = (n: number) => returnBigInt(n);
const ALICE = new Api.PeerUser({ userId: id(11) });
const BOB = new Api.PeerUser({ userId: id(12) });
const GROUP = new Api.PeerChat({ chatId: id(21) });
const NEWS = new Api.PeerChannel({ channelId: id(31) });

function book(): PeerBook {
  const peers = new PeerBook();
  peers.remember(
    [
      new Api.User({ id: id(11), accessHash: id(111), firstName: 'Alice', lastName: 'Liddell' }),
      new Api.User({ id: id(12), accessHash: id(112), firstName: 'Bob' }),
      new Api.User({ id: id(13), accessHash: id(113), firstName: 'Helper', bot: true }),
    ],
    [
      new Api.Chat({
        id: id(21),
        title: 'Tea party',
        photo: new Api.ChatPhotoEmpty(),
        participantsCount: 3,
        date: 0,
        version: 1,
      }),
      new Api.Channel({
        id: id(31),
        accessHash: id(131),
        title: 'News',
        broadcast: true,
        photo: new Api.ChatPhotoEmpty(),
        date: 0,
      }),
    ],
  );
  return peers;
}

function text(fields: Partial<ConstructorParameters<typeof Api.Message>[0]> = {}) {
  return new Api.Message({
    id: 7,
    peerId: ALICE,
    date: 1_700_000_000,
    message: 'hello',
    ...fields,
  });
}

describe('entities', () => {
  const kinds: [Api.TypeMessageEntity, unknown][] = [
    [new Api.MessageEntityBold({ offset: 0, length: 1 }), { kind: 'bold' }],
    [new Api.MessageEntityItalic({ offset: 0, length: 1 }), { kind: 'italic' }],
    [new Api.MessageEntityUnderline({ offset: 0, length: 1 }), { kind: 'underline' }],
    [new Api.MessageEntityStrike({ offset: 0, length: 1 }), { kind: 'strike' }],
    [new Api.MessageEntitySpoiler({ offset: 0, length: 1 }), { kind: 'spoiler' }],
    [new Api.MessageEntityCode({ offset: 0, length: 1 }), { kind: 'code' }],
    [
      new Api.MessageEntityPre({ offset: 0, length: 1, language: 'ts' }),
      { kind: 'pre', language: 'ts' },
    ],
    [new Api.MessageEntityBlockquote({ offset: 0, length: 1 }), { kind: 'blockquote' }],
    [new Api.MessageEntityUrl({ offset: 0, length: 1 }), { kind: 'url' }],
    [
      new Api.MessageEntityTextUrl({ offset: 0, length: 1, url: 'https://example.org/a' }),
      { kind: 'text-url', url: 'https://example.org/a' },
    ],
    [
      new Api.MessageEntityTextUrl({ offset: 0, length: 1, url: 'tg://resolve?domain=x' }),
      { kind: 'text-url', url: 'tg://resolve?domain=x' },
    ],
    [
      new Api.MessageEntityTextUrl({ offset: 0, length: 1, url: 'mailto:a@example.org' }),
      { kind: 'text-url', url: 'mailto:a@example.org' },
    ],
    [new Api.MessageEntityEmail({ offset: 0, length: 1 }), { kind: 'email' }],
    [new Api.MessageEntityPhone({ offset: 0, length: 1 }), { kind: 'phone' }],
    [new Api.MessageEntityMention({ offset: 0, length: 1 }), { kind: 'mention' }],
    [
      new Api.MessageEntityMentionName({ offset: 0, length: 1, userId: id(12) }),
      { kind: 'mention-name', userId: '12' },
    ],
    [new Api.MessageEntityHashtag({ offset: 0, length: 1 }), { kind: 'hashtag' }],
    [new Api.MessageEntityCashtag({ offset: 0, length: 1 }), { kind: 'cashtag' }],
    [new Api.MessageEntityBotCommand({ offset: 0, length: 1 }), { kind: 'bot-command' }],
  ];
  test.each(kinds)('%s maps to its kind', (entity, expected) => {
    expect(mapEntities([entity])).toEqual([{ offset: 0, length: 1, ...(expected as object) }]);
  });

  test.each(['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', 'not a url'])(
    'a text link to %s is dropped',
    (url) => {
      expect(mapEntities([new Api.MessageEntityTextUrl({ offset: 0, length: 1, url })])).toEqual(
        [],
      );
    },
  );
});

function document(attributes: Api.TypeDocumentAttribute[], mimeType = 'application/pdf') {
  return new Api.MessageMediaDocument({
    document: new Api.Document({
      id: id(1),
      accessHash: id(2),
      fileReference: Buffer.alloc(0),
      date: 0,
      mimeType,
      size: id(2048),
      dcId: 2,
      attributes,
    }),
  });
}

describe('media', () => {
  const video = (extra: object = {}) =>
    new Api.DocumentAttributeVideo({ duration: 12.4, w: 10, h: 10, ...extra });
  const table: [string, Api.TypeMessageMedia, Partial<MessageMedia>][] = [
    [
      'a named file',
      document([new Api.DocumentAttributeFilename({ fileName: 'report.pdf' })]),
      { kind: 'file', name: 'report.pdf', size: 2048, mimeType: 'application/pdf', duration: null },
    ],
    ['a video', document([video()], 'video/mp4'), { kind: 'video', name: 'Video', duration: 12 }],
    [
      'a round video',
      document([video({ roundMessage: true })], 'video/mp4'),
      { kind: 'video-note', name: 'Video message' },
    ],
    [
      'a gif',
      document([video(), new Api.DocumentAttributeAnimated()], 'video/mp4'),
      { kind: 'gif' },
    ],
    [
      'a voice message',
      document([new Api.DocumentAttributeAudio({ duration: 3, voice: true })], 'audio/ogg'),
      { kind: 'voice', name: 'Voice message', duration: 3 },
    ],
    [
      'a song',
      document([new Api.DocumentAttributeAudio({ duration: 200 })], 'audio/mpeg'),
      { kind: 'audio', duration: 200 },
    ],
    [
      'a sticker',
      document(
        [
          new Api.DocumentAttributeSticker({
            alt: ':)',
            stickerset: new Api.InputStickerSetEmpty(),
          }),
        ],
        'image/webp',
      ),
      { kind: 'sticker', name: 'Sticker' },
    ],
    [
      'a location',
      new Api.MessageMediaGeo({ geo: new Api.GeoPointEmpty() }),
      { kind: 'other', label: 'Location' },
    ],
  ];
  test.each(table)('%s', (_name, media, expected) => {
    expect(mapMedia(media)).toMatchObject(expected);
  });

  test('a photo has its size and the stripped thumbnail as a JPEG data URL', () => {
    const media = mapMedia(
      new Api.MessageMediaPhoto({
        photo: new Api.Photo({
          id: id(1),
          accessHash: id(2),
          fileReference: Buffer.alloc(0),
          date: 0,
          dcId: 2,
          sizes: [
            new Api.PhotoStrippedSize({ type: 'i', bytes: Buffer.from([1, 40, 30, 0xff, 0xd9]) }),
            new Api.PhotoSize({ type: 'm', w: 320, h: 240, size: 9000 }),
            new Api.PhotoSize({ type: 'x', w: 800, h: 600, size: 60000 }),
          ],
        }),
      }),
    );
    expect(media).toMatchObject({ kind: 'photo', width: 800, height: 600, hasThumbnail: true });
    const stripped = media?.kind === 'photo' ? media.stripped : null;
    expect(stripped?.startsWith('data:image/jpeg;base64,/9j/')).toBe(true);
  });

  test('the small photo size is `m`, else the smallest', () => {
    const photo = (sizes: Api.TypePhotoSize[]) =>
      new Api.Photo({
        id: id(1),
        accessHash: id(2),
        fileReference: Buffer.alloc(0),
        date: 0,
        dcId: 2,
        sizes,
      });
    const m = new Api.PhotoSize({ type: 'm', w: 320, h: 240, size: 9000 });
    const s = new Api.PhotoSize({ type: 's', w: 100, h: 75, size: 2000 });
    const y = new Api.PhotoSize({ type: 'y', w: 1280, h: 960, size: 90000 });
    expect(smallSizeOf(photo([s, m, y]))).toBe(m);
    expect(smallSizeOf(photo([y, s]))).toBe(s);
    expect(smallSizeOf(photo([]))).toBeNull();
  });
});

describe('messages', () => {
  test('an incoming group message names its sender; one of ours does not', () => {
    const peers = book();
    const incoming = mapMessage(text({ peerId: GROUP, fromId: BOB, mentioned: true }), peers);
    expect(incoming).toMatchObject({
      chatId: 'c21',
      sender: { id: 'u12', name: 'Bob' },
      isMention: true,
      isOutgoing: false,
      date: 1_700_000_000_000,
      state: 'sent',
      service: null,
    });
    const own = mapMessage(text({ peerId: GROUP, fromId: ALICE, out: true }), peers);
    expect(own.sender).toBeNull();
    expect(mapMessage(text(), peers).sender).toBeNull();
  });

  test('replies carry the replied message’s sender and preview; forwards their origin', () => {
    const peers = book();
    const replied = text({ id: 3, peerId: GROUP, fromId: BOB, message: 'first\nline' });
    const reply = text({
      id: 4,
      peerId: GROUP,
      fromId: ALICE,
      replyTo: new Api.MessageReplyHeader({ replyToMsgId: 3 }),
      fwdFrom: new Api.MessageFwdHeader({ fromName: 'Carol', date: 1_600_000_000 }),
    });
    expect(mapMessage(reply, peers, new Map([[3, replied]]))).toMatchObject({
      replyTo: { messageId: 3, sender: 'Bob', preview: 'first line' },
      forwardedFrom: { name: 'Carol', date: 1_600_000_000_000 },
    });
    expect(mapMessage(reply, peers).replyTo).toEqual({
      messageId: 3,
      sender: null,
      preview: null,
    });
  });

  const service = (action: Api.TypeMessageAction, fields: object = {}) =>
    new Api.MessageService({
      id: 9,
      peerId: GROUP,
      fromId: BOB,
      date: 1_700_000_000,
      action,
      ...fields,
    });
  const words: [Api.MessageService, string][] = [
    [
      service(new Api.MessageActionChatCreate({ title: 'Tea party', users: [id(12)] })),
      'Bob created the group “Tea party”',
    ],
    [service(new Api.MessageActionChatAddUser({ users: [id(12)] })), 'Bob joined the group'],
    [service(new Api.MessageActionChatAddUser({ users: [id(11)] })), 'Bob added Alice Liddell'],
    [service(new Api.MessageActionChatDeleteUser({ userId: id(12) })), 'Bob left the group'],
    [
      service(new Api.MessageActionChatEditTitle({ title: 'Dinner' })),
      'Bob changed the name to “Dinner”',
    ],
    [
      service(new Api.MessageActionChatEditPhoto({ photo: new Api.PhotoEmpty({ id: id(1) }) })),
      'Bob changed the photo',
    ],
    [service(new Api.MessageActionPinMessage(), { out: true }), 'You pinned a message'],
    [
      service(new Api.MessageActionChatJoinedByLink({ inviterId: id(11) })),
      'Bob joined the group by invite link',
    ],
  ];
  test.each(words)('service message %#: "%s"', (message, expected) => {
    const mapped = mapMessage(message, book());
    expect(mapped.service).toBe(expected);
    expect(previewOf(message, book())).toBe(expected);
  });

  test('previews name media and keep captions', () => {
    const peers = book();
    const file = document([new Api.DocumentAttributeFilename({ fileName: 'a.pdf' })]);
    expect(previewOf(text({ message: '', media: file }), peers)).toBe('a.pdf');
    expect(previewOf(text({ message: 'see', media: file }), peers)).toBe('a.pdf, see');
  });
});

describe('dialogs', () => {
  const dialog = (peer: Api.TypePeer, fields: object = {}) =>
    new Api.Dialog({
      peer,
      topMessage: 7,
      readInboxMaxId: 5,
      readOutboxMaxId: 6,
      unreadCount: 2,
      unreadMentionsCount: 1,
      unreadReactionsCount: 0,
      notifySettings: new Api.PeerNotifySettings({}),
      ...fields,
    });
  const NOW = 1_700_000_000_000;

  test('a group dialog: title, kind, unread, preview with its sender, read ids', () => {
    const peers = book();
    const top = text({ peerId: GROUP, fromId: BOB, message: 'hi all' });
    const item = mapDialog(dialog(GROUP, { pinned: true, unreadMark: true }), {
      peers,
      messages: topMessagesOf([top]),
      now: NOW,
    });
    expect(item).toMatchObject({
      id: 'c21',
      title: 'Tea party',
      kind: 'group',
      initials: 'TP',
      unreadCount: 2,
      unreadMentionsCount: 1,
      isMarkedUnread: true,
      lastMessage: 'hi all',
      lastMessageSender: 'Bob',
      lastMessageAt: 1_700_000_000_000,
      lastMessageId: 7,
      isPinned: true,
      isMuted: false,
      folder: 'main',
      readInboxMaxId: 5,
      readOutboxMaxId: 6,
    });
    expect(item.colorIndex).toBeGreaterThanOrEqual(0);
    expect(item.colorIndex).toBeLessThan(8);
  });

  test('muted until a future time (by the given clock), archived, a channel and a bot', () => {
    const peers = book();
    const muted = (until: number) =>
      dialog(NEWS, {
        folderId: 1,
        notifySettings: new Api.PeerNotifySettings({ muteUntil: until }),
      });
    const context = { peers, messages: topMessagesOf([]), now: NOW };
    expect(mapDialog(muted(NOW / 1000 + 60), context)).toMatchObject({
      kind: 'channel',
      isMuted: true,
      folder: 'archive',
      lastMessage: null,
    });
    expect(mapDialog(muted(NOW / 1000 - 60), context).isMuted).toBe(false);
    const bot = new Api.PeerUser({ userId: id(13) });
    expect(mapDialog(dialog(bot), context).kind).toBe('bot');
  });

  test('the cursor carries the offsets of the last dialog and refuses anything else', () => {
    const cursor = encodeCursor({ date: 1_700_000_000, id: 7, peer: 'h31' });
    expect(decodeCursor(cursor)).toEqual({ date: 1_700_000_000, id: 7, peer: 'h31' });
    expect(() => decodeCursor('x')).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});

describe('peers', () => {
  test('input peers come from remembered access hashes; an unknown chat fails in words', () => {
    const peers = book();
    expect(peers.inputPeer('u11')).toBeInstanceOf(Api.InputPeerUser);
    expect(peers.inputPeer('c21')).toBeInstanceOf(Api.InputPeerChat);
    expect(peers.inputChannel('h31').accessHash.toString()).toBe('131');
    expect(() => peers.inputPeer('u999')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringMatching(/not known/) }),
    );
    expect(() => peers.inputPeer('DROP TABLE')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });

  test('a min user from a group update keeps the access hash seen before', () => {
    const peers = book();
    peers.remember([new Api.User({ id: id(12), min: true, firstName: 'Bobby' })], []);
    const input = peers.inputPeer('u12');
    expect(input instanceof Api.InputPeerUser && input.accessHash.toString()).toBe('112');
    expect(peers.title('u12')).toBe('Bobby');
  });
});

describe('chat events of updates', () => {
  const peers = book();
  const table: [string, unknown, TelegramEvent[]][] = [
    [
      'a short private message',
      new Api.UpdateShortMessage({
        id: 5,
        userId: id(12),
        message: 'yo',
        pts: 2,
        ptsCount: 1,
        date: 1_700_000_000,
      }),
      [
        {
          kind: 'message-new',
          message: expect.objectContaining({ id: 5, chatId: 'u12', text: 'yo', sender: null }),
        },
      ],
    ],
    [
      'a short group message',
      new Api.UpdateShortChatMessage({
        id: 6,
        fromId: id(12),
        chatId: id(21),
        message: 'all',
        pts: 3,
        ptsCount: 1,
        date: 1_700_000_000,
      }),
      [
        {
          kind: 'message-new',
          message: expect.objectContaining({ chatId: 'c21', sender: { id: 'u12', name: 'Bob' } }),
        },
      ],
    ],
    [
      'an edit in a channel',
      new Api.UpdateEditChannelMessage({
        message: text({ peerId: NEWS, editDate: 1_700_000_100 }),
        pts: 4,
        ptsCount: 1,
      }),
      [
        {
          kind: 'message-edited',
          message: expect.objectContaining({ chatId: 'h31', editedAt: 1_700_000_100_000 }),
        },
      ],
    ],
    [
      'deletes in the common box',
      new Api.UpdateDeleteMessages({ messages: [1, 2], pts: 5, ptsCount: 2 }),
      [{ kind: 'messages-deleted', chatId: null, ids: [1, 2] }],
    ],
    [
      'deletes in a channel',
      new Api.UpdateDeleteChannelMessages({
        channelId: id(31),
        messages: [3],
        pts: 6,
        ptsCount: 1,
      }),
      [{ kind: 'messages-deleted', chatId: 'h31', ids: [3] }],
    ],
    [
      'our inbox read elsewhere',
      new Api.UpdateReadHistoryInbox({
        peer: BOB,
        maxId: 9,
        stillUnreadCount: 0,
        pts: 7,
        ptsCount: 1,
      }),
      [{ kind: 'read', chatId: 'u12', readInboxMaxId: 9, readOutboxMaxId: null }],
    ],
    [
      'our messages read by the peer',
      new Api.UpdateReadHistoryOutbox({ peer: BOB, maxId: 8, pts: 8, ptsCount: 1 }),
      [{ kind: 'read', chatId: 'u12', readInboxMaxId: null, readOutboxMaxId: 8 }],
    ],
    [
      'a channel read elsewhere',
      new Api.UpdateReadChannelInbox({
        channelId: id(31),
        maxId: 4,
        stillUnreadCount: 0,
        pts: 9,
      }),
      [{ kind: 'read', chatId: 'h31', readInboxMaxId: 4, readOutboxMaxId: null }],
    ],
    [
      'a channel post read',
      new Api.UpdateReadChannelOutbox({ channelId: id(31), maxId: 3 }),
      [{ kind: 'read', chatId: 'h31', readInboxMaxId: null, readOutboxMaxId: 3 }],
    ],
    [
      'a chat muted',
      new Api.UpdateNotifySettings({
        peer: new Api.NotifyPeer({ peer: BOB }),
        notifySettings: new Api.PeerNotifySettings({ muteUntil: 2_000_000_000 }),
      }),
      [{ kind: 'dialogs-changed', chatIds: ['u12'] }],
    ],
    [
      'a chat pinned',
      new Api.UpdateDialogPinned({ pinned: true, peer: new Api.DialogPeer({ peer: GROUP }) }),
      [{ kind: 'dialogs-changed', chatIds: ['c21'] }],
    ],
    [
      'pinned chats reordered',
      new Api.UpdatePinnedDialogs({}),
      [{ kind: 'dialogs-changed', chatIds: null }],
    ],
    [
      'a chat archived',
      new Api.UpdateFolderPeers({
        folderPeers: [new Api.FolderPeer({ peer: NEWS, folderId: 1 })],
        pts: 10,
        ptsCount: 1,
      }),
      [{ kind: 'dialogs-changed', chatIds: ['h31'] }],
    ],
    [
      'a status change',
      new Api.UpdateUserStatus({ userId: id(12), status: new Api.UserStatusEmpty() }),
      [],
    ],
  ];
  test.each(table)('%s', (_name, update, expected) => {
    expect(chatEventsOf(update, peers, '11')).toEqual(expected);
  });
});
