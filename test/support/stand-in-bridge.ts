/**
 * A stand-in for `window.gramdeck` that answers the renderer's startup reads with N accounts at
 * once, so the renderer alone can be measured or laid out with a thousand accounts: signing in
 * that many real accounts would measure the core and the DC instead. Every other call gets a
 * plain failure, which the panels show as they would any refusal.
 *
 * It is a source string for `page.addInitScript`, not a function: tsx's transform adds helpers
 * that do not exist in the page to any function Playwright would serialise.
 */
import type {
  AccountsState,
  AccountSummary,
  AppInfo,
  Settings,
  UpdateState,
  VaultStatus,
} from '../../electron/shared/dto';

/** `count` sandbox accounts, "Account 1" to "Account N"; `overrides` changes the first ones. */
export function standInAccounts(
  count: number,
  overrides: Partial<AccountSummary>[] = [],
): AccountSummary[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `acc${i}`,
    displayName: `Account ${i + 1}`,
    username: `user${i + 1}`,
    phone: `+99966 •••• ${String(i).padStart(4, '0')}`,
    avatar: null,
    initials: 'A',
    colorIndex: i % 8,
    homeDcId: 2,
    status: i % 7 === 3 ? { kind: 'offline', retryAt: null } : { kind: 'online' },
    unreadCount: i % 5,
    isPremium: i % 11 === 0,
    isSandbox: true,
    proxy: null,
    needsAttention: false,
    ...overrides[i],
  }));
}

export function standInBridgeScript(
  accounts: AccountSummary[],
  options: { label: string; activeAccountId: string | null },
): string {
  const info: AppInfo = {
    name: 'Gramdeck',
    fullName: 'Gramdeck — unofficial Telegram multi-account manager',
    version: options.label,
    platform: 'linux',
    transport: 'web',
    isPackaged: false,
    storageBackend: 'keychain',
    serverProfile: { kind: 'sandbox', label: 'Sandbox (not Telegram)', isSandbox: true },
    availableProfiles: ['sandbox'],
    needsSetup: false,
    settingsDamage: null,
  };
  const settings: Settings = {
    theme: 'light',
    maskPhoneNumbers: true,
    autoLockMinutes: null,
    keepConnectedWhileLocked: false,
    closeToTray: false,
    notifyLoginCodes: false,
    updateChannel: 'stable',
  };
  const vault: VaultStatus = {
    isLocked: false,
    backend: 'keychain',
    isWeak: false,
    hasPasscode: false,
    isWeakStorageAccepted: false,
    canStoreSessions: true,
    backendChange: null,
    attention: [],
    retryAt: null,
  };
  const list: AccountsState = { accounts, activeAccountId: options.activeAccountId, restore: null };
  const update: UpdateState = { kind: 'disabled', reason: options.label };
  const answers = {
    'app:info': info,
    'settings:get': settings,
    'vault:status': vault,
    'accounts:list': list,
    'update:status': update,
  };
  return `(() => {
    const answers = ${JSON.stringify(answers)};
    const failure = { ok: false, error: { code: 'UNAVAILABLE', message: 'Not part of this run.' } };
    Object.defineProperty(window, 'gramdeck', { value: {
      invoke: (channel) => Promise.resolve(Object.hasOwn(answers, channel) ? { ok: true, value: answers[channel] } : failure),
      on: () => () => undefined,
    } });
  })();`;
}
