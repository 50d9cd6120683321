/**
 * Telegram's update sequence for one connection (issue 16): GramJS 2.26 hands every update to
 * its event handlers as it arrives and keeps no pts of its own (client/updates.js has no gap
 * handling; RPC results are never dispatched as updates). This tracks the common box
 * (pts/qts/date from `updates.getState`) and each channel's pts, and applies Telegram's rules:
 *
 * - an update with `pts` and `pts_count` applies when `local + pts_count == pts`, is a duplicate
 *   when `local + pts_count > pts` (dropped), and leaves a gap otherwise: it is held, and if the
 *   gap is still open after `gapWaitMs` the box is filled with `updates.getDifference` (or
 *   `updates.getChannelDifference` for a channel), `differenceSlice` looping;
 * - `differenceTooLong` and `channelDifferenceTooLong` leave the messages in between unknown:
 *   the dialogs are to be read again (`onTooLong`);
 * - after a reconnect everything is filled the same way;
 * - a new message is applied at most once per chat and id, whatever way it came (live, a
 *   difference, or the result of our own send): within the pts rules only a message that comes
 *   two ways at about the same time can repeat, so the last ids of each recent chat are enough
 *   (`seen-messages.ts`).
 *
 * `seq` of `updates`/`updatesCombined` containers is not checked: GramJS unpacks containers
 * before its handlers see them, and every update that carries a message has its own pts.
 */
import { Api } from 'telegram';
import type { Logger, Timers } from '../core/ports';
import { describeForLog } from './errors';
import { isRawMessage, messageChatKey } from './map-messages';
import type { PeerBook } from './peers';
import { SeenMessages } from './seen-messages';

export interface UpdateStateDeps {
  invoke<R extends Api.AnyRequest>(request: R): Promise<R['__response']>;
  peers: PeerBook;
  /** Applies one update: the connection maps it to events. */
  apply(update: Api.TypeUpdate | Api.TypeUpdates): void;
  /** Messages between here and now are unknown: read these dialogs again (null: all). */
  onTooLong(chatIds: string[] | null): void;
  timers: Timers;
  log: Logger;
  /** How long a gap may stay open before the difference is fetched (default 500 ms). */
  gapWaitMs?: number;
  /** Where an earlier connection of the same account left off. */
  initial?: UpdateSnapshot | null;
}

/** The sequence state one connection hands to the next of the same account. */
export interface UpdateSnapshot {
  common: CommonState;
  channels: [string, number][];
}

interface CommonState {
  pts: number;
  qts: number;
  date: number;
}

type PtsUpdate = (Api.TypeUpdate | Api.TypeUpdates) & { pts: number; ptsCount: number };

const CHANNEL_DIFFERENCE_LIMIT = 100;

/** The channel key (`h…`) of an update in a channel's own box, or null for the common box. */
export function channelKeyOf(update: unknown): string | null {
  if (
    update instanceof Api.UpdateNewChannelMessage ||
    update instanceof Api.UpdateEditChannelMessage
  ) {
    const peer = update.message.peerId;
    return peer instanceof Api.PeerChannel ? `h${peer.channelId.toString()}` : null;
  }
  if (
    update instanceof Api.UpdateDeleteChannelMessages ||
    update instanceof Api.UpdatePinnedChannelMessages ||
    update instanceof Api.UpdateChannelWebPage
  ) {
    return `h${update.channelId.toString()}`;
  }
  return null;
}

function hasPts(update: unknown): update is PtsUpdate {
  return (
    typeof update === 'object' &&
    update !== null &&
    typeof (update as { pts?: unknown }).pts === 'number' &&
    typeof (update as { ptsCount?: unknown }).ptsCount === 'number'
  );
}

/** The chat and id of a new message an update carries, for de-duplication. */
function newMessageKey(update: unknown): { chatKey: string; id: number } | null {
  if (update instanceof Api.UpdateNewMessage || update instanceof Api.UpdateNewChannelMessage) {
    const message = update.message;
    return isRawMessage(message) ? { chatKey: messageChatKey(message), id: message.id } : null;
  }
  if (update instanceof Api.UpdateShortMessage)
    return { chatKey: `u${update.userId.toString()}`, id: update.id };
  if (update instanceof Api.UpdateShortChatMessage)
    return { chatKey: `c${update.chatId.toString()}`, id: update.id };
  return null;
}

