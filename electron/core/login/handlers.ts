import type { Handlers } from '../../shared/contract';
import type { LoginService } from './login-service';

type AuthChannel =
  | 'auth:start'
  | 'auth:start-qr'
  | 'auth:resend-code'
  | 'auth:submit-code'
  | 'auth:set-login-email'
  | 'auth:verify-login-email'
  | 'auth:submit-password'
  | 'auth:request-recovery'
  | 'auth:check-recovery-code'
  | 'auth:recover-password'
  | 'auth:reset-account'
  | 'auth:sign-up'
  | 'auth:cancel'
  | 'auth:get'
  | 'auth:list'
  | 'auth:set-visible';

/** The `auth:*` IPC handlers, for the composition root to merge into `Handlers`. */
export function createAuthHandlers(login: LoginService) {
  return {
    'auth:start': ({ phone, proxy }) => login.start(phone, proxy),
    'auth:start-qr': (args) => login.startQr(args?.proxy),
    'auth:resend-code': ({ attemptId }) => login.resendCode(attemptId),
    'auth:submit-code': ({ attemptId, code }) => login.submitCode(attemptId, code),
    'auth:set-login-email': ({ attemptId, email }) => login.setLoginEmail(attemptId, email),
    'auth:verify-login-email': ({ attemptId, code }) => login.verifyLoginEmail(attemptId, code),
    'auth:submit-password': ({ attemptId, password }) => login.submitPassword(attemptId, password),
    'auth:request-recovery': ({ attemptId }) => login.requestRecovery(attemptId),
    'auth:check-recovery-code': ({ attemptId, code }) => login.checkRecoveryCode(attemptId, code),
    'auth:recover-password': ({ attemptId, code, newPassword, hint }) =>
      login.recoverPassword(attemptId, code, newPassword, hint),
    'auth:reset-account': ({ attemptId, confirmation }) =>
      login.resetAccount(attemptId, confirmation),
    'auth:sign-up': ({ attemptId, firstName, lastName }) =>
      login.signUp(attemptId, firstName, lastName),
    'auth:cancel': ({ attemptId }) => login.cancel(attemptId),
    'auth:get': ({ attemptId }) => Promise.resolve(login.get(attemptId)),
    'auth:list': () => Promise.resolve(login.list()),
    'auth:set-visible': ({ attemptId, isVisible }) =>
      Promise.resolve(login.setVisible(attemptId, isVisible)),
  } satisfies Pick<Handlers, AuthChannel>;
}
