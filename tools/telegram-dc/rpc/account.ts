import { Api } from 'telegram';
import { TELEGRAM_DH_G, TELEGRAM_DH_PRIME, random, randomLong } from '../crypto';
import { rpcError } from '../errors';
import { createChallenge, verifyProof } from '../srp';
import { emailPattern, type AccountStore, type CodeAttempt } from '../store';
import { fromLong, toLong } from '../tl';
import {
  authorizationToTl,
  currentType,
  findAttempt,
  parsePhone,
  passwordSubject,
  sentCode,
} from './auth';
import { expectRequest, requireUser, type HandlerTable, type RpcContext } from './context';
import { deliverServiceMessage } from './messages';
import { pendingEmailPattern } from './password-settings';

/** True when `check` proves the password of `ctx`'s 2FA subject (single-use srp_id, as checkPassword). */
export function isPasswordProof(ctx: RpcContext, check: Api.TypeInputCheckPasswordSRP): boolean {
  const user = passwordSubject(ctx);
  const pw = user.password;
  if (!pw || !(check instanceof Api.InputCheckPasswordSRP)) return false;
  const srpId = fromLong(check.srpId);
  const challenge = ctx.key.srp.get(srpId);
  if (!challenge || challenge.userId !== user.id) throw rpcError('SRP_ID_INVALID');
  ctx.key.srp.delete(srpId);
  return verifyProof(pw.srp, challenge, check.A, check.M1);
}

/** Digits of an email verification code, as Telegram e-mails them. */
const EMAIL_SETUP_CODE_LENGTH = 6;

/**
 * The login attempt a `emailVerifyPurposeLoginSetup` names, which must be waiting for a login
 * email (`auth.sentCodeTypeSetUpEmailRequired`). Other purposes need a signed-in account and are
 * not part of the sandbox.
 */
function loginSetupAttempt(store: AccountStore, purpose: Api.TypeEmailVerifyPurpose): CodeAttempt {
  if (!(purpose instanceof Api.EmailVerifyPurposeLoginSetup))
    throw rpcError('INPUT_REQUEST_INVALID');
  const attempt = findAttempt(store, parsePhone(purpose.phoneNumber), purpose.phoneCodeHash);
  if (currentType(attempt) !== 'setup-email-required') throw rpcError('INPUT_REQUEST_INVALID');
  return attempt;
}

