/** GramJS objects → plain shared types. Nothing from `telegram` leaves this folder. */
import { Api } from 'telegram';
import { UpdateConnectionState } from 'telegram/network';
import type { ChatSummary, CodeType, SessionInfo } from '../shared/dto';
import type { SentCodeInfo, ServiceMessage, TelegramEvent, TelegramUser } from '../core/ports';

/** Telegram's service notifications user, which sends login codes. */
export const SERVICE_USER_ID = '777000';

export function mapUser(user: Api.TypeUser): TelegramUser {
  if (!(user instanceof Api.User)) {
    return {
      id: user.id.toString(),
      firstName: '',
      lastName: null,
      username: null,
      phone: '',
      isPremium: false,
    };
  }
  return {
    id: user.id.toString(),
    firstName: user.firstName ?? '',
    lastName: user.lastName ?? null,
    username: user.username ?? null,
    phone: user.phone ?? '',
    isPremium: user.premium === true,
  };
}

function mapCodeType(type: Api.auth.TypeCodeType | undefined): CodeType | null {
  if (type instanceof Api.auth.CodeTypeSms) return 'sms';
  if (type instanceof Api.auth.CodeTypeCall) return 'call';
  if (type instanceof Api.auth.CodeTypeFlashCall) return 'flash-call';
  if (type instanceof Api.auth.CodeTypeMissedCall) return 'missed-call';
  if (type instanceof Api.auth.CodeTypeFragmentSms) return 'fragment-sms';
  return null;
}

export function mapSentCode(sent: Api.auth.SentCode): SentCodeInfo {
  const t = sent.type;
  const info: SentCodeInfo = {
    type: 'app',
    nextType: mapCodeType(sent.nextType),
    length: null,
    prefix: null,
    pattern: null,
    beginning: null,
    url: null,
    timeout: sent.timeout ?? null,
    emailPattern: null,
  };
  if (t instanceof Api.auth.SentCodeTypeApp) return { ...info, type: 'app', length: t.length };
  if (t instanceof Api.auth.SentCodeTypeSms) return { ...info, type: 'sms', length: t.length };
  if (t instanceof Api.auth.SentCodeTypeCall) return { ...info, type: 'call', length: t.length };
  if (t instanceof Api.auth.SentCodeTypeFlashCall) {
    return { ...info, type: 'flash-call', pattern: t.pattern };
  }
  if (t instanceof Api.auth.SentCodeTypeMissedCall) {
    return { ...info, type: 'missed-call', length: t.length, prefix: t.prefix };
  }
  if (t instanceof Api.auth.SentCodeTypeEmailCode) {
    return { ...info, type: 'email', length: t.length, emailPattern: t.emailPattern };
  }
  if (t instanceof Api.auth.SentCodeTypeSetUpEmailRequired) {
    return { ...info, type: 'setup-email-required' };
  }
  if (t instanceof Api.auth.SentCodeTypeFragmentSms) {
    return { ...info, type: 'fragment-sms', length: t.length, url: httpsUrlOrNull(t.url) };
  }
  if (t instanceof Api.auth.SentCodeTypeFirebaseSms) {
    return { ...info, type: 'firebase-sms', length: t.length };
  }
  if (t instanceof Api.auth.SentCodeTypeSmsWord) {
    return { ...info, type: 'sms-word', beginning: t.beginning || null };
  }
  if (t instanceof Api.auth.SentCodeTypeSmsPhrase) {
    return { ...info, type: 'sms-phrase', beginning: t.beginning || null };
  }
  return info;
}

/** A URL from Telegram only if it is an https address without credentials; else nothing. */
function httpsUrlOrNull(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.username === '' && url.password === ''
      ? url.href
      : null;
  } catch {
    return null;
  }
}

function peerKey(peer: Api.TypePeer): string {
  if (peer instanceof Api.PeerUser) return `u${peer.userId.toString()}`;
  if (peer instanceof Api.PeerChat) return `c${peer.chatId.toString()}`;
  return `h${peer.channelId.toString()}`;
}

function chatKey(chat: Api.TypeChat): string {
  return chat instanceof Api.Chat ||
    chat instanceof Api.ChatForbidden ||
    chat instanceof Api.ChatEmpty
    ? `c${chat.id.toString()}`
    : `h${chat.id.toString()}`;
}

function displayName(user: Api.TypeUser): string {
  if (!(user instanceof Api.User)) return 'Deleted account';
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ').trim();
  return name || (user.username ? `@${user.username}` : 'Unknown user');
}

type DialogsResult = Api.messages.Dialogs | Api.messages.DialogsSlice;

