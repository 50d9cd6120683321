/**
 * The chat and message calls of one connection (issue 16): dialogs with real offsets, history
 * with reply previews, sending with a caller's random id, read state and small photos.
 * `GramJsConnection` delegates here; every request goes through its guarded `invoke`.
 */
import { Api } from 'telegram';
import type { TelegramClient } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import type { Clock, Logger } from '../core/ports';
import type { ChatFolder, ChatListItem, ChatListPage, ChatMessage } from '../shared/chat-dto';
import { failure } from '../shared/error-words';
import { describeForLog, rpcErrorName } from './errors';
import {
  isRawMessage,
  mapDialog,
  mapMessage,
  replyIdOf,
  topMessagesOf,
  type RawMessage,
} from './map-messages';
import { parsePeerKey, peerKeyOf, peerOfKey, type PeerBook } from './peers';
import type { UpdateState } from './update-state';

export interface ChatsDeps {
  invoke<R extends Api.AnyRequest>(request: R): Promise<R['__response']>;
  /** Any other guarded work on the client (downloads). */
  call<T>(what: string, run: (client: TelegramClient) => Promise<T>): Promise<T>;
  peers: PeerBook;
  updates: UpdateState;
  clock: Clock;
  log: Logger;
}

/** The largest photo size `downloadPhoto` returns (a small size is a few kilobytes). */
export const MAX_PHOTO_BYTES = 512 * 1024;

interface DialogOffset {
  date: number;
  id: number;
  peer: string;
}

/** The opaque cursor of a dialogs page: the offsets of its last dialog. */
export function encodeCursor(offset: DialogOffset): string {
  return `${offset.date}.${offset.id}.${offset.peer}`;
}

export function decodeCursor(cursor: string): DialogOffset {
  const match = /^(\d{1,12})\.(\d{1,12})\.([uch]\d{1,20})$/.exec(cursor);
  if (!match?.[1] || !match[2] || !match[3])
    throw failure('VALIDATION', { message: 'That chat list position is not valid.' });
  return { date: Number(match[1]), id: Number(match[2]), peer: match[3] };
}

type Dialogs = Api.messages.Dialogs | Api.messages.DialogsSlice | Api.messages.PeerDialogs;

export class Chats {
  readonly #deps: ChatsDeps;

  constructor(deps: ChatsDeps) {
    this.#deps = deps;
  }

