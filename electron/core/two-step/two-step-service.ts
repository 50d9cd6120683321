/**
 * Two-step verification of an added account (issue 15): reads and changes its Telegram password
 * settings on the account's own connection. Turning it on, changing the password, changing or
 * removing the recovery email (confirmed by an emailed code), turning it off, recovery of a
 * forgotten password by email code, and Telegram's reset with its waiting period.
 *
 * Passwords and codes pass through to the adapter and are never logged, kept or sent back; the
 * renderer gets a {@link TwoStepState} only. Failures carry the form field they concern.
 */
import { failure, formatWait } from '../../shared/error-words';
import { isAppFailure, type AppErrorCode } from '../../shared/errors';
import type { TwoStepState } from '../../shared/two-step-dto';
import type { Clock, Logger, TelegramConnection, TwoStepInfo } from '../ports';

/** What the service needs of the account manager. */
export interface TwoStepAccounts {
  call<T>(accountId: string, run: (connection: TelegramConnection) => Promise<T>): Promise<T>;
}

export interface TwoStepServiceOptions {
  accounts: TwoStepAccounts;
  logger: Logger;
  clock: Clock;
  /** An account's two-step verification changed (its health is checked again). */
  onChanged?: (accountId: string) => void;
}

export interface NewTwoStepPassword {
  password: string;
  hint: string;
}

export interface TwoStepService {
  get(accountId: string): Promise<TwoStepState>;
  /**
   * Turns two-step verification on for an account that lacks it (TWO_STEP_ALREADY_ON
   * otherwise). With an email, the password waits for the emailed code (`confirmEmail`). The
   * bulk action "turn on two-step verification" calls this once per selected account.
   */
  enable(
    accountId: string,
    settings: { password: string; hint: string; email?: string | undefined },
  ): Promise<TwoStepState>;
  changePassword(
    accountId: string,
    change: { currentPassword: string; newPassword: string; hint: string },
  ): Promise<TwoStepState>;
  /** A new recovery email (confirmed by its emailed code), or null to remove it. */
  setEmail(
    accountId: string,
    change: { currentPassword: string; email: string | null },
  ): Promise<TwoStepState>;
  confirmEmail(accountId: string, code: string): Promise<TwoStepState>;
  resendEmail(accountId: string): Promise<TwoStepState>;
  cancelEmail(accountId: string): Promise<TwoStepState>;
  disable(accountId: string, currentPassword: string): Promise<TwoStepState>;
  requestRecovery(accountId: string): Promise<{ emailPattern: string }>;
  /** Recovery by the emailed code; without a new password, two-step verification turns off. */
  recover(
    accountId: string,
    code: string,
    newPassword: NewTwoStepPassword | null,
  ): Promise<TwoStepState>;
  /** Telegram's reset of a forgotten password: starts the waiting period, or ends it when over. */
  reset(accountId: string): Promise<TwoStepState>;
  declineReset(accountId: string): Promise<TwoStepState>;
}

/** The form field each Telegram refusal concerns, per action. */
type FieldOf = Partial<Record<AppErrorCode, string>>;

const passwordFields: FieldOf = {
  PASSWORD_HASH_INVALID: 'currentPassword',
  PASSWORD_EMPTY: 'currentPassword',
  NEW_SETTINGS_INVALID: 'newPassword',
  NEW_SALT_INVALID: 'newPassword',
  EMAIL_INVALID: 'email',
};

const codeFields: FieldOf = {
  CODE_INVALID: 'code',
  CODE_EMPTY: 'code',
  PASSWORD_RECOVERY_EXPIRED: 'code',
  EMAIL_HASH_EXPIRED: 'code',
  NEW_SETTINGS_INVALID: 'newPassword',
  NEW_SALT_INVALID: 'newPassword',
};

/** The words of a wrong emailed code: it may be the recovery code or the new email's code. */
const wrongEmailCode = 'That code is not right. Check the email and enter it again.';