/** Maps `messages.getDialogs` to chat summaries (read-only, most recent first). */
export function mapDialogs(result: DialogsResult): ChatSummary[] {
  const users = new Map(result.users.map((u) => [`u${u.id.toString()}`, u]));
  const chats = new Map(result.chats.map((c) => [chatKey(c), c]));
  const messages = new Map<string, Api.TypeMessage>();
  for (const m of result.messages) {
    if (m instanceof Api.Message || m instanceof Api.MessageService) {
      messages.set(`${peerKey(m.peerId)}:${m.id}`, m);
    }
  }
  const out: ChatSummary[] = [];
  for (const dialog of result.dialogs) {
    if (!(dialog instanceof Api.Dialog)) continue;
    const key = peerKey(dialog.peer);
    const message = messages.get(`${key}:${dialog.topMessage}`);
    let title = 'Unknown chat';
    let kind: ChatSummary['kind'] = 'user';
    const user = users.get(key);
    const chat = chats.get(key);
    if (user) {
      title = displayName(user);
      kind = user instanceof Api.User && user.bot ? 'bot' : 'user';
    } else if (chat) {
      title = 'title' in chat ? chat.title : 'Unknown chat';
      kind = chat instanceof Api.Channel && chat.broadcast ? 'channel' : 'group';
    }
    const muteUntil =
      dialog.notifySettings instanceof Api.PeerNotifySettings ? dialog.notifySettings.muteUntil : 0;
    out.push({
      id: key,
      title,
      kind,
      unreadCount: dialog.unreadCount,
      lastMessage: message instanceof Api.Message ? message.message.slice(0, 200) : null,
      lastMessageAt:
        message instanceof Api.Message || message instanceof Api.MessageService
          ? message.date * 1000
          : null,
      isPinned: dialog.pinned === true,
      isMuted: (muteUntil ?? 0) * 1000 > Date.now(),
    });
  }
  return out;
}

export function mapAuthorization(a: Api.Authorization): SessionInfo {
  return {
    id: a.hash.toString(),
    isCurrent: a.current === true,
    deviceModel: a.deviceModel,
    platform: a.platform,
    systemVersion: a.systemVersion,
    appName: a.appName,
    appVersion: a.appVersion,
    ip: a.ip,
    country: a.country,
    createdAt: a.dateCreated * 1000,
    activeAt: a.dateActive * 1000,
  };
}

export function mapServiceMessage(m: Api.Message): ServiceMessage {
  return { id: String(m.id), text: m.message, date: m.date * 1000 };
}

/**
 * One GramJS update → the gateway's events, in the order they are emitted. Updates that change
 * nothing the app shows map to none.
 */
export function mapUpdate(update: unknown): TelegramEvent[] {
  if (update instanceof UpdateConnectionState) {
    // GramJS reports "broken" for the main sender only on transport error -404: the server
    // forgot this auth key, so the session is gone and reconnecting cannot help.
    if (update.state === UpdateConnectionState.broken) {
      return [{ kind: 'logged-out', code: 'LOGGED_OUT' }];
    }
    return [
      {
        kind: 'connection',
        state: update.state === UpdateConnectionState.connected ? 'connected' : 'disconnected',
      },
    ];
  }
  if (update instanceof Api.UpdateLoginToken) return [{ kind: 'login-token' }];
  if (update instanceof Api.UpdateNewAuthorization) return [{ kind: 'sessions-changed' }];
  if (update instanceof Api.UpdateShortMessage) {
    if (!update.out && update.userId.toString() === SERVICE_USER_ID) {
      return [
        {
          kind: 'service-message',
          message: { id: String(update.id), text: update.message, date: update.date * 1000 },
        },
        { kind: 'unread-changed' },
      ];
    }
    // A message this account sent (here or on another device) adds nothing unread.
    return update.out ? [] : [{ kind: 'unread-changed' }];
  }
  if (update instanceof Api.UpdateNewMessage || update instanceof Api.UpdateNewChannelMessage) {
    const message = update.message;
    if (
      message instanceof Api.Message &&
      !message.out &&
      message.peerId instanceof Api.PeerUser &&
      message.peerId.userId.toString() === SERVICE_USER_ID
    ) {
      return [
        { kind: 'service-message', message: mapServiceMessage(message) },
        { kind: 'unread-changed' },
      ];
    }
    return message instanceof Api.Message && message.out ? [] : [{ kind: 'unread-changed' }];
  }
  if (update instanceof Api.UpdateShortChatMessage) {
    return update.out ? [] : [{ kind: 'unread-changed' }];
  }
  if (
    update instanceof Api.UpdateReadHistoryInbox ||
    update instanceof Api.UpdateReadChannelInbox ||
    update instanceof Api.UpdateDialogUnreadMark
  ) {
    return [{ kind: 'unread-changed' }];
  }
  return [];
}

/** base64url without padding, as `tg://login?token=` expects. */
export function base64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}
