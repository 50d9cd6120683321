/**
 * Chats and messages through the real GramJS gateway against the local test DC (issue 16):
 * dialogs and history paged with real offsets, sends that a repeated random id cannot double,
 * live new, edited and deleted messages and read receipts, each once, and entities and media
 * mapped as the conversation view draws them.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Api, type TelegramClient } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { startTestDc, type Scenario, type TestDc } from '../../tools/telegram-dc';
import { connected } from '../../tools/telegram-dc/test-helpers';
import { createGramJsGateway } from '../../electron/telegram';
import type { TelegramGateway } from '../../electron/core/ports';
import type { ChatListItem, ChatMessage } from '../../electron/shared/chat-dto';
import { createRecordingLogger } from '../support/logger';
import { until } from '../support/web-core';
import { openAccount, type OpenAccount } from '../support/chat-connections';

const account = (phone: string, firstName: string): Scenario['accounts'][0] => ({
  phone,
  dcId: 2,
  firstName,
  lastName: 'Test',
  code: { types: ['app'], length: 5 },
});

const ANN = '+9996620091';
const BEN = '+9996620092';
const CAT = '+9996620093';
const DAN = '+9996620094';
const FRIENDS = ['+9996620095', '+9996620096', '+9996620097', '+9996620098'];
/** Writes to Ann only in the unread total's test: a chat new to her. */
const GUS = '+9996620099';

const scenario: Scenario = {
  name: 'telegram-chats',
  accounts: [
    account(ANN, 'Ann'),
    account(BEN, 'Ben'),
    account(CAT, 'Cat'),
    account(DAN, 'Dan'),
    ...FRIENDS.map((phone, i) => account(phone, `Friend${i}`)),
    account(GUS, 'Gus'),
  ],
  groups: [
    {
      title: 'Tea party',
      members: [BEN, ANN, 'Eve'],
      messages: [
        { from: BEN, text: 'Who brings cake?' },
        { from: 'Eve', text: 'I can bake' },
        { from: ANN, text: 'Me!', replyTo: 0 },
      ],
    },
  ],
  channels: [
    {
      title: 'Daily',
      owner: BEN,
      members: [BEN, ANN],
      posts: [{ from: BEN, text: 'Sunrise', photo: '#ff9800' }],
      unread: 1,
    },
    {
      title: 'Chatroom',
      isMegagroup: true,
      owner: BEN,
      members: [BEN, ANN],
      posts: [{ from: BEN, text: 'welcome' }],
    },
  ],
};

let dc: TestDc;
let gateway: TelegramGateway;
let ann: OpenAccount;
let ben: OpenAccount;
let benRaw: TelegramClient;

beforeAll(async () => {
  dc = await startTestDc({ scenario, smallPrimes: true });
  gateway = createGramJsGateway({ logger: createRecordingLogger() });
  ann = await openAccount(dc, gateway, ANN);
  ben = await openAccount(dc, gateway, BEN);
  benRaw = await connected(dc, (await dc.control.seedAuthorizedSession(BEN)).session);
  for (const phone of [BEN, CAT, DAN, ...FRIENDS]) dc.control.sendMessage(phone, ANN, 'hi Ann');
  // Both learn their chats (and start their update sequence) from their chat lists.
  await allDialogs(ann);
  await allDialogs(ben);
}, 60_000);

afterAll(async () => {
  await benRaw.destroy();
  await ann.connection.destroy();
  await ben.connection.destroy();
  await gateway.dispose?.();
  await dc.stop();
});

async function allDialogs(who: OpenAccount, pageSize = 50): Promise<ChatListItem[]> {
  const all: ChatListItem[] = [];
  let cursor: string | null = null;
  do {
    const page = await who.connection.listDialogs('main', cursor, pageSize);
    all.push(...page.chats);
    cursor = page.cursor;
  } while (cursor !== null);
  return all;
}

const arrived = (who: OpenAccount, text: string) =>
  who.newMessages().filter((message) => message.text === text);

