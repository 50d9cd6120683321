/**
 * What works while the app is locked, decided once per channel and per push event. Both tables
 * are total over the contract: a new channel or event without a decision does not compile.
 *
 * The router answers `LOCKED` to every `'unlocked'` channel before it looks at the argument, and
 * the event gate drops or redacts events on their way out of core, so a locked app neither
 * answers nor pushes account data, login codes or message text, whatever the renderer draws.
 */
import type { Channel, EventName, Events } from '../../shared/contract';
import type { AccountsState } from '../../shared/dto';
import { failure } from '../../shared/error-words';
import type { AppFailure } from '../../shared/errors';
import type { EventBus } from './event-bus';

/** `'always'`: answered while locked; `'unlocked'`: answers `LOCKED` while locked. */
export type ChannelLockRule = 'always' | 'unlocked';

export const channelLockPolicy: Readonly<Record<Channel, ChannelLockRule>> = {
  // The lock screen needs the app's name, theme and server label, and nothing else.
  'app:info': 'always',
  'settings:get': 'always',
  'settings:get-telegram': 'always',
  'settings:update': 'unlocked',
  'settings:set-api-credentials': 'unlocked',
  'settings:set-server-profile': 'unlocked',
  // The default login proxy lives in the vault; a test connects only when the user asks.
  'settings:set-login-proxy': 'unlocked',
  'proxy:test': 'unlocked',

  // Adding an account needs the vault open, or its session could not be saved.
  'auth:start': 'unlocked',
  'auth:start-qr': 'unlocked',
  'auth:resend-code': 'unlocked',
  'auth:submit-code': 'unlocked',
  'auth:set-login-email': 'unlocked',
  'auth:verify-login-email': 'unlocked',
  'auth:submit-password': 'unlocked',
  'auth:request-recovery': 'unlocked',
  'auth:check-recovery-code': 'unlocked',
  'auth:recover-password': 'unlocked',
  'auth:reset-account': 'unlocked',
  'auth:sign-up': 'unlocked',
  'auth:cancel': 'unlocked',
  'auth:get': 'unlocked',
  'auth:list': 'unlocked',
  'auth:set-visible': 'unlocked',

  'accounts:list': 'unlocked',
  'accounts:switch': 'unlocked',
  'accounts:reorder': 'unlocked',
  'accounts:filter': 'unlocked',
  'accounts:log-out': 'unlocked',
  'accounts:remove': 'unlocked',
  'accounts:reconnect': 'unlocked',
  'accounts:set-proxy': 'unlocked',
  'accounts:get-details': 'unlocked',
  'accounts:list-chats': 'unlocked',
  'accounts:list-sessions': 'unlocked',
  'accounts:end-session': 'unlocked',
  'accounts:end-other-sessions': 'unlocked',
  'accounts:login-codes': 'unlocked',

  // The vault guards itself: each of these checks the passcode or the recovery code, or
  // refuses while locked on its own.
  'vault:status': 'always',
  'vault:unlock': 'always',
  'vault:lock': 'always',
  'vault:set-passcode': 'always',
  'vault:change-passcode': 'always',
  'vault:remove-passcode': 'always',
  'vault:get-recovery-code': 'always',
  'vault:reset-with-recovery-code': 'always',
  'vault:regenerate-recovery-code': 'always',
  'vault:accept-weak-storage': 'always',
  'vault:touch': 'always',

  // Knowing that an update exists is harmless; downloading and installing wait for the user.
  'update:status': 'always',
  'update:check': 'always',
  'update:download': 'unlocked',
  'update:install': 'unlocked',
  // Session export (issue 15): sessions come out of an unlocked vault only.
  'accounts:export': 'unlocked',

  // Two-step verification of an added account (issue 15): account data, never while locked.
  'two-step:get': 'unlocked',
  'two-step:enable': 'unlocked',
  'two-step:change-password': 'unlocked',
  'two-step:set-email': 'unlocked',
  'two-step:confirm-email': 'unlocked',
  'two-step:resend-email': 'unlocked',
  'two-step:cancel-email': 'unlocked',
  'two-step:disable': 'unlocked',
  'two-step:request-recovery': 'unlocked',
  'two-step:recover': 'unlocked',
  'two-step:reset': 'unlocked',
  'two-step:decline-reset': 'unlocked',

  // Tags and bulk actions (issue 15): they name accounts, and act on them.
  'tags:list': 'unlocked',
  'tags:create': 'unlocked',
  'tags:update': 'unlocked',
  'tags:delete': 'unlocked',
  'tags:tag': 'unlocked',
  'tags:untag': 'unlocked',
  'bulk:start': 'unlocked',
  'bulk:retry': 'unlocked',
  'bulk:cancel': 'unlocked',
  'bulk:list': 'unlocked',

  // Account health (issue 15): about accounts, so nothing while locked.
  'health:get': 'unlocked',
  'health:list': 'unlocked',
  'health:check': 'unlocked',

  // Session import (issue 15): sessions go into the vault, so it must be open.
  'sessions:preview': 'unlocked',
  'sessions:import': 'unlocked',
  'sessions:import-cancel': 'unlocked',
  'sessions:import-status': 'unlocked',

  // Chats, messages, the unified inbox and notifications (issue 16): message text and names.
  'chats:list': 'unlocked',
  'chats:search': 'unlocked',
  'chats:history': 'unlocked',
  'chats:send': 'unlocked',
  'chats:retry': 'unlocked',
  'chats:discard': 'unlocked',
  'chats:read': 'unlocked',
  'chats:photo': 'unlocked',
  'unread:list': 'unlocked',
  'notifications:get': 'unlocked',
  'notifications:update': 'unlocked',
  'notifications:set-account': 'unlocked',
  // Like `accounts:list`: account data (issue 17).
  'accounts:list-first': 'unlocked',
};

