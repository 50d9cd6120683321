/** The encrypted session vault and the app lock. */
export { createVault, type Vault, type VaultOptions } from './vault';
export { createVaultHandlers, type VaultChannel } from './handlers';
export { DEFAULT_SCRYPT, type ScryptParams } from './crypto';