describe('dialogs', () => {
  test('paging with small pages returns every dialog once, newest first', async () => {
    const everyone = await allDialogs(ann, 50);
    const paged = await allDialogs(ann, 3);
    expect(paged.map((chat) => chat.id)).toEqual(everyone.map((chat) => chat.id));
    expect(new Set(paged.map((chat) => chat.id)).size).toBe(paged.length);
    expect(paged).toHaveLength(3 + FRIENDS.length + 3);
    const fromBen = paged.find((chat) => chat.id === ben.key);
    expect(fromBen).toMatchObject({
      title: 'Ben Test',
      kind: 'user',
      initials: 'BT',
      lastMessage: 'hi Ann',
      folder: 'main',
    });
    expect(fromBen?.unreadCount).toBeGreaterThan(0);
  });

  test('getDialogs reads the current dialogs of the named chats', async () => {
    const [dialog] = await ann.connection.getDialogs([ben.key]);
    expect(dialog?.id).toBe(ben.key);
    await expect(ann.connection.getDialogs(['u424242'])).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('history', () => {
  test('paging back with beforeId returns every message once, oldest first', async () => {
    for (let i = 1; i <= 25; i++) dc.control.sendMessage(CAT, ANN, `page ${i}`);
    const catKey = (await allDialogs(ann)).find((chat) => chat.title === 'Cat Test')?.id ?? '';
    const seen: ChatMessage[] = [];
    let beforeId: number | null = null;
    for (;;) {
      const page = await ann.connection.getHistory(catKey, beforeId, 10);
      if (page.length === 0) break;
      const ids = page.map((message) => message.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      seen.unshift(...page);
      beforeId = page[0]?.id ?? null;
    }
    const texts = seen.map((message) => message.text).filter((text) => text.startsWith('page'));
    expect(texts).toEqual(Array.from({ length: 25 }, (_, i) => `page ${i + 1}`));
    expect(new Set(seen.map((message) => message.id)).size).toBe(seen.length);
  });
});

describe('sending', () => {
  test('a send repeated with the same random id makes one message, seen once by the peer', async () => {
    const randomId = '8070605040302010';
    const first = await ann.connection.sendMessage(ben.key, 'only once', null, randomId);
    const again = await ann.connection.sendMessage(ben.key, 'only once', null, randomId);
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({ chatId: ben.key, isOutgoing: true, state: 'sent' });
    dc.control.sendMessage(BEN, ANN, 'after the repeat');
    await until(() => arrived(ann, 'after the repeat').length > 0, 'the marker at Ann');
    const history = await ann.connection.getHistory(ben.key, null, 50);
    expect(history.filter((message) => message.text === 'only once')).toHaveLength(1);
    await until(() => arrived(ben, 'only once').length > 0, 'the message at Ben');
    expect(arrived(ben, 'only once')).toHaveLength(1);
    // Ann's own send is its answer, never an event of Ann's.
    expect(arrived(ann, 'only once')).toHaveLength(0);
  });

  test('a retry Telegram refuses as RANDOM_ID_DUPLICATE answers the message already sent', async () => {
    const first = await ann.connection.sendMessage(ben.key, 'sent before the retry', null, '31337');
    dc.control.queueError('messages.sendMessage', 'RANDOM_ID_DUPLICATE', 400);
    const retried = await ann.connection.sendMessage(
      ben.key,
      'sent before the retry',
      null,
      '31337',
    );
    expect(retried).toMatchObject({ id: first.id, text: 'sent before the retry', state: 'sent' });
  });

  test('a reply carries the replied message’s sender and preview', async () => {
    await ann.connection.sendMessage(ben.key, 'tea?', null, '1234567');
    // Private chats number messages per account: Ben answers his own copy.
    await until(() => arrived(ben, 'tea?').length > 0, 'the question at Ben');
    const question = arrived(ben, 'tea?')[0];
    const answer = await ben.connection.sendMessage(
      ann.key,
      'yes please',
      question?.id ?? 0,
      '7654321',
    );
    expect(answer.replyTo).toMatchObject({
      messageId: question?.id,
      sender: 'Ann Test',
      preview: 'tea?',
    });
  });
});

describe('live updates', () => {
  test('a message from another account arrives as message-new once', async () => {
    dc.control.sendMessage(DAN, ANN, 'live hello');
    dc.control.sendMessage(DAN, ANN, 'live marker');
    await until(() => arrived(ann, 'live marker').length > 0, 'the marker');
    expect(arrived(ann, 'live hello')).toHaveLength(1);
    expect(arrived(ann, 'live hello')[0]).toMatchObject({ isOutgoing: false, sender: null });
  });

  test('edits, deletes and read receipts arrive as their events', async () => {
    const annPeer = new Api.InputPeerUser({
      userId: returnBigInt(ann.key.slice(1)),
      accessHash: returnBigInt(0),
    });
    const annKey = ann.key;
    const sent = await ben.connection.sendMessage(annKey, 'typo', null, '55501');
    await until(() => arrived(ann, 'typo').length > 0, 'the message at Ann');
    await benRaw.invoke(
      new Api.messages.EditMessage({ peer: annPeer, id: sent.id, message: 'fixed' }),
    );
    await until(
      () => ann.events.some((e) => e.kind === 'message-edited' && e.message.text === 'fixed'),
      'the edit at Ann',
    );
    const annCopy = arrived(ann, 'typo')[0];
    await ann.connection.readHistory(ben.key, annCopy?.id ?? 0);
    await until(
      () =>
        ben.events.some(
          (e) => e.kind === 'read' && e.chatId === annKey && (e.readOutboxMaxId ?? 0) >= sent.id,
        ),
      'the read receipt at Ben',
    );
    await benRaw.invoke(new Api.messages.DeleteMessages({ id: [sent.id], revoke: true }));
    await until(
      () =>
        ann.events.some(
          (e) =>
            e.kind === 'messages-deleted' && e.chatId === null && e.ids.includes(annCopy?.id ?? -1),
        ),
      'the delete at Ann',
    );
  });
});

describe('unread total', () => {
  const dialogReads = () => dc.control.callCount('messages.getDialogs');
  const dialogsTotal = async (who: OpenAccount) =>
    (await allDialogs(who)).reduce((sum, chat) => sum + chat.unreadCount, 0);

  test('follows messages and reads from the updates, without reading the dialogs again', async () => {
    const seeded = await ann.connection.getUnreadCount();
    expect(seeded).toBe(await dialogsTotal(ann));
    const before = dialogReads();
    for (const text of ['unread 1', 'unread 2', 'unread 3']) dc.control.sendMessage(CAT, ANN, text);
    await until(() => arrived(ann, 'unread 3').length > 0, 'the three messages at Ann');
    expect(await ann.connection.getUnreadCount()).toBe(seeded + 3);
    // Ann reads Cat's chat on another device: Telegram says how many are still unread there.
    const catKey = arrived(ann, 'unread 1')[0]?.chatId;
    const other = await connected(dc, (await dc.control.seedAuthorizedSession(ANN)).session);
    try {
      const cat = new Api.InputPeerUser({
        userId: returnBigInt((catKey ?? '').slice(1)),
        accessHash: returnBigInt(0),
      });
      await other.invoke(new Api.messages.ReadHistory({ peer: cat, maxId: 0 }));
      await until(
        () => ann.events.some((e) => e.kind === 'read' && e.chatId === catKey),
        'the read at Ann',
      );
    } finally {
      await other.destroy();
    }
    const afterRead = await ann.connection.getUnreadCount();
    expect(dialogReads()).toBe(before);
    expect(afterRead).toBeLessThan(seeded + 3);
    expect(afterRead).toBe(await dialogsTotal(ann));
  });

  test('counts a message in a chat new to the account without reading the dialogs again', async () => {
    await ann.connection.getUnreadCount();
    const before = dialogReads();
    const total = await ann.connection.getUnreadCount();
    dc.control.sendMessage(GUS, ANN, 'hello from Gus');
    await until(() => arrived(ann, 'hello from Gus').length > 0, 'the message from Gus');
    expect(await ann.connection.getUnreadCount()).toBe(total + 1);
    expect(dialogReads()).toBe(before);
    expect(total + 1).toBe(await dialogsTotal(ann));
  });

  test('is read again after a read this client made', async () => {
    await ann.connection.getUnreadCount();
    const before = dialogReads();
    dc.control.sendMessage(DAN, ANN, 'unread from Dan');
    await until(() => arrived(ann, 'unread from Dan').length > 0, 'the message from Dan');
    const total = await ann.connection.getUnreadCount();
    expect(dialogReads()).toBe(before);
    expect(total).toBe(await dialogsTotal(ann));
    const fromDan = arrived(ann, 'unread from Dan')[0];
    await ann.connection.readHistory(fromDan?.chatId ?? '', fromDan?.id ?? 0);
    const afterReads = dialogReads();
    const afterOwnRead = await ann.connection.getUnreadCount();
    expect(dialogReads()).toBe(afterReads + 1);
    expect(afterOwnRead).toBeLessThan(total);
    expect(afterOwnRead).toBe(await dialogsTotal(ann));
  });
});

describe('mapping', () => {
  test('entities and media reach the conversation as the view draws them', async () => {
    const text = 'bold link bad';
    dc.control.sendMessage(DAN, ANN, {
      text,
      entities: [
        { type: 'bold', offset: 0, length: 4 },
        { type: 'textUrl', offset: 5, length: 4, url: 'https://example.org/' },
        { type: 'textUrl', offset: 10, length: 3, url: 'javascript:alert(1)' },
      ],
      media: {
        kind: 'document',
        id: '901',
        accessHash: '902',
        name: 'report.pdf',
        size: 4096,
        mime: 'application/pdf',
        date: 1_700_000_000,
      },
    });
    dc.control.sendMessage(DAN, ANN, {
      text: '',
      media: { kind: 'photo', id: '903', accessHash: '904', color: '#3366cc', date: 1_700_000_000 },
    });
    await until(() => arrived(ann, text).length > 0, 'the rich message');
    await until(() => ann.newMessages().some((m) => m.media?.kind === 'photo'), 'the photo');
    const rich = arrived(ann, text)[0];
    expect(rich?.entities).toEqual([
      { kind: 'bold', offset: 0, length: 4 },
      { kind: 'text-url', offset: 5, length: 4, url: 'https://example.org/' },
    ]);
    expect(rich?.media).toMatchObject({
      kind: 'file',
      name: 'report.pdf',
      size: 4096,
      mimeType: 'application/pdf',
    });
    const photo = ann.newMessages().find((m) => m.media?.kind === 'photo');
    expect(photo?.media).toMatchObject({ kind: 'photo', hasThumbnail: true });
    const stripped = photo?.media?.kind === 'photo' ? photo.media.stripped : null;
    expect(stripped).toMatch(/^data:image\/jpeg;base64,\/9j\//);
    const dialogs = await ann.connection.getDialogs([photo?.chatId ?? '']);
    expect(dialogs[0]?.lastMessage).toBe('Photo');
  });
});

describe('groups and channels', () => {
  const chatTitled = async (title: string) =>
    (await allDialogs(ann)).find((chat) => chat.title === title);

  test('a group: service messages in words, senders named, replies quoted', async () => {
    const group = await chatTitled('Tea party');
    expect(group).toMatchObject({ kind: 'group', lastMessage: 'Me!', lastMessageSender: 'You' });
    const history = await ann.connection.getHistory(group?.id ?? '', null, 20);
    expect(history[0]?.service).toMatch(/created the group “Tea party”/);
    const cake = history.find((m) => m.text === 'Who brings cake?');
    expect(cake?.sender).toMatchObject({ name: 'Ben Test' });
    expect(history.find((m) => m.text === 'I can bake')?.sender?.name).toMatch(/^Eve/);
    expect(history.find((m) => m.text === 'Me!')?.replyTo).toMatchObject({
      messageId: cake?.id,
      sender: 'Ben Test',
      preview: 'Who brings cake?',
    });
  });

  test('a channel: history, its photo’s small size, and reading it', async () => {
    const channel = await chatTitled('Daily');
    expect(channel).toMatchObject({ kind: 'channel', unreadCount: 1 });
    const history = await ann.connection.getHistory(channel?.id ?? '', null, 20);
    const post = history.find((m) => m.text === 'Sunrise');
    expect(post?.media).toMatchObject({ kind: 'photo', hasThumbnail: true });
    const small = await ann.connection.downloadPhoto(channel?.id ?? '', post?.id ?? 0);
    expect(small).toMatch(/^data:image\/jpeg;base64,/);
    await ann.connection.readHistory(channel?.id ?? '', post?.id ?? 0);
    const [read] = await ann.connection.getDialogs([channel?.id ?? '']);
    expect(read?.unreadCount).toBe(0);
  });

  test('a supergroup: a message sent there reaches the other member once', async () => {
    const room = await chatTitled('Chatroom');
    expect(room?.kind).toBe('group');
    const sent = await ann.connection.sendMessage(room?.id ?? '', 'hello room', null, '99887766');
    expect(sent).toMatchObject({ chatId: room?.id, isOutgoing: true, text: 'hello room' });
    dc.control.sendMessage(BEN, 'Chatroom', 'room marker');
    await until(() => arrived(ben, 'room marker').length > 0, 'the marker at Ben');
    expect(arrived(ben, 'hello room')).toEqual([
      expect.objectContaining({ id: sent.id, sender: { id: ann.key, name: 'Ann Test' } }),
    ]);
    expect(arrived(ann, 'hello room')).toHaveLength(0);
    expect(arrived(ann, 'room marker')).toHaveLength(1);
  });
});