  /** The update sequence starts at the first chat call; failing to read it is not fatal. */
  async #startUpdates(): Promise<void> {
    if (this.#deps.updates.isStarted) return;
    try {
      await this.#deps.updates.start();
    } catch (error) {
      this.#deps.log.log('info', 'Reading the update state failed', {
        error: describeForLog(error),
      });
    }
  }

  #mapDialogs(result: Dialogs): ChatListItem[] {
    const { peers, updates, clock } = this.#deps;
    peers.remember(result.users, result.chats);
    const context = { peers, messages: topMessagesOf(result.messages), now: clock.now() };
    const items: ChatListItem[] = [];
    for (const dialog of result.dialogs) {
      if (!(dialog instanceof Api.Dialog)) continue;
      const key = peerKeyOf(dialog.peer);
      if (key.startsWith('h')) updates.learnChannel(key, dialog.pts);
      items.push(mapDialog(dialog, context));
    }
    return items;
  }

  async listDialogs(
    folder: ChatFolder,
    cursor: string | null,
    limit: number,
  ): Promise<ChatListPage> {
    await this.#startUpdates();
    const offset = cursor === null ? null : decodeCursor(cursor);
    const result = await this.#deps.invoke(
      new Api.messages.GetDialogs({
        folderId: folder === 'archive' ? 1 : 0,
        offsetDate: offset?.date ?? 0,
        offsetId: offset?.id ?? 0,
        offsetPeer: offset ? this.#deps.peers.inputPeer(offset.peer) : new Api.InputPeerEmpty(),
        limit,
        hash: returnBigInt(0),
      }),
    );
    if (result instanceof Api.messages.DialogsNotModified)
      return { chats: [], cursor: null, total: result.count };
    const chats = this.#mapDialogs(result);
    const total = result instanceof Api.messages.DialogsSlice ? result.count : null;
    const last = chats.at(-1);
    const isEnd = result instanceof Api.messages.Dialogs || result.dialogs.length < limit;
    return {
      chats,
      cursor:
        isEnd || !last || last.lastMessageId === null || last.lastMessageAt === null
          ? null
          : encodeCursor({
              date: Math.floor(last.lastMessageAt / 1000),
              id: last.lastMessageId,
              peer: last.id,
            }),
      total: total ?? (result instanceof Api.messages.Dialogs ? chats.length : null),
    };
  }

  async getDialogs(chatIds: readonly string[]): Promise<ChatListItem[]> {
    if (chatIds.length === 0) return [];
    await this.#startUpdates();
    const peers = chatIds.map(
      (key) => new Api.InputDialogPeer({ peer: this.#deps.peers.inputPeer(key) }),
    );
    const result = await this.#deps.invoke(new Api.messages.GetPeerDialogs({ peers }));
    return this.#mapDialogs(result);
  }

  /** Messages by id in one request (`channels.getMessages` for channels). */
  async #messagesById(chatId: string, ids: readonly number[]): Promise<RawMessage[]> {
    const id = ids.map((messageId) => new Api.InputMessageID({ id: messageId }));
    const result = chatId.startsWith('h')
      ? await this.#deps.invoke(
          new Api.channels.GetMessages({ channel: this.#deps.peers.inputChannel(chatId), id }),
        )
      : await this.#deps.invoke(new Api.messages.GetMessages({ id }));
    if (result instanceof Api.messages.MessagesNotModified) return [];
    this.#deps.peers.remember(result.users, result.chats);
    return result.messages.filter(isRawMessage);
  }

  async getHistory(chatId: string, beforeId: number | null, limit: number) {
    await this.#startUpdates();
    const result = await this.#deps.invoke(
      new Api.messages.GetHistory({
        peer: this.#deps.peers.inputPeer(chatId),
        offsetId: beforeId ?? 0,
        offsetDate: 0,
        addOffset: 0,
        limit,
        maxId: 0,
        minId: 0,
        hash: returnBigInt(0),
      }),
    );
    if (result instanceof Api.messages.MessagesNotModified) return [];
    this.#deps.peers.remember(result.users, result.chats);
    if (result instanceof Api.messages.ChannelMessages)
      this.#deps.updates.learnChannel(chatId, result.pts);
    const messages = result.messages.filter(isRawMessage);
    const byId = new Map<number, RawMessage>(messages.map((m) => [m.id, m]));
    const missing = [
      ...new Set(
        messages.map(replyIdOf).filter((id): id is number => id !== null && !byId.has(id)),
      ),
    ];
    if (missing.length > 0) {
      try {
        for (const replied of await this.#messagesById(chatId, missing)) {
          byId.set(replied.id, replied);
        }
      } catch (error) {
        // The replies keep their ids; only their previews are missing.
        this.#deps.log.log('info', 'Reading replied messages failed', {
          error: describeForLog(error),
        });
      }
    }
    return messages.map((m) => mapMessage(m, this.#deps.peers, byId)).sort((a, b) => a.id - b.id);
  }

  async sendMessage(
    chatId: string,
    text: string,
    replyToId: number | null,
    randomId: string,
  ): Promise<ChatMessage> {
    await this.#startUpdates();
    const { peers, updates } = this.#deps;
    if (!/^-?\d{1,20}$/.test(randomId))
      throw failure('VALIDATION', { message: 'The message could not be sent.' });
    const request = new Api.messages.SendMessage({
      peer: peers.inputPeer(chatId),
      message: text,
      randomId: returnBigInt(randomId),
      ...(replyToId === null
        ? {}
        : { replyTo: new Api.InputReplyToMessage({ replyToMsgId: replyToId }) }),
    });
    let result: Api.TypeUpdates;
    try {
      result = await this.#deps.invoke(request);
    } catch (error) {
      if (rpcErrorName(error) === 'RANDOM_ID_DUPLICATE') {
        const sent = await this.#alreadySent(chatId, text);
        if (sent) return sent;
      }
      throw error;
    }
    const replies = replyToId === null ? undefined : await this.#replyLookup(chatId, replyToId);
    if (result instanceof Api.UpdateShortSentMessage) {
      const message = new Api.Message({
        id: result.id,
        peerId: peerOfKey(chatId),
        out: true,
        message: text,
        date: result.date,
        ...(result.entities ? { entities: result.entities } : {}),
        ...(result.media ? { media: result.media } : {}),
        ...(replyToId === null
          ? {}
          : { replyTo: new Api.MessageReplyHeader({ replyToMsgId: replyToId }) }),
      });
      updates.markSeen(chatId, result.id);
      updates.acknowledge(result.pts, result.ptsCount);
      return mapMessage(message, peers, replies);
    }
    const inner =
      result instanceof Api.Updates || result instanceof Api.UpdatesCombined
        ? result.updates
        : result instanceof Api.UpdateShort
          ? [result.update]
          : [];
    if (result instanceof Api.Updates || result instanceof Api.UpdatesCombined)
      peers.remember(result.users, result.chats);
    const random = returnBigInt(randomId);
    const idUpdate = inner.find(
      (u): u is Api.UpdateMessageID =>
        u instanceof Api.UpdateMessageID && u.randomId?.equals(random) === true,
    );
    let sent: RawMessage | null = null;
    for (const update of inner) {
      if (update instanceof Api.UpdateNewMessage || update instanceof Api.UpdateNewChannelMessage) {
        const message = update.message;
        if (isRawMessage(message) && (idUpdate === undefined || message.id === idUpdate.id))
          sent = message;
      }
    }
    if (sent) updates.markSeen(chatId, sent.id);
    for (const update of inner) updates.receive(update);
    if (!sent)
      throw failure('TELEGRAM_ERROR', { message: 'Telegram did not confirm the message.' });
    return mapMessage(sent, peers, replies);
  }

  async #replyLookup(chatId: string, replyToId: number) {
    try {
      const [replied] = await this.#messagesById(chatId, [replyToId]);
      return replied ? new Map([[replyToId, replied]]) : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * RANDOM_ID_DUPLICATE: a message with this random id exists already (an earlier attempt went
   * through but its answer was lost). It is our newest outgoing message with the same text.
   */
  async #alreadySent(chatId: string, text: string): Promise<ChatMessage | null> {
    const recent = await this.getHistory(chatId, null, 20);
    const sent = recent.filter((m) => m.isOutgoing && m.text === text).at(-1);
    if (sent) this.#deps.updates.markSeen(chatId, sent.id);
    return sent ?? null;
  }

  async readHistory(chatId: string, maxId: number): Promise<void> {
    await this.#startUpdates();
    const { peers, updates } = this.#deps;
    if (parsePeerKey(chatId)?.type === 'h') {
      await this.#deps.invoke(
        new Api.channels.ReadHistory({ channel: peers.inputChannel(chatId), maxId }),
      );
      return;
    }
    const affected = await this.#deps.invoke(
      new Api.messages.ReadHistory({ peer: peers.inputPeer(chatId), maxId }),
    );
    updates.acknowledge(affected.pts, affected.ptsCount);
  }

  async downloadPhoto(chatId: string, messageId: number): Promise<string | null> {
    const [message] = await this.#messagesById(chatId, [messageId]);
    if (!(message instanceof Api.Message)) return null;
    const media = message.media;
    if (!(media instanceof Api.MessageMediaPhoto) || !(media.photo instanceof Api.Photo))
      return null;
    const size = smallSizeOf(media.photo);
    if (!size) return null;
    const data = await this.#deps.call('downloadMedia', (client) =>
      client.downloadMedia(message, { thumb: size }),
    );
    if (!(data instanceof Buffer) || data.length === 0 || data.length > MAX_PHOTO_BYTES)
      return null;
    return `data:image/jpeg;base64,${data.toString('base64')}`;
  }
}

type SizedPhoto = Api.PhotoSize | Api.PhotoSizeProgressive | Api.PhotoCachedSize;

/** The `m` size (320 px) of a photo, else its smallest real size; null when too big or none. */
export function smallSizeOf(photo: Api.Photo): SizedPhoto | null {
  const sized = photo.sizes.filter(
    (s): s is SizedPhoto =>
      s instanceof Api.PhotoSize ||
      s instanceof Api.PhotoSizeProgressive ||
      s instanceof Api.PhotoCachedSize,
  );
  const chosen =
    sized.find((s) => s.type === 'm') ?? [...sized].sort((a, b) => a.w * a.h - b.w * b.h)[0];
  if (!chosen) return null;
  const bytes =
    chosen instanceof Api.PhotoSize
      ? chosen.size
      : chosen instanceof Api.PhotoSizeProgressive
        ? (chosen.sizes.at(-1) ?? 0)
        : chosen.bytes.length;
  return bytes <= MAX_PHOTO_BYTES ? chosen : null;
}