/** The failure every `'unlocked'` channel answers while locked. */
export function lockedFailure(): AppFailure {
  return failure('LOCKED');
}

/**
 * `'always'`: pushed as is; `'unlocked'`: not pushed while locked; a function: pushed while
 * locked as what it returns.
 */
export type EventLockRule<E extends EventName> =
  'always' | 'unlocked' | ((payload: Events[E]) => Events[E]);

const noAccounts = (): AccountsState => ({ accounts: [], activeAccountId: null, restore: null });

export const eventLockPolicy: { readonly [E in EventName]: EventLockRule<E> } = {
  'app:changed': 'always',
  'settings:changed': 'always',
  'vault:changed': 'always',
  'update:changed': 'always',
  // The lock clears the sidebar: no names, phone numbers, avatars or unread counts.
  'accounts:changed': noAccounts,
  // Login codes and their message text, and login steps, wait for the unlock.
  'inbox:changed': 'unlocked',
  'auth:changed': 'unlocked',
  // Which account's sessions changed waits too: nothing about accounts shows while locked.
  'sessions:changed': 'unlocked',
  // Tags and bulk actions (issue 15): which accounts carry which tags, and a job's progress.
  'tags:changed': 'unlocked',
  'bulk:changed': 'unlocked',
  // Account health (issue 15): about accounts, like the list.
  'health:changed': 'unlocked',
  // Session import (issue 15): its progress names accounts; the lock cancels the import anyway.
  'import:changed': 'unlocked',
  // Chats, messages, the unified inbox and notifications (issue 16): nothing shows while
  // locked, and no notification is shown either.
  'chats:changed': 'unlocked',
  'messages:changed': 'unlocked',
  'unread:changed': 'unlocked',
  'notifications:changed': 'unlocked',
  'alerts:changed': 'unlocked',
  'focus:changed': 'unlocked',
};

/**
 * Wraps `bus` so every emit passes `eventLockPolicy`: while `isLocked()`, events are dropped or
 * redacted before any listener (a window, a web socket, the tray) sees them.
 */
export function gateEventsWhileLocked(bus: EventBus, isLocked: () => boolean): EventBus {
  return {
    emit(event, payload) {
      if (!isLocked()) {
        bus.emit(event, payload);
        return;
      }
      const rule = eventLockPolicy[event];
      if (rule === 'always') bus.emit(event, payload);
      else if (rule !== 'unlocked') bus.emit(event, rule(payload));
    },
    subscribe: (listener) => bus.subscribe(listener),
  };
}
