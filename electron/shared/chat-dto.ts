/**
 * Chats, messages, the unified inbox and message notifications (issue 16): the plain data that
 * crosses IPC. Ids of chats are peer keys: `u<id>` a user or bot, `c<id>` a basic group, `h<id>`
 * a channel or supergroup. Message ids are Telegram's, unique within a chat (per account for
 * users and basic groups, per channel for channels). Times are epoch milliseconds.
 */

export type ChatKind = 'user' | 'bot' | 'group' | 'channel';

/** 0: the main list; 1: the archive (Telegram's folder 1). */
export type ChatFolder = 'main' | 'archive';

/** One dialog of an account's chat list. */
export interface ChatListItem {
  /** The peer key (`u…`, `c…`, `h…`). */
  id: string;
  title: string;
  kind: ChatKind;
  /** Initials and a stable colour index for the chat's avatar placeholder. */
  initials: string;
  colorIndex: number;
  unreadCount: number;
  unreadMentionsCount: number;
  /** Set when the user marked the chat unread (`dialog.unread_mark`). */
  isMarkedUnread: boolean;
  /** Plain-text preview of the last message (service messages in words), or null. */
  lastMessage: string | null;
  /** Who wrote the last message, for groups ("You", or a first name); null otherwise. */
  lastMessageSender: string | null;
  lastMessageAt: number | null;
  lastMessageId: number | null;
  isPinned: boolean;
  isMuted: boolean;
  folder: ChatFolder;
  /** Highest incoming message id the user has read, and highest outgoing one the peer read. */
  readInboxMaxId: number;
  readOutboxMaxId: number;
}

/** A page of an account's chat list, in Telegram's order (pinned first, then newest first). */
export interface ChatListPage {
  chats: ChatListItem[];
  /** Pass back to get the next page; null at the end of the list. */
  cursor: string | null;
  /** How many chats the folder has, when Telegram said. */
  total: number | null;
}

export type EntityKind =
  | 'bold'
  | 'italic'
  | 'underline'
  | 'strike'
  | 'spoiler'
  | 'code'
  | 'pre'
  | 'blockquote'
  | 'url'
  | 'text-url'
  | 'email'
  | 'phone'
  | 'mention'
  | 'mention-name'
  | 'hashtag'
  | 'cashtag'
  | 'bot-command';

/** A formatting span over `text`, in UTF-16 code units (as Telegram counts). */
export interface MessageEntity {
  kind: EntityKind;
  offset: number;
  length: number;
  /** `text-url`: the link target (http, https, tg or mailto only; others are dropped). */
  url?: string;
  /** `pre`: the code language. */
  language?: string;
  /** `mention-name`: the user mentioned. */
  userId?: string;
}

export type MessageMedia =
  | {
      kind: 'photo';
      width: number;
      height: number;
      /** The stripped thumbnail as a `data:image/jpeg` URL, drawn at once; null if none. */
      stripped: string | null;
      /** True when a small size can be fetched with `messages:photo`. */
      hasThumbnail: boolean;
    }
  | {
      kind: 'file' | 'video' | 'audio' | 'voice' | 'sticker' | 'gif' | 'video-note';
      /** The file name, or a word for the kind ("Voice message") when there is none. */
      name: string;
      /** Bytes. */
      size: number;
      mimeType: string;
      /** Seconds, for audio and video. */
      duration: number | null;
    }
  | { kind: 'other'; label: string };

export type MessageState = 'sent' | 'sending' | 'failed';

export interface ChatMessage {
  /** Telegram's id; a message still sending or failed has a negative local id until sent. */
  id: number;
  chatId: string;
  date: number;
  editedAt: number | null;
  isOutgoing: boolean;
  /** Set for incoming messages in groups and channels; null for one's own and in private chats. */
  sender: { id: string; name: string } | null;
  text: string;
  entities: MessageEntity[];
  /** Set for a service message (someone joined, the title changed, …): the event in words. */
  service: string | null;
  media: MessageMedia | null;
  replyTo: { messageId: number; sender: string | null; preview: string | null } | null;
  forwardedFrom: { name: string; date: number } | null;
  /** Whether the message mentions the user (counted in `unreadMentionsCount`). */
  isMention: boolean;
  state: MessageState;
  /** For `sending` and `failed`: the random id of the send, for retry; null once sent. */
  localId: string | null;
  /** For `failed`: why, in words. */
  error: string | null;
}

/** A page of a chat's history, oldest first. */
export interface HistoryPage {
  chatId: string;
  messages: ChatMessage[];
  /** False once the oldest message of the chat is in `messages` or was loaded before. */
  hasOlder: boolean;
  readInboxMaxId: number;
  readOutboxMaxId: number;
  unreadCount: number;
}

/** What changed in one chat of one account, pushed on `messages:changed`. */
export type MessagesChange =
  | { kind: 'upsert'; accountId: string; chatId: string; messages: ChatMessage[] }
  | { kind: 'delete'; accountId: string; chatId: string; ids: number[] }
  | {
      kind: 'read';
      accountId: string;
      chatId: string;
      readInboxMaxId: number;
      readOutboxMaxId: number;
    };

/** Chats of one account that changed (new message, read, muted, moved), on `chats:changed`. */
export interface ChatsChange {
  accountId: string;
  /** Chats to insert or replace; the list re-sorts them. */
  chats: ChatListItem[];
  /** Chat ids gone from the list (left, deleted). */
  removed: string[];
}

/** One unread chat in the unified inbox. */
export interface InboxItem {
  /** `<accountId>:<chatId>`. */
  key: string;
  accountId: string;
  chat: ChatListItem;
}

export interface InboxState {
  /** Unread chats of every unlocked, online account, newest first. */
  items: InboxItem[];
  /** Accounts whose chat lists are still loading or failed to load (named in the inbox). */
  pending: { accountId: string; state: 'loading' | 'failed' }[];
}

export interface InboxChange {
  /** Items to insert or replace (the inbox re-sorts by last message time). */
  items: InboxItem[];
  /** Keys no longer unread (read, deleted, account removed). */
  removed: string[];
  /** Accounts whose loading state changed (null: loaded now, or gone); the others keep theirs. */
  pending: { accountId: string; state: 'loading' | 'failed' | null }[];
}

/** Per-account notification choice, and the app-wide ones. */
export interface NotificationSettings {
  /** Show new messages as desktop notifications. */
  isEnabled: boolean;
  /** Show only "New message" and the chat, never the text. */
  isTextHidden: boolean;
  /** Accounts whose messages are not notified (the per-account setting). */
  mutedAccountIds: string[];
}

/** A desktop notification the core decided to show (never while locked, never for muted chats). */
export interface MessageNotification {
  /** Replaces an earlier notification of the same chat. */
  tag: string;
  /** Groups the notifications of one account. */
  group: string;
  accountId: string;
  chatId: string;
  /** The chat's title, then the account in brackets. */
  title: string;
  /** The text, or "New message" when text is hidden. */
  body: string;
}
