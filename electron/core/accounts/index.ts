export {
  createAccountManager,
  formatPhone,
  type AccountManager,
  type AccountManagerOptions,
  type LoginCodeNotice,
} from './account-manager';
export { createAccountsHandlers } from './handlers';
