export {
  createAccountManager,
  type AccountManager,
  type AccountManagerOptions,
  type AccountsChange,
} from './account-manager';
export type { LoginCodeNotice } from './login-code-inbox';
export { createAccountsHandlers } from './handlers';
