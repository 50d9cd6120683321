import { Api } from 'telegram';
import { TELEGRAM_DH_G, TELEGRAM_DH_PRIME, bytesToBigInt, random } from '../crypto';
import { rpcError } from '../errors';
import { normalizePhone, type CodeDeliveryType } from '../scenario';
import { verifyProof } from '../srp';
import {
  FLASH_CALL_PREFIX,
  MISSED_CALL_PREFIX,
  emailPattern,
  unixNow,
  type AccountStore,
  type AuthKeyRecord,
  type CodeAttempt,
  type LoginTokenRecord,
  type UserRecord,
} from '../store';
import { fromLong, toLong } from '../tl';
import { userToTl } from './builders';
import { expectRequest, requireUser, type HandlerTable, type RpcContext } from './context';
import { deliverServiceMessage } from './messages';

/**
 * auth.* — phone codes, sign-in/up, 2FA (SRP) and e-mail recovery, QR login, cross-DC
 * authorization export/import and log-out, following https://core.telegram.org/api/auth.
 */

/** Digits of a phone as clients send it ("+999 66 2..." or "99966..."), or PHONE_NUMBER_INVALID. */
export function parsePhone(raw: string, invalidCode = 400): string {
  const digits = normalizePhone(raw);
  if (!/^[+\d\s()-]*$/.test(raw) || digits.length < 7 || digits.length > 15)
    throw rpcError('PHONE_NUMBER_INVALID', invalidCode);
  return digits;
}

/** The DC a phone belongs to: the account's home, or X of Telegram's 99966XYYYY test numbers. */
function homeDcOf(store: AccountStore, phone: string, fallback: number): number {
  const user = store.findByPhone(phone);
  if (user) return user.dcId;
  const m = /^99966(\d)\d{4}$/.exec(phone);
  const x = m ? Number(m[1]) : NaN;
  return store.dcIds.includes(x) ? x : fallback;
}

/** The type an attempt is at now. */
export function currentType(a: CodeAttempt): CodeDeliveryType {
  return a.types[a.typeIndex] ?? 'sms';
}

function sentCodeType(a: CodeAttempt): Api.auth.TypeSentCodeType {
  const length = a.length;
  const type = currentType(a);
  switch (type) {
    case 'app':
      return new Api.auth.SentCodeTypeApp({ length });
    case 'sms':
      return new Api.auth.SentCodeTypeSms({ length });
    case 'call':
      return new Api.auth.SentCodeTypeCall({ length });
    case 'flash-call':
      // https://core.telegram.org/api/pattern: same length as the digits, `*` for any digit.
      return new Api.auth.SentCodeTypeFlashCall({
        pattern: FLASH_CALL_PREFIX + '*'.repeat(length),
      });
    case 'missed-call':
      return new Api.auth.SentCodeTypeMissedCall({ prefix: `+${MISSED_CALL_PREFIX}`, length });
    case 'email':
      return new Api.auth.SentCodeTypeEmailCode({
        emailPattern: emailPattern(a.email ?? ''),
        length,
      });
    case 'setup-email-required':
      return new Api.auth.SentCodeTypeSetUpEmailRequired({});
    case 'fragment-sms':
      return new Api.auth.SentCodeTypeFragmentSms({
        url: `https://fragment.com/number/${a.phone}/code`,
        length,
      });
    case 'firebase-sms':
      return new Api.auth.SentCodeTypeFirebaseSms({ nonce: random(16), length });
    case 'sms-word':
      return new Api.auth.SentCodeTypeSmsWord({ beginning: a.code.charAt(0) || undefined });
    case 'sms-phrase':
      return new Api.auth.SentCodeTypeSmsPhrase({ beginning: a.code.split(' ')[0] || undefined });
  }
}

/** Whether `type` sends nothing until the client does more (no resend wait applies). */
function sendsNothingYet(type: CodeDeliveryType): boolean {
  return type === 'setup-email-required' || type === 'firebase-sms';
}

/** Telegram compares word codes as words: case and spacing do not matter. */
function sameCode(a: CodeAttempt, entered: string): boolean {
  const type = currentType(a);
  if (type === 'sms-word' || type === 'sms-phrase') {
    const words = (s: string): string => s.trim().toLowerCase().split(/\s+/).join(' ');
    return words(entered) === words(a.code);
  }
  return entered.replace(/\s/g, '') === a.code;
}

