/**
 * Every IPC channel and push-event name, as plain strings: the one list that the contract, the
 * preload allowlist, the Electron binding and the handler types all use. It imports nothing
 * (no schema library), so the sandboxed preload bundle and the renderer can take it as values.
 */

/** Every invoke channel. Names are `domain:verb`. */
export const channelNames = [
  'app:info',
  'settings:get',
  'settings:update',
  'settings:get-telegram',
  'settings:set-api-credentials',
  'settings:set-server-profile',
  'settings:set-login-proxy',
  'proxy:test',
  'auth:start',
  'auth:start-qr',
  'auth:resend-code',
  'auth:submit-code',
  'auth:set-login-email',
  'auth:verify-login-email',
  'auth:submit-password',
  'auth:request-recovery',
  'auth:check-recovery-code',
  'auth:recover-password',
  'auth:reset-account',
  'auth:sign-up',
  'auth:cancel',
  'auth:get',
  'auth:list',
  'auth:set-visible',
  'accounts:list',
  'accounts:switch',
  'accounts:reorder',
  'accounts:filter',
  'accounts:log-out',
  'accounts:remove',
  'accounts:reconnect',
  'accounts:set-proxy',
  'accounts:get-details',
  'accounts:list-chats',
  'accounts:list-sessions',
  'accounts:end-session',
  'accounts:end-other-sessions',
  'accounts:login-codes',
  'vault:status',
  'vault:unlock',
  'vault:lock',
  'vault:set-passcode',
  'vault:change-passcode',
  'vault:remove-passcode',
  'vault:get-recovery-code',
  'vault:reset-with-recovery-code',
  'vault:regenerate-recovery-code',
  'vault:accept-weak-storage',
  'vault:touch',
  'update:status',
  'update:check',
  'update:download',
  'update:install',
  // Session export (issue 15)
  'accounts:export',
  // Two-step verification of an added account (issue 15)
  'two-step:get',
  'two-step:enable',
  'two-step:change-password',
  'two-step:set-email',
  'two-step:confirm-email',
  'two-step:resend-email',
  'two-step:cancel-email',
  'two-step:disable',
  'two-step:request-recovery',
  'two-step:recover',
  'two-step:reset',
  'two-step:decline-reset',
  // Tags and bulk actions (issue 15)
  'tags:list',
  'tags:create',
  'tags:update',
  'tags:delete',
  'tags:tag',
  'tags:untag',
  'bulk:start',
  'bulk:retry',
  'bulk:cancel',
  'bulk:list',
  // Account health (issue 15)
  'health:get',
  'health:list',
  'health:check',
  // Session import (issue 15)
  'sessions:preview',
  'sessions:import',
  'sessions:import-cancel',
  'sessions:import-status',
  // Chats, messages, the unified inbox and notifications (issue 16)
  'chats:list',
  'chats:search',
  'chats:history',
  'chats:send',
  'chats:retry',
  'chats:discard',
  'chats:read',
  'chats:photo',
  'unread:list',
  'notifications:get',
  'notifications:update',
  'notifications:set-account',
  // The first screenful of the account list (issue 17)
  'accounts:list-first',
] as const;

export type Channel = (typeof channelNames)[number];

/** Every push event. Names are `domain:changed`. */
export const eventNames = [
  'app:changed',
  'settings:changed',
  'accounts:changed',
  'auth:changed',
  'inbox:changed',
  'sessions:changed',
  'vault:changed',
  'update:changed',
  // Tags and bulk actions (issue 15)
  'tags:changed',
  'bulk:changed',
  // Account health (issue 15)
  'health:changed',
  // Session import (issue 15)
  'import:changed',
  // Chats, messages, the unified inbox and notifications (issue 16)
  'chats:changed',
  'messages:changed',
  'unread:changed',
  'notifications:changed',
  'alerts:changed',
  // A desktop notification was clicked: open its chat (issue 16)
  'focus:changed',
] as const;

export type EventName = (typeof eventNames)[number];

const channelSet: ReadonlySet<string> = new Set(channelNames);
const eventSet: ReadonlySet<string> = new Set(eventNames);

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && channelSet.has(value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && eventSet.has(value);
}

/** Push events travel on one IPC channel per event: `gramdeck:event:<name>`. */
export const EVENT_CHANNEL_PREFIX = 'gramdeck:event:';

export function eventChannel(event: EventName): string {
  return `${EVENT_CHANNEL_PREFIX}${event}`;
}
