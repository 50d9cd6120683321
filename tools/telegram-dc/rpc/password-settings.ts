import { Api } from 'telegram';
import { rpcError } from '../errors';
import {
  deriveCode,
  emailPattern,
  type AccountStore,
  type PasswordRecord,
  type UserRecord,
} from '../store';
import { isPasswordProof } from './account';
import { validateNewSettings } from './auth';
import { expectRequest, requireUser, type HandlerTable, type RpcContext } from './context';
import { deliverServiceMessage } from './messages';

/**
 * Two-step verification of a signed-in account (https://core.telegram.org/api/srp): reading and
 * changing the password settings, the recovery email and its emailed confirmation code, and the
 * password reset with its waiting period on the DC's clock. Recovery by email code is
 * `auth.requestPasswordRecovery` / `auth.recoverPassword` in `auth.ts`, for logins and signed-in
 * sessions alike.
 */

/** Digits of the code that confirms a new recovery email, as `EMAIL_UNCONFIRMED_6` says. */
export const PASSWORD_EMAIL_CODE_LENGTH = 6;
/** How long a recovery email's confirmation code confirms (DC time). */
const PASSWORD_EMAIL_CODE_SECONDS = 24 * 3600;
/** Telegram's waiting period for a password reset when the scenario names none. */
const DEFAULT_RESET_WAIT_SECONDS = 7 * 24 * 3600;

/** The masked new recovery email that waits for its code, for account.password. */
export function pendingEmailPattern(store: AccountStore, user: UserRecord): string | undefined {
  const pending = store.pendingPasswordEmails.get(user.id);
  return pending ? emailPattern(pending.email) : undefined;
}

/** Telegram's check of an email address: something@something.tld, at most 254 characters. */
function isEmailShaped(email: string): boolean {
  return email.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);
}

/**
 * The current password proven: an SRP proof when the account has a password, the empty check when
 * it has none. Anything else is PASSWORD_HASH_INVALID.
 */
function requireCurrentPassword(ctx: RpcContext, check: Api.TypeInputCheckPasswordSRP): void {
  const user = requireUser(ctx);
  if (!user.password) {
    if (!(check instanceof Api.InputCheckPasswordEmpty)) throw rpcError('PASSWORD_HASH_INVALID');
    return;
  }
  if (!isPasswordProof(ctx, check)) throw rpcError('PASSWORD_HASH_INVALID');
}

/** E-mails (emits) the pending recovery email's next confirmation code. */
function sendPasswordEmailCode(store: AccountStore, user: UserRecord): void {
  const pending = store.pendingPasswordEmails.get(user.id);
  if (!pending) return;
  pending.sends++;
  pending.code = deriveCode(
    user.phone ?? '',
    pending.sends,
    PASSWORD_EMAIL_CODE_LENGTH,
    `password-email:${pending.email}`,
  );
  pending.expiresAt = store.time.nowMs() + PASSWORD_EMAIL_CODE_SECONDS * 1000;
  store.emit('password-email-code', {
    phone: '+' + (user.phone ?? ''),
    email: pending.email,
    code: pending.code,
  });
}

/** The pending recovery email of the signed-in user, or EMAIL_HASH_EXPIRED when none waits. */
function pendingOf(ctx: RpcContext): { user: UserRecord; store: AccountStore } {
  const user = requireUser(ctx);
  const store = ctx.rt.store;
  if (!store.pendingPasswordEmails.has(user.id)) throw rpcError('EMAIL_HASH_EXPIRED');
  return { user, store };
}

/** Settles a change: the password record is replaced and any reset or email that waited ends. */
function applyPassword(
  store: AccountStore,
  user: UserRecord,
  next: PasswordRecord | undefined,
): void {
  user.password = next;
  store.pendingPasswordEmails.delete(user.id);
  store.pendingPasswordResets.delete(user.id);
  store.recovery.delete(user.id);
}

