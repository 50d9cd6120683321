import type { Handlers } from '../../shared/contract';
import type { Vault } from './vault';

export type VaultChannel =
  | 'vault:status'
  | 'vault:unlock'
  | 'vault:lock'
  | 'vault:set-passcode'
  | 'vault:change-passcode'
  | 'vault:remove-passcode'
  | 'vault:get-recovery-code'
  | 'vault:reset-with-recovery-code'
  | 'vault:regenerate-recovery-code'
  | 'vault:accept-weak-storage'
  | 'vault:touch';

/**
 * The IPC handlers of the vault and app lock. Passcodes only go in; the only secret that comes
 * back is the recovery code, from the four channels whose purpose is to show it.
 */
export function createVaultHandlers(vault: Vault) {
  return {
    'vault:status': () => Promise.resolve(vault.status()),
    'vault:unlock': ({ passcode }) => vault.unlock(passcode),
    'vault:lock': () => vault.lock(),
    'vault:set-passcode': ({ passcode }) => vault.setPasscode(passcode),
    'vault:change-passcode': ({ currentPasscode, newPasscode }) =>
      vault.changePasscode(currentPasscode, newPasscode),
    'vault:remove-passcode': ({ passcode }) => vault.removePasscode(passcode),
    'vault:get-recovery-code': ({ passcode }) => vault.getRecoveryCode(passcode),
    'vault:reset-with-recovery-code': ({ recoveryCode, newPasscode }) =>
      vault.resetWithRecoveryCode(recoveryCode, newPasscode),
    'vault:regenerate-recovery-code': ({ passcode }) => vault.regenerateRecoveryCode(passcode),
    'vault:accept-weak-storage': () => vault.acceptWeakStorage(),
    'vault:touch': () => {
      vault.touch();
      return Promise.resolve(null);
    },
  } satisfies Pick<Handlers, VaultChannel>;
}
