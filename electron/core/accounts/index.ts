export {
  createAccountManager,
  formatPhone,
  type AccountManager,
  type AccountManagerOptions,
} from './account-manager';
export { createAccountsHandlers } from './handlers';
