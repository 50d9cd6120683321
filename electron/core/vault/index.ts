/** The encrypted session vault, the app lock, and the data directory lock. */
export { createVault, type Vault, type VaultOptions } from './vault';
export { createVaultHandlers, type VaultChannel } from './handlers';
export { acquireDataDirLock, type DataDirLock } from './data-dir-lock';
export { DEFAULT_SCRYPT, type ScryptParams } from './crypto';
