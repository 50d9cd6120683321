import { failure } from '../../shared/error-words';
import { isAppFailure } from '../../shared/errors';
import type {
  ProxyConfig,
  ProxyView,
  ServerProfileKind,
  ServerProfileView,
  TelegramSettingsView,
} from '../../shared/dto';
import type { ServerProfile } from '../../shared/server-profile';
import type {
  ApiCredentials,
  KeyValueStore,
  Logger,
  LoginTarget,
  SessionVault,
  TelegramConfig,
} from '../ports';
import { proxyView } from '../accounts/account-view';

const profileKinds: readonly ServerProfileKind[] = ['production', 'test', 'sandbox'];

/**
 * What the settings store keeps (not secret): the chosen profile, which have credentials, and
 * what the UI shows of the default login proxy (whose password or secret is in the vault).
 */
interface StoredTelegramSettings {
  profile: ServerProfileKind | null;
  apiIds: Partial<Record<ServerProfileKind, number>>;
  loginProxy?: ProxyView | null;
}

export interface TelegramSettings extends TelegramConfig {
  view(): TelegramSettingsView;
  profileView(): ServerProfileView;
  availableProfiles(): ServerProfileKind[];
  /** True until a profile is chosen and, for Telegram's servers, API credentials exist. */
  needsSetup(): boolean;
  setApiCredentials(credentials: ApiCredentials): Promise<TelegramSettingsView>;
  setProfile(kind: ServerProfileKind): TelegramSettingsView;
  /** The proxy new logins use unless they name another; null: they connect directly. */
  setLoginProxy(proxy: ProxyConfig | null): Promise<TelegramSettingsView>;
  /** Called after the profile or the credentials changed (they are part of `AppInfo`). */
  onChange(listener: () => void): () => void;
}

export function profileView(
  kind: ServerProfileKind,
  sandbox: ServerProfile | null,
): ServerProfileView {
  switch (kind) {
    case 'production':
      return { kind, label: 'Telegram', isSandbox: false };
    case 'test':
      return { kind, label: 'Telegram test servers', isSandbox: false };
    case 'sandbox':
      return {
        kind,
        label: `${sandbox?.kind === 'custom' ? sandbox.label : 'Sandbox'} (not Telegram)`,
        isSandbox: true,
      };
  }
}

/**
 * The server profile new logins use and the API credentials for it. The api_hash lives in the
 * vault; the settings store only remembers the choice and the api_id shown in the UI. When the
 * vault cannot store secrets yet (weak storage not accepted), credentials are held in memory and
 * written as soon as it can, so nothing the user typed is lost.
 */
