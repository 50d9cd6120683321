/**
 * A stand-in for `window.gramdeck` that answers the renderer's startup reads with N accounts at
 * once, so the renderer alone can be measured or laid out with a thousand accounts: signing in
 * that many real accounts would measure the core and the DC instead. Every other call gets a
 * plain failure, which the panels show as they would any refusal. A page script can push events
 * to the renderer's listeners with `window.__standInEmit(event, payload)`.
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
import { type AccountsFirst, firstAccountsLimit } from '../../electron/shared/accounts-first';

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

export interface StandInOptions {
  label: string;
  activeAccountId: string | null;
  /** More channels to answer (e.g. `bulk:list`, issue 15's bulk bench). */
  answers?: Record<string, unknown>;
  /**
   * Channels whose answer the page fetches from the page's own server, at
   * `/stand-in/<channel>.json` (the texts of `standInAnswerTexts`), as the web host sends answers
   * over the network; the others are kept in the script (issue 17's renderer bench).
   */
  fetched?: readonly string[];
}

/**
 * The first `limit` rows of `list`, as the core's `accounts:list-first` answers them
 * (electron/core/accounts/account-view.ts, `accountsFirst`).
 */
export function standInFirstRows(list: AccountsState, limit: number): AccountsFirst {
  const activeIndex = list.accounts.findIndex((a) => a.id === list.activeAccountId);
  return {
    ...list,
    accounts: list.accounts.slice(0, limit),
    total: list.accounts.length,
    activeAccount: activeIndex >= limit ? (list.accounts[activeIndex] ?? null) : null,
  };
}

/** The JSON text of each channel's answer. */
export function standInAnswerTexts(
  accounts: AccountSummary[],
  options: StandInOptions,
): Record<string, string> {
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
    // The first screenful the renderer reads first (issue 17), as the core answers it.
    'accounts:list-first': standInFirstRows(list, firstAccountsLimit),
    'update:status': update,
    ...options.answers,
  };
  return Object.fromEntries(
    Object.entries(answers).map(([channel, value]) => [channel, JSON.stringify(value)]),
  );
}

export function standInBridgeScript(accounts: AccountSummary[], options: StandInOptions): string {
  // Each answer is kept as the JSON text the web host would send and parsed on every call, as
  // the web transport does: a fresh copy each time, and no 10,000-account object literal for the
  // page to compile before the app starts (that cost the renderer figure hundreds of ms).
  const fetched = options.fetched ?? [];
  const texts = Object.fromEntries(
    Object.entries(standInAnswerTexts(accounts, options)).filter(([c]) => !fetched.includes(c)),
  );
  return `(() => {
    const answers = ${JSON.stringify(texts)};
    const fetched = new Set(${JSON.stringify(fetched)});
    const failure = { ok: false, error: { code: 'UNAVAILABLE', message: 'Not part of this run.' } };
    Object.defineProperty(window, 'gramdeck', { value: {
      invoke: (channel) => fetched.has(channel)
        ? fetch('/stand-in/' + channel + '.json').then((r) => r.json()).then((value) => ({ ok: true, value }))
        : Promise.resolve(Object.hasOwn(answers, channel) ? { ok: true, value: JSON.parse(answers[channel]) } : failure),
      on: (event, listener) => {
        const listeners = (window.__standInListeners ??= {});
        (listeners[event] ??= new Set()).add(listener);
        return () => listeners[event].delete(listener);
      },
    } });
    // A page script pushes an event with window.__standInEmit(event, payload).
    window.__standInEmit = (event, payload) => {
      for (const listener of window.__standInListeners?.[event] ?? []) listener(payload);
    };
  })();`;
}
