/**
 * The unified inbox figure of `npm run bench` (issue 16): 1,000 accounts with 20,000 unread chats
 * in Debian's Chromium.
 *
 * Method: as the renderer figure (renderer-bench.ts), the built renderer is served from loopback
 * with the stand-in bridge (test/support/stand-in-bridge.ts), which answers `unread:list` with
 * the whole inbox at once: that isolates the renderer from the core and the DC. Per run, once the
 * app shows its accounts, the page types G then I and measures:
 *   - first render: the shortcut → the first inbox row is in the DOM and a frame has been drawn
 *     (ms; the inbox is loaded, sorted and laid out in that time);
 *   - live update: an `unread:changed` push with one newer chat → it is the first row (ms).
 */
import type { InboxItem, InboxState } from '../../electron/shared/chat-dto';
import { standInAccounts, standInBridgeScript } from '../support/stand-in-bridge';
import { launchBenchChromium, serveRenderer } from './renderer-bench';

export interface InboxFigure {
  accounts: number;
  chats: number;
  firstRenderMs: number;
  liveUpdateMs: number;
}

/** `chats` unread chats spread over `accounts` accounts, in no particular order. */
export function standInInbox(accounts: number, chats: number, now: number): InboxState {
  const items: InboxItem[] = Array.from({ length: chats }, (_, i) => {
    const accountId = `acc${i % accounts}`;
    const chatId = `u${1000 + i}`;
    return {
      key: `${accountId}:${chatId}`,
      accountId,
      chat: {
        id: chatId,
        title: `Chat ${i + 1}`,
        kind: i % 5 === 0 ? 'group' : 'user',
        initials: 'C',
        colorIndex: i % 8,
        unreadCount: 1 + (i % 9),
        unreadMentionsCount: i % 13 === 0 ? 1 : 0,
        isMarkedUnread: false,
        lastMessage: `Message number ${i + 1}, waiting for an answer`,
        lastMessageSender: i % 5 === 0 ? 'Bob' : null,
        lastMessageAt: now - ((i * 7919) % chats) * 60_000,
        lastMessageId: 100 + i,
        isPinned: false,
        isMuted: i % 17 === 0,
        folder: 'main',
        readInboxMaxId: 99 + i,
        readOutboxMaxId: 0,
      },
    };
  });
  return { items, pending: [] };
}

/** Types G then I, and resolves with the time until the first inbox row is drawn (ms). */
const openInboxScript = `(async () => {
  const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
  const start = performance.now();
  for (const key of ['g', 'i']) {
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
  }
  while (!document.querySelector('[data-inbox-key]')) await frame();
  await frame();
  return performance.now() - start;
})()`;

/** Pushes one newer unread chat and resolves with the time until it is the first row (ms). */
const liveUpdateScript = (item: InboxItem) => `(async () => {
  const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
  const item = ${JSON.stringify(item)};
  const start = performance.now();
  window.__standInEmit('unread:changed', { items: [item], removed: [], pending: [] });
  const first = () => document.querySelector('[aria-posinset="1"]');
  while (first()?.getAttribute('data-inbox-key') !== item.key) await frame();
  return performance.now() - start;
})()`;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

export async function benchInbox(
  accountCount: number,
  chatCount: number,
  runs: number,
): Promise<InboxFigure> {
  const now = Date.now();
  const inbox = standInInbox(accountCount, chatCount, now);
  const newest = inbox.items[1];
  if (newest === undefined) throw new Error('The inbox needs at least two chats.');
  const pushed: InboxItem = {
    ...newest,
    chat: { ...newest.chat, unreadCount: newest.chat.unreadCount + 1, lastMessageAt: now + 60_000 },
  };
  const script = standInBridgeScript(standInAccounts(accountCount), {
    label: 'benchmark',
    activeAccountId: null,
    answers: { 'unread:list': inbox, 'tags:list': { tags: [], accountTags: {} } },
  });
  const site = await serveRenderer();
  const browser = await launchBenchChromium();
  const first: number[] = [];
  const live: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
      await page.addInitScript(script);
      await page.goto(site.url);
      await page.locator('button[data-index="0"]').waitFor();
      first.push(await page.evaluate<number>(openInboxScript));
      live.push(await page.evaluate<number>(liveUpdateScript(pushed)));
      await page.close();
    }
  } finally {
    await browser.close();
    await site.close();
  }
  return {
    accounts: accountCount,
    chats: chatCount,
    firstRenderMs: median(first),
    liveUpdateMs: median(live),
  };
}