/**
 * auth.CodeType for next_type. auth.CodeType has no app, email or firebase member: the app is
 * never a "next" medium, and SMS-like types are announced as SMS.
 */
function nextCodeType(type: CodeDeliveryType | undefined): Api.auth.TypeCodeType | undefined {
  switch (type) {
    case 'sms':
    case 'sms-word':
    case 'sms-phrase':
    case 'firebase-sms':
      return new Api.auth.CodeTypeSms();
    case 'fragment-sms':
      return new Api.auth.CodeTypeFragmentSms();
    case 'call':
      return new Api.auth.CodeTypeCall();
    case 'flash-call':
      return new Api.auth.CodeTypeFlashCall();
    case 'missed-call':
      return new Api.auth.CodeTypeMissedCall();
    default:
      return undefined;
  }
}

export function sentCode(a: CodeAttempt): Api.auth.SentCode {
  const next = a.types[a.typeIndex + 1];
  return new Api.auth.SentCode({
    type: sentCodeType(a),
    phoneCodeHash: a.hash,
    nextType: nextCodeType(next),
    timeout: next && !sendsNothingYet(currentType(a)) ? a.timeoutSeconds : undefined,
  });
}

function notifyOtherSessions(store: AccountStore, phone: string, code: string): void {
  const user = store.findByPhone(phone);
  if (user && store.keysOfUser(user.id).length > 0) {
    deliverServiceMessage(
      store,
      user,
      `Login code: ${code}. Do not give this code to anyone, even if they say they are from Telegram!`,
    );
  }
}

/**
 * The delivery order for an account as it is now: `email` asks to set up a login email while
 * the account has none, and `setup-email-required` becomes `email` once it has one.
 */
function emailTypesResolved(
  types: CodeDeliveryType[],
  loginEmail: string | undefined,
): CodeDeliveryType[] {
  return types.map((t) =>
    t === 'email' && !loginEmail
      ? 'setup-email-required'
      : t === 'setup-email-required' && loginEmail
        ? 'email'
        : t,
  );
}

/**
 * auth.sendCode with a future auth token of this user in `logout_tokens`: the key signs in at
 * once (`auth.sentCodeSuccess`) and the token is used up. Accounts with 2FA still get a code.
 */
function signInWithFutureToken(
  store: AccountStore,
  key: AuthKeyRecord,
  user: UserRecord,
  settings: Api.TypeCodeSettings,
): Api.auth.SentCodeSuccess | undefined {
  if (user.password) return undefined;
  for (const token of settings.logoutTokens ?? []) {
    const hex = token.toString('hex');
    if (store.futureAuthTokens.get(hex) !== user.id) continue;
    store.futureAuthTokens.delete(hex);
    return new Api.auth.SentCodeSuccess({ authorization: completeLogin(store, key, user) });
  }
  return undefined;
}

/** Looks up a code attempt by hash with Telegram's errors. */
export function findAttempt(store: AccountStore, phone: string, hash: string): CodeAttempt {
  if (!hash) throw rpcError('PHONE_CODE_HASH_EMPTY');
  const a = store.codes.get(hash);
  if (!a || a.phone !== phone || a.isCancelled || store.time.nowMs() > a.expiresAt)
    throw rpcError('PHONE_CODE_EXPIRED');
  return a;
}

/** The Authorization constructor describing a key (for acceptLoginToken and getAuthorizations). */
export function authorizationToTl(key: AuthKeyRecord, isCurrent: boolean): Api.Authorization {
  const c = key.client;
  return new Api.Authorization({
    current: isCurrent || undefined,
    hash: toLong(isCurrent ? 0n : key.authHash),
    deviceModel: c?.deviceModel ?? 'Unknown device',
    platform: 'Sandbox',
    systemVersion: c?.systemVersion ?? '',
    apiId: c?.apiId ?? 0,
    appName: 'Gramdeck sandbox client',
    appVersion: c?.appVersion ?? '',
    dateCreated: key.createdAt,
    dateActive: key.dateActive,
    ip: '127.0.0.1',
    country: 'Sandbox',
    region: '',
  });
}

