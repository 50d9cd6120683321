import { Api } from 'telegram';
import { rpcError } from '../errors';
import { channelOf, listDialogs, type BoxEvent, type ChannelEvent } from '../messaging';
import { unixNow, type AccountStore, type MessageRecord, type UserRecord } from '../store';
import { toLong } from '../tl';
import { stateOf } from './builders';
import { expectRequest, requireUser, type HandlerTable } from './context';
import { dialogTl, messageTl, peerTl, peersFor, resolveInputPeer } from './message-tl';

/**
 * updates.* — state and differences. A box's pts counts new messages and the events kept in
 * `box.events` (edits, deletes, read marks); a difference replays both in pts order. Chats and
 * messages (issue 16): at most `DIFFERENCE_LIMIT` updates per answer (a differenceSlice holds
 * the rest), and a client more than `TOO_LONG_GAP` pts behind gets differenceTooLong.
 */

/** Updates per difference (Telegram's default pts_limit is similar). */
export const DIFFERENCE_LIMIT = 100;
/** How far behind a client may be before a difference is too long to replay. */
export const TOO_LONG_GAP = 5000;

function boxEventTl(e: BoxEvent): Api.TypeUpdate {
  switch (e.kind) {
    case 'edit':
      throw new Error('edits are built from their message');
    case 'delete':
      return new Api.UpdateDeleteMessages({ messages: e.ids, pts: e.pts, ptsCount: e.ptsCount });
    case 'read-inbox':
      return new Api.UpdateReadHistoryInbox({
        peer: peerTl(e.peer),
        maxId: e.maxId,
        stillUnreadCount: 0,
        pts: e.pts,
        ptsCount: e.ptsCount,
      });
    case 'read-outbox':
      return new Api.UpdateReadHistoryOutbox({
        peer: peerTl(e.peer),
        maxId: e.maxId,
        pts: e.pts,
        ptsCount: e.ptsCount,
      });
  }
}

type Item = { pts: number; message?: MessageRecord; event?: BoxEvent | ChannelEvent };

/** New messages and events after `pts`, in pts order, at most `limit`. */
function itemsAfter(
  messages: readonly MessageRecord[],
  events: readonly (BoxEvent | ChannelEvent)[],
  pts: number,
  limit: number,
): { items: Item[]; hasMore: boolean } {
  const all: Item[] = [
    ...messages.filter((m) => m.pts > pts).map((m) => ({ pts: m.pts, message: m })),
    ...events.filter((e) => e.pts > pts).map((e) => ({ pts: e.pts, event: e })),
  ].sort((a, b) => a.pts - b.pts);
  return { items: all.slice(0, limit), hasMore: all.length > limit };
}

function split(
  store: AccountStore,
  user: UserRecord,
  items: Item[],
  messages: readonly MessageRecord[],
  since: number,
  channelId?: bigint,
): { newMessages: Api.TypeMessage[]; otherUpdates: Api.TypeUpdate[]; shown: MessageRecord[] } {
  const newMessages: Api.TypeMessage[] = [];
  const otherUpdates: Api.TypeUpdate[] = [];
  const shown: MessageRecord[] = [];
  for (const it of items) {
    if (it.message) {
      newMessages.push(messageTl(store, it.message, user));
      shown.push(it.message);
      continue;
    }
    const e = it.event;
    if (!e) continue;
    if (e.kind === 'edit') {
      const m = messages.find((x) => x.id === e.id);
      if (!m || m.pts > since) continue;
      shown.push(m);
      const message = messageTl(store, m, user);
      otherUpdates.push(
        channelId === undefined
          ? new Api.UpdateEditMessage({ message, pts: e.pts, ptsCount: e.ptsCount })
          : new Api.UpdateEditChannelMessage({ message, pts: e.pts, ptsCount: e.ptsCount }),
      );
    } else if (e.kind === 'delete' && channelId !== undefined) {
      otherUpdates.push(
        new Api.UpdateDeleteChannelMessages({
          channelId: toLong(channelId),
          messages: e.ids,
          pts: e.pts,
          ptsCount: e.ptsCount,
        }),
      );
    } else if (channelId === undefined) {
      otherUpdates.push(boxEventTl(e));
    }
  }
  return { newMessages, otherUpdates, shown };
}