export class UpdateState {
  readonly #deps: UpdateStateDeps;
  readonly #gapWaitMs: number;
  #common: CommonState | null = null;
  #starting: Promise<void> | null = null;
  readonly #channels = new Map<string, number>();
  /** Updates held behind a gap, per box (`''` is the common box). */
  readonly #held = new Map<string, PtsUpdate[]>();
  readonly #gapTimers = new Map<string, () => void>();
  /** Boxes being filled; updates for them wait in `#held`. */
  readonly #filling = new Map<string, Promise<void>>();
  readonly #seen = new SeenMessages();
  #isStopped = false;

  constructor(deps: UpdateStateDeps) {
    this.#deps = deps;
    this.#gapWaitMs = deps.gapWaitMs ?? 500;
    if (deps.initial) {
      this.#common = { ...deps.initial.common };
      for (const [key, pts] of deps.initial.channels) this.#channels.set(key, pts);
    }
  }

  snapshot(): UpdateSnapshot | null {
    return this.#common ? { common: { ...this.#common }, channels: [...this.#channels] } : null;
  }

  /** A method, not a field read: TypeScript would keep its narrowing across awaits. */
  #stopped(): boolean {
    return this.#isStopped;
  }

  get isStarted(): boolean {
    return this.#common !== null;
  }

  /** The common box's state, for tests and logs. */
  commonPts(): number | null {
    return this.#common?.pts ?? null;
  }

  channelPts(key: string): number | null {
    return this.#channels.get(key) ?? null;
  }

  /** Reads `updates.getState` once; until then updates apply as they come. */
  start(): Promise<void> {
    if (this.#common) return Promise.resolve();
    this.#starting ??= (async () => {
      try {
        const state = await this.#deps.invoke(new Api.updates.GetState());
        this.#common ??= { pts: state.pts, qts: state.qts, date: state.date };
      } finally {
        this.#starting = null;
      }
    })();
    return this.#starting;
  }

  stop(): void {
    this.#isStopped = true;
    for (const cancel of this.#gapTimers.values()) cancel();
    this.#gapTimers.clear();
    this.#held.clear();
  }

  /** A channel's pts as its dialog said (only when nothing newer is known). */
  learnChannel(key: string, pts: number | undefined): void {
    if (pts === undefined || this.#channels.has(key)) return;
    this.#channels.set(key, pts);
  }

  /** Marks a message as delivered already (our own send's result), so it is never emitted. */
  markSeen(chatKey: string, id: number): void {
    this.#seen.add(chatKey, id);
  }

  /** One update as the server pushed it (GramJS's raw update, containers already unpacked). */
  receive(update: unknown): void {
    if (this.#stopped()) return;
    if (update instanceof Api.UpdatesTooLong) {
      void this.fillCommon();
      return;
    }
    if (update instanceof Api.UpdateChannelTooLong) {
      void this.fillChannel(`h${update.channelId.toString()}`);
      return;
    }
    if (hasPts(update)) {
      const channel = channelKeyOf(update);
      this.#check(channel ?? '', update);
      return;
    }
    this.#apply(update as Api.TypeUpdate);
  }

  /**
   * The result of one of our own calls that changed the common box (`messages.affectedMessages`,
   * `updateShortSentMessage`): it moves pts like an update but has nothing to show.
   */
  acknowledge(pts: number, ptsCount: number, box = ''): void {
    this.#check(box, { pts, ptsCount, silent: true } as unknown as PtsUpdate);
  }

  /** After a reconnect: fill the common box, then every channel whose pts is known. */
  async catchUp(): Promise<void> {
    if (!this.#common || this.#stopped()) return;
    await this.fillCommon();
    for (const key of [...this.#channels.keys()]) {
      if (this.#stopped()) return;
      await this.fillChannel(key);
    }
  }

  // The sequence check ----------------------------------------------------------------------

  #localPts(box: string): number | undefined {
    return box === '' ? this.#common?.pts : this.#channels.get(box);
  }

  #setLocalPts(box: string, pts: number): void {
    if (box === '') {
      if (this.#common) this.#common.pts = pts;
    } else {
      this.#channels.set(box, pts);
    }
  }

  #check(box: string, update: PtsUpdate): void {
    const local = this.#localPts(box);
    if (local === undefined) {
      // Not tracked yet (before getState, or a channel we have not seen): take it as it is.
      if (box !== '') this.#channels.set(box, update.pts);
      this.#applyPts(update);
      return;
    }
    if (this.#filling.has(box)) {
      this.#hold(box, update);
      return;
    }
    if (local + update.ptsCount <= update.pts && this.#lacksSender(update)) {
      // A short message from someone this connection never saw: the difference brings the
      // message with its users (and their access hashes), as Telegram advises.
      this.#hold(box, update);
      void this.fillCommon();
      return;
    }
    if (local + update.ptsCount === update.pts) {
      this.#setLocalPts(box, update.pts);
      this.#applyPts(update);
      this.#drain(box);
      return;
    }
    if (local + update.ptsCount > update.pts) return;
    this.#hold(box, update);
    this.#armGapTimer(box);
  }

  #lacksSender(update: PtsUpdate): boolean {
    const { peers } = this.#deps;
    if (update instanceof Api.UpdateShortMessage) return !peers.has(`u${update.userId.toString()}`);
    if (update instanceof Api.UpdateShortChatMessage)
      return (
        !peers.has(`u${update.fromId.toString()}`) || !peers.has(`c${update.chatId.toString()}`)
      );
    return false;
  }

  #hold(box: string, update: PtsUpdate): void {
    const held = this.#held.get(box) ?? [];
    held.push(update);
    this.#held.set(box, held);
  }

  /** Applies held updates that now follow on, drops those already applied. */
  #drain(box: string): void {
    const held = this.#held.get(box);
    if (!held) return;
    held.sort((a, b) => a.pts - a.ptsCount - (b.pts - b.ptsCount));
    const rest: PtsUpdate[] = [];
    for (const update of held) {
      const local = this.#localPts(box) ?? 0;
      if (local + update.ptsCount === update.pts) {
        this.#setLocalPts(box, update.pts);
        this.#applyPts(update);
      } else if (local + update.ptsCount < update.pts) {
        rest.push(update);
      }
    }
    if (rest.length > 0) {
      this.#held.set(box, rest);
      // Still a gap (a difference failed, or stopped short of them): fill again after the wait,
      // or these would stay held, unseen, until the next update.
      this.#armGapTimer(box);
    } else {
      this.#held.delete(box);
      this.#gapTimers.get(box)?.();
      this.#gapTimers.delete(box);
    }
  }

  #armGapTimer(box: string): void {
    if (this.#gapTimers.has(box)) return;
    const cancel = this.#deps.timers.schedule(() => {
      this.#gapTimers.delete(box);
      if (!this.#held.has(box) || this.#stopped()) return;
      void (box === '' ? this.fillCommon() : this.fillChannel(box));
    }, this.#gapWaitMs);
    this.#gapTimers.set(box, cancel);
  }

  #applyPts(update: PtsUpdate): void {
    if ((update as { silent?: boolean }).silent) return;
    this.#apply(update);
  }

  #apply(update: Api.TypeUpdate | Api.TypeUpdates): void {
    const key = newMessageKey(update);
    if (key !== null) {
      if (this.#seen.has(key.chatKey, key.id)) return;
      this.#seen.add(key.chatKey, key.id);
    }
    this.#deps.apply(update);
  }

  // Filling gaps ----------------------------------------------------------------------------

  /** `updates.getDifference` until the common box is current. One run at a time. */
  fillCommon(): Promise<void> {
    return this.#fill('', () => this.#fillCommonOnce());
  }

  /** `updates.getChannelDifference` until the channel is current. One run per channel. */
  fillChannel(key: string): Promise<void> {
    return this.#fill(key, () => this.#fillChannelOnce(key));
  }

  #fill(box: string, run: () => Promise<void>): Promise<void> {
    const running = this.#filling.get(box);
    if (running) return running;
    const filling = (async () => {
      try {
        await run();
      } catch (error) {
        this.#deps.log.log('info', 'Filling an update gap failed', {
          box: box === '' ? 'common' : 'channel',
          error: describeForLog(error),
        });
      } finally {
        this.#filling.delete(box);
      }
      if (!this.#stopped()) this.#drain(box);
    })();
    this.#filling.set(box, filling);
    return filling;
  }

  async #fillCommonOnce(): Promise<void> {
    for (;;) {
      const common = this.#common;
      if (!common || this.#stopped()) return;
      const diff = await this.#deps.invoke(
        new Api.updates.GetDifference({ pts: common.pts, date: common.date, qts: common.qts }),
      );
      if (this.#stopped()) return;
      if (diff instanceof Api.updates.DifferenceEmpty) {
        common.date = diff.date;
        return;
      }
      if (diff instanceof Api.updates.DifferenceTooLong) {
        common.pts = diff.pts;
        this.#deps.onTooLong(null);
        return;
      }
      this.#deps.peers.remember(diff.users, diff.chats);
      for (const message of diff.newMessages) this.#applyNewMessage(message);
      const channels = new Set<string>();
      for (const update of diff.otherUpdates) {
        if (update instanceof Api.UpdateChannelTooLong) {
          channels.add(`h${update.channelId.toString()}`);
        } else if (channelKeyOf(update) !== null) {
          this.receive(update);
        } else {
          this.#apply(update);
        }
      }
      const state = diff instanceof Api.updates.Difference ? diff.state : diff.intermediateState;
      this.#common = { pts: state.pts, qts: state.qts, date: state.date };
      for (const key of channels) void this.fillChannel(key);
      if (diff instanceof Api.updates.Difference) return;
    }
  }

  #applyNewMessage(message: Api.TypeMessage): void {
    if (!isRawMessage(message)) return;
    const update =
      message.peerId instanceof Api.PeerChannel
        ? new Api.UpdateNewChannelMessage({ message, pts: 0, ptsCount: 0 })
        : new Api.UpdateNewMessage({ message, pts: 0, ptsCount: 0 });
    this.#apply(update);
  }

  async #fillChannelOnce(key: string): Promise<void> {
    for (;;) {
      const pts = this.#channels.get(key);
      if (this.#stopped()) return;
      if (pts === undefined) {
        // A channel whose pts was never known: all that can be said is that it changed.
        this.#deps.onTooLong([key]);
        return;
      }
      let channel: Api.InputChannel;
      try {
        channel = this.#deps.peers.inputChannel(key);
      } catch {
        this.#deps.onTooLong([key]);
        return;
      }
      const diff = await this.#deps.invoke(
        new Api.updates.GetChannelDifference({
          channel,
          filter: new Api.ChannelMessagesFilterEmpty(),
          pts,
          limit: CHANNEL_DIFFERENCE_LIMIT,
        }),
      );
      if (this.#stopped()) return;
      if (diff instanceof Api.updates.ChannelDifferenceEmpty) {
        this.#channels.set(key, diff.pts);
        return;
      }
      this.#deps.peers.remember(diff.users, diff.chats);
      if (diff instanceof Api.updates.ChannelDifferenceTooLong) {
        const dialog = diff.dialog;
        if (dialog instanceof Api.Dialog && dialog.pts !== undefined)
          this.#channels.set(key, dialog.pts);
        this.#deps.onTooLong([key]);
        return;
      }
      for (const message of diff.newMessages) this.#applyNewMessage(message);
      for (const update of diff.otherUpdates) this.#apply(update);
      this.#channels.set(key, diff.pts);
      if (diff.final) return;
    }
  }
}
