import { Api } from 'telegram';
import type { Delivery, Outcome } from './messaging';
import { messageTl, peerTl, peersFor } from './rpc/message-tl';
import { unixNow, type AccountStore, type MessageRecord, type UserRecord } from './store';
import { toLong } from './tl';

/**
 * Chats and messages (issue 16): the updates a change pushes to the live sessions of every
 * account it touches, as Telegram sends them. A private text message arrives as
 * updateShortMessage, a basic-group one as updateShortChatMessage, anything else inside
 * Updates with the users and chats it needs. A session that is offline (or cut off by a
 * blackout) gets nothing: it finds the change with updates.getDifference.
 */

/** The TL update of one delivery, with the messages whose peers must come along. */
export function deliveryUpdate(
  store: AccountStore,
  d: Delivery,
): { update: Api.TypeUpdate; messages: MessageRecord[]; channelIds: bigint[] } {
  switch (d.kind) {
    case 'new':
      return {
        update: new Api.UpdateNewMessage({
          message: messageTl(store, d.message, d.user),
          pts: d.message.pts,
          ptsCount: 1,
        }),
        messages: [d.message],
        channelIds: [],
      };
    case 'edit':
      return {
        update: new Api.UpdateEditMessage({
          message: messageTl(store, d.message, d.user),
          pts: d.pts,
          ptsCount: 1,
        }),
        messages: [d.message],
        channelIds: [],
      };
    case 'delete':
      return {
        update: new Api.UpdateDeleteMessages({ messages: d.ids, pts: d.pts, ptsCount: d.ptsCount }),
        messages: [],
        channelIds: [],
      };
    case 'read-inbox':
      return {
        update: new Api.UpdateReadHistoryInbox({
          peer: peerTl(d.peer),
          maxId: d.maxId,
          stillUnreadCount: d.stillUnread,
          pts: d.pts,
          ptsCount: 1,
        }),
        messages: [],
        channelIds: [],
      };
    case 'read-outbox':
      return {
        update: new Api.UpdateReadHistoryOutbox({
          peer: peerTl(d.peer),
          maxId: d.maxId,
          pts: d.pts,
          ptsCount: 1,
        }),
        messages: [],
        channelIds: [],
      };
    case 'channel-new':
      return {
        update: new Api.UpdateNewChannelMessage({
          message: messageTl(store, d.message, d.user),
          pts: d.message.pts,
          ptsCount: 1,
        }),
        messages: [d.message],
        channelIds: [d.channel.id],
      };
    case 'channel-edit':
      return {
        update: new Api.UpdateEditChannelMessage({
          message: messageTl(store, d.message, d.user),
          pts: d.channel.pts,
          ptsCount: 1,
        }),
        messages: [d.message],
        channelIds: [d.channel.id],
      };
    case 'channel-delete':
      return {
        update: new Api.UpdateDeleteChannelMessages({
          channelId: toLong(d.channel.id),
          messages: d.ids,
          pts: d.pts,
          ptsCount: d.ptsCount,
        }),
        messages: [],
        channelIds: [d.channel.id],
      };
    case 'channel-read-inbox':
      return {
        update: new Api.UpdateReadChannelInbox({
          channelId: toLong(d.channel.id),
          maxId: d.maxId,
          stillUnreadCount: d.stillUnread,
          pts: d.channel.pts,
        }),
        messages: [],
        channelIds: [d.channel.id],
      };
    case 'channel-read-outbox':
      return {
        update: new Api.UpdateReadChannelOutbox({
          channelId: toLong(d.channel.id),
          maxId: d.maxId,
        }),
        messages: [],
        channelIds: [d.channel.id],
      };
  }
}

/** Updates{…} for `user` holding `updates` and the users and chats they name. */
export function updatesFor(
  store: AccountStore,
  user: UserRecord,
  updates: Api.TypeUpdate[],
  messages: MessageRecord[],
  channelIds: bigint[] = [],
): Api.Updates {
  const { users, chats } = peersFor(
    store,
    user,
    messages,
    channelIds.map((id) => ({ kind: 'channel', id })),
  );
  return new Api.Updates({ updates, users, chats, date: unixNow(), seq: 0 });
}

/** The short form Telegram uses for a plain incoming message, when one fits. */
function shortForm(d: Delivery): Api.TypeUpdates | undefined {
  if (d.kind !== 'new' || d.message.isOutgoing) return undefined;
  const m = d.message;
  const x = m.extra;
  if (x?.media || x?.action) return undefined;
  const common = {
    id: m.id,
    message: m.text,
    pts: m.pts,
    ptsCount: 1,
    date: m.date,
    mentioned: x?.isMentioned || undefined,
    mediaUnread: x?.isMentioned || undefined,
    fwdFrom: undefined,
    replyTo: x?.replyTo ? new Api.MessageReplyHeader({ replyToMsgId: x.replyTo }) : undefined,
    entities: undefined as Api.TypeMessageEntity[] | undefined,
  };
  if (x?.fwd || (x?.entities && x.entities.length > 0)) return undefined;
  if (m.peer.kind === 'user')
    return new Api.UpdateShortMessage({ ...common, userId: toLong(m.peer.id) });
  if (m.peer.kind === 'chat')
    return new Api.UpdateShortChatMessage({
      ...common,
      fromId: toLong(m.fromId),
      chatId: toLong(m.peer.id),
    });
  return undefined;
}

/** Pushes every delivery of `outcome` to its account's live sessions (the caller's key excepted). */
export function pushOutcome(store: AccountStore, outcome: Outcome): void {
  for (const d of outcome.deliveries) {
    const short = shortForm(d);
    const body =
      short ??
      (() => {
        const u = deliveryUpdate(store, d);
        return updatesFor(store, d.user, [u.update], u.messages, u.channelIds);
      })();
    store.pushToUser(d.user.id, body, outcome.exceptKey);
  }
}
