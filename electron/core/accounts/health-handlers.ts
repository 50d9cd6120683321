import type { Handlers } from '../../shared/contract';
import type { AccountHealthService } from './account-health';

/** The `health:*` IPC handlers (account health, issue 15). */
export function createHealthHandlers(health: AccountHealthService) {
  return {
    'health:get': ({ accountId }) => Promise.resolve(health.get(accountId)),
    'health:list': () => Promise.resolve(health.list()),
    'health:check': ({ accountId }) => Promise.resolve(health.check(accountId)),
  } satisfies Pick<Handlers, 'health:get' | 'health:list' | 'health:check'>;
}
