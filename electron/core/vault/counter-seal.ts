/**
 * The attempt counter's authentication tag.
 *
 * The counter lives in the plain state store, so anyone who can write the data directory can
 * edit it. An HMAC-SHA256 over its fields makes an edit evident: an entry whose tag does not
 * verify (or that is missing where a passcode exists) is read as a penalty state, never as zero
 * failures. Where the OS keychain is strong, the HMAC key is random and stored wrapped by the
 * keychain, so a forged entry needs the keychain; without one, the key is derived from a constant
 * and only catches edits that do not recompute it. Neither brings a deleted count back: someone
 * who can rewrite these files can also copy the header and guess offline, which is why the
 * passcode wrap uses scrypt with N = 2^17.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AttemptState } from './attempt-limiter';

export const COUNTER_KEY_BYTES = 32;

/** The stored form of the counter: its fields and their tag. */
export interface SealedCounter {
  failures: number;
  retryAt: number | null;
  mac: string;
}

function tag(key: Uint8Array, state: AttemptState): Buffer {
  const message = `gramdeck-vault/attempts/${state.failures}/${state.retryAt ?? 'none'}`;
  return createHmac('sha256', key).update(message).digest();
}

export function sealCounter(key: Uint8Array, state: AttemptState): SealedCounter {
  return { ...state, mac: tag(key, state).toString('base64') };
}

/** The counter in `value` when its tag verifies under `key`; null when missing, damaged or forged. */
export function openCounter(key: Uint8Array, value: unknown): AttemptState | null {
  if (typeof value !== 'object' || value === null) return null;
  const failures: unknown = Reflect.get(value, 'failures');
  const retryAt: unknown = Reflect.get(value, 'retryAt');
  const mac: unknown = Reflect.get(value, 'mac');
  if (typeof failures !== 'number' || !Number.isInteger(failures) || failures < 0) return null;
  if (retryAt !== null && (typeof retryAt !== 'number' || !Number.isFinite(retryAt))) return null;
  if (typeof mac !== 'string') return null;
  const state: AttemptState = { failures, retryAt };
  const expected = tag(key, state);
  const given = Buffer.from(mac, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected) ? state : null;
}

/** The key used where no strong keychain exists: catches naive edits only (see above). */
export function fallbackCounterKey(vaultDirectory: string): Buffer {
  return createHash('sha256')
    .update('gramdeck-vault attempt counter\0')
    .update(vaultDirectory)
    .digest();
}
