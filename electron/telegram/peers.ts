/**
 * Peer keys and access hashes (issue 16). Chats cross the port as peer keys: `u<id>` a user or
 * bot, `c<id>` a basic group, `h<id>` a channel or supergroup. Telegram needs an access hash to
 * address a user or a channel, so each connection keeps the ones from every users/chats vector
 * it sees (dialogs, history, updates, differences) in a `PeerBook`, with the names messages show.
 */
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import type { ChatKind } from '../shared/chat-dto';
import { failure } from '../shared/error-words';

export function peerKeyOf(peer: Api.TypePeer): string {
  if (peer instanceof Api.PeerUser) return `u${peer.userId.toString()}`;
  if (peer instanceof Api.PeerChat) return `c${peer.chatId.toString()}`;
  return `h${peer.channelId.toString()}`;
}

export function chatKeyOf(chat: Api.TypeChat): string {
  return chat instanceof Api.Chat ||
    chat instanceof Api.ChatForbidden ||
    chat instanceof Api.ChatEmpty
    ? `c${chat.id.toString()}`
    : `h${chat.id.toString()}`;
}

/** The numeric id of a peer key, or null when the key is not one. */
export function parsePeerKey(key: string): { type: 'u' | 'c' | 'h'; id: string } | null {
  const match = /^([uch])(\d{1,20})$/.exec(key);
  if (!match?.[1] || !match[2]) return null;
  return { type: match[1] as 'u' | 'c' | 'h', id: match[2] };
}

export function userName(user: Api.TypeUser): string {
  if (!(user instanceof Api.User)) return 'Deleted account';
  if (user.deleted) return 'Deleted account';
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ').trim();
  return name || (user.username ? `@${user.username}` : 'Unknown user');
}

interface PeerEntry {
  accessHash: ReturnType<typeof returnBigInt> | null;
  title: string;
  /** First name for users (the group preview's "Alice: …"), the title otherwise. */
  shortName: string;
  kind: ChatKind;
  isSelf: boolean;
}

const unknownChat = () =>
  failure('NOT_FOUND', {
    message: 'This chat is not known to this account yet. Reload its chat list and try again.',
  });

/** The access hashes and names one connection has seen. */
export class PeerBook {
  readonly #peers = new Map<string, PeerEntry>();

  remember(users: readonly Api.TypeUser[], chats: readonly Api.TypeChat[]): void {
    for (const user of users) {
      const key = `u${user.id.toString()}`;
      const known = this.#peers.get(key);
      if (!(user instanceof Api.User)) {
        this.#peers.set(key, {
          accessHash: known?.accessHash ?? null,
          title: 'Deleted account',
          shortName: 'Deleted account',
          kind: 'user',
          isSelf: false,
        });
        continue;
      }
      // A `min` user (seen in a group's update) carries no usable access hash.
      const accessHash = user.min ? (known?.accessHash ?? null) : (user.accessHash ?? null);
      const title = userName(user);
      this.#peers.set(key, {
        accessHash,
        title,
        shortName: user.firstName?.trim() || title,
        kind: user.bot ? 'bot' : 'user',
        isSelf: user.self === true || known?.isSelf === true,
      });
    }
    for (const chat of chats) {
      const key = chatKeyOf(chat);
      const known = this.#peers.get(key);
      const title = 'title' in chat && chat.title ? chat.title : 'Unknown chat';
      const isMin = chat instanceof Api.Channel && chat.min === true;
      const accessHash =
        chat instanceof Api.Channel || chat instanceof Api.ChannelForbidden
          ? isMin
            ? (known?.accessHash ?? null)
            : (chat.accessHash ?? null)
          : null;
      const isBroadcast =
        (chat instanceof Api.Channel || chat instanceof Api.ChannelForbidden) &&
        chat.broadcast === true;
      this.#peers.set(key, {
        accessHash,
        title,
        shortName: title,
        kind: isBroadcast ? 'channel' : 'group',
        isSelf: false,
      });
    }
  }

  has(key: string): boolean {
    return this.#peers.has(key);
  }

  title(key: string): string | null {
    return this.#peers.get(key)?.title ?? null;
  }

  shortName(key: string): string | null {
    return this.#peers.get(key)?.shortName ?? null;
  }

  kind(key: string): ChatKind | null {
    return this.#peers.get(key)?.kind ?? null;
  }

  /** The InputPeer of a chat this connection has seen; a plain-words failure otherwise. */
  inputPeer(key: string): Api.TypeInputPeer {
    const parsed = parsePeerKey(key);
    const entry = this.#peers.get(key);
    if (!parsed || !entry) throw unknownChat();
    if (parsed.type === 'c') return new Api.InputPeerChat({ chatId: returnBigInt(parsed.id) });
    if (parsed.type === 'u' && entry.isSelf) return new Api.InputPeerSelf();
    if (!entry.accessHash) throw unknownChat();
    return parsed.type === 'u'
      ? new Api.InputPeerUser({ userId: returnBigInt(parsed.id), accessHash: entry.accessHash })
      : new Api.InputPeerChannel({
          channelId: returnBigInt(parsed.id),
          accessHash: entry.accessHash,
        });
  }

  inputChannel(key: string): Api.InputChannel {
    const peer = this.inputPeer(key);
    if (!(peer instanceof Api.InputPeerChannel)) throw unknownChat();
    return new Api.InputChannel({ channelId: peer.channelId, accessHash: peer.accessHash });
  }
}

/** The Peer of a peer key (for messages built from short updates). */
export function peerOfKey(key: string): Api.TypePeer {
  const parsed = parsePeerKey(key);
  if (!parsed) throw unknownChat();
  const id = returnBigInt(parsed.id);
  if (parsed.type === 'u') return new Api.PeerUser({ userId: id });
  if (parsed.type === 'c') return new Api.PeerChat({ chatId: id });
  return new Api.PeerChannel({ channelId: id });
}