/** Binds `key` to `user` (the login succeeded) and answers auth.Authorization. */
function completeLogin(
  store: AccountStore,
  key: AuthKeyRecord,
  user: UserRecord,
): Api.auth.Authorization {
  key.userId = user.id;
  key.pendingUserId = undefined;
  key.state = 'active';
  key.srp.clear();
  // The account's other sessions hear of the new one, as Telegram tells them.
  store.pushToUser(
    user.id,
    new Api.UpdateShort({
      update: new Api.UpdateNewAuthorization({ hash: toLong(key.authHash) }),
      date: unixNow(),
    }),
    key,
  );
  return new Api.auth.Authorization({ user: userToTl(user, user) });
}

/** Code sign-in or QR login reached the account: either done, or 2FA comes next. */
function loginOrPassword(
  store: AccountStore,
  key: AuthKeyRecord,
  user: UserRecord,
): Api.auth.Authorization {
  if (user.password) {
    key.pendingUserId = user.id;
    throw rpcError('SESSION_PASSWORD_NEEDED');
  }
  return completeLogin(store, key, user);
}

/** The account a 2FA step refers to: the pending one after a code sign-in, or the signed-in one. */
export function passwordSubject(ctx: RpcContext): UserRecord {
  const id = ctx.key.pendingUserId;
  if (id !== undefined) {
    const u = ctx.rt.store.users.get(id);
    if (u) return u;
  }
  return requireUser(ctx);
}

/** Accepts a QR token for `user` from an authorized device; pushes updateLoginToken to the waiting key. */
export function acceptLoginToken(
  store: AccountStore,
  token: Buffer,
  user: UserRecord,
): LoginTokenRecord {
  const rec = store.loginTokens.get(token.toString('hex'));
  if (!rec) throw rpcError('AUTH_TOKEN_INVALID');
  if (store.time.nowMs() > rec.expiresAt) throw rpcError('AUTH_TOKEN_EXPIRED');
  if (rec.acceptedBy !== undefined) throw rpcError('AUTH_TOKEN_ALREADY_ACCEPTED');
  rec.acceptedBy = user.id;
  store.pushToKey(
    rec.key,
    new Api.UpdateShort({ update: new Api.UpdateLoginToken(), date: unixNow() }),
  );
  return rec;
}

/** The newest QR token nobody accepted yet. */
export function latestPendingLoginToken(store: AccountStore): LoginTokenRecord | undefined {
  let best: LoginTokenRecord | undefined;
  for (const t of store.loginTokens.values()) {
    if (
      t.acceptedBy === undefined &&
      store.time.nowMs() <= t.expiresAt &&
      (!best || t.expiresAt >= best.expiresAt)
    )
      best = t;
  }
  return best;
}

function loginTokenResult(ctx: RpcContext, rec: LoginTokenRecord): Api.auth.TypeLoginToken {
  const store = ctx.rt.store;
  const user = rec.acceptedBy !== undefined ? store.users.get(rec.acceptedBy) : undefined;
  if (!user) throw rpcError('AUTH_TOKEN_INVALID');
  if (user.dcId !== ctx.rt.id)
    return new Api.auth.LoginTokenMigrateTo({ dcId: user.dcId, token: rec.token });
  store.loginTokens.delete(rec.token.toString('hex'));
  return new Api.auth.LoginTokenSuccess({ authorization: loginOrPassword(store, ctx.key, user) });
}

/**
 * The verifier a new password's settings carry, or undefined when they set none. A salt1 that does
 * not start with the server's new_algo salt answers NEW_SALT_INVALID, other bad settings
 * NEW_SETTINGS_INVALID.
 */
export function validateNewSettings(
  store: AccountStore,
  s: Api.account.PasswordInputSettings,
): { salt1: Buffer; salt2: Buffer; verifier: Buffer } | undefined {
  const hash = s.newPasswordHash;
  if (!hash || hash.length === 0) return undefined;
  const algo = s.newAlgo;
  if (
    !(algo instanceof Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow) ||
    algo.g !== TELEGRAM_DH_G ||
    !algo.p.equals(TELEGRAM_DH_PRIME)
  ) {
    throw rpcError('NEW_SETTINGS_INVALID');
  }
  if (algo.salt1.length < 8 || !algo.salt1.subarray(0, 8).equals(store.salt1Prefix))
    throw rpcError('NEW_SALT_INVALID');
  if (hash.length !== 256 || bytesToBigInt(hash) <= 1n) throw rpcError('NEW_SETTINGS_INVALID');
  return {
    salt1: Buffer.from(algo.salt1),
    salt2: Buffer.from(algo.salt2),
    verifier: Buffer.from(hash),
  };
}