export function createTwoStepService(options: TwoStepServiceOptions): TwoStepService {
  const { accounts, clock } = options;
  const log = options.logger.child({ scope: 'two-step' });
  /** Digits of the code the unconfirmed recovery email of each account waits for. */
  const emailCodeLengths = new Map<string, number>();

  /** Runs a Telegram call for `accountId`, mapping its refusals onto form fields. */
  async function run<T>(
    accountId: string,
    action: string,
    fields: FieldOf,
    call: (c: TelegramConnection) => Promise<T>,
  ): Promise<T> {
    try {
      return await accounts.call(accountId, call);
    } catch (error) {
      if (!isAppFailure(error)) throw error;
      log.log('info', 'Two-step verification call refused', {
        account: accountId,
        action,
        code: error.code,
      });
      const field = fields[error.code];
      if (field === undefined || error.field !== undefined) throw error;
      const message = error.code === 'CODE_INVALID' ? wrongEmailCode : error.message;
      throw failure(error.code, {
        field,
        message,
        ...(error.retryAfter === undefined ? {} : { retryAfter: error.retryAfter }),
      });
    }
  }

  function toState(accountId: string, info: TwoStepInfo): TwoStepState {
    if (!info.emailUnconfirmedPattern) emailCodeLengths.delete(accountId);
    return {
      accountId,
      isOn: info.hasPassword,
      hint: info.hint,
      hasRecoveryEmail: info.hasRecovery,
      unconfirmedEmailPattern: info.emailUnconfirmedPattern,
      emailCodeLength: info.emailUnconfirmedPattern
        ? (emailCodeLengths.get(accountId) ?? null)
        : null,
      pendingResetAt: info.pendingResetAt,
    };
  }

  async function get(accountId: string): Promise<TwoStepState> {
    return toState(accountId, await run(accountId, 'get', {}, (c) => c.getTwoStepInfo()));
  }

  /** Notes the emailed code's length of a change that waits for it, then reads the state. */
  async function settled(
    accountId: string,
    action: string,
    result: { emailCodeLength: number | null },
  ): Promise<TwoStepState> {
    const state = await get(accountId);
    if (state.unconfirmedEmailPattern && result.emailCodeLength !== null) {
      emailCodeLengths.set(accountId, result.emailCodeLength);
      state.emailCodeLength = result.emailCodeLength;
    }
    log.log('info', 'Two-step verification changed', {
      account: accountId,
      action,
      isOn: state.isOn,
      isEmailWaiting: state.unconfirmedEmailPattern !== null,
    });
    options.onChanged?.(accountId);
    return state;
  }

  async function requireOn(accountId: string): Promise<void> {
    const info = await run(accountId, 'get', {}, (c) => c.getTwoStepInfo());
    if (!info.hasPassword) throw failure('TWO_STEP_OFF');
  }

  return {
    get,

    async enable(accountId, settings) {
      const info = await run(accountId, 'get', {}, (c) => c.getTwoStepInfo());
      if (info.hasPassword) throw failure('TWO_STEP_ALREADY_ON');
      const result = await run(accountId, 'enable', passwordFields, (c) =>
        c.updateTwoStep(null, {
          password: { password: settings.password, hint: settings.hint },
          ...(settings.email === undefined ? {} : { email: settings.email }),
        }),
      );
      return settled(accountId, 'enable', result);
    },

    async changePassword(accountId, change) {
      await requireOn(accountId);
      const result = await run(accountId, 'change-password', passwordFields, (c) =>
        c.updateTwoStep(change.currentPassword, {
          password: { password: change.newPassword, hint: change.hint },
        }),
      );
      return settled(accountId, 'change-password', result);
    },

    async setEmail(accountId, change) {
      await requireOn(accountId);
      const result = await run(accountId, 'set-email', passwordFields, (c) =>
        c.updateTwoStep(change.currentPassword, { email: change.email }),
      );
      return settled(accountId, change.email === null ? 'remove-email' : 'set-email', result);
    },

    async confirmEmail(accountId, code) {
      await run(accountId, 'confirm-email', codeFields, (c) => c.confirmTwoStepEmail(code));
      return settled(accountId, 'confirm-email', { emailCodeLength: null });
    },

    async resendEmail(accountId) {
      await run(accountId, 'resend-email', codeFields, (c) => c.resendTwoStepEmail());
      return get(accountId);
    },

    async cancelEmail(accountId) {
      await run(accountId, 'cancel-email', {}, (c) => c.cancelTwoStepEmail());
      emailCodeLengths.delete(accountId);
      return settled(accountId, 'cancel-email', { emailCodeLength: null });
    },

    async disable(accountId, currentPassword) {
      await requireOn(accountId);
      await run(accountId, 'disable', passwordFields, (c) =>
        c.updateTwoStep(currentPassword, { password: null }),
      );
      return settled(accountId, 'disable', { emailCodeLength: null });
    },

    async requestRecovery(accountId) {
      await requireOn(accountId);
      return run(accountId, 'request-recovery', {}, (c) => c.requestPasswordRecovery());
    },

    async recover(accountId, code, newPassword) {
      await run(accountId, 'recover', codeFields, (c) => c.recoverPassword(code, newPassword));
      return settled(accountId, 'recover', { emailCodeLength: null });
    },

    async reset(accountId) {
      await requireOn(accountId);
      const result = await run(accountId, 'reset', {}, (c) => c.resetTwoStep());
      if (result.kind === 'refused') {
        const seconds = Math.max(1, Math.ceil((result.retryAt - clock.now()) / 1000));
        throw failure('TELEGRAM_ERROR', {
          retryAfter: seconds,
          message:
            'A reset of this password was cancelled recently, so Telegram does not allow ' +
            `another one yet. Try again in ${formatWait(seconds)}.`,
        });
      }
      return settled(accountId, result.kind === 'done' ? 'reset-done' : 'reset-requested', {
        emailCodeLength: null,
      });
    },

    async declineReset(accountId) {
      await run(accountId, 'decline-reset', {}, (c) => c.declineTwoStepReset());
      return settled(accountId, 'decline-reset', { emailCodeLength: null });
    },
  };
}
