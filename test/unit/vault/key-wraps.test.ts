import { describe, expect, it } from 'vitest';
import { normalizeRecoveryCode, randomKey } from '../../../electron/core/vault/crypto';
import {
  isRightKey,
  newRecoveryCode,
  openRecoveryCode,
  unwrapSecret,
  wrapSecret,
} from '../../../electron/core/vault/key-wraps';
import { newHeader } from '../../../electron/core/vault/opening';
import { TEST_KDF } from '../../support/vault';

describe('key wraps', () => {
  it('the passcode unwraps the data key; another passcode or another vault gets nothing', async () => {
    const key = randomKey();
    const header = newHeader(key, 'keychain', 1);
    const wrap = await wrapSecret('right passcode', key, 'passcode', header.vaultId, TEST_KDF);

    const opened = await unwrapSecret('right passcode', wrap, 'passcode', header);
    expect(opened?.equals(key)).toBe(true);
    await expect(unwrapSecret('wrong passcode', wrap, 'passcode', header)).resolves.toBeNull();
    // A wrap is bound to its kind and its vault: moved elsewhere it opens nothing.
    await expect(unwrapSecret('right passcode', wrap, 'recovery', header)).resolves.toBeNull();
    const other = newHeader(key, 'keychain', 1);
    await expect(unwrapSecret('right passcode', wrap, 'passcode', other)).resolves.toBeNull();
  });

  it("a wrap of another key is refused by the header's key check", async () => {
    const key = randomKey();
    const header = newHeader(key, 'keychain', 1);
    const forged = await wrapSecret('passcode', randomKey(), 'passcode', header.vaultId, TEST_KDF);

    expect(isRightKey(header, key)).toBe(true);
    await expect(unwrapSecret('passcode', forged, 'passcode', header)).resolves.toBeNull();
  });

  it('the recovery code unwraps the key, in any spelling, and is shown again from the header', async () => {
    const key = randomKey();
    const header = newHeader(key, 'keychain', 1);
    const sealed = await newRecoveryCode(key, header.vaultId, TEST_KDF);

    expect(openRecoveryCode(key, sealed.recoveryCode, header.vaultId)).toBe(sealed.code);
    const canonical = normalizeRecoveryCode(sealed.code.toLowerCase());
    expect(canonical).not.toBeNull();
    const opened = await unwrapSecret(canonical ?? '', sealed.recovery, 'recovery', header);
    expect(opened?.equals(key)).toBe(true);
  });
});
