/**
 * SeenMessages: the adapter's memory of recently applied messages (figure 14). A message seen
 * again is recognised while it is among its chat's recent ones, whatever other chats receive,
 * and the memory stays the same size however many messages an account receives.
 */
import { describe, expect, test } from 'vitest';
import { CHATS, PER_CHAT, SeenMessages } from '../../../electron/telegram/seen-messages';

describe('SeenMessages', () => {
  test('a recent message of a chat is recognised while 63 other chats are busy', () => {
    const seen = new SeenMessages();
    seen.add('u1', 500);
    for (let i = 0; i < 10_000; i++) seen.add(`u${100 + (i % (CHATS - 1))}`, i);
    expect(seen.has('u1', 500)).toBe(true);
    expect(seen.has('u2', 500)).toBe(false);
    expect(seen.has('u1', 501)).toBe(false);
  });

  test('the last PER_CHAT ids of a chat are recognised after a burst in it', () => {
    const seen = new SeenMessages();
    for (let id = 1; id <= 1_000; id++) seen.add('h7', id);
    for (let id = 1_000 - PER_CHAT + 1; id <= 1_000; id++) expect(seen.has('h7', id)).toBe(true);
    expect(seen.has('h7', 1_000 - PER_CHAT)).toBe(false);
  });

  test('an account receiving 100,000 messages in 1,000 chats keeps at most CHATS × PER_CHAT ids', () => {
    const seen = new SeenMessages();
    // Bursts of 100 messages per chat, and then one message in each chat in turn.
    for (let i = 0; i < 100_000; i++) seen.add(`c${Math.floor(i / 100)}`, i);
    expect(seen.size).toBe(CHATS * PER_CHAT);
    for (let i = 0; i < 1_000; i++) seen.add(`c${i}`, 100_000 + i);
    expect(seen.size).toBeLessThanOrEqual(CHATS * PER_CHAT);
  });

  test('a repeated id is kept once', () => {
    const seen = new SeenMessages();
    for (let i = 0; i < 10; i++) seen.add('u1', 42);
    expect(seen.size).toBe(1);
  });
});
