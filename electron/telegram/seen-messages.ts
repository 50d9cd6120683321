/**
 * The new messages one connection applied last, to drop a message that comes a second way (issue
 * 16, figure 14). The update sequence (pts) already drops a repeated update; what it cannot see
 * is the same message by two ways within a short time: the result of our own send and its
 * update, the messages of a difference and an update applied before the state was read. So a
 * short memory is enough: per chat the last `PER_CHAT` message ids, for the `CHATS` chats with
 * the most recent messages. Chat keys are stored once per chat and ids as numbers, so an account
 * receiving any number of messages keeps at most `CHATS` × `PER_CHAT` ids (about 22 KB), and one
 * chat's traffic costs about 0.4 KB.
 */

/** How many recent message ids are kept per chat. */
export const PER_CHAT = 32;
/** How many chats are remembered; the one whose last message is oldest goes first. */
export const CHATS = 64;

export class SeenMessages {
  /** Chat key → its last message ids, oldest first; the Map's order is the chats' recency. */
  readonly #chats = new Map<string, number[]>();

  /** Whether `id` in `chatKey` is among the recent ones. */
  has(chatKey: string, id: number): boolean {
    return this.#chats.get(chatKey)?.includes(id) === true;
  }

  /** Remembers `id` in `chatKey` (the oldest id of the chat, or the oldest chat, goes). */
  add(chatKey: string, id: number): void {
    const ids = this.#chats.get(chatKey);
    if (ids) {
      this.#chats.delete(chatKey);
      if (!ids.includes(id)) {
        ids.push(id);
        if (ids.length > PER_CHAT) ids.shift();
      }
      this.#chats.set(chatKey, ids);
      return;
    }
    this.#chats.set(chatKey, [id]);
    if (this.#chats.size > CHATS) {
      const oldest = this.#chats.keys().next();
      if (!oldest.done) this.#chats.delete(oldest.value);
    }
  }

  /** How many ids are kept in all (for tests). */
  get size(): number {
    let size = 0;
    for (const ids of this.#chats.values()) size += ids.length;
    return size;
  }
}
