import type { Handlers } from '../../shared/contract';
import type { AccountManager } from './account-manager';

type AccountsChannel =
  | 'accounts:list'
  | 'accounts:switch'
  | 'accounts:reorder'
  | 'accounts:filter'
  | 'accounts:log-out'
  | 'accounts:remove'
  | 'accounts:reconnect'
  | 'accounts:set-proxy'
  | 'accounts:get-details'
  | 'accounts:list-chats'
  | 'accounts:list-sessions'
  | 'accounts:end-session'
  | 'accounts:end-other-sessions'
  | 'accounts:login-codes'
  | 'accounts:list-first';

/**
 * The `accounts:*` IPC handlers, for the composition root to merge into `Handlers`. `tagIdsOf`
 * answers an account's tags for the filter (issue 15); without it no account has a tag.
 */
export function createAccountsHandlers(
  accounts: AccountManager,
  tagIdsOf: (accountId: string) => readonly string[] = () => [],
) {
  return {
    'accounts:list': () => Promise.resolve(accounts.state()),
    'accounts:switch': ({ accountId }) => Promise.resolve(accounts.switchTo(accountId)),
    'accounts:reorder': ({ accountIds }) => Promise.resolve(accounts.reorder(accountIds)),
    'accounts:filter': ({ query, tagIds, statuses }) =>
      Promise.resolve(accounts.filter(query, { tagIds, statuses, tagIdsOf })),
    'accounts:log-out': ({ accountId }) => accounts.logOut(accountId),
    'accounts:remove': ({ accountId }) => accounts.remove(accountId),
    'accounts:reconnect': ({ accountId }) => accounts.reconnect(accountId),
    'accounts:set-proxy': ({ accountId, proxy }) => accounts.setProxy(accountId, proxy),
    'accounts:get-details': ({ accountId }) => accounts.getDetails(accountId),
    'accounts:list-chats': ({ accountId }) => accounts.listChats(accountId),
    'accounts:list-sessions': ({ accountId }) => accounts.listSessions(accountId),
    'accounts:end-session': ({ accountId, sessionId }) => accounts.endSession(accountId, sessionId),
    'accounts:end-other-sessions': ({ accountId }) => accounts.endOtherSessions(accountId),
    'accounts:login-codes': ({ accountId }) => accounts.loginCodes(accountId),
    'accounts:list-first': ({ limit }) => Promise.resolve(accounts.firstRows(limit)),
  } satisfies Pick<Handlers, AccountsChannel>;
}
