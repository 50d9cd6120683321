export { createAuthHandlers } from './handlers';
export {
  createLoginService,
  type AdoptedLogin,
  type LoginAccountSink,
  type LoginService,
  type LoginServiceOptions,
} from './login-service';
export {
  failure,
  failureFromTelegramError,
  formatWait,
  loginErrorMessages,
} from './error-messages';
export { parsePhone } from './phone';
