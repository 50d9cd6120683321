/**
 * Message notifications (issue 16, item 6): the settings, kept in the plain settings store under
 * `notifications` (preferences, not secrets: never in the vault), and the rules that decide
 * whether an incoming message is notified. A notification is never made while the app is locked,
 * and none is queued for after the unlock. Notifications of one chat are coalesced: within
 * `coalesceMs` only the newest is shown (they share the chat's tag anyway).
 */
import { z } from 'zod';
import type {
  ChatListItem,
  ChatMessage,
  MessageNotification,
  NotificationSettings,
} from '../../shared/chat-dto';
import type { KeyValueStore, Logger, Timers } from '../ports';

export const NOTIFICATIONS_KEY = 'notifications';

const storedSchema = z.object({
  isEnabled: z.boolean(),
  isTextHidden: z.boolean(),
  mutedAccountIds: z.array(z.string()),
});

const defaults: NotificationSettings = {
  isEnabled: true,
  isTextHidden: false,
  mutedAccountIds: [],
};

export interface NotificationService {
  get(): NotificationSettings;
  update(patch: {
    isEnabled?: boolean | undefined;
    isTextHidden?: boolean | undefined;
  }): NotificationSettings;
  setAccount(accountId: string, isEnabled: boolean): NotificationSettings;
  /** An account left Gramdeck: its setting goes. */
  forgetAccount(accountId: string): void;
  /** An incoming message arrived in `chat` of the account named `accountName`. */
  consider(accountId: string, accountName: string, chat: ChatListItem, message: ChatMessage): void;
  /** The lock: notifications waiting to be coalesced are dropped, not shown later. */
  dropPending(): void;
  onChange(listener: (settings: NotificationSettings) => void): () => void;
  onAlert(listener: (notification: MessageNotification) => void): () => void;
}

export function createNotificationService(options: {
  store: KeyValueStore;
  logger: Logger;
  timers: Timers;
  isLocked: () => boolean;
  coalesceMs?: number;
}): NotificationService {
  const { store, timers, isLocked } = options;
  const log = options.logger.child({ scope: 'notifications' });
  const coalesceMs = options.coalesceMs ?? 500;
  const listeners = new Set<(settings: NotificationSettings) => void>();
  const alertListeners = new Set<(notification: MessageNotification) => void>();
  /** Per chat tag: the notification waiting, and the function that cancels its timer. */
  const waiting = new Map<string, { notification: MessageNotification; cancel: () => void }>();

  function load(): NotificationSettings {
    const raw = store.get(NOTIFICATIONS_KEY);
    if (raw === undefined) return { ...defaults };
    const parsed = storedSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    log.log('warn', 'Stored notification settings were not valid; using the defaults');
    return { ...defaults };
  }

  let current = load();

  function commit(next: NotificationSettings): NotificationSettings {
    store.set(NOTIFICATIONS_KEY, next);
    current = next;
    for (const listener of [...listeners]) listener(copy(current));
    return copy(current);
  }

  function show(tag: string): void {
    const entry = waiting.get(tag);
    waiting.delete(tag);
    if (!entry || isLocked()) return;
    for (const listener of [...alertListeners]) listener(entry.notification);
  }

  function dropPending(): void {
    for (const entry of waiting.values()) entry.cancel();
    waiting.clear();
  }

  return {
    get: () => copy(current),
    update(patch) {
      return commit({
        ...current,
        ...(patch.isEnabled === undefined ? {} : { isEnabled: patch.isEnabled }),
        ...(patch.isTextHidden === undefined ? {} : { isTextHidden: patch.isTextHidden }),
      });
    },
    setAccount(accountId, isEnabled) {
      const others = current.mutedAccountIds.filter((id) => id !== accountId);
      return commit({ ...current, mutedAccountIds: isEnabled ? others : [...others, accountId] });
    },
    forgetAccount(accountId) {
      if (!current.mutedAccountIds.includes(accountId)) return;
      commit({
        ...current,
        mutedAccountIds: current.mutedAccountIds.filter((id) => id !== accountId),
      });
    },
    consider(accountId, accountName, chat, message) {
      if (
        message.isOutgoing ||
        chat.isMuted ||
        !current.isEnabled ||
        current.mutedAccountIds.includes(accountId) ||
        isLocked()
      ) {
        return;
      }
      const tag = `${accountId}:${chat.id}`;
      const notification: MessageNotification = {
        tag,
        group: accountId,
        accountId,
        chatId: chat.id,
        title: `${chat.title} (${accountName})`,
        body: current.isTextHidden ? 'New message' : bodyOf(message),
      };
      const earlier = waiting.get(tag);
      if (earlier) {
        earlier.notification = notification;
        return;
      }
      waiting.set(tag, {
        notification,
        cancel: timers.schedule(() => {
          show(tag);
        }, coalesceMs),
      });
    },
    dropPending,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onAlert(listener) {
      alertListeners.add(listener);
      return () => alertListeners.delete(listener);
    },
  };
}

function bodyOf(message: ChatMessage): string {
  const prefix = message.sender ? `${message.sender.name}: ` : '';
  const text = message.service ?? (message.text || mediaWord(message));
  const body = `${prefix}${text}`;
  return body.length > 200 ? `${body.slice(0, 199)}…` : body;
}

/** A word for a message without text (a photo, a file). */
export function mediaWord(message: ChatMessage): string {
  const media = message.media;
  if (!media) return 'Message';
  if (media.kind === 'photo') return 'Photo';
  if (media.kind === 'other') return media.label;
  return media.name;
}

function copy(settings: NotificationSettings): NotificationSettings {
  return { ...settings, mutedAccountIds: [...settings.mutedAccountIds] };
}
