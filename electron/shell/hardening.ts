/**
 * Applies the security guards to Electron objects: every webContents (navigation, new windows,
 * webviews) and the session (permissions, requests). The decisions themselves are the pure
 * functions of security.ts.
 */
import type { Session, WebContents } from 'electron';
import type { Logger } from '../core/ports';
import {
  isAllowedExternalUrl,
  isAllowedNavigation,
  isAllowedRequestUrl,
  isOfferableLink,
  isPermissionAllowed,
} from './security';

/** Logs a URL without its query or fragment, which could carry tokens. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    return `${url.protocol}//${url.host}${url.pathname}`.slice(0, 200);
  } catch {
    return '(not a URL)';
  }
}

export interface WebContentsGuardDeps {
  openExternal: (url: string) => Promise<void>;
  /**
   * Asks the user whether to open a link that is not on the allowlist (a link in a message),
   * showing it whole; resolves with their answer.
   */
  confirmExternal: (url: string) => Promise<boolean>;
  logger: Logger;
}

/** Called for every webContents the app creates (`web-contents-created`). */
export function guardWebContents(contents: WebContents, deps: WebContentsGuardDeps): void {
  const log = deps.logger.child({ scope: 'security' });
  const refuse = (what: string) => (event: { preventDefault(): void }, url: string) => {
    if (isAllowedNavigation(url)) return;
    event.preventDefault();
    log.log('warn', `Blocked ${what}`, { url: redactUrl(url) });
  };
  contents.on('will-navigate', refuse('a navigation'));
  contents.on('will-frame-navigate', (event) => {
    refuse('a frame navigation')(event, event.url);
  });
  contents.on('will-redirect', refuse('a redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.log('warn', 'Blocked a webview');
  });
  const open = (url: string) => {
    deps.openExternal(url).catch(() => {
      log.log('warn', 'Could not open a link in the browser', { url: redactUrl(url) });
    });
  };
  // One question at a time: a page cannot pile dialogs up.
  let isAsking = false;
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) {
      open(url);
    } else if (isOfferableLink(url) && !isAsking) {
      isAsking = true;
      deps
        .confirmExternal(new URL(url).href)
        .then((isConfirmed) => {
          if (isConfirmed) open(url);
        })
        .catch(() => {
          log.log('warn', 'Could not ask about a link', { url: redactUrl(url) });
        })
        .finally(() => {
          isAsking = false;
        });
    } else {
      log.log('warn', 'Blocked a new window', { url: redactUrl(url) });
    }
    return { action: 'deny' };
  });
}

export interface SessionGuardDeps {
  logger: Logger;
  /** A packaged build also cancels DevTools' and extensions' requests (see isAllowedRequestUrl). */
  isPackaged: boolean;
}

/** Denies permissions (see isPermissionAllowed) and cancels requests that leave the app. */
export function guardSession(session: Session, { logger, isPackaged }: SessionGuardDeps): void {
  const log = logger.child({ scope: 'security' });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const isAllowed = isPermissionAllowed(permission, details.requestingUrl);
    if (!isAllowed) log.log('info', 'Denied a permission request', { permission });
    callback(isAllowed);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin),
  );
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const isAllowed = isAllowedRequestUrl(details.url, { isPackaged });
    if (!isAllowed) log.log('warn', 'Blocked a request', { url: redactUrl(details.url) });
    callback({ cancel: !isAllowed });
  });
}
