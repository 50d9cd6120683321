import { Api } from 'telegram';
import { SERVICE_USER_ID, peerKey, type ChatRecord, type PeerRef, type UserRecord } from '../store';
import { toLong } from '../tl';

/**
 * Store records → GramJS TL objects. Kept in one place so every method describes users, chats
 * and messages the same way (GramJS builds its entity cache from these).
 */

/** The User constructor as seen by `viewer` (self flag, phone only for self and contacts). */
export function userToTl(u: UserRecord, viewer?: UserRecord): Api.User {
  const isSelf = viewer !== undefined && viewer.id === u.id;
  const t = Math.floor(Date.now() / 1000);
  return new Api.User({
    id: toLong(u.id),
    self: isSelf || undefined,
    contact: !isSelf && !u.isService ? true : undefined,
    verified: u.isService || undefined,
    support: u.isService || undefined,
    premium: u.isPremium || undefined,
    accessHash: toLong(u.accessHash),
    firstName: u.firstName,
    lastName: u.lastName,
    username: u.username,
    phone: u.phone && (isSelf || !u.isAccount) ? u.phone : u.isService ? '42777' : undefined,
    photo: u.photo
      ? new Api.UserProfilePhoto({ photoId: toLong(u.photo.id), dcId: u.dcId })
      : undefined,
    status: u.isService
      ? undefined
      : u.status.online
        ? new Api.UserStatusOnline({ expires: t + 300 })
        : new Api.UserStatusOffline({ wasOnline: u.status.at }),
    // Account health (issue 15): a restricted account, with Telegram's reasons.
    restricted: u.restrictions && u.restrictions.length > 0 ? true : undefined,
    restrictionReason:
      u.restrictions && u.restrictions.length > 0
        ? u.restrictions.map((r) => new Api.RestrictionReason(r))
        : undefined,
  });
}

/** A basic group. */
export function chatToTl(c: ChatRecord): Api.Chat {
  return new Api.Chat({
    id: toLong(c.id),
    title: c.title,
    photo: new Api.ChatPhotoEmpty(),
    participantsCount: c.members?.length ?? c.participants,
    date: c.date,
    version: 1,
  });
}

/** TL peer. */
export function peerToTl(p: PeerRef): Api.TypePeer {
  if (p.kind === 'user') return new Api.PeerUser({ userId: toLong(p.id) });
  if (p.kind === 'chat') return new Api.PeerChat({ chatId: toLong(p.id) });
  return new Api.PeerChannel({ channelId: toLong(p.id) });
}

/** Unread incoming messages of one dialog. */
export function unreadCount(owner: UserRecord, peer: PeerRef): number {
  const readMax = owner.box.readInboxMaxId.get(peerKey(peer)) ?? 0;
  return owner.box.messages.filter(
    (m) => peerKey(m.peer) === peerKey(peer) && !m.isOutgoing && m.id > readMax,
  ).length;
}

/** Total unread messages of an account. */
export function totalUnread(owner: UserRecord): number {
  const peers = new Map<string, PeerRef>();
  for (const m of owner.box.messages) peers.set(peerKey(m.peer), m.peer);
  let n = 0;
  for (const p of peers.values()) n += unreadCount(owner, p);
  return n;
}

/** updates.State of an account. */
export function stateOf(owner: UserRecord): Api.updates.State {
  return new Api.updates.State({
    pts: owner.box.pts,
    qts: 0,
    date: Math.floor(Date.now() / 1000),
    seq: 0,
    unreadCount: totalUnread(owner),
  });
}

/** Whether a user id is Telegram's service account. */
export function isServiceUser(id: bigint): boolean {
  return id === SERVICE_USER_ID;
}
