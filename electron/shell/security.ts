/**
 * The shell's security guards, as pure functions. Every decision about a URL, a window's options,
 * a permission or an IPC sender is made here, so that each one has a table test; the Electron glue
 * only calls these. URLs are always parsed with `new URL`, never compared as substrings.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { SenderInfo } from '../core/ipc/router';

/** The renderer is served from `app://gramdeck/`, a standard, secure custom scheme. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'gramdeck';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The project's home on GitHub: release notes and downloads may be opened from the app. */
export const GITHUB_OWNER = 'gramdeck';
export const GITHUB_REPO = 'gramdeck';

function parseUrl(value: unknown): URL | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 4096) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/**
 * True for URLs of the app's own origin, `app://gramdeck/...`. Node's WHATWG URL reports the
 * origin of non-special schemes as "null", so scheme, host, port and credentials are compared
 * one by one.
 */
export function isAppUrl(value: unknown): boolean {
  const url = parseUrl(value);
  return (
    url !== null &&
    url.protocol === `${APP_SCHEME}:` &&
    url.hostname === APP_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}

/**
 * The router's sender check for the Electron transport: the call comes from a frame showing the
 * app's own origin. (The IPC binding checks separately that it is the main frame of our window.)
 */
export function isTrustedSender(sender: SenderInfo): boolean {
  return sender.transport === 'electron' && isAppUrl(sender.url);
}

/** Where links may lead outside the app. A path prefix matches whole segments only. */
export interface ExternalUrlRule {
  host: string;
  /** e.g. `/tos`; `undefined` allows every path on the host. */
  pathPrefix?: string;
}

export const externalUrlAllowlist: readonly ExternalUrlRule[] = [
  // API credentials come from here.
  { host: 'my.telegram.org' },
  // Telegram's terms, shown at sign-up and in the API terms note.
  { host: 'telegram.org', pathPrefix: '/tos' },
  { host: 'telegram.org', pathPrefix: '/privacy' },
  { host: 'core.telegram.org', pathPrefix: '/api/terms' },
  // Anonymous numbers bought on Fragment read their login codes there (auth.sentCodeTypeFragmentSms).
  { host: 'fragment.com' },
  // Release notes and downloads of this project.
  { host: 'github.com', pathPrefix: `/${GITHUB_OWNER}/${GITHUB_REPO}/releases` },
  // Account health (issue 15): a frozen account appeals to Telegram's @SpamBot.
  { host: 't.me', pathPrefix: '/spambot' },
];

/**
 * True when `value` may be opened in the user's browser: https only, no credentials, the default
 * port, an exact allowlisted host and a path inside the allowed prefix (after URL normalisation,
 * so `..` and `%2e%2e` segments cannot climb out of it).
 */
export function isAllowedExternalUrl(
  value: unknown,
  allowlist: readonly ExternalUrlRule[] = externalUrlAllowlist,
): boolean {
  const url = parseUrl(value);
  if (url === null) return false;
  if (url.protocol !== 'https:' || url.port !== '' || url.username !== '' || url.password !== '') {
    return false;
  }
  const host = url.hostname.toLowerCase();
  return allowlist.some((rule) => {
    if (rule.host !== host) return false;
    if (rule.pathPrefix === undefined) return true;
    return url.pathname === rule.pathPrefix || url.pathname.startsWith(`${rule.pathPrefix}/`);
  });
}

/**
 * True when `value` is a link the user may choose to open in their browser after Gramdeck has
 * shown it to them (a link in a message): http or https, no credentials. Anything else (file:,
 * custom protocols that start local programs, javascript:) is never offered.
 */
export function isOfferableLink(value: unknown): boolean {
  const url = parseUrl(value);
  return (
    url !== null &&
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    url.username === '' &&
    url.password === ''
  );
}

/**
 * Navigation inside the window is never needed: the renderer is a single page. Anything else
 * (a dropped file, a link without a target, an injected `location = ...`) is refused.
 */
export function isAllowedNavigation(_url: unknown): boolean {
  return false;
}

/**
 * Requests the renderer may make at all; everything else is cancelled before it leaves. Avatars
 * arrive as data: URLs. DevTools and its extensions use `devtools:` and `chrome-extension:`,
 * which only development runs need: a packaged build refuses them, so that nothing can load
 * DevTools pages or extension code into the app's session.
 */
export function isAllowedRequestUrl(
  value: unknown,
  { isPackaged }: { isPackaged: boolean },
): boolean {
  const url = parseUrl(value);
  if (url === null) return false;
  if (isAppUrl(value) || url.protocol === 'data:') return true;
  return !isPackaged && (url.protocol === 'devtools:' || url.protocol === 'chrome-extension:');
}

/**
 * Web permissions. Everything is denied (camera, microphone, notifications, geolocation,
 * clipboard reading, ...) except writing plain text to the clipboard from the app's own page:
 * the "copy code" buttons use `navigator.clipboard.writeText`, which Electron gates behind
 * `clipboard-sanitized-write`.
 */
export function isPermissionAllowed(permission: string, requestingUrl: unknown): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl);
}

/**
 * The preferences that must hold for every webContents, whoever created it; checked again in
 * `will-attach-webview` and by the static security gate.
 */
export const requiredWebPreferences = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
} as const satisfies WebPreferences;

/**
 * The webPreferences of every window. Each hardening switch is spelled out even where it is
 * Electron's default, so that a change of default cannot weaken the app silently.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    ...requiredWebPreferences,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: true,
  };
}

export interface WindowOptionsInput {
  preloadPath: string;
  bounds: { x?: number; y?: number; width: number; height: number };
  isPackaged: boolean;
  backgroundColor?: string;
}

export const MIN_WINDOW_SIZE = { width: 720, height: 480 } as const;

/** The options of the main window: secure webPreferences, hidden until the first paint. */
export function buildWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  const webPreferences = secureWebPreferences(input.preloadPath);
  // DevTools stay available in development builds only.
  webPreferences.devTools = !input.isPackaged;
  return {
    ...input.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'Gramdeck',
    backgroundColor: input.backgroundColor ?? '#17212b',
    autoHideMenuBar: true,
    webPreferences,
  };
}
