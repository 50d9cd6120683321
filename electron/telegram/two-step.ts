/**
 * Two-step verification of an added account (issue 15): the new settings of one
 * `account.updatePasswordSettings`, built the way official apps (and GramJS's
 * `updateTwoFaSettings`) build them: the server's new_algo with 32 random client bytes appended to
 * salt1, and the new password's SRP verifier from GramJS's `computeDigest`.
 */
import { randomBytes } from 'node:crypto';
import { Api } from 'telegram';
import { computeDigest } from 'telegram/Password';
import type { TwoStepChange, TwoStepInfo } from '../core/ports';
import { failure } from '../shared/error-words';

type ModPowAlgo = Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow;

/** The server's new_algo with a client salt appended, or NEW_SETTINGS_INVALID for an unknown one. */
function clientAlgo(password: Api.account.Password): ModPowAlgo {
  const algo = password.newAlgo;
  if (!(algo instanceof Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow))
    throw failure('NEW_SETTINGS_INVALID');
  return new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
    salt1: Buffer.concat([algo.salt1, randomBytes(32)]),
    salt2: algo.salt2,
    g: algo.g,
    p: algo.p,
  });
}

/** `account.passwordInputSettings` for `change`: flags.0 only when the password changes. */
export async function passwordInputSettings(
  password: Api.account.Password,
  change: TwoStepChange,
): Promise<Api.account.PasswordInputSettings> {
  const fields: ConstructorParameters<typeof Api.account.PasswordInputSettings>[0] = {};
  if (change.password === null) {
    fields.newAlgo = clientAlgo(password);
    fields.newPasswordHash = Buffer.alloc(0);
    fields.hint = '';
  } else if (change.password !== undefined) {
    const algo = clientAlgo(password);
    fields.newAlgo = algo;
    fields.newPasswordHash = await computeDigest(algo, change.password.password);
    fields.hint = change.password.hint;
  }
  if (change.email !== undefined) fields.email = change.email ?? '';
  return new Api.account.PasswordInputSettings(fields);
}

/** `account.password` as plain data. */
export function mapTwoStepInfo(p: Api.account.Password): TwoStepInfo {
  return {
    hasPassword: p.hasPassword === true,
    hasRecovery: p.hasRecovery === true,
    hint: p.hint ?? null,
    emailUnconfirmedPattern: p.emailUnconfirmedPattern ?? null,
    pendingResetAt: p.pendingResetDate ? p.pendingResetDate * 1000 : null,
  };
}