export const passwordSettingsHandlers: HandlerTable = {
  'account.getPasswordSettings': (req, ctx) => {
    const r = expectRequest(req, Api.account.GetPasswordSettings);
    const user = requireUser(ctx);
    requireCurrentPassword(ctx, r.password);
    return new Api.account.PasswordSettings({ email: user.password?.recoveryEmail });
  },

  /**
   * Sets (from none, with inputCheckPasswordEmpty), changes or removes the password, its hint and
   * its recovery email. A new recovery email holds the whole change back until its emailed code
   * is confirmed (EMAIL_UNCONFIRMED_6); an empty email removes it.
   */
  'account.updatePasswordSettings': (req, ctx) => {
    const r = expectRequest(req, Api.account.UpdatePasswordSettings);
    const store = ctx.rt.store;
    const user = requireUser(ctx);
    requireCurrentPassword(ctx, r.password);
    const s = r.newSettings;
    // GramJS reads an absent flag field as null: only flags.0 (new_algo, new_password_hash, hint)
    // sets or removes the password.
    const setsPassword = Boolean(s.newAlgo) || Boolean(s.newPasswordHash);
    const email = s.email?.trim();
    if (email !== undefined && email !== '' && !isEmailShaped(email))
      throw rpcError('EMAIL_INVALID');
    const current = user.password;
    let next: PasswordRecord | undefined;
    if (setsPassword) {
      const srp = validateNewSettings(store, s);
      if (!srp) {
        // An empty hash removes two-step verification, recovery email and all.
        if (!current) throw rpcError('NEW_SETTINGS_EMPTY');
        applyPassword(store, user, undefined);
        return true;
      }
      next = {
        srp,
        hint: s.hint?.trim() || undefined,
        recoveryEmail: current?.recoveryEmail,
        fixedRecoveryCode: current?.fixedRecoveryCode,
        recoveryCodeExpirySeconds: current?.recoveryCodeExpirySeconds ?? 600,
        resetWaitSeconds: current?.resetWaitSeconds ?? DEFAULT_RESET_WAIT_SECONDS,
      };
    } else {
      if (!current) throw rpcError('NEW_SETTINGS_EMPTY');
      next = { ...current };
    }
    if (email === '') next.recoveryEmail = undefined;
    if (email && email !== current?.recoveryEmail) {
      store.pendingPasswordEmails.set(user.id, {
        next: { ...next, recoveryEmail: email },
        email,
        code: '',
        expiresAt: 0,
        sends: 0,
      });
      sendPasswordEmailCode(store, user);
      throw rpcError(`EMAIL_UNCONFIRMED_${PASSWORD_EMAIL_CODE_LENGTH}`);
    }
    applyPassword(store, user, next);
    return true;
  },

  'account.confirmPasswordEmail': (req, ctx) => {
    const r = expectRequest(req, Api.account.ConfirmPasswordEmail);
    const { user, store } = pendingOf(ctx);
    const pending = store.pendingPasswordEmails.get(user.id);
    if (!pending || store.time.nowMs() > pending.expiresAt) throw rpcError('EMAIL_HASH_EXPIRED');
    if (r.code.trim() === '') throw rpcError('CODE_EMPTY');
    if (r.code.trim() !== pending.code) throw rpcError('CODE_INVALID');
    applyPassword(store, user, pending.next);
    return true;
  },

  'account.resendPasswordEmail': (req, ctx) => {
    expectRequest(req, Api.account.ResendPasswordEmail);
    const { user, store } = pendingOf(ctx);
    sendPasswordEmailCode(store, user);
    return true;
  },

  'account.cancelPasswordEmail': (req, ctx) => {
    expectRequest(req, Api.account.CancelPasswordEmail);
    const user = requireUser(ctx);
    ctx.rt.store.pendingPasswordEmails.delete(user.id);
    return true;
  },

  /**
   * The reset of a forgotten password from a signed-in session: the first call starts the
   * waiting period (resetPasswordRequestedWait until its end, shown as account.password's
   * pending_reset_date); a call after it removes the password (resetPasswordOk).
   */
  'account.resetPassword': (req, ctx) => {
    expectRequest(req, Api.account.ResetPassword);
    const store = ctx.rt.store;
    const user = requireUser(ctx);
    const pw = user.password;
    if (!pw) throw rpcError('PASSWORD_EMPTY');
    const t = store.time.nowSeconds();
    let until = store.pendingPasswordResets.get(user.id);
    if (until === undefined) {
      until = t + pw.resetWaitSeconds;
      if (pw.resetWaitSeconds > 0) {
        store.pendingPasswordResets.set(user.id, until);
        deliverServiceMessage(
          store,
          user,
          'Someone asked to reset the two-step verification password of your account. ' +
            'If it was not you, cancel the reset from a signed-in device.',
        );
      }
    }
    if (until > t) return new Api.account.ResetPasswordRequestedWait({ untilDate: until });
    applyPassword(store, user, undefined);
    return new Api.account.ResetPasswordOk();
  },

  'account.declinePasswordReset': (req, ctx) => {
    expectRequest(req, Api.account.DeclinePasswordReset);
    const store = ctx.rt.store;
    const user = requireUser(ctx);
    if (!store.pendingPasswordResets.delete(user.id)) throw rpcError('RESET_REQUEST_MISSING');
    return true;
  },
};
