/**
 * The names the preload allows, as plain strings. The preload is bundled into one sandboxed
 * script, so it must not import the contract (which pulls in zod); a unit test asserts these
 * lists equal the contract's, so they cannot drift apart.
 */
import type { Channel, EventName } from '../shared/contract';

/** Every invoke channel of the contract, in the contract's order. */
export const allowedChannels = [
  'app:info',
  'settings:get',
  'settings:update',
  'settings:get-telegram',
  'settings:set-api-credentials',
  'settings:set-server-profile',
  'auth:start',
  'auth:start-qr',
  'auth:resend-code',
  'auth:submit-code',
  'auth:submit-password',
  'auth:request-recovery',
  'auth:check-recovery-code',
  'auth:recover-password',
  'auth:sign-up',
  'auth:cancel',
  'auth:get',
  'accounts:list',
  'accounts:switch',
  'accounts:reorder',
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
] as const satisfies readonly Channel[];

/** Every push event of the contract. */
export const allowedEvents = [
  'app:changed',
  'settings:changed',
  'accounts:changed',
  'auth:changed',
  'inbox:changed',
  'vault:changed',
  'update:changed',
] as const satisfies readonly EventName[];

// Compile-time completeness: a channel or event missing from the lists above is a type error.
const _allChannelsListed: [Exclude<Channel, (typeof allowedChannels)[number]>] extends [never]
  ? true
  : never = true;
const _allEventsListed: [Exclude<EventName, (typeof allowedEvents)[number]>] extends [never]
  ? true
  : never = true;

/** Push events travel on one IPC channel per event: `gramdeck:event:<name>`. */
export const EVENT_CHANNEL_PREFIX = 'gramdeck:event:';

export function eventChannel(event: EventName): string {
  return `${EVENT_CHANNEL_PREFIX}${event}`;
}
