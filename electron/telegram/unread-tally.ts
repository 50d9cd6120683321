/**
 * An account's unread total kept from its updates (issue 17), so a message received costs no
 * `messages.getDialogs`. The total is what one read of the first 100 dialogs sums (no folder id:
 * Telegram returns the archive's too; the sandbox DC only the main list), by
 * `GramJsConnection.getUnreadCount`; that read seeds a count per chat, and then:
 * - a new incoming message in a seeded chat adds one, and so does one in a chat outside a seed
 *   that held every dialog of the account (`messages.dialogs`, not a slice): that chat had no
 *   dialog, so nothing unread before it;
 * - `updateReadHistoryInbox` / `updateReadChannelInbox` set the chat's count to the
 *   `still_unread_count` Telegram sends with them;
 * - anything the tally cannot follow forgets it, and the next total reads the dialogs again: a
 *   message in a chat outside a seed of only the first 100 dialogs (a new chat or an older one),
 *   deleted messages, a dialog moved, pinned or marked unread, a read this client asked for, a
 *   lost connection, and the seed's own age (10 minutes at most).
 * A change that lands while the seeding read is in flight leaves the tally unseeded: that read
 * may or may not include it.
 */
import { Api } from 'telegram';
import type { Clock, TelegramEvent } from '../core/ports';
import { peerKeyOf } from './peers';

/** The seed is trusted this long at most. */
const MAX_AGE_MS = 10 * 60_000;

export class UnreadTally {
  readonly #clock: Clock;
  #byChat: Map<string, number> | null = null;
  /** The seed held every dialog: a chat outside it has none yet. */
  #isComplete = false;
  #total = 0;
  #seededAt = 0;
  /** Counts every change, so a seed read across one is not trusted. */
  #epoch = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** The total, or null when the dialogs must be read again. */
  total(): number | null {
    if (!this.#byChat) return null;
    if (this.#clock.now() - this.#seededAt > MAX_AGE_MS) {
      this.forget();
      return null;
    }
    return this.#total;
  }

  /** Starts a read of the dialogs; the token goes back to `seed` with its result. */
  beginSeed(): number {
    return this.#epoch;
  }

  /**
   * Seeds from a read of the dialogs started at `token` (`isComplete`: it returned all of them);
   * returns their total either way.
   */
  seed(token: number, dialogs: Api.TypeDialog[], isComplete = false): number {
    const byChat = new Map<string, number>();
    let total = 0;
    for (const dialog of dialogs) {
      if (!(dialog instanceof Api.Dialog)) continue;
      byChat.set(peerKeyOf(dialog.peer), dialog.unreadCount);
      total += dialog.unreadCount;
    }
    if (token === this.#epoch) {
      this.#byChat = byChat;
      this.#isComplete = isComplete;
      this.#total = total;
      this.#seededAt = this.#clock.now();
    }
    return total;
  }

  /** Forgets the counts: the next total reads the dialogs. */
  forget(): void {
    this.#epoch++;
    this.#byChat = null;
  }

  /** One applied update, and the events it meant. */
  apply(update: unknown, events: readonly TelegramEvent[]): void {
    if (update instanceof Api.UpdateReadHistoryInbox) {
      this.#set(peerKeyOf(update.peer), update.stillUnreadCount);
      return;
    }
    if (update instanceof Api.UpdateReadChannelInbox) {
      this.#set(`h${update.channelId.toString()}`, update.stillUnreadCount);
      return;
    }
    for (const event of events) {
      switch (event.kind) {
        case 'message-new':
          if (!event.message.isOutgoing) this.#add(event.message.chatId);
          break;
        case 'messages-deleted':
        case 'dialogs-changed':
          this.forget();
          break;
        default:
          break;
      }
    }
  }

  #add(chatId: string): void {
    const count = this.#byChat?.get(chatId) ?? (this.#isComplete ? 0 : undefined);
    if (count === undefined) {
      this.forget();
      return;
    }
    this.#epoch++;
    this.#byChat?.set(chatId, count + 1);
    this.#total++;
  }

  #set(chatId: string, stillUnread: number): void {
    this.#epoch++;
    const count = this.#byChat?.get(chatId);
    // A chat outside the seed is not in the total: its read changes nothing there.
    if (count === undefined) return;
    this.#byChat?.set(chatId, stillUnread);
    this.#total += stillUnread - count;
  }
}
