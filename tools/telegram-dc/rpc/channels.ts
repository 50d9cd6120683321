import { Api } from 'telegram';
import { rpcError } from '../errors';
import { channelOf, deleteChannelMessages, readHistory } from '../messaging';
import { pushOutcome } from '../push';
import { expectRequest, requireUser, type HandlerTable } from './context';
import { channelTl, resolveInputPeer } from './message-tl';
import { messagesAnswer } from './messages';

/** channels.* (issue 16) — read marks, messages and deletes of channels and supergroups. */
export const channelsHandlers: HandlerTable = {
  'channels.readHistory': (req, ctx) => {
    const r = expectRequest(req, Api.channels.ReadHistory);
    const user = requireUser(ctx);
    const peer = resolveInputPeer(user, r.channel);
    const channel = channelOf(ctx.rt.store, peer.id);
    if (!channel.members.includes(user.id)) throw rpcError('CHANNEL_PRIVATE');
    pushOutcome(ctx.rt.store, readHistory(ctx.rt.store, user, peer, r.maxId, ctx.key));
    return true;
  },

  'channels.getMessages': (req, ctx) => {
    const r = expectRequest(req, Api.channels.GetMessages);
    const user = requireUser(ctx);
    const peer = resolveInputPeer(user, r.channel);
    const channel = channelOf(ctx.rt.store, peer.id);
    const ids = r.id.map((i) => (i instanceof Api.InputMessageID ? i.id : 0));
    const list = channel.messages.filter((m) => ids.includes(m.id));
    return messagesAnswer(ctx.rt.store, user, list, list.length, peer);
  },

  'channels.getChannels': (req, ctx) => {
    const r = expectRequest(req, Api.channels.GetChannels);
    const user = requireUser(ctx);
    const chats = r.id.map((i) =>
      channelTl(channelOf(ctx.rt.store, resolveInputPeer(user, i).id), user),
    );
    return new Api.messages.Chats({ chats });
  },

  'channels.deleteMessages': (req, ctx) => {
    const r = expectRequest(req, Api.channels.DeleteMessages);
    const user = requireUser(ctx);
    const peer = resolveInputPeer(user, r.channel);
    const channel = channelOf(ctx.rt.store, peer.id);
    const done = deleteChannelMessages(ctx.rt.store, user, channel, r.id, ctx.key);
    pushOutcome(ctx.rt.store, done);
    return new Api.messages.AffectedMessages({ pts: done.pts, ptsCount: done.ptsCount });
  },
};