/** account.* — 2FA parameters, active sessions, online status, login email setup. */
export const accountHandlers: HandlerTable = {
  'account.sendVerifyEmailCode': (req, ctx) => {
    const r = expectRequest(req, Api.account.SendVerifyEmailCode);
    const store = ctx.rt.store;
    const attempt = loginSetupAttempt(store, r.purpose);
    const email = r.email.trim();
    if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      throw rpcError('EMAIL_INVALID');
    store.issueEmailSetupCode(attempt, email);
    return new Api.account.SentEmailCode({
      emailPattern: emailPattern(email),
      length: EMAIL_SETUP_CODE_LENGTH,
    });
  },

  'account.verifyEmail': (req, ctx) => {
    const r = expectRequest(req, Api.account.VerifyEmail);
    const store = ctx.rt.store;
    const attempt = loginSetupAttempt(store, r.purpose);
    const setup = attempt.emailSetup;
    if (!setup || store.time.nowMs() > setup.expiresAt) throw rpcError('EMAIL_VERIFY_EXPIRED');
    if (!(r.verification instanceof Api.EmailVerificationCode)) throw rpcError('CODE_INVALID');
    if (r.verification.code.trim() !== setup.code) throw rpcError('CODE_INVALID');
    // The address is now the account's login email, and a login code goes there.
    const user = store.findByPhone(attempt.phone);
    if (user) user.loginEmail = setup.email;
    const types = attempt.types.map((t, i) => (i === attempt.typeIndex ? 'email' : t));
    const next = store.issueCode(attempt.phone, {
      phone: attempt.phone,
      hash: attempt.hash,
      email: setup.email,
      types,
      typeIndex: attempt.typeIndex,
      length: attempt.length,
      timeoutSeconds: attempt.timeoutSeconds,
      expirySeconds: (user?.code ?? store.unknownNumberCode).expirySeconds,
      isCancelled: false,
    });
    return new Api.account.EmailVerifiedLogin({ email: setup.email, sentCode: sentCode(next) });
  },

  'account.getPassword': (_req, ctx) => {
    const user = passwordSubject(ctx);
    const store = ctx.rt.store;
    const pw = user.password;
    const algo = (
      salt1: Buffer,
      salt2: Buffer,
    ): Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow =>
      new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
        salt1,
        salt2,
        g: TELEGRAM_DH_G,
        p: TELEGRAM_DH_PRIME,
      });
    let srp: { srp_B: Buffer; srpId: ReturnType<typeof toLong> } | undefined;
    if (pw) {
      const challenge = createChallenge(pw.srp);
      const srpId = randomLong();
      ctx.key.srp.set(srpId, { ...challenge, userId: user.id });
      srp = { srp_B: challenge.B, srpId: toLong(srpId) };
    }
    return new Api.account.Password({
      hasRecovery: pw?.recoveryEmail ? true : undefined,
      hasPassword: pw ? true : undefined,
      currentAlgo: pw ? algo(pw.srp.salt1, pw.srp.salt2) : undefined,
      srp_B: srp?.srp_B,
      srpId: srp?.srpId,
      hint: pw?.hint,
      emailUnconfirmedPattern: pendingEmailPattern(store, user),
      pendingResetDate: store.pendingPasswordResets.get(user.id),
      // Clients append 32 random bytes to new_algo.salt1 when they set a new password.
      newAlgo: algo(store.salt1Prefix, random(16)),
      newSecureAlgo: new Api.SecurePasswordKdfAlgoPBKDF2HMACSHA512iter100000({ salt: random(8) }),
      secureRandom: random(32),
    });
  },

  /**
   * Deletes the account. A login waiting for its 2FA password may call it without the password
   * ("Forgot password?" → "Reset account" when there is no recovery email): a recently active
   * account is then held back for `resetWaitSeconds` (2FA_CONFIRM_WAIT_X, the remaining seconds)
   * and its signed-in devices are told; once the wait is over the call deletes it.
   */
  'account.deleteAccount': (req, ctx) => {
    const r = expectRequest(req, Api.account.DeleteAccount);
    const store = ctx.rt.store;
    const user = passwordSubject(ctx);
    const pw = user.password;
    if (r.password) {
      if (!isPasswordProof(ctx, r.password)) throw rpcError('PASSWORD_HASH_INVALID');
    } else if (pw && pw.resetWaitSeconds > 0) {
      const t = store.time.nowSeconds();
      if (user.resetAllowedAt === undefined) {
        user.resetAllowedAt = t + pw.resetWaitSeconds;
        deliverServiceMessage(
          store,
          user,
          'Someone asked to reset your account because its two-step verification password ' +
            'was forgotten. The reset is allowed after a waiting period.',
        );
      }
      const left = user.resetAllowedAt - t;
      if (left > 0) throw rpcError(`2FA_CONFIRM_WAIT_${left}`, 420);
    }
    store.deleteAccount(user);
    return true;
  },

  'account.getAuthorizations': (_req, ctx) => {
    const user = requireUser(ctx);
    const keys = ctx.rt.store.keysOfUser(user.id).filter((k) => !k.isImported);
    return new Api.account.Authorizations({
      authorizationTtlDays: 180,
      authorizations: keys.map((k) => authorizationToTl(k, k === ctx.key)),
    });
  },

  'account.resetAuthorization': (req, ctx) => {
    const r = expectRequest(req, Api.account.ResetAuthorization);
    const user = requireUser(ctx);
    const hash = fromLong(r.hash);
    const target = ctx.rt.store
      .keysOfUser(user.id)
      .find((k) => !k.isImported && k !== ctx.key && k.authHash === hash);
    if (hash === 0n || !target) throw rpcError('HASH_INVALID');
    ctx.rt.store.revokeKey(target, 'revoked');
    return true;
  },

  'account.updateStatus': (req, ctx) => {
    const r = expectRequest(req, Api.account.UpdateStatus);
    const user = requireUser(ctx);
    user.status = { online: !r.offline, at: Math.floor(Date.now() / 1000) };
    return true;
  },
};
