import type { Handlers } from '../../shared/contract';
import type {
  AppInfo,
  ProxyConfig,
  ProxyTestResult,
  SettingsDamage,
  StorageBackend,
} from '../../shared/dto';
import type { SettingsService } from './settings-service';
import type { TelegramSettings } from './telegram-settings';

export interface AppIdentity {
  version: string;
  platform: string;
  isPackaged: boolean;
  transport: 'electron' | 'web';
}

export const appName = 'Gramdeck';
/** Telegram's API terms: an unofficial app's title says so. */
export const appFullName = 'Gramdeck — unofficial Telegram multi-account manager';

export function buildAppInfo(
  identity: AppIdentity,
  storageBackend: StorageBackend,
  telegram: TelegramSettings,
  settingsDamage: SettingsDamage | null,
): AppInfo {
  return {
    name: appName,
    fullName: appFullName,
    ...identity,
    storageBackend,
    serverProfile: telegram.profileView(),
    availableProfiles: telegram.availableProfiles(),
    needsSetup: telegram.needsSetup(),
    settingsDamage,
  };
}

/** Handlers for `app:*`, `settings:*` and `proxy:test`. */
export function createAppHandlers(options: {
  appInfo: () => AppInfo;
  settings: SettingsService;
  telegram: TelegramSettings;
  testProxy: (proxy: ProxyConfig) => Promise<ProxyTestResult>;
}) {
  const { settings, telegram } = options;
  return {
    'app:info': () => Promise.resolve(options.appInfo()),
    'settings:get': () => Promise.resolve(settings.get()),
    'settings:update': (patch) => Promise.resolve(settings.update(patch)),
    'settings:get-telegram': () => Promise.resolve(telegram.view()),
    'settings:set-api-credentials': (credentials) => telegram.setApiCredentials(credentials),
    'settings:set-server-profile': ({ kind }) => Promise.resolve(telegram.setProfile(kind)),
    'settings:set-login-proxy': ({ proxy }) => telegram.setLoginProxy(proxy),
    'proxy:test': ({ proxy }) => options.testProxy(proxy),
  } satisfies Pick<
    Handlers,
    | 'app:info'
    | 'settings:get'
    | 'settings:update'
    | 'settings:get-telegram'
    | 'settings:set-api-credentials'
    | 'settings:set-server-profile'
    | 'settings:set-login-proxy'
    | 'proxy:test'
  >;
}
