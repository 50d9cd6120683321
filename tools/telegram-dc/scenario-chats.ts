import { randomLong } from './crypto';
import {
  createChannel,
  createGroup,
  dialogSettings,
  readHistory,
  sendMessage,
  type MediaRecord,
  type MessageContent,
} from './messaging';
import { normalizePhone, type Scenario, type ScenarioMessage } from './scenario';
import { unixNow, type AccountStore, type PeerRef, type UserRecord } from './store';

/**
 * Chats and messages (issue 16): seeds a scenario's conversations between accounts, groups,
 * channels and chat settings into a fresh store, through the same operations live sends use.
 */

/** Telegram's "muted forever". */
export const MUTED_FOREVER = 2 ** 31 - 1;

let photoCounter = 1n;

/**
 * A photo's id carries its colour in the low 24 bits, so `upload.getFile` can draw its small
 * size from the id alone (also after a restart).
 */
export function photoMedia(color: string, date: number): MediaRecord {
  const rgb = BigInt(parseInt(color.replace('#', ''), 16));
  const id = ((photoCounter++ + 0x1000n) << 24n) | rgb;
  return { kind: 'photo', id: id.toString(), accessHash: randomLong().toString(), color, date };
}

/** The colour a photo id carries ("#rrggbb"). */
export function photoColorOf(id: bigint): string {
  return '#' + (BigInt.asUintN(64, id) & 0xffffffn).toString(16).padStart(6, '0');
}

function who(store: AccountStore, from: string): UserRecord {
  if (/^\+?\d[\d\s]*$/.test(from)) {
    const u = store.findByPhone(from);
    if (!u) throw new Error(`scenario message from unknown account ${from}`);
    return u;
  }
  for (const u of store.users.values())
    if (!u.isAccount && !u.isService && u.firstName === from) return u;
  const peer = store.addPeer({ kind: 'user', firstName: from }, 2);
  const u = store.users.get(peer.id);
  if (!u) throw new Error(`no user ${from}`);
  return u;
}

function contentOf(
  store: AccountStore,
  m: ScenarioMessage,
  date: number,
  replyTo: number | undefined,
): MessageContent {
  const fwdUser = m.forwardedFrom ? who(store, m.forwardedFrom) : undefined;
  return {
    text: m.text,
    date,
    entities: m.entities?.map((e) => ({ ...e })),
    replyTo,
    fwd: fwdUser
      ? { fromName: m.forwardedFrom, fromUserId: fwdUser.id.toString(), date: date - 3600 }
      : undefined,
    media: m.photo
      ? photoMedia(m.photo, date)
      : m.document
        ? {
            kind: 'document',
            id: randomLong().toString(),
            accessHash: randomLong().toString(),
            ...m.document,
            date,
          }
        : undefined,
  };
}

/** Sends `messages` to `to` in order; returns per message the id each account's copy got. */
function seedMessages(
  store: AccountStore,
  to: (sender: UserRecord) => PeerRef,
  messages: ScenarioMessage[],
  spacingMinutes = 10,
): void {
  const ids: Map<bigint, number>[] = [];
  const start = unixNow() - messages.length * spacingMinutes * 60;
  for (const [i, m] of messages.entries()) {
    const sender = who(store, m.from);
    const date = start + i * spacingMinutes * 60;
    const replyTo = m.replyTo === undefined ? undefined : ids[m.replyTo]?.get(sender.id);
    const peer = to(sender);
    const sent = sendMessage(store, sender, peer, contentOf(store, m, date, replyTo));
    const byUser = new Map<bigint, number>();
    if (peer.kind === 'channel') for (const id of [sender.id]) byUser.set(id, sent.message.id);
    for (const d of sent.deliveries) if (d.kind === 'new') byUser.set(d.user.id, d.message.id);
    ids.push(byUser);
  }
}

/** Marks everything but the last `unread` messages of `peer` read for `user`. */
function readAllBut(store: AccountStore, user: UserRecord, peer: PeerRef, unread: number): void {
  const list =
    peer.kind === 'channel'
      ? (store.channels.get(peer.id)?.messages ?? [])
      : user.box.messages.filter((m) => m.peer.kind === peer.kind && m.peer.id === peer.id);
  const upTo = list.at(-1 - unread)?.id ?? 0;
  if (upTo > 0) readHistory(store, user, peer, upTo);
}

function chatPeer(store: AccountStore, user: UserRecord, chat: string): PeerRef {
  for (const c of store.chats.values()) if (c.title === chat) return { kind: 'chat', id: c.id };
  for (const c of store.channels.values())
    if (c.title === chat) return { kind: 'channel', id: c.id };
  const other = who(store, chat);
  if (other.id === user.id) throw new Error(`${chat} is the account itself`);
  return { kind: 'user', id: other.id };
}

/** Seeds the scenario's conversations, groups, channels and chat settings. */
export function seedChats(store: AccountStore, scenario: Scenario): void {
  for (const c of scenario.conversations ?? []) {
    const [a, b] = c.between.map((p) => who(store, p)) as [UserRecord, UserRecord];
    seedMessages(
      store,
      (sender) => ({ kind: 'user', id: sender.id === a.id ? b.id : a.id }),
      c.messages,
      c.spacingMinutes,
    );
    readAllBut(store, a, { kind: 'user', id: b.id }, c.unread ?? 0);
    readAllBut(store, b, { kind: 'user', id: a.id }, c.unread ?? 0);
  }
  for (const g of scenario.groups ?? []) {
    const [creator, ...rest] = g.members.map((m) => who(store, m));
    if (!creator) throw new Error(`group ${g.title} has no members`);
    const spacing = g.spacingMinutes ?? 10;
    const id = createGroup(store, {
      title: g.title,
      creator,
      members: rest.map((u) => u.id),
      date: unixNow() - (g.messages.length + 1) * spacing * 60,
    });
    const peer: PeerRef = { kind: 'chat', id };
    seedMessages(store, () => peer, g.messages, spacing);
    for (const u of [creator, ...rest]) if (u.isAccount) readAllBut(store, u, peer, g.unread ?? 0);
  }
  for (const c of scenario.channels ?? []) {
    const owner = who(store, c.owner);
    const spacing = c.spacingMinutes ?? 60;
    const members = c.members.map((m) => who(store, m));
    const channel = createChannel(store, {
      title: c.title,
      isMegagroup: c.isMegagroup ?? false,
      creator: owner,
      members: members.map((u) => u.id),
      date: unixNow() - (c.posts.length + 1) * spacing * 60,
    });
    channel.username = c.username;
    const peer: PeerRef = { kind: 'channel', id: channel.id };
    seedMessages(store, () => peer, c.posts, spacing);
    for (const u of members) if (u.isAccount) readAllBut(store, u, peer, c.unread ?? 0);
  }
  let pinOrder = 1;
  for (const s of scenario.chatSettings ?? []) {
    const user = store.findByPhone(normalizePhone(s.phone));
    if (!user) throw new Error(`chat settings for unknown account ${s.phone}`);
    const d = dialogSettings(user, chatPeer(store, user, s.chat));
    if (s.isPinned) d.pinnedOrder = pinOrder++;
    if (s.isMuted) d.muteUntil = MUTED_FOREVER;
    if (s.isArchived) d.folderId = 1;
    if (s.isUnreadMarked) d.isUnreadMarked = true;
  }
}