export const updatesHandlers: HandlerTable = {
  'updates.getState': (_req, ctx) => stateOf(requireUser(ctx)),

  'updates.getDifference': (req, ctx) => {
    const r = expectRequest(req, Api.updates.GetDifference);
    const user = requireUser(ctx);
    const store = ctx.rt.store;
    const box = user.box;
    if (r.pts >= box.pts) return new Api.updates.DifferenceEmpty({ date: unixNow(), seq: 0 });
    const gap = box.pts - r.pts;
    if (gap > (r.ptsTotalLimit ?? TOO_LONG_GAP))
      return new Api.updates.DifferenceTooLong({ pts: box.pts });
    const limit = r.ptsLimit && r.ptsLimit > 0 ? r.ptsLimit : DIFFERENCE_LIMIT;
    const { items, hasMore } = itemsAfter(box.messages, box.events, r.pts, limit);
    const { newMessages, otherUpdates, shown } = split(store, user, items, box.messages, r.pts);
    // Channels that moved on since the client's date: it asks each with getChannelDifference.
    const channelIds: bigint[] = [];
    if (!hasMore) {
      for (const c of store.channels.values()) {
        if (!c.members.includes(user.id)) continue;
        const last = Math.max(c.messages.at(-1)?.date ?? 0, c.events.at(-1)?.date ?? 0);
        if (last >= r.date) {
          channelIds.push(c.id);
          otherUpdates.push(new Api.UpdateChannelTooLong({ channelId: toLong(c.id), pts: c.pts }));
        }
      }
    }
    const { users, chats } = peersFor(
      store,
      user,
      shown,
      channelIds.map((id) => ({ kind: 'channel', id })),
    );
    if (hasMore) {
      const state = stateOf(user);
      state.pts = items.at(-1)?.pts ?? r.pts;
      return new Api.updates.DifferenceSlice({
        newMessages,
        newEncryptedMessages: [],
        otherUpdates,
        chats,
        users,
        intermediateState: state,
      });
    }
    return new Api.updates.Difference({
      newMessages,
      newEncryptedMessages: [],
      otherUpdates,
      chats,
      users,
      state: stateOf(user),
    });
  },

  'updates.getChannelDifference': (req, ctx) => {
    const r = expectRequest(req, Api.updates.GetChannelDifference);
    const user = requireUser(ctx);
    const store = ctx.rt.store;
    const peer = resolveInputPeer(user, r.channel);
    const channel = channelOf(store, peer.id);
    if (!channel.members.includes(user.id)) throw rpcError('CHANNEL_PRIVATE');
    if (r.pts >= channel.pts)
      return new Api.updates.ChannelDifferenceEmpty({ final: true, pts: channel.pts });
    const limit = r.limit > 0 ? Math.min(r.limit, 1000) : DIFFERENCE_LIMIT;
    if (channel.pts - r.pts > TOO_LONG_GAP) {
      const dialog = listDialogs(store, user).find(
        (d) => d.peer.kind === 'channel' && d.peer.id === channel.id,
      );
      const recent = channel.messages.slice(-limit);
      const { users, chats } = peersFor(store, user, recent, [peer]);
      return new Api.updates.ChannelDifferenceTooLong({
        final: true,
        dialog: dialog
          ? dialogTl(store, user, dialog)
          : new Api.Dialog({
              peer: peerTl(peer),
              topMessage: 0,
              readInboxMaxId: 0,
              readOutboxMaxId: 0,
              unreadCount: 0,
              unreadMentionsCount: 0,
              unreadReactionsCount: 0,
              notifySettings: new Api.PeerNotifySettings({}),
              pts: channel.pts,
            }),
        messages: recent.map((m) => messageTl(store, m, user)),
        chats,
        users,
      });
    }
    const { items, hasMore } = itemsAfter(channel.messages, channel.events, r.pts, limit);
    const { newMessages, otherUpdates, shown } = split(
      store,
      user,
      items,
      channel.messages,
      r.pts,
      channel.id,
    );
    const { users, chats } = peersFor(store, user, shown, [peer]);
    return new Api.updates.ChannelDifference({
      final: !hasMore || undefined,
      pts: hasMore ? (items.at(-1)?.pts ?? r.pts) : channel.pts,
      newMessages,
      otherUpdates,
      chats,
      users,
    });
  },
};
