export { createAuthHandlers } from './handlers';
export {
  createLoginService,
  type AdoptedLogin,
  type LoginAccountSink,
  type LoginService,
  type LoginServiceOptions,
} from './login-service';
export { parsePhone } from './phone';