/** auth.* handlers. */
export const authHandlers: HandlerTable = {
  'auth.sendCode': (req, ctx) => {
    const r = expectRequest(req, Api.auth.SendCode);
    const store = ctx.rt.store;
    const phone = parsePhone(r.phoneNumber);
    const flood = store.floodError(phone, 'auth.sendCode');
    if (flood) throw rpcError(flood);
    const home = homeDcOf(store, phone, ctx.rt.id);
    if (home !== ctx.rt.id) throw rpcError(`PHONE_MIGRATE_${home}`);
    const user = store.findByPhone(phone);
    const signedIn = user && signInWithFutureToken(store, ctx.key, user, r.settings);
    if (signedIn) return signedIn;
    const settings = user?.code ?? store.unknownNumberCode;
    if (settings.types.length === 0) throw rpcError('SEND_CODE_UNAVAILABLE');
    const attempt = store.issueCode(phone, {
      phone,
      hash: random(9).toString('hex'),
      email: user?.loginEmail,
      types: emailTypesResolved(settings.types, user?.loginEmail),
      typeIndex: 0,
      length: settings.length,
      timeoutSeconds: settings.timeoutSeconds,
      expirySeconds: settings.expirySeconds,
      isCancelled: false,
    });
    notifyOtherSessions(store, phone, attempt.code);
    return sentCode(attempt);
  },

  'auth.resendCode': (req, ctx) => {
    const r = expectRequest(req, Api.auth.ResendCode);
    const store = ctx.rt.store;
    const phone = parsePhone(r.phoneNumber, 406);
    const prev = findAttempt(store, phone, r.phoneCodeHash);
    const nextIndex = prev.typeIndex + 1;
    if (nextIndex >= prev.types.length) throw rpcError('SEND_CODE_UNAVAILABLE');
    // The previous SentCode told the client to wait `timeout` seconds; resending earlier is a
    // flood. A type that sent nothing (firebase-sms without a token) had no timeout.
    const waitMs = prev.sentAt + prev.timeoutSeconds * 1000 - store.time.nowMs();
    if (waitMs > 0 && !sendsNothingYet(currentType(prev)))
      throw rpcError(`FLOOD_WAIT_${Math.ceil(waitMs / 1000)}`);
    const settings = store.findByPhone(phone)?.code ?? store.unknownNumberCode;
    const attempt = store.issueCode(phone, {
      phone,
      hash: prev.hash,
      email: store.findByPhone(phone)?.loginEmail,
      types: prev.types,
      typeIndex: nextIndex,
      length: prev.length,
      timeoutSeconds: prev.timeoutSeconds,
      expirySeconds: settings.expirySeconds,
      isCancelled: false,
    });
    notifyOtherSessions(store, phone, attempt.code);
    return sentCode(attempt);
  },

  'auth.cancelCode': (req, ctx) => {
    const r = expectRequest(req, Api.auth.CancelCode);
    const phone = parsePhone(r.phoneNumber);
    if (!r.phoneCodeHash) throw rpcError('PHONE_CODE_HASH_EMPTY');
    const a = ctx.rt.store.codes.get(r.phoneCodeHash);
    if (!a || a.phone !== phone) throw rpcError('PHONE_CODE_EXPIRED');
    a.isCancelled = true;
    return true;
  },

  'auth.signIn': (req, ctx) => {
    const r = expectRequest(req, Api.auth.SignIn);
    const store = ctx.rt.store;
    const phone = parsePhone(r.phoneNumber);
    if (!r.phoneCodeHash) throw rpcError('PHONE_CODE_HASH_EMPTY');
    const a = findAttempt(store, phone, r.phoneCodeHash);
    // An email code signs in only as email_verification, every other code only as phone_code.
    const isEmail = currentType(a) === 'email';
    const entered = isEmail
      ? r.emailVerification instanceof Api.EmailVerificationCode
        ? r.emailVerification.code
        : undefined
      : r.phoneCode;
    if (!entered) {
      if (r.phoneCode || r.emailVerification) throw rpcError('PHONE_CODE_INVALID');
      throw rpcError('PHONE_CODE_EMPTY');
    }
    if (a.code === '' || !sameCode(a, entered)) throw rpcError('PHONE_CODE_INVALID');
    const user = store.findByPhone(phone);
    if (!user) {
      return new Api.auth.AuthorizationSignUpRequired({
        termsOfService: new Api.help.TermsOfService({
          id: new Api.DataJSON({ data: JSON.stringify({ sandbox: true, version: 1 }) }),
          text: 'Gramdeck sandbox terms: this is a local test server, not Telegram. Nothing here is real.',
          entities: [],
        }),
      });
    }
    if (user.dcId !== ctx.rt.id) throw rpcError(`USER_MIGRATE_${user.dcId}`);
    // With 2FA the code stays valid: after an account reset, auth.signUp uses it.
    if (!user.password) store.codes.delete(a.hash);
    return loginOrPassword(store, ctx.key, user);
  },

  'auth.signUp': async (req, ctx) => {
    const r = expectRequest(req, Api.auth.SignUp);
    const store = ctx.rt.store;
    const phone = parsePhone(r.phoneNumber);
    const a = findAttempt(store, phone, r.phoneCodeHash);
    if (store.findByPhone(phone)) throw rpcError('PHONE_NUMBER_OCCUPIED');
    const firstName = r.firstName.trim();
    if (!firstName || firstName.length > 64) throw rpcError('FIRSTNAME_INVALID');
    store.codes.delete(a.hash);
    const user = await store.addAccount({
      phone,
      dcId: ctx.rt.id,
      firstName,
      lastName: r.lastName.trim() || undefined,
      code: store.unknownNumberCode,
    });
    return completeLogin(store, ctx.key, user);
  },

  'auth.logOut': (_req, ctx) => {
    const user = requireUser(ctx);
    ctx.rt.store.revokeKey(ctx.key, 'logged-out');
    // A future auth token: sent in CodeSettings.logout_tokens, it skips the code next time.
    const token = random(32);
    ctx.rt.store.futureAuthTokens.set(token.toString('hex'), user.id);
    return new Api.auth.LoggedOut({ futureAuthToken: token });
  },

  'auth.resetAuthorizations': (_req, ctx) => {
    const user = requireUser(ctx);
    for (const k of ctx.rt.store.keysOfUser(user.id)) {
      if (k !== ctx.key && k.parentKey !== ctx.key && !k.isImported)
        ctx.rt.store.revokeKey(k, 'revoked');
    }
    return true;
  },

  'auth.exportAuthorization': (req, ctx) => {
    const r = expectRequest(req, Api.auth.ExportAuthorization);
    const user = requireUser(ctx);
    if (!ctx.rt.store.dcIds.includes(r.dcId)) throw rpcError('DC_ID_INVALID');
    const bytes = random(32);
    ctx.rt.store.exportedAuths.set(bytes.toString('hex'), {
      userId: user.id,
      dcId: r.dcId,
      from: ctx.key,
    });
    return new Api.auth.ExportedAuthorization({ id: toLong(user.id), bytes });
  },

  'auth.importAuthorization': (req, ctx) => {
    const r = expectRequest(req, Api.auth.ImportAuthorization);
    const store = ctx.rt.store;
    const hex = r.bytes.toString('hex');
    const exp = store.exportedAuths.get(hex);
    if (
      !exp ||
      exp.userId !== fromLong(r.id) ||
      exp.dcId !== ctx.rt.id ||
      exp.from.state !== 'active'
    )
      throw rpcError('AUTH_BYTES_INVALID');
    store.exportedAuths.delete(hex);
    const user = store.users.get(exp.userId);
    if (!user) throw rpcError('AUTH_BYTES_INVALID');
    ctx.key.isImported = true;
    ctx.key.parentKey = exp.from;
    return completeLogin(store, ctx.key, user);
  },

  'auth.checkPassword': (req, ctx) => {
    const r = expectRequest(req, Api.auth.CheckPassword);
    const user = passwordSubject(ctx);
    const pw = user.password;
    if (!pw) throw rpcError('PASSWORD_EMPTY');
    if (!(r.password instanceof Api.InputCheckPasswordSRP)) throw rpcError('PASSWORD_HASH_INVALID');
    const srpId = fromLong(r.password.srpId);
    const challenge = ctx.key.srp.get(srpId);
    if (!challenge || challenge.userId !== user.id) throw rpcError('SRP_ID_INVALID');
    ctx.key.srp.delete(srpId); // single use, like Telegram's srp_id
    if (!verifyProof(pw.srp, challenge, r.password.A, r.password.M1))
      throw rpcError('PASSWORD_HASH_INVALID');
    return completeLogin(ctx.rt.store, ctx.key, user);
  },

  'auth.requestPasswordRecovery': (_req, ctx) => {
    const user = passwordSubject(ctx);
    const pw = user.password;
    if (!pw) throw rpcError('PASSWORD_EMPTY');
    if (!pw.recoveryEmail) throw rpcError('PASSWORD_RECOVERY_NA');
    ctx.rt.store.issueRecoveryCode(user);
    return new Api.auth.PasswordRecovery({ emailPattern: emailPattern(pw.recoveryEmail) });
  },

  'auth.checkRecoveryPassword': (req, ctx) => {
    const r = expectRequest(req, Api.auth.CheckRecoveryPassword);
    const user = passwordSubject(ctx);
    if (!r.code) throw rpcError('CODE_EMPTY');
    const rec = ctx.rt.store.recovery.get(user.id);
    if (!rec || ctx.rt.store.time.nowMs() > rec.expiresAt)
      throw rpcError('PASSWORD_RECOVERY_EXPIRED');
    return r.code.trim() === rec.code;
  },

  'auth.recoverPassword': (req, ctx) => {
    const r = expectRequest(req, Api.auth.RecoverPassword);
    const store = ctx.rt.store;
    const user = passwordSubject(ctx);
    if (!user.password) throw rpcError('PASSWORD_EMPTY');
    if (!r.code) throw rpcError('CODE_EMPTY');
    const rec = store.recovery.get(user.id);
    if (!rec || store.time.nowMs() > rec.expiresAt) throw rpcError('PASSWORD_RECOVERY_EXPIRED');
    if (r.code.trim() !== rec.code) throw rpcError('CODE_INVALID');
    const next = r.newSettings ? validateNewSettings(store, r.newSettings) : undefined;
    store.recovery.delete(user.id);
    // Recovery replaces whatever change or reset was waiting.
    store.pendingPasswordEmails.delete(user.id);
    store.pendingPasswordResets.delete(user.id);
    if (next) {
      user.password = { ...user.password, srp: next, hint: r.newSettings?.hint || undefined };
    } else {
      user.password = undefined; // recovery without new settings removes 2FA
    }
    // A signed-in session (an added account recovering its password) stays as it is.
    if (ctx.key.state === 'active' && ctx.key.userId === user.id)
      return new Api.auth.Authorization({ user: userToTl(user, user) });
    return completeLogin(store, ctx.key, user);
  },

  'auth.exportLoginToken': (req, ctx) => {
    expectRequest(req, Api.auth.ExportLoginToken);
    const store = ctx.rt.store;
    for (const rec of store.loginTokens.values()) {
      if (rec.key === ctx.key && rec.acceptedBy !== undefined) return loginTokenResult(ctx, rec);
    }
    for (const [hex, rec] of store.loginTokens)
      if (rec.key === ctx.key) store.loginTokens.delete(hex);
    const token = random(32);
    const expiresAt = store.time.nowMs() + store.loginTokenSeconds * 1000;
    store.loginTokens.set(token.toString('hex'), { token, key: ctx.key, expiresAt });
    return new Api.auth.LoginToken({ expires: Math.floor(expiresAt / 1000), token });
  },

  'auth.importLoginToken': (req, ctx) => {
    const r = expectRequest(req, Api.auth.ImportLoginToken);
    const rec = ctx.rt.store.loginTokens.get(r.token.toString('hex'));
    if (!rec) throw rpcError('AUTH_TOKEN_INVALID');
    if (rec.acceptedBy === undefined) {
      if (ctx.rt.store.time.nowMs() > rec.expiresAt) throw rpcError('AUTH_TOKEN_EXPIRED');
      return new Api.auth.LoginToken({
        expires: Math.floor(rec.expiresAt / 1000),
        token: rec.token,
      });
    }
    return loginTokenResult(ctx, rec);
  },

  'auth.acceptLoginToken': (req, ctx) => {
    const r = expectRequest(req, Api.auth.AcceptLoginToken);
    const user = requireUser(ctx);
    const rec = acceptLoginToken(ctx.rt.store, r.token, user);
    return authorizationToTl(rec.key, false);
  },
};
