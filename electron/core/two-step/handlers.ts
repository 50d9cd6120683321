import type { Handlers } from '../../shared/contract';
import type { TwoStepService } from './two-step-service';

type TwoStepChannel =
  | 'two-step:get'
  | 'two-step:enable'
  | 'two-step:change-password'
  | 'two-step:set-email'
  | 'two-step:confirm-email'
  | 'two-step:resend-email'
  | 'two-step:cancel-email'
  | 'two-step:disable'
  | 'two-step:request-recovery'
  | 'two-step:recover'
  | 'two-step:reset'
  | 'two-step:decline-reset';

/** The `two-step:*` IPC handlers, for the composition root to merge into `Handlers`. */
export function createTwoStepHandlers(twoStep: TwoStepService) {
  return {
    'two-step:get': ({ accountId }) => twoStep.get(accountId),
    'two-step:enable': ({ accountId, password, hint, email }) =>
      twoStep.enable(accountId, { password, hint, email }),
    'two-step:change-password': ({ accountId, currentPassword, newPassword, hint }) =>
      twoStep.changePassword(accountId, { currentPassword, newPassword, hint }),
    'two-step:set-email': ({ accountId, currentPassword, email }) =>
      twoStep.setEmail(accountId, { currentPassword, email }),
    'two-step:confirm-email': ({ accountId, code }) => twoStep.confirmEmail(accountId, code),
    'two-step:resend-email': ({ accountId }) => twoStep.resendEmail(accountId),
    'two-step:cancel-email': ({ accountId }) => twoStep.cancelEmail(accountId),
    'two-step:disable': ({ accountId, currentPassword }) =>
      twoStep.disable(accountId, currentPassword),
    'two-step:request-recovery': ({ accountId }) => twoStep.requestRecovery(accountId),
    'two-step:recover': ({ accountId, code, newPassword }) =>
      twoStep.recover(accountId, code, newPassword),
    'two-step:reset': ({ accountId }) => twoStep.reset(accountId),
    'two-step:decline-reset': ({ accountId }) => twoStep.declineReset(accountId),
  } satisfies Pick<Handlers, TwoStepChannel>;
}
