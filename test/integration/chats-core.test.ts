/**
 * Chats through the real core (real vault on disk, real GramJS, the adapter's chat calls) against
 * the local MTProto DC (issue 16): two accounts of one Gramdeck write to each other through
 * `chats:send`, and each gets the other's message on `messages:changed`; reading a chat brings
 * its unread count and the account's `AccountSummary.unreadCount` down to zero.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { GramdeckCore } from '../../electron/core/app';
import { createLogger, type LogRecord } from '../../electron/core/logging';
import type { ChatsChange, MessagesChange } from '../../electron/shared/chat-dto';
import { createGramJsGateway } from '../../electron/telegram';
import { startTestDc, type TestDc } from '../../tools/telegram-dc';
import { answerOf, createWebTestCore, until } from '../support/web-core';

const alicePhone = '+9996620095';
const bobPhone = '+9996620096';
const carolPhone = '+9996620097';

let dc: TestDc;
let dataDir: string;
let core: GramdeckCore;
const logs: LogRecord[] = [];
const changes: MessagesChange[] = [];
const chatChanges: ChatsChange[] = [];

async function signIn(phone: string): Promise<string> {
  const started = await answerOf(core, 'auth:start', { phone });
  const view = await answerOf(core, 'auth:submit-code', {
    attemptId: started.attemptId,
    code: dc.control.lastCode(phone) ?? '',
  });
  if (!view.accountId) throw new Error(`login of ${phone} ended at ${view.step}`);
  return view.accountId;
}

beforeAll(async () => {
  dc = await startTestDc({
    scenario: {
      name: 'chats-core',
      accounts: [
        { phone: alicePhone, dcId: 2, firstName: 'Alice' },
        { phone: bobPhone, dcId: 2, firstName: 'Bob' },
        // Not in Gramdeck: someone who writes to Alice for the first time.
        { phone: carolPhone, dcId: 2, firstName: 'Carol' },
      ],
    },
    smallPrimes: true,
  });
  dataDir = mkdtempSync(join(tmpdir(), 'gramdeck-chats-core-'));
  const logger = createLogger((record) => logs.push(record), { minLevel: 'debug' });
  core = await createWebTestCore({
    dataDir,
    logger,
    gateway: createGramJsGateway({ logger, connectTimeoutMs: 5_000, callTimeoutMs: 5_000 }),
    sandboxProfile: dc.profile(),
  });
  core.on('messages:changed', (change) => changes.push(change));
  core.on('chats:changed', (change) => chatChanges.push(change));
  await core.start();
});

afterAll(async () => {
  await core.stop();
  await dc.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('two accounts write to each other through chats:send, live, and a read clears the unread', async () => {
  const alice = await signIn(alicePhone);
  const bob = await signIn(bobPhone);
  // Bob writes first (as another device of his would), so each has the other in the chat list.
  dc.control.sendMessage(bobPhone, alicePhone, 'Hi Alice, lunch?');
  const chatOf = async (accountId: string, title: string) => {
    let id: string | undefined;
    await until(() => {
      void answerOf(core, 'chats:list', {
        accountId,
        folder: 'main',
        cursor: null,
        limit: 50,
      }).then((page) => {
        id = page.chats.find((c) => c.title.startsWith(title))?.id;
      });
      return id !== undefined;
    }, `${title} in the chat list`);
    return id ?? '';
  };
  const bobAtAlice = await chatOf(alice, 'Bob');
  const aliceAtBob = await chatOf(bob, 'Alice');

  // Each opens the conversation: what it then receives is pushed.
  const aliceView = await answerOf(core, 'chats:history', {
    accountId: alice,
    chatId: bobAtAlice,
    beforeId: null,
    limit: 50,
  });
  expect(aliceView.messages.map((m) => m.text)).toEqual(['Hi Alice, lunch?']);
  expect(aliceView.unreadCount).toBe(1);
  await answerOf(core, 'chats:history', {
    accountId: bob,
    chatId: aliceAtBob,
    beforeId: null,
    limit: 50,
  });

  const sent = await answerOf(core, 'chats:send', {
    accountId: alice,
    chatId: bobAtAlice,
    text: 'Yes, at one!',
    replyToId: null,
  });
  expect(sent).toMatchObject({ state: 'sending', text: 'Yes, at one!' });
  const arrived = (accountId: string, text: string) =>
    until(
      () =>
        changes.some(
          (c) =>
            c.kind === 'upsert' &&
            c.accountId === accountId &&
            c.messages.some((m) => m.text === text && m.state === 'sent'),
        ),
      `"${text}" at ${accountId}`,
    );
  await arrived(bob, 'Yes, at one!');
  // Alice's own view got the sent message in place of the local one.
  await until(
    () =>
      changes.some(
        (c) =>
          c.kind === 'upsert' &&
          c.accountId === alice &&
          c.messages.some((m) => m.localId === sent.localId && m.state === 'sent' && m.id > 0),
      ),
    'the sent message at Alice',
  );
  await answerOf(core, 'chats:send', {
    accountId: bob,
    chatId: aliceAtBob,
    text: 'See you',
    replyToId: null,
  });
  await arrived(alice, 'See you');
  // Each message once in the conversation, whatever echoed it.
  const history = await answerOf(core, 'chats:history', {
    accountId: alice,
    chatId: bobAtAlice,
    beforeId: null,
    limit: 50,
  });
  expect(history.messages.map((m) => m.text)).toEqual([
    'Hi Alice, lunch?',
    'Yes, at one!',
    'See you',
  ]);

  // Alice has unread messages from Bob; reading the chat clears them, and the sidebar follows.
  const unreadOfAlice = () =>
    core.accounts()?.accounts.find((a) => a.id === alice)?.unreadCount ?? -1;
  await until(() => unreadOfAlice() > 0, 'an unread count for Alice');
  const newest = history.messages.at(-1)?.id ?? 0;
  await answerOf(core, 'chats:read', { accountId: alice, chatId: bobAtAlice, maxId: newest });
  await until(() => unreadOfAlice() === 0, 'Alice’s unread count back to zero');
  const page = await answerOf(core, 'chats:list', {
    accountId: alice,
    folder: 'main',
    cursor: null,
    limit: 50,
  });
  expect(page.chats.find((c) => c.id === bobAtAlice)?.unreadCount).toBe(0);
  expect(
    (await answerOf(core, 'unread:list', { tagIds: [] })).items.map((i) => i.accountId),
  ).not.toContain(alice);
  // Message text never reaches the log.
  expect(JSON.stringify(logs)).not.toContain('lunch');
}, 60_000);

test('someone new writes: the chat joins the list and the unified inbox, live', async () => {
  const alice = core.accounts()?.accounts.find((a) => a.displayName.startsWith('Alice'))?.id;
  if (!alice) throw new Error('Alice is not signed in');
  // Alice's list is loaded (the first test read it); Carol is in none of her chats.
  dc.control.sendMessage(carolPhone, alicePhone, 'Hello from Carol');
  await until(
    () =>
      chatChanges.some(
        (c) => c.accountId === alice && c.chats.some((chat) => chat.title.startsWith('Carol')),
      ),
    'Carol’s chat pushed to Alice’s list',
  );
  let isInInbox = false;
  await until(() => {
    void answerOf(core, 'unread:list', { tagIds: [] }).then((inbox) => {
      isInInbox = inbox.items.some(
        (i) =>
          i.accountId === alice && i.chat.title.startsWith('Carol') && i.chat.unreadCount === 1,
      );
    });
    return isInInbox;
  }, 'Carol’s chat in the unified inbox');
}, 60_000);