export function createTelegramSettings(options: {
  store: KeyValueStore;
  vault: SessionVault;
  sandboxProfile: ServerProfile | null;
  logger: Logger;
}): TelegramSettings {
  const { store, vault, sandboxProfile } = options;
  const log = options.logger.child({ scope: 'telegram-settings' });
  const pending = new Map<ServerProfileKind, ApiCredentials>();
  const listeners = new Set<() => void>();

  const read = (): StoredTelegramSettings => {
    const raw = store.get('telegram') as Partial<StoredTelegramSettings> | undefined;
    const profile = profileKinds.find((kind) => kind === raw?.profile) ?? null;
    const apiIds: StoredTelegramSettings['apiIds'] = {};
    for (const kind of profileKinds) {
      const value = raw?.apiIds?.[kind];
      if (typeof value === 'number' && Number.isInteger(value) && value > 0) apiIds[kind] = value;
    }
    return {
      profile: profile === 'sandbox' && !sandboxProfile ? null : profile,
      apiIds,
      loginProxy: readProxyView(raw?.loginProxy),
    };
  };
  const write = (value: StoredTelegramSettings) => {
    store.set('telegram', value);
    for (const listener of [...listeners]) listener();
  };

  const available = (): ServerProfileKind[] =>
    sandboxProfile ? ['production', 'test', 'sandbox'] : ['production', 'test'];
  const currentKind = (): ServerProfileKind =>
    read().profile ?? (sandboxProfile ? 'sandbox' : 'production');
  const sandboxCredentials = (): ApiCredentials | null =>
    sandboxProfile?.kind === 'custom' && sandboxProfile.apiId && sandboxProfile.apiHash
      ? { apiId: sandboxProfile.apiId, apiHash: sandboxProfile.apiHash }
      : null;
  const hasCredentials = (kind: ServerProfileKind): boolean =>
    (kind === 'sandbox' && sandboxCredentials() !== null) ||
    pending.has(kind) ||
    read().apiIds[kind] !== undefined;

  const flushPending = async () => {
    if (!vault.canStoreSessions() || !vault.isUnlocked()) return;
    for (const [kind, credentials] of [...pending]) {
      try {
        await vault.writeApiCredentials(kind, credentials);
        pending.delete(kind);
      } catch (error) {
        log.log('warn', 'Could not store API credentials yet', {
          profile: kind,
          code: isAppFailure(error) ? error.code : 'INTERNAL',
        });
      }
    }
  };
  vault.onEvent(() => void flushPending());

  const settings: TelegramSettings = {
    availableProfiles: available,
    profileView: () => profileView(currentKind(), sandboxProfile),
    view: () => {
      const kind = currentKind();
      return {
        serverProfile: profileView(kind, sandboxProfile),
        availableProfiles: available(),
        apiId:
          kind === 'sandbox'
            ? (sandboxCredentials()?.apiId ?? null)
            : (read().apiIds[kind] ?? null),
        hasApiCredentials: hasCredentials(kind),
        loginProxy: read().loginProxy ?? null,
      };
    },
    needsSetup: () => {
      const stored = read();
      return stored.profile === null || !hasCredentials(stored.profile);
    },
    async setApiCredentials(credentials) {
      const kind = currentKind();
      const normalized = { apiId: credentials.apiId, apiHash: credentials.apiHash.toLowerCase() };
      pending.set(kind, normalized);
      await flushPending();
      const stored = read();
      write({
        ...stored,
        profile: stored.profile ?? kind,
        apiIds: { ...stored.apiIds, [kind]: normalized.apiId },
      });
      return settings.view();
    },
    setProfile(kind) {
      if (!available().includes(kind)) {
        throw failure('VALIDATION', {
          message: 'No sandbox was given to this app. Start it with --server-profile.',
          field: 'kind',
        });
      }
      write({ ...read(), profile: kind });
      return settings.view();
    },
    async setLoginProxy(proxy) {
      await vault.writeLoginProxy(proxy);
      write({ ...read(), loginProxy: proxyView(proxy) });
      return settings.view();
    },
    async loginTarget(): Promise<LoginTarget> {
      const kind = currentKind();
      const profile: ServerProfile =
        kind === 'sandbox' && sandboxProfile
          ? sandboxProfile
          : { kind: kind === 'test' ? 'test' : 'production' };
      const credentials =
        (kind === 'sandbox' ? sandboxCredentials() : null) ??
        pending.get(kind) ??
        (await vault.readApiCredentials(kind));
      if (!credentials) {
        throw failure('API_ID_INVALID', {
          message:
            'Enter your api_id and api_hash in Settings first. You get them at my.telegram.org.',
        });
      }
      const proxy = read().loginProxy ? await vault.readLoginProxy() : null;
      return proxy ? { profile, ...credentials, proxy } : { profile, ...credentials };
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return settings;
}

/** The stored view of the default login proxy, or null when it is absent or not one. */
function readProxyView(value: unknown): ProxyView | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Partial<ProxyView>;
  if (
    (v.type !== 'socks5' && v.type !== 'mtproxy') ||
    typeof v.host !== 'string' ||
    typeof v.port !== 'number' ||
    typeof v.hasCredentials !== 'boolean'
  ) {
    return null;
  }
  const view: ProxyView = {
    type: v.type,
    host: v.host,
    port: v.port,
    hasCredentials: v.hasCredentials,
  };
  if (typeof v.username === 'string') view.username = v.username;
  return view;
}
