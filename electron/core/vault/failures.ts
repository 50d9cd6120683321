/** The vault's refusals, in the plain sentences the user reads. */
import type { StorageBackend } from '../../shared/dto';
import { failure, formatWait } from '../../shared/error-words';
import type { AppFailure } from '../../shared/errors';

/** Why the data key is not at hand. */
export type LockedReason =
  /** The header carries a key that opens none of the saved records. */
  | 'wrong-key'
  /** The header carries an unprotected key although a strong keychain exists. */
  | 'plain-key-refused'
  /** No passcode, and the keychain no longer unwraps the key. */
  | 'keychain-lost'
  | 'locked';

export function lockedFailure(reason: LockedReason): AppFailure {
  switch (reason) {
    case 'wrong-key':
      return failure('STORAGE_CORRUPT', {
        message:
          'The key in the vault header (vault.json) opens none of the saved sessions, so that ' +
          'header was replaced or belongs to another vault. Gramdeck will not use it. Nothing ' +
          'was moved or deleted: put back the right vault.json to open your sessions.',
      });
    case 'plain-key-refused':
      return failure('STORAGE_CORRUPT', {
        message:
          'The vault header (vault.json) holds its key unprotected although this computer has a ' +
          'system keychain, so Gramdeck does not trust it: it may have been replaced. Nothing ' +
          'was moved or deleted. If you stored it that way yourself, open it with the web host ' +
          'and set a passcode there.',
      });
    case 'keychain-lost':
      return failure('LOCKED', {
        message:
          'The system keychain no longer opens the saved sessions, and no passcode was set. ' +
          'Nothing was deleted: run Gramdeck again where the keychain is available to open them.',
      });
    case 'locked':
      return failure('LOCKED');
  }
}

export function newerFailure(): AppFailure {
  return failure('STORAGE_CORRUPT', {
    message:
      'The saved sessions were written by a newer version of Gramdeck. Update Gramdeck to open them.',
  });
}

/** Saving sessions is refused until a passcode is set or weak storage accepted. */
export function notSecureFailure(backend: StorageBackend): AppFailure {
  return failure('STORAGE_NOT_SECURE', {
    message:
      backend === 'basic_text'
        ? 'No system keyring protects saved data on this computer, so Gramdeck will not save ' +
          'sessions yet. Set an app passcode, or accept weak storage in Settings.'
        : 'This system offers no secure storage, so Gramdeck will not save sessions yet. ' +
          'Set an app passcode, or accept weak storage in Settings.',
  });
}

/** A wrong passcode or recovery code, with the wait the attempt limiter now asks for. */
export function incorrectFailure(
  message: string,
  field: string,
  retryAfter: number | undefined,
): AppFailure {
  const suffix = retryAfter ? ` Try again in ${formatWait(retryAfter)}.` : '';
  return failure('INCORRECT_CODE', {
    message: `${message}${suffix}`,
    field,
    ...(retryAfter ? { retryAfter } : {}),
  });
}
